//! Dates and times as pages print them: "Fri 14 Mar 2025 09.42 GMT",
//! "Nov. 7, 2024 2:15 pm ET", "2024-11-25". Zone names become offsets,
//! resolved for the date (ET in November is -05:00, in June -04:00).

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone};
use regex::Regex;

const MONTHS: &str = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|mars|avr|mai|juin|juil|août|sept|déc|ene|abr|ago|dic|fev|set|out|dez|gen|mag|giu|lug|ott|märz|okt|январ|феврал|март|апрел|мая|май|июн|июл|август|сентябр|октябр|ноябр|декабр)\p{L}*\.?";

static MDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b{MONTHS}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")).expect("valid regex")
});
static DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th|º)?\.?\s+(?:de\s+)?{MONTHS}(?:\s+de)?,?\s+(\d{{4}})\b"))
        .expect("valid regex")
});
static ISO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").expect("valid regex"));
static SLASHED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b").expect("valid regex"));
static NUMERIC_DMY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b").expect("valid regex"));
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[^\d.:])(\d{1,2})[:.](\d{2})(?::\d{2})?\s*(a\.?m\.?|p\.?m\.?)?\s*((?-i:[A-Z]{1,5})|[+-]\d{2}:?\d{2})?",
    )
    .expect("valid regex")
});
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(updated\s+)?(\d+\s*(s|m|h|d|w|mins?|minutes?|hours?|hrs?|days?|weeks?)\s+ago|just now|yesterday)$",
    )
    .expect("valid regex")
});

/// A date found in a line, with a time and offset when the line has them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub date: NaiveDate,
    /// RFC 3339 when the line gives a time with a known zone.
    pub rfc3339: Option<String>,
    /// Byte range of the matched date text.
    pub start: usize,
    pub end: usize,
}

impl Found {
    /// The value for `published`: RFC 3339 when known, else the ISO date.
    pub(crate) fn value(&self) -> String {
        self.rfc3339.clone().unwrap_or_else(|| self.date.format("%Y-%m-%d").to_string())
    }
}

/// Finds the first date in the text, and a time after it.
pub(super) fn find(text: &str) -> Option<Found> {
    let (date, start, end) = find_date(text)?;
    let rest = text.get(end..).unwrap_or("");
    let rfc3339 = find_time(rest).and_then(|(t, zone)| to_rfc3339(date, t, zone));
    Some(Found { date, rfc3339, start, end })
}

/// Where the first date in the text starts (as `find`, without the time).
pub(super) fn find_start(text: &str) -> Option<usize> {
    find_date(text).map(|(_, start, _)| start)
}

/// "9m ago", "2 hours ago": relative times never count as a date.
pub(super) fn is_relative(text: &str) -> bool {
    RELATIVE.is_match(text.trim())
}

/// A bare clock time such as a liveblog entry's "14.28 BST" or "9:05am".
pub(super) fn is_clock_line(text: &str) -> bool {
    let t = text.trim();
    if t.len() > 20 {
        return false;
    }
    // In ASCII text a time is two ASCII digits after a digit and a colon
    // or full stop; most short lines have none, and skip the regex.
    let digit_pair = |w: &[u8]| {
        w[0].is_ascii_digit() && matches!(w[1], b':' | b'.') && w[2].is_ascii_digit() && w[3].is_ascii_digit()
    };
    if t.is_ascii() && !t.as_bytes().windows(4).any(digit_pair) {
        return false;
    }
    TIME.find(t).is_some_and(|m| m.as_str().trim().len() + 1 >= t.len())
}

fn find_date(text: &str) -> Option<(NaiveDate, usize, usize)> {
    // Every pattern has a four-digit year (`\d{4}`). `\d` is 0-9 or a
    // non-ASCII decimal digit (which `is_numeric` covers): a line without
    // four ASCII digits in a row and with no non-ASCII digit has no date.
    if !text.as_bytes().windows(4).any(|w| w.iter().all(u8::is_ascii_digit))
        && (text.is_ascii() || !text.chars().any(|c| !c.is_ascii() && c.is_numeric()))
    {
        return None;
    }
    // Each pattern's separator is a plain character: no line without it matches.
    let numeric = |sep: char, re: &Regex, date: fn(&regex::Captures) -> Option<NaiveDate>| {
        let c = text.contains(sep).then(|| re.captures(text)).flatten()?;
        c.get(0).map(|m| (m.start(), m.end(), date(&c)))
    };
    let [mdy, dmy] = month_dates(text);
    let iso = numeric('-', &ISO, |c| ymd(&c[1], c[2].parse().ok(), &c[3]));
    let slashed = numeric('/', &SLASHED, slashed_date);
    let dotted = numeric('.', &NUMERIC_DMY, |c| ymd(&c[3], c[2].parse().ok(), &c[1]));
    // The earliest valid date; of two at the same place, the first listed.
    [mdy, dmy, iso, slashed, dotted]
        .into_iter()
        .flatten()
        .filter_map(|(start, end, date)| Some((date?, start, end)))
        .min_by_key(|&(_, start, _)| start)
}

/// Day first or month first is plain only when one exceeds 12.
fn slashed_date(c: &regex::Captures) -> Option<NaiveDate> {
    let (a, b): (u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?);
    match (a > 12, b > 12) {
        (true, false) => ymd(&c[3], Some(b), &c[1]),
        (false, true) => ymd(&c[3], Some(a), &c[2]),
        _ => None,
    }
}

/// A date match: its byte range and the date (`None` when invalid).
type Match = (usize, usize, Option<NaiveDate>);

/// The first matches of `MDY` and of `DMY`. In a plain line (`blocks::is_plain`)
/// `\s`, `\d`, `\p{L}` and `\b` are their ASCII selves and its marks are
/// other characters: there the patterns are followed byte by byte, each
/// quantifier's greedy choice being the only one that can succeed
/// (`plain_month_dates_match_the_regexes`), far cheaper than the regexes.
fn month_dates(text: &str) -> [Option<Match>; 2] {
    if !super::blocks::is_plain(text) {
        return month_dates_by_regex(text);
    }
    let b = text.as_bytes();
    let word = |i: usize| b.get(i).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_');
    let run = |i: usize, f: fn(&u8) -> bool| b.get(i..).map_or(0, |r| r.iter().take_while(|c| f(c)).count());
    let spaces = |i: usize| i + run(i, |c| matches!(c, b'\t'..=b'\r' | b' '));
    let lit = |i: usize, s: &str| b.get(i..i + s.len()).is_some_and(|w| w.eq_ignore_ascii_case(s.as_bytes()));
    let dot = |i: usize| i + usize::from(b.get(i) == Some(&b'.'));
    let suffix = |i: usize| i + 2 * usize::from(["st", "nd", "rd", "th"].iter().any(|s| lit(i, s)));
    // A month: the name the alternation picks, and the end of its letters.
    let month_at = |i: usize| {
        let first = b.get(i)?.to_ascii_lowercase();
        // Most words start with a letter no name does.
        if MONTH_INITIALS >> (first.wrapping_sub(b'a') & 31) & 1 == 0 {
            return None;
        }
        let name = ASCII_MONTHS.iter().find(|name| name.as_bytes()[0] == first && lit(i, name))?;
        Some((lower_month(name), i + run(i, u8::is_ascii_alphabetic)))
    };
    // `,?\s+(\d{4})\b` from `i`: where the year starts.
    let year_at = |i: usize| {
        let i = i + usize::from(b.get(i) == Some(&b','));
        let j = spaces(i);
        (j > i && run(j, u8::is_ascii_digit) >= 4 && !word(j + 4)).then_some(j)
    };
    let date = |y: usize, m: Option<u32>, d: std::ops::Range<usize>| ymd(&text[y..y + 4], m, &text[d]);
    let mdy = |s: usize| {
        let (m, end) = month_at(s)?;
        let k = spaces(dot(end));
        let d = run(k, u8::is_ascii_digit);
        let y = (k > dot(end) && (1..=2).contains(&d)).then(|| year_at(suffix(k + d))).flatten()?;
        Some((s, y + 4, date(y, m, k..k + d)))
    };
    let dmy = |s: usize| {
        let d = run(s, u8::is_ascii_digit);
        let p = dot(suffix(s + d));
        let mut q = spaces(p);
        if !(1..=2).contains(&d) || q == p {
            return None;
        }
        if lit(q, "de") && spaces(q + 2) > q + 2 {
            q = spaces(q + 2);
        }
        let (m, end) = month_at(q)?;
        let (j, r) = (dot(end), spaces(dot(end)));
        let y = (r > j && lit(r, "de")).then(|| year_at(r + 2)).flatten().or_else(|| year_at(j))?;
        Some((s, y + 4, date(y, m, s..s + d)))
    };
    let starts = |class: fn(&u8) -> bool| (0..b.len()).filter(move |&s| class(&b[s]) && (s == 0 || !word(s - 1)));
    [starts(u8::is_ascii_alphabetic).find_map(mdy), starts(u8::is_ascii_digit).find_map(dmy)]
}

/// The first matches of `MDY` and of `DMY`, by the regexes themselves.
fn month_dates_by_regex(text: &str) -> [Option<Match>; 2] {
    let found = |c: regex::Captures, m: usize, d: usize| {
        c.get(0).map(|all| (all.start(), all.end(), ymd(&c[3], month(&c[m]), &c[d])))
    };
    [MDY.captures(text).and_then(|c| found(c, 1, 2)), DMY.captures(text).and_then(|c| found(c, 2, 1))]
}

/// `MONTHS`' ASCII names in its order (the first that matches is captured).
const ASCII_MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "janv", "mars", "avr", "mai",
    "juin", "juil", "sept", "ene", "abr", "ago", "dic", "fev", "set", "out", "dez", "gen", "mag", "giu", "lug", "ott",
    "okt",
];

/// A bit per letter (from 'a') that starts one of `ASCII_MONTHS`.
const MONTH_INITIALS: u32 = {
    let (mut bits, mut i) = (0, 0);
    while i < ASCII_MONTHS.len() {
        bits |= 1 << (ASCII_MONTHS[i].as_bytes()[0] - b'a');
        i += 1;
    }
    bits
};

fn ymd(year: &str, month: Option<u32>, day: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year.parse().ok()?, month?, day.parse().ok()?)
}

/// Month number from an English, French, Spanish, Portuguese, Italian or
/// German name or abbreviation.
fn month(name: &str) -> Option<u32> {
    lower_month(name.to_lowercase().trim_end_matches('.'))
}

fn lower_month(n: &str) -> Option<u32> {
    // Each month's name prefixes, January first.
    const NAMES: [&[&str]; 12] = [
        &["jan", "gen", "ene", "январ"],
        &["feb", "fév", "fev", "феврал"],
        &["mar", "mär", "март"],
        &["apr", "avr", "abr", "апрел"],
        &["may", "mai", "mag", "мая", "май"],
        &["jun", "juin", "giu", "июн"],
        &["jul", "juil", "lug", "июл"],
        &["aug", "août", "ago", "август"],
        &["sep", "set", "сентябр"],
        &["oct", "okt", "out", "ott", "октябр"],
        &["nov", "ноябр"],
        &["dec", "déc", "dic", "dez", "декабр"],
    ];
    let prefixes = NAMES.iter().zip(1..).flat_map(|(names, m)| names.iter().map(move |p| (p, m)));
    // Longest prefix first so "juin" beats "jun" and "juil" beats "jul".
    prefixes.filter(|(p, _)| n.starts_with(*p)).max_by_key(|(p, _)| p.len()).map(|(_, m)| m)
}

fn find_time(text: &str) -> Option<(NaiveTime, &str)> {
    let c = TIME.captures(text)?;
    let (hour, minute): (u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?);
    // "12:30 am" is 00:30, "12:30 pm" is 12:30.
    let hour = c.get(3).map_or(hour, |ampm| hour % 12 + if ampm.as_str().starts_with(['p', 'P']) { 12 } else { 0 });
    Some((NaiveTime::from_hms_opt(hour, minute, 0)?, c.get(4).map_or("", |m| m.as_str())))
}

/// Fixed zones and named regions; a region's offset depends on the date.
fn to_rfc3339(date: NaiveDate, time: NaiveTime, zone: &str) -> Option<String> {
    let local = NaiveDateTime::new(date, time);
    let fixed = |secs: i32| chrono::FixedOffset::east_opt(secs);
    // The pattern takes zone names in capitals only.
    let offset = match zone {
        "UTC" | "GMT" | "Z" | "WET" => fixed(0),
        "BST" | "CET" | "WEST" => fixed(3600),
        "CEST" | "EET" | "SAST" => fixed(7200),
        "EEST" | "MSK" => fixed(3 * 3600),
        "IST" => fixed(5 * 3600 + 1800),
        "JST" | "KST" => fixed(9 * 3600),
        "HKT" | "SGT" | "AWST" => fixed(8 * 3600),
        "AEST" => fixed(10 * 3600),
        "AEDT" => fixed(11 * 3600),
        "EDT" | "AST" => fixed(-4 * 3600),
        "EST" | "CDT" => fixed(-5 * 3600),
        "CST" | "MDT" => fixed(-6 * 3600),
        "MST" | "PDT" => fixed(-7 * 3600),
        "PST" => fixed(-8 * 3600),
        "ET" => region_offset(chrono_tz::America::New_York, local),
        "CT" => region_offset(chrono_tz::America::Chicago, local),
        "MT" => region_offset(chrono_tz::America::Denver, local),
        "PT" => region_offset(chrono_tz::America::Los_Angeles, local),
        "UK" => region_offset(chrono_tz::Europe::London, local),
        z if z.starts_with(['+', '-']) => numeric_offset(z),
        _ => None,
    }?;
    let dt = offset.from_local_datetime(&local).single()?;
    Some(dt.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
}

fn region_offset(tz: chrono_tz::Tz, local: NaiveDateTime) -> Option<chrono::FixedOffset> {
    tz.from_local_datetime(&local).earliest().map(|d| d.offset().fix())
}

fn numeric_offset(z: &str) -> Option<chrono::FixedOffset> {
    let sign = if z.starts_with('-') { -1 } else { 1 };
    let digits: String = z.chars().filter(char::is_ascii_digit).collect();
    let h: i32 = digits.get(..2)?.parse().ok()?;
    let m: i32 = digits.get(2..4)?.parse().ok()?;
    chrono::FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Option<String> {
        find(s).map(|f| f.value())
    }

    #[test]
    fn formats() {
        assert_eq!(v("Published Fri 14 Mar 2025 09.42 GMT").as_deref(), Some("2025-03-14T09:42:00+00:00"));
        assert_eq!(v("Published Nov. 7, 2024 2:15 pm ET").as_deref(), Some("2024-11-07T14:15:00-05:00"));
        assert_eq!(v("June 11, 2025 11:48 am ET").as_deref(), Some("2025-06-11T11:48:00-04:00"));
        assert_eq!(v("Tue 22 Oct 2024 06.10 BST").as_deref(), Some("2024-10-22T06:10:00+01:00"));
        assert_eq!(v("Monday, November 25, 2024").as_deref(), Some("2024-11-25"));
        assert_eq!(v("Saturday 15 March 2025").as_deref(), Some("2025-03-15"));
        assert_eq!(v("2024-11-25").as_deref(), Some("2024-11-25"));
        assert_eq!(v("nothing here"), None);
        assert_eq!(v("22/10/2024").as_deref(), Some("2024-10-22"));
        assert_eq!(v("10/22/2024").as_deref(), Some("2024-10-22"));
        assert_eq!(v("10/11/2024"), None);
        assert_eq!(v("11 октября 2018").as_deref(), Some("2018-10-11"));
        assert_eq!(v("3 de março de 2024").as_deref(), Some("2024-03-03"));
        assert_eq!(v("30. Juli 2018").as_deref(), Some("2018-07-30"));
        assert_eq!(v("February 30, 2024"), None);
    }

    /// The byte-wise reading of plain lines finds what the regexes find,
    /// on random lines of date-like pieces and on every line of the
    /// fixtures and the real pages (when present).
    #[test]
    fn plain_month_dates_match_the_regexes() {
        const PIECES: &[&str] = &[
            "Jan",
            "january",
            "MARS",
            "Sept.",
            "sep",
            "okt",
            "Dez",
            "de",
            "DE",
            "juin",
            "Juillet",
            "mai",
            "Nov.",
            "mayo",
            "3",
            "14",
            "07",
            "123",
            "2024",
            "20245",
            "1999",
            "st",
            "ND",
            "th",
            "rd",
            ",",
            ".",
            " ",
            "  ",
            "\t",
            "\u{b}",
            "—",
            "“",
            "’",
            "x",
            "_",
            "a",
            "-",
            "/",
            "(",
            ")",
            "de ",
            "Published",
            "Mar2024",
            "5th",
            "on",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        // Pieces of both patterns in order (each one at times replaced by
        // any piece), between random pieces.
        const SHAPES: &[&[&str]] = &[
            &["Jan", "Sept", "mars", "DEZ", "okt", "Juin", "may"],
            &["", "", "."],
            &[" ", "  ", "\t", "\u{b}"],
            &["5", "14", "31", "02", "123"],
            &["", "", "st", "TH", "nd", "rd"],
            &["", ".", ","],
            &[" ", "  ", "\t", " de ", "de "],
            &["2024", "1999", "20245", "0000"],
            &["", " ", ",", "x", "_", "—", "5", "."],
        ];
        let mut lines: Vec<String> = (0..200_000)
            .map(|_| {
                let mut line = String::new();
                for _ in 0..1 + next(3) {
                    (0..next(3)).for_each(|_| line.push_str(PIECES[next(PIECES.len())]));
                    // Month first, or the day first (and the month after "de").
                    let order: &[usize] =
                        if next(2) == 0 { &[0, 1, 2, 3, 4, 5, 2, 7, 8] } else { &[3, 4, 1, 6, 0, 1, 6, 5, 2, 7, 8] };
                    for &k in order {
                        let piece =
                            if next(20) == 0 { PIECES[next(PIECES.len())] } else { SHAPES[k][next(SHAPES[k].len())] };
                        line.push_str(piece);
                    }
                }
                line
            })
            .collect();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in [root.join("tests/fixtures/clean/raw"), root.join("../shared/samples/real")] {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                lines.extend(text.lines().map(str::to_string));
            }
        }
        let (mut plain, mut found) = (0, [0; 2]);
        for line in lines.iter().filter(|l| super::super::blocks::is_plain(l)) {
            let fast = month_dates(line);
            assert_eq!(fast, month_dates_by_regex(line), "{line:?}");
            plain += 1;
            (0..2).for_each(|k| found[k] += usize::from(fast[k].is_some()));
        }
        assert!(plain > 100_000 && found[0] > 10_000 && found[1] > 5_000, "{plain} {found:?}");
    }

    #[test]
    fn clocks_and_relative() {
        assert!(is_clock_line("14.28 BST"));
        assert!(is_clock_line("9:05am"));
        assert!(!is_clock_line("5.2 million hectares burned"));
        assert!(is_relative("9m ago"));
        assert!(is_relative("2 hours ago"));
        assert!(!is_relative("Two years ago he left"));
    }
}
