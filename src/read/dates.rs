//! Publication dates from the formats news sources use.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Parses RFC 3339, RFC 2822, ISO-like date-times and dates, common written dates
/// ("June 24, 2019", "24 Jun 2019") and Unix timestamps (seconds or milliseconds).
/// Times without a zone are taken as UTC.
pub fn parse_date(raw: &str) -> Option<DateTime<Utc>> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.with_timezone(&Utc));
    }
    if s.len() >= 9 && s.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = s.parse().ok()?;
        return if s.len() >= 13 { Utc.timestamp_millis_opt(n).single() } else { Utc.timestamp_opt(n, 0).single() };
    }
    const ZONED: &[&str] = &["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f %z", "%a, %d %b %Y %H:%M:%S %z", "%d %b %Y %H:%M:%S %z"];
    for f in ZONED {
        if let Ok(d) = DateTime::parse_from_str(s, f) {
            return Some(d.with_timezone(&Utc));
        }
    }
    let naive = s.trim_end_matches(" UTC").trim_end_matches(" GMT").trim_end_matches('Z');
    const NAIVE: &[&str] = &["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%a, %d %b %Y %H:%M:%S", "%d %b %Y %H:%M"];
    for f in NAIVE {
        if let Ok(d) = NaiveDateTime::parse_from_str(naive, f) {
            return Some(d.and_utc());
        }
    }
    const DATES: &[&str] = &["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%A, %B %d, %Y", "%d.%m.%Y", "%B %d %Y"];
    for f in DATES {
        if let Ok(d) = NaiveDate::parse_from_str(naive, f) {
            return d.and_hms_opt(0, 0, 0).map(|d| d.and_utc());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(raw: &str) -> String {
        parse_date(raw).map(|d| d.to_rfc3339()).unwrap_or_else(|| "none".into())
    }

    #[test]
    fn formats() {
        assert_eq!(iso("2019-06-24T10:00:00+02:00"), "2019-06-24T08:00:00+00:00");
        assert_eq!(iso("Mon, 24 Jun 2019 10:00:00 GMT"), "2019-06-24T10:00:00+00:00");
        assert_eq!(iso("Mon, 24 Jun 2019 10:00:00 +0000"), "2019-06-24T10:00:00+00:00");
        assert_eq!(iso("2019-06-24 10:00:00"), "2019-06-24T10:00:00+00:00");
        assert_eq!(iso("2019-06-24"), "2019-06-24T00:00:00+00:00");
        assert_eq!(iso("June 24, 2019"), "2019-06-24T00:00:00+00:00");
        assert_eq!(iso("24 Jun 2019"), "2019-06-24T00:00:00+00:00");
        assert_eq!(iso("1561370400"), "2019-06-24T10:00:00+00:00");
        assert_eq!(iso("1561370400000"), "2019-06-24T10:00:00+00:00");
        assert_eq!(iso("last Tuesday-ish"), "none");
    }
}
