"""Parse the built site's Atom feeds with feedparser, as feed readers do.

    python3 feeds.py OUTPUT_DIR BASE_URL

Finds every Atom feed (`*.xml` whose root is an Atom <feed>) under
OUTPUT_DIR and checks it parses cleanly (bozo == 0), is Atom 1.0, has a
title, an id, a self link at BASE_URL + its path, and at least one entry;
and that every entry has a title, a link under BASE_URL, an id, an updated
or published date, and an author or a source credit.

Prints one JSON object on standard output:
  {"feeds": {PATH: [ENTRY LINK, ...]}, "problems": ["PATH: ...", ...]}
and exits 0; the Rust test judges the problems and the entry links.
"""

import json
import os
import sys

import feedparser

ATOM_NS = "http://www.w3.org/2005/Atom"


def is_atom(path):
    with open(path, "rb") as f:
        head = f.read(2048)
    return b"<feed" in head and ATOM_NS.encode() in head


def check(path, rel, base_url, problems):
    def bad(msg):
        problems.append(f"{rel}: {msg}")

    d = feedparser.parse(path)
    if d.bozo:
        bad(f"not well-formed (bozo): {d.get('bozo_exception')!r}")
    if d.version != "atom10":
        bad(f"parsed as {d.version!r}, not Atom 1.0")
    feed = d.feed
    if not feed.get("title"):
        bad("feed has no title")
    if not feed.get("id"):
        bad("feed has no id")
    if not (feed.get("updated_parsed") or feed.get("published_parsed")):
        bad("feed has no updated date")
    selfs = [l.get("href") for l in feed.get("links", []) if l.get("rel") == "self"]
    if selfs != [base_url + rel]:
        bad(f"self link {selfs!r}, expected [{base_url + rel!r}]")
    if not d.entries:
        bad("no entries")
    links = []
    ids = set()
    for i, e in enumerate(d.entries, 1):
        where = f"entry {i} ({e.get('title', '?')!r})"
        if not e.get("title"):
            bad(f"{where} has no title")
        link = e.get("link")
        if not link:
            bad(f"{where} has no link")
        elif not link.startswith(base_url):
            bad(f"{where} link {link!r} is not under {base_url!r}")
        links.append(link)
        eid = e.get("id")
        if not eid:
            bad(f"{where} has no id")
        elif eid in ids:
            bad(f"{where} repeats id {eid!r}")
        ids.add(eid)
        if not (e.get("updated_parsed") or e.get("published_parsed")):
            bad(f"{where} has no updated or published date")
        source = e.get("source") or {}
        credited = e.get("author") or any(a.get("name") for a in e.get("authors", []))
        if not (credited or source.get("title") or source.get("author")):
            bad(f"{where} has no author and no source credit")
    return links


def main():
    out, base_url = sys.argv[1], sys.argv[2]
    feeds, problems = {}, []
    for dirpath, dirnames, filenames in os.walk(out):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if name.endswith(".xml") and is_atom(path):
                rel = os.path.relpath(path, out).replace(os.sep, "/")
                feeds[rel] = check(path, rel, base_url, problems)
    json.dump({"feeds": feeds, "problems": problems}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
