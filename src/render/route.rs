//! Where every output lives: its file in the output folder and its URL,
//! both from here. Nothing else spells out the site's layout.

/// One output file and the URL that serves it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Route {
    /// `/`-separated, relative to the output folder: `topics/x/index.html`.
    pub path: String,
    /// Starts with the base path; a folder's `index.html` is served at the
    /// folder: `/repo/topics/x/`.
    pub url: String,
}

/// The site's layout under its base URL.
#[derive(Debug, Clone)]
pub struct Routes {
    /// Starts and ends with `/`.
    pub base_path: String,
    /// Absolute, ends with `/`.
    pub base_url: String,
}

impl Routes {
    /// The routes of a site with this configuration (its base path).
    pub fn new(config: &crate::config::Config) -> Routes {
        Routes { base_path: config.base_path.clone(), base_url: config.base_url.clone() }
    }

    /// The route of an output file: the one place a path becomes a URL.
    pub(crate) fn file(&self, path: impl Into<String>) -> Route {
        let path = path.into();
        let url = [self.base_path.as_str(), path.strip_suffix("index.html").unwrap_or(&path)].concat();
        Route { path, url }
    }

    pub(crate) fn home(&self) -> Route {
        self.file("index.html")
    }
    pub(crate) fn editions(&self) -> Route {
        self.file("editions/index.html")
    }
    pub(crate) fn edition(&self, slug: &str) -> Route {
        self.file(format!("editions/{slug}/index.html"))
    }
    pub(crate) fn edition_feed(&self, slug: &str) -> Route {
        self.file(format!("editions/{slug}/feed.xml"))
    }
    /// An edition as an e-mail, in HTML.
    pub fn newsletter_html(&self, slug: &str) -> Route {
        self.file(format!("editions/{slug}/newsletter.html"))
    }
    /// An edition as an e-mail, in plain text.
    pub fn newsletter_text(&self, slug: &str) -> Route {
        self.file(format!("editions/{slug}/newsletter.txt"))
    }
    pub(crate) fn topics(&self) -> Route {
        self.file("topics/index.html")
    }
    /// A topic's listing page `number`, counted from 0.
    pub(crate) fn topic(&self, slug: &str, number: usize) -> Route {
        match number {
            0 => self.file(format!("topics/{slug}/index.html")),
            n => self.file(format!("topics/{slug}/page/{}/index.html", n + 1)),
        }
    }
    pub(crate) fn topic_feed(&self, slug: &str) -> Route {
        self.file(format!("topics/{slug}/feed.xml"))
    }
    pub(crate) fn article(&self, slug: &str) -> Route {
        // Made for every article on every build: `concat` is a fraction of `format!`.
        self.file(["articles/", slug, "/index.html"].concat())
    }
    pub(crate) fn search(&self) -> Route {
        self.file("search/index.html")
    }
    pub(crate) fn search_index(&self) -> Route {
        self.file("search/index.json.gz")
    }
    /// Part `number` of the search index, counted from 0.
    pub(crate) fn search_part(&self, number: usize) -> Route {
        self.file(format!("search/part-{number}.json.gz"))
    }
    pub(crate) fn not_found(&self) -> Route {
        self.file("404.html")
    }
    pub(crate) fn feed(&self) -> Route {
        self.file("feed.xml")
    }
    pub(crate) fn json_feed(&self) -> Route {
        self.file("feed.json")
    }
    pub(crate) fn sitemap(&self) -> Route {
        self.file("sitemap.xml")
    }

    /// Where an editor's file reference points: a URL stays as it is; a
    /// path (`images/x.jpg`, `/images/x.jpg`) is a file of the site, under
    /// the base path.
    pub(crate) fn asset(&self, src: &str) -> String {
        if src.contains("://") || src.starts_with("//") || src.starts_with("data:") || src.starts_with(&self.base_path)
        {
            src.to_string()
        } else {
            format!("{}{}", self.base_path, src.trim_start_matches('/'))
        }
    }

    /// The absolute URL of a site path.
    pub(crate) fn permalink(&self, url: &str) -> String {
        let rest = url.strip_prefix(self.base_path.as_str()).unwrap_or(url.trim_start_matches('/'));
        [self.base_url.as_str(), rest].concat()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_index_is_served_at_the_folder() {
        let r = Routes { base_path: "/repo/".into(), base_url: "https://x.org/repo/".into() };
        assert_eq!(r.home(), Route { path: "index.html".into(), url: "/repo/".into() });
        assert_eq!(r.topic("a", 1).path, "topics/a/page/2/index.html");
        assert_eq!(r.topic("a", 1).url, "/repo/topics/a/page/2/");
        assert_eq!(r.feed().url, "/repo/feed.xml");
        assert_eq!(r.permalink(&r.article("k").url), "https://x.org/repo/articles/k/");
    }
}
