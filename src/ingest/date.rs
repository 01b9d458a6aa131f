//! Publication dates as news pages, feeds and users write them.

use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// `2013-05-16`, `2013/05/16`, `2013.05.16`, and the date part of ISO/RFC 3339 datetimes.
static YMD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[\sT,])").expect("valid regex")
});
/// `16.05.2013` (day first, as written in much of Europe and the Middle East).
static DMY_DOTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:$|[\s,])").expect("valid regex")
});
/// `May 16, 2013`, `16 May 2013`, `Thu, 16 May 2013 09:00:00 +0000` (RFC 2822), `16th May 2013`.
static WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^
        (?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?
        (?:
            (?P<m1>[a-z]{3,9})\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{4})
          | (?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m2>[a-z]{3,9})\.?,?\s+(?P<y2>\d{4})
        )
        (?:$|[\s,T])",
    )
    .expect("valid regex")
});

/// Read a date in the forms news metadata and users write: ISO dates (`2013-05-16`), RFC 3339
/// and RFC 2822 datetimes (`2013-05-16T09:30:00-04:00`, `Thu, 16 May 2013 09:30:00 GMT`),
/// `May 16, 2013`, `16 May 2013`, `2013/05/16` and `16.05.2013`. Month names may be abbreviated;
/// a leading weekday and any time after the date are ignored.
///
/// For datetimes the date is the one written, in the writer's own time zone: a story stamped
/// `2013-05-16T23:30:00-04:00` was published on 16 May where it was written.
///
/// ```
/// use chrono::NaiveDate;
/// use conflictmap::ingest::parse_date;
/// let d = NaiveDate::from_ymd_opt(2013, 5, 16);
/// assert_eq!(parse_date("2013-05-16"), d);
/// assert_eq!(parse_date("Thu, 16 May 2013 09:00:00 +0000"), d);
/// assert_eq!(parse_date("May 16, 2013"), d);
/// assert_eq!(parse_date("last Thursday"), None);
/// ```
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let num = |m: Option<regex::Match>| m?.as_str().parse::<u32>().ok();
    if let Some(c) = YMD.captures(s) {
        return NaiveDate::from_ymd_opt(num(c.get(1))? as i32, num(c.get(2))?, num(c.get(3))?);
    }
    if let Some(c) = DMY_DOTS.captures(s) {
        return NaiveDate::from_ymd_opt(num(c.get(3))? as i32, num(c.get(2))?, num(c.get(1))?);
    }
    let c = WORDS.captures(s)?;
    let (month, day, year) = match c.name("m1") {
        Some(m) => (m, c.name("d1"), c.name("y1")),
        None => (c.name("m2")?, c.name("d2"), c.name("y2")),
    };
    NaiveDate::from_ymd_opt(num(year)? as i32, month_number(month.as_str())?, num(day)?)
}

/// `"May"`, `"sept"`, `"DECEMBER"` → 5, 9, 12. At least three letters, a prefix of the name.
fn month_number(word: &str) -> Option<u32> {
    #[rustfmt::skip]
    const MONTHS: [&str; 12] = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december",
    ];
    let word = word.to_ascii_lowercase();
    MONTHS.iter().position(|m| m.starts_with(&word)).map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn iso_and_slashed_dates() {
        assert_eq!(parse_date("2013-05-16"), d(2013, 5, 16));
        assert_eq!(parse_date(" 2013/05/16 "), d(2013, 5, 16));
        assert_eq!(parse_date("2013.5.6"), d(2013, 5, 6));
        assert_eq!(parse_date("16.05.2013"), d(2013, 5, 16));
    }

    #[test]
    fn datetimes_keep_the_writers_local_date() {
        assert_eq!(parse_date("2013-05-16T23:30:00-04:00"), d(2013, 5, 16));
        assert_eq!(parse_date("2013-05-16T09:30:00.123Z"), d(2013, 5, 16));
        assert_eq!(parse_date("2013-05-16 09:30"), d(2013, 5, 16));
        assert_eq!(parse_date("Thu, 16 May 2013 09:00:00 GMT"), d(2013, 5, 16));
        assert_eq!(parse_date("Thu, 16 May 2013 09:00 +0300"), d(2013, 5, 16));
    }

    #[test]
    fn written_out_dates() {
        assert_eq!(parse_date("May 16, 2013"), d(2013, 5, 16));
        assert_eq!(parse_date("16 May 2013"), d(2013, 5, 16));
        assert_eq!(parse_date("Thursday, May 16, 2013 at 9:41 AM"), d(2013, 5, 16));
        assert_eq!(parse_date("Sept. 3, 2014"), d(2014, 9, 3));
        assert_eq!(parse_date("3rd September 2014"), d(2014, 9, 3));
        assert_eq!(parse_date("dec 31 1999"), d(1999, 12, 31));
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for s in [
            "",
            "yesterday",
            "2013-02-30",
            "2013-13-01",
            "Mayday 16, 2013",
            "16 Ma 2013",
            "20130516x",
        ] {
            assert_eq!(parse_date(s), None, "{s:?}");
        }
    }
}
