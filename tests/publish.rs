//! Publishing: `init`, the GitHub Pages workflow, feeds, metadata, CNAME and
//! the files GitHub Pages needs.

mod common;

use std::path::Path;

use assert_cmd::Command;
use broadsheet::init::Install;
use common::{links, sel, Fixture};

fn broadsheet() -> Command {
    Command::cargo_bin("broadsheet").unwrap()
}

#[test]
fn init_makes_a_site_that_builds_and_checks() {
    let dir = tempfile::tempdir().unwrap();
    broadsheet().args(["init", "mysite"]).current_dir(dir.path()).assert().success();
    let site = dir.path().join("mysite");
    for f in [
        "site.toml",
        "content/articles/sample-article.md",
        "content/topics/sample-topic.md",
        "content/notes/first-note.md",
        ".github/workflows/pages.yml",
    ] {
        assert!(site.join(f).is_file(), "{f}");
    }
    // No themes/ folder: the default theme is compiled in.
    assert!(!site.join("themes").exists());
    broadsheet().arg("build").current_dir(&site).assert().success();
    broadsheet().arg("check").current_dir(&site).assert().success();
    for f in [
        "index.html",
        "404.html",
        ".nojekyll",
        "robots.txt",
        "sitemap.xml",
        "feed.xml",
        "feed.json",
        "style.css",
        "topics/sample-topic/index.html",
    ] {
        assert!(site.join("public").join(f).is_file(), "{f}");
    }
    // The sample article is filed by the sample topic's rules.
    let topic = std::fs::read_to_string(site.join("public/topics/sample-topic/index.html")).unwrap();
    assert!(topic.contains("A sample article to show the shape of things"));
    // A second init refuses to overwrite anything.
    let out = broadsheet().args(["init", "mysite"]).current_dir(dir.path()).assert().failure();
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("already exists"));
}

#[test]
fn the_pages_workflow_uses_the_official_actions() {
    let dir = tempfile::tempdir().unwrap();
    broadsheet().args(["init", "s"]).current_dir(dir.path()).assert().success();
    let wf = workflow(&dir.path().join("s"));
    assert_eq!(wf["permissions"]["contents"].as_str(), Some("read"));
    assert_eq!(wf["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(wf["permissions"]["id-token"].as_str(), Some("write"));
    assert_eq!(wf["concurrency"]["group"].as_str(), Some("pages"));
    let steps = wf["jobs"]["build"]["steps"].as_sequence().unwrap();
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert_eq!(
        uses,
        vec![
            "actions/checkout@v7",
            "actions/configure-pages@v6",
            "actions/cache@v6",
            "actions/cache@v6",
            "actions/upload-pages-artifact@v5"
        ]
    );
    assert_eq!(
        step(&wf, "Build")["run"].as_str(),
        Some("broadsheet build --base-url \"${{ steps.pages.outputs.base_url }}/\"")
    );
    let deploy = &wf["jobs"]["deploy"];
    assert_eq!(deploy["environment"]["name"].as_str(), Some("github-pages"));
    assert_eq!(deploy["needs"].as_str(), Some("build"));
    assert_eq!(deploy["steps"][0]["uses"].as_str(), Some("actions/deploy-pages@v5"));
}

#[test]
fn a_new_sites_workflow_installs_broadsheet_pinned_from_its_source_and_caches_it() {
    let dir = tempfile::tempdir().unwrap();
    broadsheet().args(["init", "s"]).current_dir(dir.path()).assert().success();
    let wf = workflow(&dir.path().join("s"));
    let version = env!("CARGO_PKG_VERSION");
    let installs = cargo_installs(&wf);
    assert_eq!(installs.len(), 1, "{installs:?}");
    let install = &installs[0];
    // Never a crates.io package looked up by name (`broadsheet` there is
    // someone else's): a git source, at the tag of this version.
    assert_eq!(flag(install, "--git"), Some(env!("CARGO_PKG_REPOSITORY")), "{install:?}");
    assert_eq!(flag(install, "--tag"), Some(format!("v{version}").as_str()), "{install:?}");
    assert!(install.contains(&"--locked".to_string()), "{install:?}");
    assert_eq!(install.last().map(String::as_str), Some(env!("CARGO_PKG_NAME")), "{install:?}");
    assert_installed_where_cached_and_on_path(&wf, install);
    // A new version or another source is another cache entry.
    let key = step(&wf, "broadsheet")["with"]["key"].as_str().unwrap();
    assert!(key.contains(&format!("v{version}")) && key.contains(env!("CARGO_PKG_REPOSITORY")), "{key}");
    assert!(key.contains("${{ runner.os }}") && key.contains("${{ runner.arch }}"), "{key}");
    assert_eq!(
        step(&wf, "Install Broadsheet")["if"].as_str(),
        Some("steps.broadsheet.outputs.cache-hit != 'true'"),
        "a cache hit skips the compile"
    );
}

#[test]
fn init_repository_names_a_fork_and_refuses_what_is_not_an_https_url() {
    let dir = tempfile::tempdir().unwrap();
    let fork = "https://git.example.org/someone/broadsheet";
    broadsheet().args(["init", "s", "--repository", fork]).current_dir(dir.path()).assert().success();
    let wf = workflow(&dir.path().join("s"));
    let installs = cargo_installs(&wf);
    assert_eq!(flag(&installs[0], "--git"), Some(fork));
    assert!(step(&wf, "broadsheet")["with"]["key"].as_str().unwrap().contains(fork));
    for bad in ["http://example.org/b", "git@github.com:o/b.git", "https://", "https://x.org/a b", "https://x.org/a,b"]
    {
        let out = broadsheet().args(["init", "t", "--repository", bad]).current_dir(dir.path()).assert().failure();
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(stderr.contains("--repository") && stderr.contains(&format!("{bad:?}")), "{bad}: {stderr}");
        assert!(!dir.path().join("t").exists(), "{bad}: nothing written");
    }
}

#[cfg(unix)]
#[test]
fn a_new_sites_workflow_builds_the_folder_it_uploads() {
    let dir = tempfile::tempdir().unwrap();
    broadsheet().args(["init", "s"]).current_dir(dir.path()).assert().success();
    let site = dir.path().join("s");
    let out = run_build_steps(&site, &workflow(&site));
    for f in ["index.html", "404.html", ".nojekyll", "robots.txt", "sitemap.xml", "feed.xml", "style.css"] {
        assert!(out.join(f).is_file(), "{f} not in the uploaded folder");
    }
    assert_under_base_path(&out);
}

#[cfg(unix)]
#[test]
fn this_repositorys_workflow_is_the_same_and_builds_the_example_site() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ours = std::fs::read_to_string(repo.join(".github/workflows/pages.yml")).unwrap();
    // The same workflow, except that it builds the Broadsheet being deployed.
    let from_checkout = Install {
        note: "This repository's own Broadsheet, built from the commit being deployed\n\
               (the cache key follows its source), to build the example site."
            .to_string(),
        command: "cargo install --locked --root ~/.broadsheet --path .".to_string(),
        cache_key: "${{ hashFiles('Cargo.lock', 'Cargo.toml', 'build.rs', 'src/**', 'themes/**', 'vendor/**') }}"
            .to_string(),
    };
    assert_eq!(ours, broadsheet::init::workflow(&from_checkout));
    let wf: serde_yaml::Value = serde_yaml::from_str(&ours).unwrap();
    assert_installed_where_cached_and_on_path(&wf, &cargo_installs(&wf)[0]);
    // Its build step, run in a copy of the example site.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo.join("site.toml"), dir.path().join("site.toml")).unwrap();
    common::copy_dir(&repo.join("content"), &dir.path().join("content"));
    let out = run_build_steps(dir.path(), &wf);
    for f in ["index.html", "404.html", ".nojekyll", "feed.xml"] {
        assert!(out.join(f).is_file(), "{f} not in the uploaded folder");
    }
    assert_under_base_path(&out);
}

#[cfg(unix)]
#[test]
fn a_new_sites_workflow_keeps_the_render_cache_and_the_output_between_deploys() {
    let dir = tempfile::tempdir().unwrap();
    broadsheet().args(["init", "s"]).current_dir(dir.path()).assert().success();
    let site = dir.path().join("s");
    let wf = workflow(&site);
    let cache = step(&wf, "Render cache");
    let paths: Vec<&str> = cache["with"]["path"].as_str().unwrap().lines().collect();
    let upload = wf["jobs"]["build"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find_map(|s| s["uses"].as_str().filter(|u| u.starts_with("actions/upload-pages-artifact@")).map(|_| s))
        .unwrap();
    assert_eq!(paths, vec![broadsheet::cache::CACHE_DIR, upload["with"]["path"].as_str().unwrap()]);
    // A new entry per commit; the newest earlier one is restored.
    let key = cache["with"]["key"].as_str().unwrap();
    let restore = cache["with"]["restore-keys"].as_str().unwrap();
    assert!(key.contains("${{ github.sha }}") && key.starts_with(restore), "{key} / {restore}");
    let names: Vec<&str> =
        wf["jobs"]["build"]["steps"].as_sequence().unwrap().iter().filter_map(|s| s["name"].as_str()).collect();
    assert!(names.iter().position(|n| *n == "Render cache") < names.iter().position(|n| *n == "Build"), "{names:?}");

    // A first deploy makes what the step keeps.
    run_build_steps(&site, &wf);
    for p in &paths {
        assert!(site.join(p).is_dir(), "{p} not made by the build");
    }
    // The next deploy: a fresh checkout of the same commit, with the kept
    // folders restored as copies (new inodes and times, as a cache
    // restores them); nothing needs rendering, nothing is written.
    let kept = tempfile::tempdir().unwrap();
    for p in &paths {
        common::copy_dir(&site.join(p), &kept.path().join(p));
    }
    std::fs::remove_dir_all(&site).unwrap();
    broadsheet().args(["init", "s"]).current_dir(dir.path()).assert().success();
    for p in &paths {
        common::copy_dir(&kept.path().join(p), &site.join(p));
    }
    let before = common::snapshot(&site.join("public"));
    let marker = std::fs::metadata(site.join("public/.broadsheet-output")).unwrap().modified().unwrap();
    run_build_steps(&site, &wf);
    assert_eq!(common::snapshot(&site.join("public")), before);
    assert_eq!(std::fs::metadata(site.join("public/.broadsheet-output")).unwrap().modified().unwrap(), marker);
}

/// The base URL the tests give in place of configure-pages' output.
const BASE_URL: &str = "https://example.github.io/site";

fn workflow(site: &Path) -> serde_yaml::Value {
    let text = std::fs::read_to_string(site.join(".github/workflows/pages.yml")).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

/// The build job's step with this name, or else this id.
fn step<'a>(wf: &'a serde_yaml::Value, name: &str) -> &'a serde_yaml::Value {
    let steps = wf["jobs"]["build"]["steps"].as_sequence().unwrap();
    steps
        .iter()
        .find(|s| s["name"].as_str() == Some(name) || s["id"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no step {name}"))
}

/// The words of every `cargo install` in any job.
fn cargo_installs(wf: &serde_yaml::Value) -> Vec<Vec<String>> {
    let jobs = wf["jobs"].as_mapping().unwrap();
    let runs = jobs.values().flat_map(|j| j["steps"].as_sequence().unwrap()).filter_map(|s| s["run"].as_str());
    let words = runs.flat_map(|r| r.lines()).map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>());
    let installs: Vec<Vec<String>> = words.filter(|w| w.starts_with(&["cargo".into(), "install".into()])).collect();
    for install in &installs {
        // Whatever else a workflow does, it installs from a named source.
        assert!(flag(install, "--git").is_some() || flag(install, "--path").is_some(), "{install:?}");
        if flag(install, "--git").is_some() {
            assert!(flag(install, "--tag").or(flag(install, "--rev")).is_some(), "unpinned: {install:?}");
        }
    }
    installs
}

fn flag<'a>(words: &'a [String], name: &str) -> Option<&'a str> {
    words.iter().position(|w| w == name).and_then(|i| words.get(i + 1)).map(String::as_str)
}

/// What the install writes is what the cache keeps and what the PATH step
/// puts on PATH.
fn assert_installed_where_cached_and_on_path(wf: &serde_yaml::Value, install: &[String]) {
    let root = flag(install, "--root").expect("--root");
    assert_eq!(step(wf, "broadsheet")["with"]["path"].as_str(), Some(root));
    let (home, github_path) = run_path_step(wf);
    assert_eq!(github_path, root.replacen('~', &home.path().to_string_lossy(), 1) + "/bin");
}

/// Runs the PATH step with a HOME of its own; returns that HOME and the line
/// the step gave GitHub for PATH.
fn run_path_step(wf: &serde_yaml::Value) -> (tempfile::TempDir, String) {
    let home = tempfile::tempdir().unwrap();
    let github_path = home.path().join("github_path");
    let run = step(wf, "Put Broadsheet on PATH")["run"].as_str().unwrap();
    let status = std::process::Command::new("bash")
        .args(["-e", "-c", run])
        .env("HOME", home.path())
        .env("GITHUB_PATH", &github_path)
        .status()
        .unwrap();
    assert!(status.success());
    let line = std::fs::read_to_string(&github_path).unwrap().trim_end().to_string();
    (home, line)
}

/// Runs the workflow's steps after the install, as a runner would, with
/// the Broadsheet under test where the install step puts it; returns the
/// folder the upload step uploads.
#[cfg(unix)]
fn run_build_steps(site: &Path, wf: &serde_yaml::Value) -> std::path::PathBuf {
    let (home, bin) = run_path_step(wf);
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_broadsheet"), Path::new(&bin).join("broadsheet")).unwrap();
    let run = step(wf, "Build")["run"].as_str().unwrap().replace("${{ steps.pages.outputs.base_url }}", BASE_URL);
    assert!(!run.contains("${{"), "an expression the test does not supply: {run}");
    let out = std::process::Command::new("bash")
        .args(["-e", "-c", &run])
        .current_dir(site)
        .env("HOME", home.path())
        // Only what the PATH step added, and the system's tools.
        .env("PATH", format!("{bin}:/usr/bin:/bin"))
        .output()
        .unwrap();
    assert!(out.status.success(), "build step failed:\n{}", String::from_utf8_lossy(&out.stderr));
    let upload = wf["jobs"]["build"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("actions/upload-pages-artifact@")))
        .unwrap();
    // .nojekyll is a dotfile, which upload-pages-artifact v5 drops unless asked.
    assert_eq!(upload["with"]["include-hidden-files"].as_bool(), Some(true));
    site.join(upload["with"]["path"].as_str().unwrap())
}

/// Every rooted link of the home and 404 pages carries the base path, and
/// the feed links to the base URL.
fn assert_under_base_path(out: &Path) {
    for page in ["index.html", "404.html"] {
        let html = scraper::Html::parse_document(&std::fs::read_to_string(out.join(page)).unwrap());
        let rooted: Vec<String> = links(&html).into_iter().filter(|l| l.starts_with('/')).collect();
        assert!(!rooted.is_empty() && rooted.iter().all(|l| l.starts_with("/site/")), "{page}: {rooted:?}");
    }
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    assert!(feed.contains(&format!("href=\"{BASE_URL}/")), "{feed}");
}

#[test]
fn cname_is_written_only_when_configured() {
    let site = Fixture::new("basic");
    site.build_ok();
    assert!(!site.out().join("CNAME").exists());
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &toml.replace("[digest]", "cname = \"news.example.org\"\n\n[digest]"));
    site.build_ok();
    assert_eq!(std::fs::read_to_string(site.out().join("CNAME")).unwrap(), "news.example.org\n");
    site.write("site.toml", &toml.replace("[digest]", "cname = \"https://news.example.org/x\"\n\n[digest]"));
    let err = site.build().unwrap_err().to_string();
    assert!(err.contains("site.toml:7: cname \"https://news.example.org/x\" has a scheme"), "{err}");
}

#[test]
fn the_404_page_links_carry_the_base_path() {
    let site = Fixture::new("basic");
    site.build_ok();
    let page = site.page("404.html");
    let rooted: Vec<String> = links(&page).into_iter().filter(|l| l.starts_with('/')).collect();
    assert!(rooted.len() >= 4, "{rooted:?}");
    assert!(rooted.iter().all(|l| l.starts_with("/repo/")), "{rooted:?}");
}

#[test]
fn feeds_carry_credits_and_are_bounded() {
    let site = Fixture::new("feeds");
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("{toml}\n[feeds]\nlimit = 2\n"));
    site.build_ok();
    let atom = std::fs::read_to_string(site.out().join("feed.xml")).unwrap();
    assert_eq!(atom.matches("<entry>").count(), 2);
    assert!(atom.contains("<source>") && atom.contains("<title>Outlet One</title>"), "{atom}");
    assert!(atom.contains("<link rel=\"via\" type=\"text/html\" href=\"https://one.example/rates\""));
    let topic = std::fs::read_to_string(site.out().join("topics/alpha/feed.xml")).unwrap();
    assert!(topic.contains("Alpha news, newest"));
    let edition = std::fs::read_to_string(site.out().join("editions/2024-w47/feed.xml")).unwrap();
    assert_eq!(edition.matches("<entry>").count(), 1);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.out().join("feed.json")).unwrap()).unwrap();
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(json["items"].as_array().unwrap().len(), 2);
    assert!(json["items"][0]["content_html"].as_str().unwrap().contains("Source: "));
    // Pages announce the feeds.
    let home = site.page("index.html");
    assert_eq!(home.select(&sel("link[rel=alternate][type='application/atom+xml'][href='/repo/feed.xml']")).count(), 1);
    assert_eq!(home.select(&sel("link[rel=alternate][type='application/feed+json']")).count(), 1);
    let alpha = site.page("topics/alpha/index.html");
    assert_eq!(alpha.select(&sel("link[rel=alternate][href='/repo/topics/alpha/feed.xml']")).count(), 1);
}

#[test]
fn feeds_carry_photos_and_their_credits_where_the_story_had_them() {
    let site = Fixture::new("figures");
    site.write(
        "content/articles/chart.md",
        "---\ntitle: Chart\nsource: Desk\nretrieved: 2024-11-26\nfigures:\n  - src: images/chart.png\n    alt: A <chart>\n    credit: Ann & Co\n---\nText.\n",
    );
    site.build_ok();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.out().join("feed.json")).unwrap()).unwrap();
    let content = |title: &str| {
        let items = json["items"].as_array().unwrap();
        let item = items.iter().find(|i| i["title"] == title).unwrap_or_else(|| panic!("{title} in {json}"));
        item["content_html"].as_str().unwrap().to_string()
    };
    let placed = content("A story with its photos in place");
    let at = |needle: &str| placed.find(needle).unwrap_or_else(|| panic!("{needle:?} in {placed}"));
    assert!(at("Photo: Lead Photographer/Agency") < at("First paragraph."));
    assert!(at("Second paragraph.") < at("Photo: Middle Photographer/Agency"));
    assert!(at("Photo: Middle Photographer/Agency") < at("<ul>"));
    assert!(at("Fourth paragraph.") < at("Photo: Last Photographer/Agency"));
    assert!(at("Photo: Last Photographer/Agency") < at("Source: "));
    assert!(placed.contains("Photo not reproduced. The lead photo."), "{placed}");
    assert!(!placed.contains("contradicts the caption"), "alt text of a photo not shown stays out");
    // A site image is linked absolutely, since a feed is read away from the site; text is escaped.
    let chart = content("Chart");
    assert!(
        chart.contains(r#"<img src="https://user.github.io/repo/images/chart.png" alt="A &lt;chart&gt;">"#),
        "{chart}"
    );
    assert!(chart.contains("Photo: Ann &amp; Co"), "{chart}");
    let atom = std::fs::read_to_string(site.out().join("feed.xml")).unwrap();
    assert!(atom.contains("Photo: Ann &amp;amp; Co"), "escaped again inside the Atom entry: {atom}");
}

#[test]
fn pages_carry_sharing_metadata_and_structured_data() {
    let site = Fixture::new("basic");
    site.build_ok();
    for (path, html) in site.html_pages() {
        if path == "404.html" {
            continue;
        }
        for s in [
            "link[rel=canonical]",
            "meta[property='og:title']",
            "meta[property='og:url']",
            "meta[name='twitter:card']",
            "meta[name=description]",
        ] {
            assert_eq!(html.select(&sel(s)).count(), 1, "{path}: {s}");
        }
    }
    let page = site.page("articles/rates-rise/index.html");
    let script = page.select(&sel("script[type='application/ld+json']")).next().unwrap();
    let ld: serde_json::Value = serde_json::from_str(&script.text().collect::<String>()).unwrap();
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], "Rates <rise> & \"fall\"");
    assert_eq!(ld["isBasedOn"], "https://one.example/rates");
    // The page is the digest's; the story is the outlet's.
    assert_eq!(ld["publisher"]["name"], "Test Digest");
    assert_eq!(ld["publisher"]["url"], "https://user.github.io/repo/");
    assert_eq!(ld["sourceOrganization"]["name"], "Outlet One");
    assert_eq!(ld["author"][0]["name"], "Ann Author");
    // No publication date is known: the day it was collected is not one.
    assert!(ld.get("datePublished").is_none(), "{ld}");
    assert_eq!(ld["dateCreated"], "2024-11-26");
    assert_eq!(page.select(&sel("meta[property='article:published_time']")).count(), 0);
    assert_eq!(ld["image"][0], "https://user.github.io/repo/images/chart.png");
    let og_image = page.select(&sel("meta[property='og:image']")).next().and_then(|m| m.value().attr("content"));
    assert_eq!(og_image, Some("https://user.github.io/repo/images/chart.png"));
    let topic = site.page("topics/alpha/index.html");
    let script = topic.select(&sel("script[type='application/ld+json']")).next().unwrap();
    let ld: serde_json::Value = serde_json::from_str(&script.text().collect::<String>()).unwrap();
    assert_eq!(ld["@type"], "CollectionPage");
    assert_eq!(ld["mainEntity"]["numberOfItems"], 3);
}

#[test]
fn a_template_linking_outside_the_base_path_fails_the_check() {
    let site = Fixture::new("basic");
    site.write("templates/404.html", "<!doctype html><title>x</title><a href=\"/elsewhere/\">away</a>");
    let out = broadsheet().arg("check").current_dir(site.root()).assert().failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("404.html: link \"/elsewhere/\" points outside the site's base path /repo/"), "{err}");
}

#[test]
fn a_sites_own_theme_folder_wins_over_the_built_in_theme() {
    let site = Fixture::new("basic");
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    common::copy_dir(&theme, &site.root().join("themes/default"));
    let base = site.root().join("themes/default/templates/base.html");
    let text = std::fs::read_to_string(&base).unwrap();
    std::fs::write(&base, text.replace("Skip to main content", "Jump to the stories")).unwrap();
    site.build_ok();
    assert!(site.page("index.html").html().contains("Jump to the stories"));

    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &toml.replace("timezone", "theme = \"nonesuch\"\ntimezone"));
    let err = site.build().unwrap_err().to_string();
    assert!(err.contains("theme \"nonesuch\" not found"), "{err}");
}
