//! The live preview against the build: a generated site of 1,000 articles
//! gets an edit of every kind of file the build reads (article, raw
//! article, sidecar, note, topic, edition, template, stylesheet,
//! site.toml), and after each edit every page `serve` holds is, byte for
//! byte, the page a full build of the same files makes — and no more and
//! no fewer pages.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use broadsheet::build::{load_site, render_site};
use broadsheet::live::{LiveSite, Update};
use broadsheet::BuildOptions;
use common::Fixture;

/// Articles generated beside the `basic` fixture's own; 1,000 as the issue
/// asks (BROADSHEET_LIVE_ARTICLES changes it, to look at a failure faster).
fn article_count() -> usize {
    std::env::var("BROADSHEET_LIVE_ARTICLES").ok().and_then(|n| n.parse().ok()).unwrap_or(1000)
}

/// The `basic` fixture (Markdown and raw articles, a sidecar, notes,
/// topics, an edition) with `n` generated articles over many weeks, topic
/// pages of many pages, related articles and a topic claiming by rule.
fn generated_site(n: usize) -> Fixture {
    let site = Fixture::new("basic");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("{config}per_page = 10\nrelated = 3\n"));
    site.write(
        "content/topics/harbour.md",
        "---\ntitle: Harbour\nweight: 3\nmatch:\n  all: [[harbour, port]]\n---\nShips.\n",
    );
    let start = chrono::NaiveDate::from_ymd_opt(2024, 11, 27).unwrap();
    let words = ["harbour cranes idle", "markets steady", "port strike looms", "rain again"];
    for i in 0..n {
        let date = start - chrono::Duration::days((i / 4) as i64);
        let topics = ["topics: [alpha]\n", "topics: [beta]\n", "", "topics: [alpha, beta]\n"][i % 4];
        site.write(
            &format!("content/articles/gen-{i}.md"),
            &format!(
                "---\ntitle: \"Story {i}\"\nsource: \"Outlet {}\"\npublished: {date}\n{topics}---\n\
                 Paragraph one of story {i}: {}.\n\nParagraph two, with {} words.\n",
                i % 7,
                words[i % 4],
                words[(i / 4) % 4]
            ),
        );
    }
    site
}

fn options(root: &Path) -> BuildOptions {
    // A fixed now: nothing generated is ever "scheduled" by the clock.
    let now = chrono::DateTime::parse_from_rfc3339("2025-01-01T00:00:00Z").unwrap().to_utc();
    BuildOptions {
        root: root.to_path_buf(),
        base_url: Some("http://127.0.0.1:1111/".into()),
        now: Some(now),
        ..Default::default()
    }
}

/// Every page a full build renders, by its path in the output folder.
fn rendered(site: &Fixture) -> BTreeMap<String, Vec<u8>> {
    let options = options(site.root());
    let model = load_site(&options).unwrap_or_else(|e| panic!("the build fails:\n{e}"));
    let pages = render_site(site.root(), &model).unwrap_or_else(|e| panic!("the build fails:\n{e}"));
    pages.into_iter().map(|p| (p.path, p.bytes)).collect()
}

/// Every page a full build writes to disk (not the marker file that says
/// Broadsheet made the folder): what `rendered` gives, as the first and
/// last checks confirm.
fn written(site: &Fixture) -> BTreeMap<String, Vec<u8>> {
    broadsheet::build(&options(site.root())).unwrap_or_else(|e| panic!("the build fails:\n{e}"));
    common::snapshot(&site.out()).into_iter().filter(|(path, _)| path != ".broadsheet-output").collect()
}

fn assert_same(update: &Update, built: &BTreeMap<String, Vec<u8>>, after: &str) {
    let live: BTreeMap<&String, &Arc<Vec<u8>>> = update.pages.iter().collect();
    let only_live: Vec<&&String> = live.keys().filter(|k| !built.contains_key(k.as_str())).collect();
    let only_built: Vec<&String> = built.keys().filter(|k| !live.contains_key(k)).collect();
    assert!(
        only_live.is_empty() && only_built.is_empty(),
        "after {after}: only in serve {only_live:?}, only built {only_built:?}"
    );
    for (path, bytes) in built {
        assert!(live[path].as_slice() == bytes.as_slice(), "after {after}: {path} differs from the build");
    }
}

fn edit(site: &Fixture, file: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(site.root().join(file)).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    site.write(file, &text.replacen(from, to, 1));
}

fn page(update: &Update, path: &str) -> String {
    String::from_utf8_lossy(&update.pages[path]).into_owned()
}

#[test]
fn every_kind_of_edit_gives_the_pages_of_a_full_build() {
    let site = generated_site(article_count());
    let mut live = LiveSite::new(options(site.root()));
    let first = live.update(&[]).unwrap();
    assert_same(&first, &written(&site), "the first build");
    let all = first.rendered;
    let mut check = |file: &str, what: &str| {
        let update = live.update(&[PathBuf::from(file)]).unwrap();
        assert!(update.incremental, "{what}");
        // Rendered in memory: writing 1,000 pages to disk after every
        // edit would double the test's time, and the first and last
        // checks show that the build writes what it renders.
        assert_same(&update, &rendered(&site), what);
        update
    };

    edit(&site, "content/articles/gen-9.md", "Paragraph two", "Paragraph deux");
    let update = check("content/articles/gen-9.md", "an article's text");
    assert!(update.rendered < all / 10, "an article's text rendered {} of {all}", update.rendered);
    edit(&site, "content/articles/gen-9.md", "title: \"Story 9\"", "title: \"Story nine\"");
    let update = check("content/articles/gen-9.md", "an article's title");
    assert!(page(&update, "topics/beta/index.html").contains("Story nine"));
    edit(&site, "content/articles/gen-9.md", "topics: [beta]", "topics: [alpha]");
    check("content/articles/gen-9.md", "an article's topics");
    edit(&site, "content/articles/gen-9.md", "published: 2024-11-25", "published: 2023-01-02");
    check("content/articles/gen-9.md", "an article's date");
    site.write(
        "content/articles/added.md",
        "---\ntitle: Added\nsource: S\npublished: 2024-11-26\n---\nNew harbour story.\n",
    );
    check("content/articles/added.md", "an added article");
    site.remove("content/articles/gen-12.md");
    check("content/articles/gen-12.md", "a removed article");

    edit(&site, "content/articles/scraped.txt", "the", "a");
    check("content/articles/scraped.txt", "a raw article");
    edit(&site, "content/articles/scraped.meta.yaml", "Scraped headline", "Scraped title");
    check("content/articles/scraped.meta.yaml", "a sidecar");

    edit(&site, "content/notes/alpha-context.md", "Alpha note body", "Edited note body");
    let update = check("content/notes/alpha-context.md", "a note");
    assert!(update.rendered <= 3, "a note rendered {}", update.rendered);
    site.write(
        "content/notes/new-one.md",
        "---\ntitle: New\ndate: 2024-11-29\nabout: [editions/2024-W48, articles/gen-3]\n---\nBrand new note.\n",
    );
    let update = check("content/notes/new-one.md", "an added note");
    assert!(page(&update, "index.html").contains("Brand new note."));
    site.remove("content/notes/new-one.md");
    check("content/notes/new-one.md", "a removed note");

    edit(&site, "content/topics/alpha.md", "All about alpha.", "Everything alpha.");
    check("content/topics/alpha.md", "a topic");
    edit(&site, "content/topics/harbour.md", "[[harbour, port]]", "[[harbour]]");
    check("content/topics/harbour.md", "a topic's rules");
    edit(&site, "content/editions/2024-W48.md", "Week forty-eight", "Week 48");
    check("content/editions/2024-W48.md", "an edition");

    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/partials/credit.html");
    let credit = std::fs::read_to_string(theme).unwrap();
    site.write("templates/partials/credit.html", &format!("<!-- mine -->{credit}"));
    let update = check("templates/partials/credit.html", "a template");
    assert!(page(&update, "articles/gen-3/index.html").contains("<!-- mine -->"));
    site.write("static/style.css", "body { color: red }\n");
    let update = check("static/style.css", "a stylesheet");
    assert_eq!(update.rendered, 1, "a stylesheet renders only itself");
    edit(&site, "site.toml", "Test Digest", "Retitled Digest");
    let update = check("site.toml", "site.toml");
    assert!(page(&update, "feed.xml").contains("Retitled Digest"));
    assert_same(&update, &written(&site), "the last edit, against the files written");
}
