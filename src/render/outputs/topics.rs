//! The list of topics and each topic's listing, in pages.

use serde::Serialize;

use crate::error::Diagnostic;
use crate::model::{Id, Target};
use crate::render::view::{ArticleCard, FeedLink, NoteView, PageView, TopicView};
use crate::render::{meta, page, page_count, Cx, Item, Output, Prints, Route, Sink};

pub(super) struct Topics;

/// What `topics.html` receives (the topics are `site.topics`).
#[derive(Serialize)]
struct ListContext {
    page: PageView,
}

/// What `topic.html` receives.
#[derive(Serialize)]
struct TopicContext<'a> {
    page: PageView,
    topic: TopicView,
    /// The introduction's notes, on the first page only.
    notes: Vec<NoteView>,
    articles: Vec<&'a ArticleCard>,
    pagination: Pagination,
}

/// Where a listing page is and how to reach its neighbours.
#[derive(Debug, Clone, Serialize)]
struct Pagination {
    /// Counted from 1.
    current: usize,
    total: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Debug, Clone, Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
    /// Pages before this one are left out of the list.
    gap_before: bool,
}

/// Pages listed on either side of the current one (besides the first and
/// the last): listing every page on every page would make a topic's pages
/// grow with the square of its articles.
const PAGE_WINDOW: usize = 2;

impl Pagination {
    /// Page `number` (from 0) of `total` pages at `url(n)`.
    fn new(total: usize, number: usize, url: impl Fn(usize) -> String) -> Pagination {
        let shown = |n: usize| n == 0 || n + 1 == total || n.abs_diff(number) <= PAGE_WINDOW;
        let mut pages = Vec::new();
        let mut last = None;
        for n in (0..total).filter(|&n| shown(n)) {
            let gap_before = last.is_some_and(|l: usize| n > l + 1);
            pages.push(PageLink { number: n + 1, url: url(n), current: n == number, gap_before });
            last = Some(n);
        }
        Pagination {
            current: number + 1,
            total,
            prev_url: number.checked_sub(1).map(&url),
            next_url: (number + 1 < total).then(|| url(number + 1)),
            pages,
        }
    }
}

impl Output for Topics {
    fn name(&self) -> &'static str {
        "topics"
    }

    fn jobs(&self, cx: &Cx) -> Vec<(Item, Route)> {
        let site = cx.site;
        let mut jobs = vec![(Item::Site, cx.routes.topics())];
        for (t, articles) in site.topic_articles.iter_ids() {
            let slug = &site.topics[t].slug;
            let pages = page_count(articles.len(), site.config.per_page);
            jobs.extend((0..pages).map(|n| (Item::TopicPage(t, n), cx.routes.topic(slug, n))));
        }
        jobs
    }

    fn run(&self, item: Item, route: &Route, cx: &Cx, sink: &mut Sink) -> Result<(), Diagnostic> {
        let site = cx.site;
        let c = &site.config;
        let Item::TopicPage(i, number) = item else {
            let page = page::view(cx, "topics", "Topics".into(), format!("The topics {} follows.", c.title), route);
            return sink.template("topics.html", &route.path, &ListContext { page });
        };
        let t = &site.topics[i];
        let link = cx.views.topics[i].clone();
        let feed_url = cx.routes.topic_feed(&t.slug).url;
        let total = page_count(site.topic_articles[i].len(), c.per_page);
        let pagination = Pagination::new(total, number, |n| cx.routes.topic(&t.slug, n).url);
        let title = match number {
            0 => t.title.clone(),
            n => format!("{} (page {})", t.title, n + 1),
        };
        let mut page = page::view(cx, "topic", title, t.description.clone(), route);
        page.feeds.push(FeedLink {
            title: format!("{} — {} (Atom feed)", t.title, c.title),
            url: feed_url.clone(),
            media_type: page::ATOM,
        });
        let articles: Vec<&ArticleCard> = site.topic_articles[i]
            .iter()
            .skip(number * c.per_page)
            .take(c.per_page)
            .map(|&a| cx.views.card(a))
            .collect();
        page.json_ld = Some(meta::script_json(&meta::collection(
            site,
            &t.title,
            &t.description,
            &page.permalink,
            &articles,
            cx.routes,
        )));
        let notes = if number == 0 { cx.views.notes_for(site, Target::Topic(i)) } else { Vec::new() };
        let context = TopicContext {
            page,
            topic: TopicView { feed_url, link, intro_html: t.intro_html.clone() },
            notes,
            articles,
            pagination,
        };
        sink.template("topic.html", &route.path, &context)
    }

    /// What a topic page's `run` reads: the topic, its link, its page's
    /// cards, how many pages it has, its notes on the first page, the
    /// configuration, the templates and `site`.
    fn print(&self, item: Item, route: &Route, cx: &Cx, prints: &Prints) -> Option<u64> {
        let Item::TopicPage(i, number) = item else { return None };
        let site = cx.site;
        let t = &site.topics[i];
        let mut f = prints.page("topic.html", route);
        f.u64(number as u64);
        f.u64(site.topic_articles[i].len() as u64);
        for text in [&t.slug, &t.title, &t.description, &t.intro_html] {
            f.bytes(text.as_bytes());
        }
        let notes: Vec<&NoteView> = match number {
            0 => site.notes_for(Target::Topic(i)).iter().map(|&n| &cx.views.notes[n]).collect(),
            _ => Vec::new(),
        };
        if !f.value(&(&cx.views.topics[i], notes)) {
            return None;
        }
        let per_page = site.config.per_page;
        site.topic_articles[i]
            .iter()
            .skip(number * per_page)
            .take(per_page)
            .for_each(|&a| f.u64(prints.cards[a.index()]));
        Some(f.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::Pagination;

    fn numbers(p: &Pagination) -> Vec<(usize, bool)> {
        p.pages.iter().map(|l| (l.number, l.gap_before)).collect()
    }

    #[test]
    fn a_long_listing_shows_the_pages_near_the_current_one_and_both_ends() {
        let p = Pagination::new(100, 49, |n| format!("/p/{n}/"));
        assert_eq!(
            numbers(&p),
            [(1, false), (48, true), (49, false), (50, false), (51, false), (52, false), (100, true)]
        );
        assert!(p.pages[3].current && p.pages[3].url == "/p/49/");
        let short = Pagination::new(4, 0, |n| n.to_string());
        assert_eq!(numbers(&short), [(1, false), (2, false), (3, false), (4, false)]);
        assert_eq!(numbers(&Pagination::new(1, 0, |n| n.to_string())), [(1, false)]);
    }
}
