//! The cleaner's quality bars on the annotated samples (cleaned as one
//! folder and each file alone), and on the real pages when they exist.
#![allow(clippy::print_stderr)]

use std::path::Path;

use broadsheet::clean_eval::quality::{self, Summary};

fn fixtures() -> Vec<quality::Sample> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean");
    let samples = quality::load_samples(&dir).expect("fixtures load");
    assert_eq!(samples.len(), 13, "13 annotated samples");
    samples
}

fn assert_bars(m: &Summary, mode: &str, table: &str) {
    let n = m.files;
    let ok = m.paragraph_f1 >= 0.98
        && m.token_f1 >= 0.99
        && m.body_exact >= 11
        && m.title == n
        && m.source == n
        && m.published >= 12
        && m.retrieved >= 12
        && m.authors >= 12
        && m.caption_recall >= 0.95
        && m.credit_accuracy >= 0.95;
    assert!(ok, "quality bars not met ({mode}):\n{table}");
}

#[test]
fn samples_cleaned_as_one_folder_meet_the_bars() {
    let scores = quality::score_samples(&fixtures(), true);
    assert_bars(&quality::summarise(&scores), "one folder", &quality::table(&scores));
}

#[test]
fn samples_cleaned_alone_meet_the_bars() {
    let scores = quality::score_samples(&fixtures(), false);
    assert_bars(&quality::summarise(&scores), "each file alone", &quality::table(&scores));
}

#[test]
fn real_pages_meet_the_benchmark_bar_when_present() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/samples/real");
    if !dir.is_dir() {
        eprintln!("skipped: {} not found (real pages are never copied into the repo)", dir.display());
        return;
    }
    let report = quality::score_real(&dir).expect("real pages load");
    assert!(
        report.f1 >= 0.96,
        "real pages shingle F1 {:.4} (P {:.4}, R {:.4}) below the 0.96 bar",
        report.f1,
        report.precision,
        report.recall
    );
}

/// The headline chooser on the real pages with a true title: at least 90%
/// exact (57 of 63) with the shipped weights. The leave-one-site-out figure
/// (58/63 when fitted; 59/63 in sample) is `cargo run --release --example
/// clean_quality`'s, too slow for a test.
#[test]
fn real_page_titles_meet_the_bar_when_present() {
    use broadsheet::clean_eval::{fit, labelled, report};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/samples/real");
    if !dir.is_dir() {
        eprintln!("skipped: {} not found (real pages are never copied into the repo)", dir.display());
        return;
    }
    let pages = labelled::load_real(&dir).expect("real pages load");
    let cleaned = fit::clean_pages(&pages, &broadsheet::clean::fitted_params());
    let scores = report::score(&pages, &cleaned);
    let titled = scores.iter().filter(|s| s.title.is_some()).count();
    let exact = scores.iter().filter(|s| s.title == Some(true)).count();
    assert!(exact * 10 >= titled * 9, "titles exact {exact}/{titled}, below 90%");
}

/// Written pages from sites the samples do not cover: every field exact,
/// each file cleaned alone and the two together.
#[test]
fn written_pages_come_out_exactly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean/written");
    let samples = quality::load_samples(&dir).expect("written fixtures load");
    assert!(samples.len() >= 4, "written fixtures present");
    let raws: Vec<_> = samples.iter().map(|s| s.raw.clone()).collect();
    let together = broadsheet::clean::clean_corpus(&raws);
    let alone: Vec<_> = raws.iter().flat_map(|r| broadsheet::clean::clean_corpus(std::slice::from_ref(r))).collect();
    for got in [&together, &alone] {
        for (s, c) in samples.iter().zip(got) {
            let want = &s.expected;
            assert_eq!(c.title, want.title, "{}: title", s.name);
            assert_eq!(c.source, want.source, "{}: source", s.name);
            assert_eq!(c.published, want.published, "{}: published", s.name);
            assert_eq!(c.retrieved, want.retrieved, "{}: retrieved", s.name);
            assert_eq!(c.authors, want.authors, "{}: authors", s.name);
            assert_eq!(c.body, want.body, "{}: body", s.name);
            let figures: Vec<_> = c.figures.iter().map(|f| (&f.alt, &f.caption, &f.credit)).collect();
            let wanted: Vec<_> = want.figures.iter().map(|f| (&f.alt, &f.caption, &f.credit)).collect();
            assert_eq!(figures, wanted, "{}: figures", s.name);
        }
    }
}

/// Cleans written fixture `name` after `reshape` changes its layout, and
/// checks that body and alt texts come out as expected all the same.
fn reshaped_page_keeps_body_and_figures(name: &str, reshape: impl Fn(&str) -> String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean/written");
    let samples = quality::load_samples(&dir).expect("written fixtures load");
    let s = samples.iter().find(|s| s.name == name).unwrap_or_else(|| panic!("{name} fixture"));
    let raw = broadsheet::clean::RawText { name: format!("{name}-reshaped.txt"), text: reshape(&s.raw.text) };
    let got = broadsheet::clean::clean_corpus(std::slice::from_ref(&raw));
    assert_eq!(got[0].body, s.expected.body);
    let alts: Vec<_> = got[0].figures.iter().map(|f| f.alt.clone()).collect();
    let want: Vec<_> = s.expected.figures.iter().map(|f| f.alt.clone()).collect();
    assert_eq!(alts, want);
}

/// The dense written page with a blank line after every line: its alt-text
/// line (repeated by the caption) still goes to the figure, not the body.
#[test]
fn written_dense_page_spaced_out_keeps_its_figure() {
    reshaped_page_keeps_body_and_figures("river-flood", |text| text.lines().map(|l| format!("{l}\n\n")).collect());
}

/// The wire page with its blank lines removed: the alt text (which the
/// caption says again in other words) still goes to the figure.
#[test]
fn written_wire_page_made_dense_keeps_its_figure() {
    reshaped_page_keeps_body_and_figures("harbour-strike", |text| {
        text.lines().filter(|l| !l.trim().is_empty()).map(|l| format!("{l}\n")).collect()
    });
}

/// Whatever the breadcrumb's slashes look like, a masthead over it above
/// the headline is not a photo with its credit.
#[test]
fn header_masthead_over_a_breadcrumb_is_no_figure() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean/written");
    let samples = quality::load_samples(&dir).expect("written fixtures load");
    let s = samples.iter().find(|s| s.name == "river-flood").expect("river-flood fixture");
    for crumb in ["Home/Regions/North", "Home / Regions"] {
        let text: String = s
            .raw
            .text
            .lines()
            .map(|l| if l.contains(" / ") && !l.contains(':') { format!("{crumb}\n") } else { format!("{l}\n") })
            .collect();
        let raw = broadsheet::clean::RawText { name: "crumb.txt".into(), text };
        let got = broadsheet::clean::clean_corpus(std::slice::from_ref(&raw));
        assert_eq!(got[0].figures.len(), s.expected.figures.len(), "{crumb}");
        assert_eq!(got[0].source, s.expected.source, "{crumb}");
    }
}

/// Variants of the dense page's byline block: the headline stays the
/// headline, and the names under the standfirst are the authors.
#[test]
fn written_byline_block_variants() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean/written");
    let samples = quality::load_samples(&dir).expect("written fixtures load");
    let s = samples.iter().find(|s| s.name == "river-flood").expect("river-flood fixture");
    let name = &s.expected.authors[0];
    let cases: [(&str, &str, Vec<String>); 2] = [
        ("Regional correspondent", "Regional correspondent, North", vec![name.clone()]),
        (name.as_str(), "Hannah Oduya and Tom Reed", vec!["Hannah Oduya".into(), "Tom Reed".into()]),
    ];
    for (from, to, authors) in cases {
        let text: String =
            s.raw.text.lines().map(|l| if l == from { format!("{to}\n") } else { format!("{l}\n") }).collect();
        let raw = broadsheet::clean::RawText { name: "variant.txt".into(), text };
        let got = broadsheet::clean::clean_corpus(std::slice::from_ref(&raw));
        assert_eq!(got[0].title, s.expected.title, "{to}");
        assert_eq!(got[0].authors, authors, "{to}");
        assert_eq!(got[0].body, s.expected.body, "{to}");
    }
}
