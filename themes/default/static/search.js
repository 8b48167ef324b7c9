// Site search from static files. The index (search/index.json.gz, made by
// Broadsheet, lists its parts, search/part-N.json.gz) is fetched on the
// first search and unpacked here with DecompressionStream; `?q=WORDS` runs
// a search on load, so searches can be linked. Every word of the query
// must begin a word of the document.
'use strict';
(function () {
  const script = document.currentScript;
  const indexUrl = script.dataset.index;
  const base = script.dataset.base;
  const form = document.querySelector('.search-form');
  const input = document.getElementById('search-q');
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const LIMIT = 50;
  let loading = null;

  // As Broadsheet splits the text it indexes: lower-case, accents
  // dropped, runs of letters and digits of two or more.
  function words(text) {
    return text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '')
      .split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2);
  }

  function fetchJson(url) {
    return fetch(url).then((r) => {
      if (!r.ok) throw new Error(`the index answered ${r.status}`);
      const stream = r.body.pipeThrough(new DecompressionStream('gzip'));
      return new Response(stream).json();
    });
  }

  // The whole index: every part's documents in order, and each part's
  // words with the number of its first document.
  function load() {
    if (!loading) {
      loading = fetchJson(indexUrl).then((list) => Promise.all(list.parts.map((url) => fetchJson(base + url))))
        .then((parts) => {
          const index = { docs: [], parts: [] };
          for (const part of parts) {
            index.parts.push({ first: index.docs.length, words: part.words, keys: Object.keys(part.words).sort() });
            // Each document is [kind, title, url (from the base path), credit, date, summary].
            for (const [kind, title, url, credit, date, summary] of part.docs) {
              index.docs.push({ kind, title, url: base + url, credit, date, summary });
            }
          }
          return index;
        });
    }
    return loading;
  }

  // A word's documents: deltas in base 36, or `~` and a base64 bitmap.
  function ids(packed) {
    if (packed.startsWith('~')) {
      const bits = atob(packed.slice(1));
      const out = [];
      for (let i = 0; i < bits.length; i++) {
        const byte = bits.charCodeAt(i);
        for (let b = 0; b < 8; b++) if (byte & (1 << b)) out.push(i * 8 + b);
      }
      return out;
    }
    let last = 0;
    return packed.split(',').map((d) => (last += parseInt(d, 36)));
  }

  // Documents having a word that begins with `prefix` (each part's keys
  // are sorted), by their number in the whole index.
  function matching(index, prefix) {
    const found = new Set();
    for (const part of index.parts) {
      let lo = 0, hi = part.keys.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (part.keys[mid] < prefix) lo = mid + 1; else hi = mid;
      }
      for (let i = lo; i < part.keys.length && part.keys[i].startsWith(prefix); i++) {
        for (const id of ids(part.words[part.keys[i]])) found.add(part.first + id);
      }
    }
    return found;
  }

  function search(index, query) {
    const terms = words(query);
    if (terms.length === 0) return null;
    let hits = null;
    for (const t of terms) {
      const found = matching(index, t);
      hits = hits === null ? found : new Set([...hits].filter((id) => found.has(id)));
      if (hits.size === 0) break;
    }
    // Matches in the title first, then in the index's order (newest first).
    const score = new Map();
    for (const id of hits) {
      const doc = index.docs[id];
      doc.words = doc.words || words(doc.title);
      score.set(id, terms.filter((t) => doc.words.some((w) => w.startsWith(t))).length);
    }
    return [...hits].sort((a, b) => score.get(b) - score.get(a) || a - b);
  }

  function show(index, query, hits) {
    list.replaceChildren();
    if (hits === null) {
      status.textContent = '';
      return;
    }
    const count = hits.length;
    status.textContent = count === 0 ? `Nothing found for “${query}”.`
      : `${count} result${count === 1 ? '' : 's'} for “${query}”${count > LIMIT ? `, the first ${LIMIT} shown` : ''}.`;
    for (const id of hits.slice(0, LIMIT)) {
      const doc = index.docs[id];
      const li = document.createElement('li');
      li.className = `search-result search-${doc.kind}`;
      const h = document.createElement('h2');
      const a = document.createElement('a');
      a.href = doc.url;
      a.textContent = doc.title;
      h.append(a);
      const meta = document.createElement('p');
      meta.className = 'search-meta';
      const kind = { article: 'Article', note: 'Note', topic: 'Topic' }[doc.kind] || doc.kind;
      meta.textContent = doc.date ? `${kind} · ${doc.date}` : kind;
      const credit = document.createElement('p');
      credit.className = 'credit';
      const label = document.createElement('span');
      label.className = 'credit-label';
      label.textContent = doc.kind === 'article' ? 'Source: ' : '';
      credit.append(label, doc.credit);
      li.append(h, meta, credit);
      if (doc.summary) {
        const p = document.createElement('p');
        p.className = 'search-summary';
        p.textContent = doc.summary;
        li.append(p);
      }
      list.append(li);
    }
  }

  function run(query) {
    if (!words(query).length) {
      show(null, query, null);
      if (query.trim()) status.textContent = 'Search words need two letters or more.';
      return;
    }
    status.textContent = 'Searching…';
    load().then((index) => {
      const started = performance.now();
      show(index, query, search(index, query));
      list.dataset.ms = String(Math.round(performance.now() - started));
    }).catch((e) => {
      status.textContent = `Search is not available: ${e.message}.`;
    });
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const url = new URL(window.location.href);
    url.searchParams.set('q', input.value);
    window.history.replaceState(null, '', url);
    run(input.value);
  });
  // Fetch the index as soon as a reader starts a search.
  input.addEventListener('focus', () => { load().catch(() => {}); }, { once: true });
  const q = new URLSearchParams(window.location.search).get('q');
  if (q) {
    input.value = q;
    run(q);
  }
})();
