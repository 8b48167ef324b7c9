//! Generic page shapes the cleaner must handle, on small invented dumps
//! (none of them from the samples).

use broadsheet::clean::{clean_corpus, Cleaned, RawText};

fn clean(text: &str) -> Cleaned {
    clean_corpus(&[RawText { name: "shape.txt".into(), text: text.into() }]).remove(0)
}

const STORY: &str = "\
We use cookies to improve your experience. By continuing you accept our cookie policy.

Accept all

Menu

Local

Harbour authority approves new ferry terminal after long dispute

By Jane Roe | City Wire

Posted 3 March 2024, 14:05 CET

PORTVILLE, March 3 (City Wire) - The harbour authority on Sunday approved plans for a new ferry terminal, ending a dispute that had lasted more than four years.

The board voted six to one in favour of the design, which moves the passenger building away from the fishing quay and adds a second berth for larger vessels.

“No,” she said.

Read more: Why the old terminal flooded twice last winter

Residents who had opposed the plan said they would consider an appeal, but several said the revised design met most of their concerns about noise and traffic.

The new ferry terminal at dusk, as shown in the architect's drawing
Photograph: Studio Example/Handout

Construction is expected to start in the autumn and to take about two years, the authority said in a statement on its website.

Tags: Ferries, Harbour, Planning

Share this article

More from City Wire

Another unrelated story about the weather this weekend in the hills and valleys of the region.
";

#[test]
fn generic_story_shapes() {
    let c = clean(STORY);
    assert_eq!(c.title.as_deref(), Some("Harbour authority approves new ferry terminal after long dispute"));
    assert_eq!(c.authors, vec!["Jane Roe".to_string()]);
    assert_eq!(c.published.as_deref(), Some("2024-03-03T14:05:00+01:00"));
    assert_eq!(c.source.as_deref(), Some("City Wire"), "dateline agency as the source");
    assert!(c.body[0].starts_with("PORTVILLE, March 3 (City Wire) - "), "dateline kept: {:?}", c.body);
    assert!(c.body.iter().any(|p| p == "“No,” she said."), "a one-line quote is kept: {:?}", c.body);
    assert!(!c.body.iter().any(|p| p.contains("Read more") || p.contains("cookie") || p.contains("Tags")));
    assert!(!c.body.iter().any(|p| p.contains("unrelated story")), "teasers after the end: {:?}", c.body);
    assert_eq!(c.body.len(), 5, "{:?}", c.body);
    assert_eq!(c.figures.len(), 1);
    assert_eq!(
        c.figures[0].caption.as_deref(),
        Some("The new ferry terminal at dusk, as shown in the architect's drawing")
    );
    assert_eq!(c.figures[0].credit.as_deref(), Some("Studio Example/Handout"));
}

#[test]
fn template_lines_shared_by_files_are_dropped() {
    let a = "Site Menu\n\nA first story headline about the harbour plans\n\nThe council said on Monday that the harbour plans would go ahead after a long consultation with residents.\n\nThis site uses a newsletter you might like, and it arrives every single morning at seven\n";
    let b = "Site Menu\n\nA second story headline about the rail strike\n\nUnions said on Tuesday that the rail strike would continue into next week unless talks with the operator resumed.\n\nThis site uses a newsletter you might like, and it arrives every single morning at seven\n";
    let out = clean_corpus(&[
        RawText { name: "a.txt".into(), text: a.into() },
        RawText { name: "b.txt".into(), text: b.into() },
    ]);
    for c in &out {
        assert_eq!(c.body.len(), 1, "{:?}", c.body);
        assert!(c.removed.iter().any(|r| r.starts_with("This site uses")));
    }
}

#[test]
fn every_block_is_explained() {
    let c = clean(STORY);
    let lines = STORY.lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(c.blocks.len(), lines);
    assert!(c.blocks.iter().all(|b| !b.reason.is_empty()), "{:?}", c.blocks);
}

#[test]
fn masthead_as_source_and_header_date_as_retrieval_date() {
    let text = "\
Valley Tribune

November 25, 2024

News

Bridge reopens to traffic after three months of repairs

Author: Sam Example

Published Nov 24, 2024 6:30 pm ET

The county's main bridge reopened to traffic on Sunday evening, three months after inspectors found cracks in two of its supports.

Engineers said the repaired supports were now stronger than the originals and that the bridge would be inspected again in the spring.

A truck crosses the reopened bridge
Jo Doe/Valley Photo Agency

Drivers had faced detours of up to 40 minutes while the work was carried out, and local shops said trade had fallen sharply.

Get the Valley Tribune morning briefing in your inbox.
";
    let c = clean(text);
    assert_eq!(c.title.as_deref(), Some("Bridge reopens to traffic after three months of repairs"));
    assert_eq!(c.source.as_deref(), Some("Valley Tribune"));
    assert_eq!(c.retrieved.as_deref(), Some("2024-11-25"));
    assert_eq!(c.published.as_deref(), Some("2024-11-24T18:30:00-05:00"));
    assert_eq!(c.authors, vec!["Sam Example".to_string()]);
    assert_eq!(c.body.len(), 3, "{:?}", c.body);
    assert_eq!(c.figures.len(), 1);
    assert_eq!(c.figures[0].credit.as_deref(), Some("Jo Doe/Valley Photo Agency"));
}

#[test]
fn a_sentence_shared_by_stories_from_different_sites_is_kept() {
    let shared = "The company did not respond to a request for comment on Monday.";
    let a = format!("Alpha News\n\nFactory closes after fire damages its main warehouse\n\nA fire destroyed the main warehouse of a furniture factory in the north of the city on Sunday night, officials said.\n\n{shared}\n\nNo one was hurt in the fire, which took firefighters more than six hours to bring under control.\n");
    let b = format!("Beta Courier\n\nAirline cancels flights as pilots stage a walkout\n\nHundreds of passengers were stranded at the airport on Monday after pilots at a regional airline walked out over pay.\n\n{shared}\n\nThe union said the strike would continue until the airline agreed to reopen talks on the new contract.\n");
    let out = clean_corpus(&[RawText { name: "a.txt".into(), text: a }, RawText { name: "b.txt".into(), text: b }]);
    for c in &out {
        assert!(c.body.iter().any(|p| p == shared), "{:?}", c.body);
        assert_eq!(c.body.len(), 3, "{:?}", c.body);
    }
}

#[test]
fn the_same_file_given_twice_is_cleaned_as_if_alone() {
    let alone = clean(STORY);
    let raw = RawText { name: "shape.txt".into(), text: STORY.into() };
    for c in clean_corpus(&[raw.clone(), raw]) {
        assert_eq!(c.title, alone.title);
        assert_eq!(c.body, alone.body);
    }
}

/// A sponsored block inside the story (its label, and the prose line
/// under it) is not story, and the story goes on after it.
#[test]
fn a_sponsored_block_inside_the_story_is_dropped() {
    let ad = "Sponsored\nA weekend of quiet walks along the coast is waiting for you at the Seaview Hotel, where rooms start at a fair price this spring and breakfast is included.\n\n";
    let text = STORY.replacen("Read more:", &format!("{ad}Read more:"), 1);
    let c = clean(&text);
    assert!(!c.body.iter().any(|p| p.contains("Seaview") || p == "Sponsored"), "{:?}", c.body);
    assert!(c.body.iter().any(|p| p.starts_with("Construction is expected")), "{:?}", c.body);
    assert_eq!(c.body.len(), 5, "{:?}", c.body);
}

/// A "Key points" summary between the byline and the story repeats the
/// story in brief: its label and points are not story (a hand-set signal
/// of the story model), and the story after it is kept whole.
#[test]
fn a_key_points_summary_above_the_story_is_dropped() {
    let summary = "Key Points\n\
        The harbour authority approved a new ferry terminal on Sunday after a long dispute over its design.\n\
        The passenger building moves away from the fishing quay, and a second berth is added for larger vessels.\n\n";
    let text = STORY.replacen("PORTVILLE, March 3", &format!("{summary}PORTVILLE, March 3"), 1);
    let c = clean(&text);
    assert!(!c.body.iter().any(|p| p == "Key Points" || p.contains("second berth is added")), "{:?}", c.body);
    assert!(c.body[0].starts_with("PORTVILLE, March 3"), "{:?}", c.body);
    assert_eq!(c.body.len(), 5, "{:?}", c.body);
}
