//! Dates in a sentence, resolved against the publication date, with ACLED time precision.
//!
//! Rules (the `rule` name on each [`DateRef`]):
//!
//! | rule | example | resolves to | precision |
//! |---|---|---|---|
//! | `iso` | 2013-05-15 | that day | 1 |
//! | `month_day_year`, `day_month_year` | May 15, 2013 · 15 May 2013 | that day | 1 |
//! | `month_day`, `day_month` | May 15 · 15 May | that day in the publication year, or the year before if that would be more than one day after publication | 1 |
//! | `month_day_clamped` | "May 16" in an article of May 15 | the publication date (one day of grace for time zones, never later) | 1 |
//! | `ordinal_day` | on the 15th | that day of the publication month, or of the month before | 1 |
//! | `weekday` | on Wednesday · Wednesday night · late on Tuesday | the most recent such day **on or before** publication (ACLED practice: a weekday named in a report is the latest one not after it, so a Wednesday article's "on Wednesday" is that day) | 1 |
//! | `last_weekday` | last Wednesday | the most recent such day strictly before publication | 1 |
//! | `weekday_pair` | on Monday and Tuesday | the first day of the pair (the second resolved on-or-before, the first on-or-before the second) | 1 |
//! | `yesterday`, `last_night`, `overnight` | | publication − 1 day | 1 |
//! | `day_before_yesterday` | | publication − 2 days | 1 |
//! | `today` | today · this morning · earlier today · tonight | publication date | 1 |
//! | `days_ago` | two days ago | publication − N days | 1 |
//! | `few_days_ago`, `recent_days` | a few days ago · in recent days | publication − 3 days | 2 |
//! | `this_week` | earlier this week | midpoint of Monday..publication | 2 |
//! | `last_week`, `weeks_ago` | last week · two weeks ago | Thursday, the midpoint of that Monday–Sunday week | 2 |
//! | `weekend`, `last_weekend` | over the weekend | the Saturday of that weekend | 2 |
//! | `this_month` | earlier this month | the 15th, or the midpoint of the days elapsed before the 15th | 3 |
//! | `last_month`, `months_ago` | last month · two months ago | the 15th of that month | 3 |
//! | `month_year`, `month` | in March 2013 · in early March | the 15th of that month (year inferred as for `month_day`) | 3 |
//!
//! A date is never after the publication date: explicit future dates ("on June 30, 2031",
//! "next Tuesday") are dropped. Holidays named after weekdays ("Good Friday") are not weekdays.
//! Numeric dates like 05/06/2013 are ambiguous (day/month order) and are not read.

use std::sync::LazyLock;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use regex::{Captures, Regex};

use super::offsets::CharIndex;

/// A date mentioned in a sentence.
///
/// # Units
/// `start`/`end` are char offsets into the sentence given to [`find_dates`];
/// `precision` is ACLED's time precision: 1 day, 2 week, 3 month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateRef {
    pub date: NaiveDate,
    pub precision: u8,
    pub rule: &'static str,
    pub start: usize,
    pub end: usize,
}

const MONTHS: &str = r"January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?";
const FULL_MONTHS: &str =
    r"January|February|March|April|May|June|July|August|September|October|November|December";
const WEEKDAYS: &str = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";

/// A resolved date: (date, precision, rule).
type Resolved = (NaiveDate, u8, &'static str);
type Resolver = fn(&Captures, NaiveDate) -> Option<Resolved>;

/// A rule: its regex and how it resolves. A resolver returning `None` suppresses the span
/// (future dates, holidays) so that shorter rules cannot match inside it.
struct Rule {
    regex: Regex,
    resolve: Resolver,
}

fn month_number(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_ascii_lowercase();
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    names
        .iter()
        .position(|m| n.starts_with(m))
        .map(|i| i as u32 + 1)
}

fn weekday_of(name: &str) -> Option<Weekday> {
    name.get(..3)?.to_ascii_lowercase().parse::<Weekday>().ok()
}

fn num(c: &Captures, name: &str) -> Option<u32> {
    c.name(name)?.as_str().parse().ok()
}

fn days_before(d: NaiveDate, n: u64) -> Option<NaiveDate> {
    d.checked_sub_days(Days::new(n))
}

/// The most recent `wd` on or before `d`.
pub fn weekday_on_or_before(d: NaiveDate, wd: Weekday) -> NaiveDate {
    let back = (d.weekday().num_days_from_monday() + 7 - wd.num_days_from_monday()) % 7;
    d - Days::new(back as u64)
}

/// The most recent `wd` strictly before `d`.
pub fn weekday_before(d: NaiveDate, wd: Weekday) -> NaiveDate {
    weekday_on_or_before(d - Days::new(1), wd)
}

/// Monday of the week containing `d`.
fn monday_of(d: NaiveDate) -> NaiveDate {
    weekday_on_or_before(d, Weekday::Mon)
}

/// Day `day` of month `month` in the publication year, or the year before if that would be more
/// than one day after publication; clamped to publication when it is exactly one day after.
fn infer_year(published: NaiveDate, month: u32, day: u32) -> Option<(NaiveDate, bool)> {
    let this_year = NaiveDate::from_ymd_opt(published.year(), month, day);
    let grace = published + Days::new(1);
    match this_year {
        Some(d) if d <= published => Some((d, false)),
        Some(d) if d <= grace => Some((published, true)),
        _ => NaiveDate::from_ymd_opt(published.year() - 1, month, day).map(|d| (d, false)),
    }
}

fn mid_month(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 15)
}

/// The 15th of the publication month, or the midpoint of the elapsed days if before the 15th.
fn this_month_mid(published: NaiveDate) -> NaiveDate {
    if published.day() >= 15 {
        published.with_day(15).unwrap_or(published)
    } else {
        published
            .with_day(1 + (published.day() - 1) / 2)
            .unwrap_or(published)
    }
}

fn small_count(s: &str) -> Option<u64> {
    let s = s.to_ascii_lowercase();
    let words = [
        "a", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    if s == "an" || s == "one" {
        return Some(1);
    }
    if let Some(i) = words.iter().position(|w| *w == s) {
        return Some(i as u64 + 1);
    }
    s.parse().ok()
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let r = |src: String, resolve: Resolver| Rule {
        regex: Regex::new(&src).expect("date rule regex"),
        resolve,
    };
    vec![
        r(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b".into(), |c, _| {
            Some((NaiveDate::from_ymd_opt(num(c, "y")? as i32, num(c, "m")?, num(c, "d")?)?, 1, "iso"))
        }),
        r(format!(r"\b(?P<mon>{MONTHS})(?:\s+|,\s*)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b"), |c, _| {
            let m = month_number(c.name("mon")?.as_str())?;
            Some((NaiveDate::from_ymd_opt(num(c, "y")? as i32, m, num(c, "d")?)?, 1, "month_day_year"))
        }),
        r(format!(r"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MONTHS}),?\s+(?P<y>\d{{4}})\b"), |c, _| {
            let m = month_number(c.name("mon")?.as_str())?;
            Some((NaiveDate::from_ymd_opt(num(c, "y")? as i32, m, num(c, "d")?)?, 1, "day_month_year"))
        }),
        r(format!(r"\b(?P<mon>{MONTHS})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"), |c, p| {
            let m = month_number(c.name("mon")?.as_str())?;
            let (d, clamped) = infer_year(p, m, num(c, "d")?)?;
            Some((d, 1, if clamped { "month_day_clamped" } else { "month_day" }))
        }),
        r(format!(r"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MONTHS})\b"), |c, p| {
            let m = month_number(c.name("mon")?.as_str())?;
            let (d, clamped) = infer_year(p, m, num(c, "d")?)?;
            Some((d, 1, if clamped { "month_day_clamped" } else { "day_month" }))
        }),
        r(format!(r"\b(?:(?i:early|mid|late)[-\s]+)?(?P<mon>{FULL_MONTHS}),?\s+(?P<y>\d{{4}})\b"), |c, _| {
            let m = month_number(c.name("mon")?.as_str())?;
            Some((mid_month(num(c, "y")? as i32, m)?, 3, "month_year"))
        }),
        r(format!(r"\b(?i:in|since|during|throughout|until)\s+(?:(?i:early|mid|late)[-\s]+)?(?P<mon>{FULL_MONTHS})\b"), |c, p| {
            let m = month_number(c.name("mon")?.as_str())?;
            if m == p.month() {
                return Some((this_month_mid(p), 3, "month"));
            }
            let year = if m > p.month() { p.year() - 1 } else { p.year() };
            Some((mid_month(year, m)?, 3, "month"))
        }),
        r(r"\b(?i:on\s+the)\s+(?P<d>\d{1,2})(?:st|nd|rd|th)\b".into(), |c, p| {
            let day = num(c, "d")?;
            let this = p.with_day(day).filter(|d| *d <= p);
            let prev = || {
                let m = p.checked_sub_months(Months::new(1))?;
                NaiveDate::from_ymd_opt(m.year(), m.month(), day)
            };
            Some((this.or_else(prev)?, 1, "ordinal_day"))
        }),
        // Holidays named after weekdays are not weekdays; suppress them.
        r(format!(r"\b(?:Good|Ash|Black|Holy|Maundy|Palm|Easter|Bloody|Super|Cyber)\s+(?:{WEEKDAYS})\b"), |_, _| None),
        r(format!(r"\b(?i:next|this\s+coming|coming)\s+(?:{WEEKDAYS})\b"), |_, _| None),
        r(format!(r"\b(?:(?i:(?:late|early|overnight)\s+(?:on\s+)?|on\s+))?(?P<a>{WEEKDAYS})\s+(?i:and|to|through|into|or)\s+(?:(?i:on|early|late)\s+)?(?P<b>{WEEKDAYS})\b"), |c, p| {
            let second = weekday_on_or_before(p, weekday_of(c.name("b")?.as_str())?);
            Some((weekday_on_or_before(second, weekday_of(c.name("a")?.as_str())?), 1, "weekday_pair"))
        }),
        r(format!(r"\b(?i:last|this\s+past|past)\s+(?P<wd>{WEEKDAYS})\b"), |c, p| {
            Some((weekday_before(p, weekday_of(c.name("wd")?.as_str())?), 1, "last_weekday"))
        }),
        r(format!(r"\b(?:(?i:(?:late|early|overnight)\s+(?:on\s+)?|on\s+))?(?P<wd>{WEEKDAYS})\b(?:['’]s)?"), |c, p| {
            Some((weekday_on_or_before(p, weekday_of(c.name("wd")?.as_str())?), 1, "weekday"))
        }),
        r(r"(?i)\bthe\s+day\s+before\s+yesterday\b".into(), |_, p| Some((days_before(p, 2)?, 1, "day_before_yesterday"))),
        r(r"(?i)\byesterday\b".into(), |_, p| Some((days_before(p, 1)?, 1, "yesterday"))),
        r(r"(?i)\blast\s+night\b".into(), |_, p| Some((days_before(p, 1)?, 1, "last_night"))),
        r(r"(?i)\bovernight\b".into(), |_, p| Some((days_before(p, 1)?, 1, "overnight"))),
        r(r"(?i)\b(?:(?:earlier|later)\s+)?today\b|\bthis\s+(?:morning|afternoon|evening)\b|\btonight\b|\bearlier\s+in\s+the\s+day\b".into(), |_, p| Some((p, 1, "today"))),
        r(r"(?i)\b(?:a\s+)?few\s+days\s+ago\b|\b(?:a\s+)?couple\s+of\s+days\s+ago\b".into(), |_, p| Some((days_before(p, 3)?, 2, "few_days_ago"))),
        r(r"(?i)\b(?:in|over)\s+(?:recent|the\s+past\s+few|the\s+last\s+few)\s+days\b".into(), |_, p| Some((days_before(p, 3)?, 2, "recent_days"))),
        r(r"(?i)\b(?P<n>\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+days?\s+ago\b".into(), |c, p| {
            Some((days_before(p, small_count(c.name("n")?.as_str())?)?, 1, "days_ago"))
        }),
        r(r"(?i)\b(?P<n>\d{1,2}|an?|one|two|three|four|five|six)\s+weeks?\s+ago\b".into(), |c, p| {
            let back = small_count(c.name("n")?.as_str())? * 7;
            Some((monday_of(days_before(p, back)?) + Days::new(3), 2, "weeks_ago"))
        }),
        r(r"(?i)\b(?P<n>\d{1,2}|an?|one|two|three|four|five|six)\s+months?\s+ago\b".into(), |c, p| {
            let m = p.checked_sub_months(Months::new(small_count(c.name("n")?.as_str())? as u32))?;
            Some((mid_month(m.year(), m.month())?, 3, "months_ago"))
        }),
        r(r"(?i)\b(?:earlier\s+|later\s+)?this\s+week\b".into(), |_, p| {
            let mon = monday_of(p);
            Some((mon + Days::new(((p - mon).num_days() / 2) as u64), 2, "this_week"))
        }),
        r(r"(?i)\blast\s+week\b|\bthe\s+previous\s+week\b|\ba\s+week\s+ago\b".into(), |_, p| {
            Some((monday_of(days_before(p, 7)?) + Days::new(3), 2, "last_week"))
        }),
        r(r"(?i)\blast\s+weekend\b".into(), |_, p| {
            let sat = weekday_on_or_before(p, Weekday::Sat);
            let in_weekend = matches!(p.weekday(), Weekday::Sat | Weekday::Sun);
            Some((if in_weekend { sat - Days::new(7) } else { sat }, 2, "last_weekend"))
        }),
        r(r"(?i)\b(?:over|at|during)\s+the\s+weekend\b|\bthis\s+(?:past\s+)?weekend\b".into(), |_, p| {
            Some((weekday_on_or_before(p, Weekday::Sat), 2, "weekend"))
        }),
        r(r"(?i)\b(?:(?:earlier|late|early)\s+)?this\s+month\b".into(), |_, p| Some((this_month_mid(p), 3, "this_month"))),
        r(r"(?i)\blast\s+month\b|\bthe\s+previous\s+month\b".into(), |_, p| {
            let m = p.checked_sub_months(Months::new(1))?;
            Some((mid_month(m.year(), m.month())?, 3, "last_month"))
        }),
    ]
});

/// Every date in `sentence`, resolved against `published`, in order, never after `published`.
pub fn find_dates(sentence: &str, published: NaiveDate) -> Vec<DateRef> {
    // Candidates: (byte start, byte end, resolution or suppression).
    let mut cands: Vec<(usize, usize, Option<Resolved>)> = Vec::new();
    for rule in RULES.iter() {
        for c in rule.regex.captures_iter(sentence) {
            let Some(m) = c.get(0) else { continue };
            cands.push((m.start(), m.end(), (rule.resolve)(&c, published)));
        }
    }
    // Longest span wins; earlier rules win ties (they are listed most specific first).
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(cands[i].1 - cands[i].0));
    let mut taken: Vec<usize> = Vec::new();
    for i in order {
        let (s, e, _) = cands[i];
        if taken.iter().all(|&j| e <= cands[j].0 || s >= cands[j].1) {
            taken.push(i);
        }
    }
    taken.sort_by_key(|&i| cands[i].0);

    let idx = CharIndex::new(sentence);
    let mut out: Vec<DateRef> = Vec::new();
    for i in taken {
        let (s, e, res) = cands[i];
        let Some((date, precision, rule)) = res else {
            continue;
        };
        if date > published {
            continue;
        }
        // "Wednesday, May 15": the absolute date decides; one span covers both.
        if let Some(prev) = out.last_mut() {
            let between = &sentence[idx.byte_of(prev.end)..s];
            let prev_is_weekday = prev.rule == "weekday";
            if prev_is_weekday && between.trim_matches([',', ' ']).is_empty() && precision == 1 {
                *prev = DateRef {
                    date,
                    precision,
                    rule,
                    start: prev.start,
                    end: idx.char_of(e),
                };
                continue;
            }
        }
        out.push(DateRef {
            date,
            precision,
            rule,
            start: idx.char_of(s),
            end: idx.char_of(e),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn one(s: &str, published: NaiveDate) -> (NaiveDate, u8, &'static str) {
        let v = find_dates(s, published);
        assert_eq!(v.len(), 1, "{s:?} → {v:?}");
        (v[0].date, v[0].precision, v[0].rule)
    }

    #[test]
    fn date_absolute_forms() {
        let p = d(2013, 5, 20);
        assert_eq!(
            one("Shells fell on May 15, 2013, near the bridge.", p),
            (d(2013, 5, 15), 1, "month_day_year")
        );
        assert_eq!(
            one("Shells fell on 15 May 2013.", p),
            (d(2013, 5, 15), 1, "day_month_year")
        );
        assert_eq!(
            one("Logged as 2013-05-15 by monitors.", p),
            (d(2013, 5, 15), 1, "iso")
        );
        assert_eq!(
            one("Shells fell on Sept. 3, 2012.", p),
            (d(2012, 9, 3), 1, "month_day_year")
        );
        assert_eq!(
            one("Shells fell on May 15.", p),
            (d(2013, 5, 15), 1, "month_day")
        );
        assert_eq!(
            one("Shells fell on the 15th.", p),
            (d(2013, 5, 15), 1, "ordinal_day")
        );
        assert!(find_dates("3 Marines and 12 Mayors", p).is_empty());
    }

    #[test]
    fn date_month_day_without_year_across_year_boundary() {
        // Published early January: "Dec. 30" is last year's.
        assert_eq!(
            one("The raid on Dec. 30 killed two.", d(2024, 1, 3)),
            (d(2023, 12, 30), 1, "month_day")
        );
        // One day after publication is time-zone slack, clamped to publication, never later.
        assert_eq!(
            one("The raid on May 16 killed two.", d(2024, 5, 15)),
            (d(2024, 5, 15), 1, "month_day_clamped")
        );
        // More than a day after publication → the previous year.
        assert_eq!(
            one("The raid on May 20 killed two.", d(2024, 5, 15)),
            (d(2023, 5, 20), 1, "month_day")
        );
    }

    #[test]
    fn date_ordinal_day_across_month_boundary() {
        assert_eq!(
            one("It began on the 28th.", d(2024, 3, 2)),
            (d(2024, 2, 28), 1, "ordinal_day")
        );
    }

    #[test]
    fn date_weekday_is_most_recent_on_or_before_publication() {
        // Thursday 2013-05-16: "on Wednesday" is the day before.
        assert_eq!(
            one(
                "On Wednesday, fighters tried to take the jail.",
                d(2013, 5, 16)
            )
            .0,
            d(2013, 5, 15)
        );
        // The publication weekday itself means the publication day (on-or-before).
        assert_eq!(
            one("Fighting resumed on Thursday.", d(2013, 5, 16)).0,
            d(2013, 5, 16)
        );
        assert_eq!(
            one("Wednesday night's shelling", d(2013, 5, 16)).0,
            d(2013, 5, 15)
        );
        assert_eq!(
            one("It happened late on Tuesday.", d(2013, 5, 16)).0,
            d(2013, 5, 14)
        );
        assert_eq!(
            one("It happened last Thursday.", d(2013, 5, 16)),
            (d(2013, 5, 9), 1, "last_weekday")
        );
    }

    #[test]
    fn date_weekday_across_month_boundary() {
        // Monday 2024-07-01: "on Friday" → 2024-06-28.
        assert_eq!(
            one("Militants struck on Friday.", d(2024, 7, 1)),
            (d(2024, 6, 28), 1, "weekday")
        );
    }

    #[test]
    fn date_weekday_across_year_boundary() {
        // Tuesday 2024-01-02: "on Saturday" → 2023-12-30.
        assert_eq!(
            one("Militants struck on Saturday.", d(2024, 1, 2)).0,
            d(2023, 12, 30)
        );
    }

    #[test]
    fn date_weekday_pair_takes_the_first_day() {
        assert_eq!(
            one(
                "Clashes on Monday and Tuesday left the town empty.",
                d(2024, 7, 4)
            ),
            (d(2024, 7, 1), 1, "weekday_pair")
        );
    }

    #[test]
    fn date_weekday_with_absolute_date_uses_the_absolute_date() {
        let v = find_dates(
            "On Wednesday, May 15, 2013, the jail was attacked.",
            d(2013, 5, 16),
        );
        assert_eq!(v.len(), 1);
        assert_eq!(
            (v[0].date, v[0].rule, v[0].start),
            (d(2013, 5, 15), "month_day_year", 0)
        );
    }

    #[test]
    fn date_yesterday_last_night_overnight_across_month_boundary() {
        let p = d(2024, 3, 1); // leap year
        assert_eq!(
            one("Yesterday the market was shelled.", p),
            (d(2024, 2, 29), 1, "yesterday")
        );
        assert_eq!(
            one("The market was shelled last night.", p),
            (d(2024, 2, 29), 1, "last_night")
        );
        assert_eq!(
            one("The market was shelled overnight.", p),
            (d(2024, 2, 29), 1, "overnight")
        );
        assert_eq!(
            one("The day before yesterday it was quiet.", p).0,
            d(2024, 2, 28)
        );
    }

    #[test]
    fn date_today_and_this_morning() {
        let p = d(2024, 3, 1);
        assert_eq!(one("A car bomb exploded this morning.", p), (p, 1, "today"));
        assert_eq!(
            one("Police said earlier today that two died.", p),
            (p, 1, "today")
        );
    }

    #[test]
    fn date_days_ago() {
        assert_eq!(
            one("Two days ago, gunmen raided the farm.", d(2024, 1, 1)),
            (d(2023, 12, 30), 1, "days_ago")
        );
        assert_eq!(
            one("A few days ago, gunmen raided the farm.", d(2024, 1, 10)),
            (d(2024, 1, 7), 2, "few_days_ago")
        );
    }

    #[test]
    fn date_last_week_is_the_midpoint_with_precision_2() {
        // Wednesday 2024-07-10 → previous week Mon 1 .. Sun 7 → Thursday 4th.
        assert_eq!(
            one("Protests spread last week.", d(2024, 7, 10)),
            (d(2024, 7, 4), 2, "last_week")
        );
        // Across a year boundary: published Thu 2025-01-02 → week of Mon 2024-12-23 → Thu 26th.
        assert_eq!(
            one("Protests spread last week.", d(2025, 1, 2)).0,
            d(2024, 12, 26)
        );
    }

    #[test]
    fn date_weekend_is_saturday_with_precision_2() {
        // Monday 2024-07-01 → Saturday 2024-06-29.
        assert_eq!(
            one("Clashes broke out over the weekend.", d(2024, 7, 1)),
            (d(2024, 6, 29), 2, "weekend")
        );
    }

    #[test]
    fn date_this_month_and_last_month_precision_3() {
        assert_eq!(
            one("Earlier this month, the base was hit.", d(2024, 7, 20)),
            (d(2024, 7, 15), 3, "this_month")
        );
        assert_eq!(
            one("Earlier this month, the base was hit.", d(2024, 7, 9)),
            (d(2024, 7, 5), 3, "this_month")
        );
        assert_eq!(
            one("The base was hit last month.", d(2024, 1, 10)),
            (d(2023, 12, 15), 3, "last_month")
        );
        assert_eq!(
            one("The base was hit in early March.", d(2024, 1, 10)),
            (d(2023, 3, 15), 3, "month")
        );
    }

    #[test]
    fn date_never_after_publication() {
        let p = d(2024, 5, 1);
        assert!(find_dates("Talks resume next Tuesday.", p).is_empty());
        assert!(find_dates("Elections are set for June 30, 2031.", p).is_empty());
        for s in [
            "on Friday",
            "on the 30th",
            "May 2",
            "last week",
            "this month",
            "over the weekend",
        ] {
            for v in find_dates(s, p) {
                assert!(v.date <= p, "{s} → {v:?}");
            }
        }
    }

    #[test]
    fn date_holiday_is_not_a_weekday() {
        assert!(find_dates("Worshippers gathered on Good Friday.", d(2024, 4, 3)).is_empty());
    }

    #[test]
    fn date_offsets_are_chars() {
        let s = "Ḩalab — on Wednesday";
        let v = find_dates(s, d(2013, 5, 16));
        assert_eq!(
            crate::extract::offsets::char_slice(s, v[0].start, v[0].end),
            "on Wednesday"
        );
    }
}
