//! Dates as editors write them: `2024-11-25`, `2024-11-25 14:03`, or RFC 3339.
//! A date without a zone is read in the site's time zone.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

use crate::model::Stamp;

/// Parses a date or date-time; `Err` says what forms are accepted.
pub fn parse_stamp(text: &str, tz: Tz) -> Result<Stamp, String> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(Stamp { at: at.with_timezone(&tz), has_time: true });
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return local(tz, date.and_time(NaiveTime::MIN), false, text);
    }
    for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return local(tz, naive, true, text);
        }
    }
    Err(format!("\"{text}\" is not a date"))
}

pub const DATE_HINT: &str =
    "write a date as 2024-11-25, or a date and time as 2024-11-25T14:03:00-05:00 (a time without a zone is read in site.toml's timezone)";

fn local(tz: Tz, naive: NaiveDateTime, has_time: bool, text: &str) -> Result<Stamp, String> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => Ok(Stamp { at, has_time }),
        // A time skipped by a daylight-saving change: move past the gap.
        LocalResult::None => match tz.from_local_datetime(&(naive + chrono::Duration::hours(1))) {
            LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => Ok(Stamp { at, has_time }),
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

pub fn month_name(month: u32) -> &'static str {
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}

/// "25 November 2024"
pub fn display_date(date: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {} {}", date.day(), month_name(date.month()), date.year())
}

/// "25 November 2024" or "25 November 2024, 14:03"
pub fn display_stamp(stamp: &Stamp) -> String {
    if stamp.has_time {
        format!("{}, {}", display_date(stamp.date()), stamp.at.format("%H:%M"))
    } else {
        display_date(stamp.date())
    }
}

/// `2024-11-25` or `2024-11-25T14:03:00-05:00`
pub fn iso_stamp(stamp: &Stamp) -> String {
    if stamp.has_time {
        stamp.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    } else {
        stamp.date().format("%Y-%m-%d").to_string()
    }
}

/// RFC 3339 always (feeds and sitemaps need a full timestamp).
pub fn rfc3339(stamp: &Stamp) -> String {
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
        let s = parse_stamp("2024-11-25T23:30:00Z", tz).unwrap();
        assert_eq!(iso_stamp(&s), "2024-11-25T18:30:00-05:00");
        let s = parse_stamp("2024-07-01 09:15", tz).unwrap();
        assert_eq!(iso_stamp(&s), "2024-07-01T09:15:00-04:00");
        assert_eq!(display_stamp(&s), "1 July 2024, 09:15");
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        let tz = Tz::UTC;
        for bad in ["2024-13-01", "25/11/2024", "yesterday", ""] {
            assert!(parse_stamp(bad, tz).is_err(), "{bad}");
        }
    }
}
