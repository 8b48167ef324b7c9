//! Dates as editors write them: `2024-11-25`, `2024-11-25 14:03`, or RFC 3339.
//! A date without a zone is read in the site's time zone; a time with a
//! zone keeps it, so pages show the outlet's own calendar date and clock.

use chrono::{
    DateTime, Datelike, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Timelike,
};
use chrono_tz::{OffsetName, Tz};

use crate::model::Stamp;

/// Parses a date or date-time; `Err` says what forms are accepted.
pub(crate) fn parse_stamp(text: &str, tz: Tz) -> Result<Stamp, String> {
    let text = text.trim();
    if let Some(at) = with_offset(text) {
        return in_range(at.year(), text).map(|()| Stamp { at, has_time: true });
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        in_range(date.year(), text)?;
        return local(tz, date.and_time(NaiveTime::MIN), false, text);
    }
    for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            in_range(naive.year(), text)?;
            return local(tz, naive, true, text);
        }
    }
    Err(format!("\"{text}\" is not a date"))
}

/// Years a date may have. chrono's own range ends near ±262,000, where
/// adding a day or an hour overflows; feeds and sitemaps want four digits.
/// Inside this range no date arithmetic of ours can overflow.
pub(crate) const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

fn in_range(year: i32, text: &str) -> Result<(), String> {
    if YEARS.contains(&year) {
        Ok(())
    } else {
        Err(format!("\"{text}\" has the year {year}; dates from {} to {} are accepted", YEARS.start(), YEARS.end()))
    }
}

/// RFC 3339, also without seconds (`2025-01-15T09:30-03:00`) or with a
/// space for the `T`: the offset is kept as written.
fn with_offset(text: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at);
    }
    let text = match text.strip_suffix(['Z', 'z']) {
        Some(head) => format!("{head}+00:00"),
        None => text.to_string(),
    };
    ["%Y-%m-%dT%H:%M%:z", "%Y-%m-%d %H:%M%:z", "%Y-%m-%d %H:%M:%S%:z", "%Y-%m-%dT%H:%M:%S%:z"]
        .iter()
        .find_map(|f| DateTime::parse_from_str(&text, f).ok())
}

pub(crate) const DATE_HINT: &str =
    "write a date as 2024-11-25, or a date and time as 2024-11-25T14:03:00-05:00 (a time without a zone is read in site.toml's timezone)";

fn local(tz: Tz, naive: NaiveDateTime, has_time: bool, text: &str) -> Result<Stamp, String> {
    let stamp = |at: DateTime<Tz>| Ok(Stamp { at: at.fixed_offset(), has_time });
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => stamp(at),
        // A time skipped by a daylight-saving change: move past the gap.
        LocalResult::None => match tz.from_local_datetime(&(naive + chrono::Duration::hours(1))) {
            LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => stamp(at),
            LocalResult::None => Err(format!("\"{text}\" does not exist in the site's time zone")),
        },
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The English name of a month (1 to 12; clamped).
pub fn month_name(month: u32) -> &'static str {
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}

/// "25 November 2024"
pub(crate) fn display_date(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), month_name(date.month()), date.year())
}

/// "25 November 2024", or with the time and zone it was written in:
/// "15 January 2025, 09:30 UTC−3". The date is the one on the outlet's
/// calendar, never moved into another zone.
pub(crate) fn display_stamp(stamp: &Stamp, site_zone: Tz) -> String {
    if stamp.has_time {
        // Not chrono's `format("%H:%M")`: it reads its pattern anew for every card.
        let (date, at) = (display_date(stamp.date()), &stamp.at);
        format!("{date}, {:02}:{:02} {}", at.hour(), at.minute(), zone_label(at, site_zone))
    } else {
        display_date(stamp.date())
    }
}

/// The site zone's abbreviation ("EST") when the offset is the site's at
/// that instant; otherwise the offset itself ("UTC", "UTC−3", "UTC+5:30").
pub(crate) fn zone_label(at: &DateTime<FixedOffset>, site_zone: Tz) -> String {
    let site = site_zone.offset_from_utc_datetime(&at.naive_utc());
    if site.fix() == *at.offset() {
        // Zones without a common abbreviation are named "-03" by the database.
        if let Some(name) = site.abbreviation().filter(|n| n.starts_with(|c: char| c.is_ascii_alphabetic())) {
            return name.to_string();
        }
    }
    let secs = at.offset().local_minus_utc();
    if secs == 0 {
        return "UTC".to_string();
    }
    let sign = if secs < 0 { '\u{2212}' } else { '+' };
    let (hours, minutes) = (secs.abs() / 3600, secs.abs() % 3600 / 60);
    if minutes == 0 {
        format!("UTC{sign}{hours}")
    } else {
        format!("UTC{sign}{hours}:{minutes:02}")
    }
}

/// `2024-11-25` or `2024-11-25T14:03:00-05:00`, in the offset as written.
pub(crate) fn iso_stamp(stamp: &Stamp) -> String {
    if stamp.has_time {
        rfc3339(stamp)
    } else {
        stamp.date().format("%Y-%m-%d").to_string()
    }
}

/// RFC 3339 always (feeds and sitemaps need a full timestamp), in the
/// offset as written; a date alone is its midnight in the site's zone.
pub(crate) fn rfc3339(stamp: &Stamp) -> String {
    stamp.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dates_in_the_site_zone() {
        let tz: Tz = "America/Toronto".parse().unwrap();
        let s = parse_stamp("2024-11-25", tz).unwrap();
        assert!(!s.has_time);
        assert_eq!(rfc3339(&s), "2024-11-25T00:00:00-05:00");
        let s = parse_stamp("2024-07-01 09:15", tz).unwrap();
        assert_eq!(iso_stamp(&s), "2024-07-01T09:15:00-04:00");
        assert_eq!(display_stamp(&s, tz), "1 July 2024, 09:15 EDT");
    }

    #[test]
    fn keeps_the_outlets_offset_and_calendar_date() {
        let tz: Tz = "America/Toronto".parse().unwrap();
        // 02:31 UTC on the 16th is the 15th in Toronto: the page says the 16th.
        let s = parse_stamp("2025-01-16T02:31:00Z", tz).unwrap();
        assert_eq!(s.date(), NaiveDate::from_ymd_opt(2025, 1, 16).unwrap());
        assert_eq!(iso_stamp(&s), "2025-01-16T02:31:00+00:00");
        assert_eq!(display_stamp(&s, tz), "16 January 2025, 02:31 UTC");
        // As the issue wrote it: no seconds.
        assert_eq!(parse_stamp("2025-01-16T02:31Z", tz).unwrap(), s);
        let s = parse_stamp("2025-01-15T09:30-03:00", tz).unwrap();
        assert_eq!(display_stamp(&s, tz), "15 January 2025, 09:30 UTC\u{2212}3");
        assert_eq!(iso_stamp(&s), "2025-01-15T09:30:00-03:00");
        let s = parse_stamp("2025-01-15 23:10:00+05:30", tz).unwrap();
        assert_eq!(display_stamp(&s, tz), "15 January 2025, 23:10 UTC+5:30");
        // The site's own offset is named by the site's zone.
        let s = parse_stamp("2025-01-15T21:31:00-05:00", tz).unwrap();
        assert_eq!(display_stamp(&s, tz), "15 January 2025, 21:31 EST");
        // Same instant, same order, whatever the offset it was written in.
        let a = parse_stamp("2025-01-16T02:31:00Z", tz).unwrap();
        assert_eq!(a, s);
        // ...but not written alike: the date shown differs.
        assert!(!a.same_as(&s) && a.same_as(&a));
    }

    #[test]
    fn zones_without_an_abbreviation_are_offsets() {
        let tz: Tz = "America/Santiago".parse().unwrap();
        let s = parse_stamp("2025-06-15 09:30", tz).unwrap();
        assert_eq!(display_stamp(&s, tz), "15 June 2025, 09:30 UTC\u{2212}4");
        assert_eq!(display_stamp(&parse_stamp("2025-06-15", tz).unwrap(), tz), "15 June 2025");
    }

    #[test]
    fn rejects_years_at_the_edge_of_chronos_range() {
        for text in
            ["-262143-01-01", "+262142-12-31", "+262142-12-31 23:30", "+262142-12-31T23:30:00+14:00", "0999-12-31"]
        {
            let err = parse_stamp(text, chrono_tz::America::Toronto).unwrap_err();
            assert!(err.contains("dates from 1000 to 9999 are accepted"), "{text}: {err}");
        }
        assert!(parse_stamp("9999-12-31 23:30", chrono_tz::Pacific::Kiritimati).is_ok());
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        let tz = Tz::UTC;
        for bad in ["2024-13-01", "25/11/2024", "yesterday", ""] {
            assert!(parse_stamp(bad, tz).is_err(), "{bad}");
        }
    }
}
