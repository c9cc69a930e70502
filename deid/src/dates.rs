//! Parsing of detected date strings into parts, and rendering them shifted.

use crate::keys::shift;
use chrono::{Datelike, NaiveDate};

pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

pub(crate) fn month_from(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').as_bytes();
    // No month's name is longer than "september"; no allocation.
    if w.len() < 3 || w.len() > 9 {
        return None;
    }
    let mut buf = [0u8; 9];
    buf[..w.len()].copy_from_slice(w);
    buf.make_ascii_lowercase();
    let w = &buf[..w.len()];
    if w == b"sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| m.as_bytes().starts_with(w) && (w.len() == 3 || m.as_bytes() == w))
        .map(|i| i as u32 + 1)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateParts {
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

fn num(s: &str) -> Option<u32> {
    s.parse().ok()
}

/// A year as written; two digits are the century's year that is at most
/// five years after the reference year ("3/4/31" in a 2024 note is 1931, a
/// birth date, not an appointment seven years ahead).
fn year(s: &str, ref_year: i32) -> Option<i32> {
    let y: i32 = s.parse().ok()?;
    Some(match s.len() {
        2 => {
            let y = (ref_year + 5).div_euclid(100) * 100 + y;
            if y > ref_year + 5 { y - 100 } else { y }
        }
        _ => y,
    })
}

/// Parses the date strings the detector matches. Unknown shapes give None
/// (the caller then redacts to a tag).
/// `ref_year` places two-digit years.
pub(crate) fn parse(s: &str, ref_year: i32) -> Option<DateParts> {
    // A two-digit year after an apostrophe ("Mar '19", "March’19") is a
    // token of its own, apostrophe kept.
    let spaced;
    let s = if s.contains(['\'', '’']) {
        spaced = s.replace('’', "'").replace('\'', " '");
        spaced.as_str()
    } else {
        s
    };
    let mut toks: Vec<&str> = s
        .split(|c: char| c == '/' || c == '-' || c == ',' || c == '.' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    // "14MAR2024": day, month and year without separators.
    if let [t] = toks[..] {
        let b = t.as_bytes();
        let day = b.iter().take_while(|c| c.is_ascii_digit()).count();
        let month = b[day..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        let year = b.len() - day - month;
        if (1..=2).contains(&day)
            && month >= 3
            && matches!(year, 2 | 4)
            && b[day + month..].iter().all(u8::is_ascii_digit)
        {
            toks = vec![&t[..day], &t[day..day + month], &t[day + month..]];
        }
    }
    let clean = |t: &str| -> String {
        let t = t.to_ascii_lowercase();
        for suf in ["st", "nd", "rd", "th"] {
            if let Some(p) = t.strip_suffix(suf)
                && !p.is_empty()
                && p.bytes().all(|b| b.is_ascii_digit())
            {
                return p.to_owned();
            }
        }
        t
    };
    let toks: Vec<String> = toks
        .iter()
        .map(|t| clean(t))
        .filter(|t| t != "the" && t != "of")
        .collect();
    let is_num = |t: &String| t.bytes().all(|b| b.is_ascii_digit());
    let parts = match toks.as_slice() {
        // A year alone ("born in 1931").
        [a] if is_num(a) && a.len() == 4 => DateParts {
            year: year(a, ref_year),
            month: None,
            day: None,
        },
        [a] if is_num(a) => DateParts {
            year: None,
            month: None,
            day: num(a),
        },
        [a, b, c] if is_num(a) && is_num(b) && is_num(c) => {
            if a.len() == 4 {
                DateParts {
                    year: year(a, ref_year),
                    month: num(b),
                    day: num(c),
                }
            } else {
                let (m, d) = (num(a)?, num(b)?);
                let (m, d) = if m > 12 && d <= 12 { (d, m) } else { (m, d) };
                DateParts {
                    year: year(c, ref_year),
                    month: Some(m),
                    day: Some(d),
                }
            }
        }
        // Month and year ("03/2023").
        [a, b] if is_num(a) && is_num(b) && b.len() == 4 => DateParts {
            year: year(b, ref_year),
            month: num(a),
            day: None,
        },
        [a, b] if is_num(a) && is_num(b) => DateParts {
            year: None,
            month: num(a),
            day: num(b),
        },
        [a, b]
            if b.len() == 3
                && b.starts_with('\'')
                && b[1..].bytes().all(|c| c.is_ascii_digit()) =>
        {
            DateParts {
                year: year(&b[1..], ref_year),
                month: Some(month_from(a)?),
                day: None,
            }
        }
        [a, b] if is_num(b) && b.len() == 4 => DateParts {
            year: year(b, ref_year),
            month: month_from(a),
            day: None,
        },
        [a, b] if is_num(b) => DateParts {
            year: None,
            month: month_from(a),
            day: num(b),
        },
        [a, b] if is_num(a) => DateParts {
            year: None,
            month: month_from(b),
            day: num(a),
        },
        [a, b, c] if is_num(b) && is_num(c) => DateParts {
            year: year(c, ref_year),
            month: month_from(a),
            day: num(b),
        },
        [a, b, c] if is_num(a) && is_num(c) => DateParts {
            year: year(c, ref_year),
            month: month_from(b),
            day: num(a),
        },
        _ => return None,
    };
    if let Some(m) = parts.month
        && !(1..=12).contains(&m)
    {
        return None;
    }
    if let Some(d) = parts.day
        && !(1..=31).contains(&d)
    {
        return None;
    }
    Some(parts)
}

/// Renders `parts` shifted by `days`. Dates without a year are shifted
/// within `ref_year`. Day-only mentions cannot be shifted and give None.
pub(crate) fn render_shifted(parts: DateParts, days: i64, ref_year: i32) -> Option<String> {
    match parts {
        DateParts {
            year,
            month: Some(m),
            day: Some(d),
        } => {
            let date = NaiveDate::from_ymd_opt(year.unwrap_or(ref_year), m, d)?;
            let s = shift(date, days);
            Some(match year {
                Some(_) => s.format("%Y-%m-%d").to_string(),
                None => format!("{}/{}", s.month(), s.day()),
            })
        }
        DateParts {
            year: Some(y),
            month: Some(m),
            day: None,
        } => {
            let s = shift(NaiveDate::from_ymd_opt(y, m, 15)?, days);
            let name = MONTHS[s.month0() as usize];
            let mut cap = name[..1].to_ascii_uppercase();
            cap.push_str(&name[1..]);
            Some(format!("{cap} {}", s.year()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_shapes() {
        let p = |s| parse(s, 2024).map(|p| (p.year, p.month, p.day));
        assert_eq!(p("07/22/2019"), Some((Some(2019), Some(7), Some(22))));
        assert_eq!(p("7/22"), Some((None, Some(7), Some(22))));
        assert_eq!(p("22-Jul-2019"), Some((Some(2019), Some(7), Some(22))));
        assert_eq!(p("July 22nd"), Some((None, Some(7), Some(22))));
        assert_eq!(p("July 22, 2019"), Some((Some(2019), Some(7), Some(22))));
        assert_eq!(
            p("22nd of July 2019"),
            Some((Some(2019), Some(7), Some(22)))
        );
        assert_eq!(p("2019-07-22"), Some((Some(2019), Some(7), Some(22))));
        assert_eq!(p("Sept. 2019"), Some((Some(2019), Some(9), None)));
        assert_eq!(p("the 22nd"), Some((None, None, Some(22))));
        assert_eq!(p("13/45/2019"), None);
        assert_eq!(p("1931"), Some((Some(1931), None, None)));
        assert_eq!(p("03/2023"), Some((Some(2023), Some(3), None)));
        assert_eq!(p("March of 2024"), Some((Some(2024), Some(3), None)));
        assert_eq!(p("14MAR2024"), Some((Some(2024), Some(3), Some(14))));
        assert_eq!(p("14mar24"), Some((Some(2024), Some(3), Some(14))));
        assert_eq!(p("Mar '19"), Some((Some(2019), Some(3), None)));
        assert_eq!(p("march’19"), Some((Some(2019), Some(3), None)));
        assert_eq!(p("Mar '2019"), None);
        // Two-digit years: at most five years after the reference year.
        assert_eq!(p("3/4/29"), Some((Some(2029), Some(3), Some(4))));
        assert_eq!(p("3/4/31"), Some((Some(1931), Some(3), Some(4))));
        assert_eq!(p("3/4/75"), Some((Some(1975), Some(3), Some(4))));
        let p98 = parse("3/4/03", 1998).map(|p| p.year);
        assert_eq!(p98, Some(Some(2003)));
    }

    #[test]
    fn renders_shifted() {
        let p = parse("07/22/2019", 2024).unwrap();
        assert_eq!(render_shifted(p, 10, 2000).unwrap(), "2019-08-01");
        let p = parse("Jul 2019", 2024).unwrap();
        assert_eq!(render_shifted(p, -30, 2000).unwrap(), "June 2019");
        assert_eq!(
            render_shifted(parse("the 3rd", 2000).unwrap(), 5, 2000),
            None
        );
    }
}
