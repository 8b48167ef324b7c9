//! Synthetic raw page dumps, shaped like `../shared/samples/raw/*.txt`:
//! header widgets, headline, body paragraphs with calls to action and photo
//! captions between them, a source credit, then teasers. Three page layouts,
//! each shared by a few outlets, so template lines repeat across dumps of
//! the same site as they do in real scrapes.

use std::fmt::Write as _;

use super::words::*;
use super::{civil, days_from_civil, Rng, Writer};

/// One generated dump and the body paragraphs it was built from (what a
/// perfect cleaner would keep).
pub struct Dump {
    pub name: String,
    pub text: String,
    pub body: Vec<String>,
}

const WEEKDAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/// Teasers a site shows under every article: fixed per site.
fn teasers(site: usize) -> Vec<(String, String)> {
    let mut rng = Rng::for_item(5, site as u64);
    let mut w = Writer { rng: &mut rng, keywords: &[] };
    (0..4).map(|_| (w.headline(), w.sentence())).collect()
}

pub fn dump(index: usize) -> Dump {
    let mut rng = Rng::for_item(4, index as u64);
    let topic = rng.below(TOPICS.len() as u64) as usize;
    let site = rng.below(9) as usize;
    let layout = site % 3;
    let (outlet, host) = OUTLETS[site];
    let day = days_from_civil(2024, 1, 1) + rng.below(700) as i64;
    let (y, m, d) = civil(day);
    let weekday = WEEKDAYS[(day + 4).rem_euclid(7) as usize];
    let month = broadsheet::dates::month_name(m);
    let paragraphs = rng.between(6, 10);
    let words = rng.between(350, 600);
    let mut w = Writer { rng: &mut rng, keywords: TOPICS[topic].3 };
    let title = w.headline();
    let byline = w.name();
    let body: Vec<String> = (0..paragraphs).map(|_| w.paragraph(words / paragraphs)).collect();
    let mut captions = Vec::new();
    for _ in 0..w.rng.between(1, 2) {
        let caption = w.sentence().trim_end_matches('.').to_string();
        let credit = format!("{}/{}", w.name(), w.rng.pick(AGENCIES));
        captions.push((caption, credit));
    }
    let teasers = teasers(site);
    let mut t = String::with_capacity(words * 7 + 2048);
    let mut line = |s: &str| {
        t.push_str(s);
        t.push_str("\n\n");
    };
    match layout {
        // Weather widget header, "Date:", source credit, "More like this".
        0 => {
            line(&format!("{}.{} C\n{}\n{weekday}, {month} {d}, {y}", index % 30, index % 10, PLACES[site]));
            line(&title);
            line("Date:");
            for (i, p) in body.iter().enumerate() {
                line(p);
                if i == 0 {
                    line(CALLS_TO_ACTION[0]);
                }
                if let Some((caption, credit)) = captions.get(i / 3).filter(|_| i % 3 == 2) {
                    line(&format!("{caption}\n{caption} [File: {credit}]"));
                }
            }
            line(&format!("Source\n\n:\n\n{outlet} and news agencies"));
            line("know more\n\nPopular\n\nMore like this\nRelated");
            for (h, s) in &teasers {
                line(&format!("{h}…"));
                line(&format!("{s} ..."));
            }
            line(CALLS_TO_ACTION[4]);
        }
        // Navigation menu, byline, newsletter block, "Most viewed".
        1 => {
            line(&format!(
                "{}\n{}\n{}\n{outlet}\n{weekday} {d} {month} {y}\n{}",
                WIDGETS[0],
                WIDGETS[1],
                WIDGETS[3],
                WIDGETS[4..13].join("\n")
            ));
            line(TOPICS[topic].1);
            line(&title);
            line(&format!("By {byline}, {} correspondent", TOPICS[topic].1.to_lowercase()));
            line(&format!("Published {} {d} {month} {y} 07.00 BST", &weekday[..3]));
            line(&format!("Share\n{} comments", index % 1500));
            for (i, p) in body.iter().enumerate() {
                line(p);
                if i == 2 {
                    line("Advertisement");
                }
                if let Some((caption, credit)) = captions.get(i / 3).filter(|_| i % 3 == 1) {
                    line(&format!("{caption}. (Photo: {credit})"));
                }
                if i == 4 {
                    line(&format!("Read more: {}", teasers[0].0));
                }
                if i == 5 {
                    line("Sign up to The Briefing\nFree daily newsletter\nOur morning email breaks down the key stories of the day, telling you what is happening and why it matters\nEnter your email address\nSign up\nPrivacy notice: We only use your email address to send you the newsletters you ask for. You can unsubscribe at any time.\nafter newsletter promotion");
                }
            }
            line(&format!(
                "Explore more on these topics\n{}\n{}",
                TOPICS[topic].1,
                TOPICS[(topic + 1) % TOPICS.len()].1
            ));
            line("Share on Facebook\nShare on X\nShare via Email\nCopy link");
            line(&format!("Comments ({})", index % 1500));
            let mut viewed = String::from("Most viewed");
            for (h, _) in &teasers {
                let _ = write!(viewed, "\n{h}");
            }
            line(&viewed);
            line(&format!("© {y} {outlet} Ltd. All rights reserved."));
        }
        // Market ticker, "Credit:" captions, pull quote, "What to Read Next".
        _ => {
            line(&format!(
                "DJIA\n{},{:03}.{:02}\n-0.{:02}%\nS&P 500\n6,{:03}.24\n-0.27%\nCrude Oil\n{}.03\n-2.40%\n{outlet}\nSubscribe\nSign In",
                40 + index % 5,
                index % 1000,
                index % 100,
                index % 90,
                index % 1000,
                55 + index % 20
            ));
            line("Home\nWorld\nU.S.\nPolitics\nEconomy\nBusiness\nTech\nMarkets\nOpinion\nReal Estate");
            line(TOPICS[topic].1);
            line(&title);
            line(&format!("By {byline}"));
            line(&format!("Published {month} {d}, {y} 11:48 am ET | Updated {month} {d}, {y} 4:31 pm ET"));
            line("Listen\n(5 min)\nShare\nResize\nGift unlocked article");
            if let Some((caption, _)) = captions.first() {
                line(&format!("{caption}.\nCredit: {byline} for {outlet}"));
            }
            for (i, p) in body.iter().enumerate() {
                line(p);
                if i == 1 {
                    line("ADVERTISEMENT");
                }
                if i == 3 {
                    line(&format!(
                        "“{}”\n— {byline}, {outlet}",
                        p.split(". ").next().unwrap_or(p).trim_end_matches('.')
                    ));
                }
                if i == 4 {
                    line(&format!("Also read: {}", teasers[1].0));
                    line(CALLS_TO_ACTION[3]);
                }
            }
            let user = byline.to_lowercase().replace(' ', ".");
            line(&format!("Write to {byline} at {user}@{host}"));
            line(&format!("Appeared in the {month} {d}, {y}, print edition as '{}'.", teasers[2].0));
            line(&format!("Copyright ©{y} {outlet}. All Rights Reserved."));
            line("What to Read Next");
            for (h, s) in &teasers[..2] {
                line(h);
                line(s);
            }
        }
    }
    Dump { name: format!("raw-{:05}.txt", index + 1), text: t, body }
}
