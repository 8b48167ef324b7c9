//! Property test of the cleaner over arbitrary input: it never panics, and
//! everything it extracts as text (title, body, figures) is found verbatim
//! in its input. Inputs come from a deterministic generator, so a failure
//! is reproducible from the printed case number.

use broadsheet::clean::{clean_corpus, Cleaned, RawText};

/// xorshift64*: small and deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pieces that exercise the cleaner's rules, mixed with random characters.
const PIECES: &[&str] = &[
    "Source",
    ":",
    "Source : Wire",
    "By Ann Lee and Bo Kim",
    "By AFP",
    "Date:",
    "Published Fri 14 Mar 2025 09.42 GMT",
    "Monday, November 25, 2024",
    "14.28 BST",
    "9m ago",
    "[File: Jo Doe/AP Photo)",
    "(Photo: X/Y)",
    "Credit: A B/Getty Images",
    "[1/2] ",
    "Related",
    "More like this",
    "Advertisement",
    "Read more: x",
    "Subscribe now",
    "© 2024 Example Ltd. All rights reserved.",
    "Reporting by A B in C; Editing by D E",
    "— Name, Org",
    "“",
    "”",
    "é",
    "日本語の文章です。",
    "Привет, мир.",
    "\t",
    " ",
    "\r\n",
    "\n",
    "\n\n",
    ". ",
    "/",
    "[",
    "]",
    "(",
    ")",
    "The council said on Tuesday that it would act.",
    "Key events",
    "Updated at 14.37 BST",
    "by",
    "AM UTCUpdated",
    "2:15 pm ET",
    "\u{FFFD}",
    "\u{200B}",
    "🙂",
    "ß",
    "İ",
    "ǅ",
    "\u{0301}",
    "1/",
    "//",
    "@",
    " at ",
    "x.com: y",
];

fn random_text(rng: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..rng.below(120) {
        match rng.below(4) {
            0 => {
                // Arbitrary characters, including control and non-BMP ones.
                for _ in 0..rng.below(12) {
                    let c = char::from_u32(rng.below(0x2_0000) as u32).unwrap_or('?');
                    s.push(c);
                }
            }
            1 => s.push('\n'),
            _ => s.push_str(PIECES[rng.below(PIECES.len())]),
        }
    }
    s
}

fn check(input: &str, out: &Cleaned, case: usize) {
    let found = |t: &str, what: &str| {
        assert!(input.contains(t), "case {case}: {what} {t:?} is not in the input {input:?}");
    };
    if let Some(t) = &out.title {
        found(t, "title");
    }
    for p in &out.body {
        found(p, "body paragraph");
        assert!(!p.contains('\n'), "case {case}: paragraph spans lines: {p:?}");
    }
    for f in &out.figures {
        for t in [&f.alt, &f.caption, &f.credit].into_iter().flatten() {
            found(t, "figure text");
        }
    }
}

#[test]
fn arbitrary_input_never_panics_and_invents_nothing() {
    let mut rng = Rng(0x1234_5678_9ABC_DEF1);
    // CLEAN_FUZZ_CASES=100000 for a longer run.
    let cases: usize = std::env::var("CLEAN_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(3000);
    for case in 0..cases {
        let texts: Vec<String> = (0..1 + rng.below(3)).map(|_| random_text(&mut rng)).collect();
        let raws: Vec<RawText> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| RawText { name: format!("case-{case}-{i}.txt"), text: t.clone() })
            .collect();
        let out = clean_corpus(&raws);
        assert_eq!(out.len(), raws.len());
        for (t, o) in texts.iter().zip(&out) {
            check(t, o, case);
        }
    }
}

#[test]
fn samples_cut_anywhere_never_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean/raw");
    let mut rng = Rng(42);
    for entry in std::fs::read_dir(dir).expect("fixtures") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("utf-8 fixture");
        for case in 0..40 {
            // Cut at a random character boundary and splice two pieces.
            let chars: Vec<char> = text.chars().collect();
            let a = rng.below(chars.len());
            let b = rng.below(chars.len());
            let (lo, hi) = (a.min(b), a.max(b));
            let cut: String = chars[..lo].iter().chain(chars[hi..].iter()).collect();
            let out = clean_corpus(&[RawText { name: "cut.txt".into(), text: cut.clone() }]);
            check(&cut, &out[0], case);
        }
    }
}

#[test]
fn bad_inputs_get_warnings_naming_the_file() {
    let cases = [
        ("empty.txt", String::new()),
        ("blank.txt", "   \n\n  ".to_string()),
        ("binary.txt", "\u{0}\u{1}\u{2}PNG\u{0}\u{0}".repeat(50)),
        ("notitle.txt", "a\nb\nc".to_string()),
        ("big.txt", "The council said on Tuesday that it would act soon.\n\n".repeat(60_000)),
    ];
    let raws: Vec<RawText> = cases.iter().map(|(n, t)| RawText { name: (*n).to_string(), text: t.clone() }).collect();
    let out = clean_corpus(&raws);
    for ((name, _), o) in cases.iter().zip(&out) {
        assert!(
            o.warnings.iter().any(|w| w.starts_with(name)),
            "{name}: expected a warning naming the file, got {:?}",
            o.warnings
        );
    }
    assert!(out[0].warnings[0].contains("meta.yaml"), "hint at a sidecar file");
    assert!(out[3].warnings.iter().any(|w| w.contains("title")));
}
