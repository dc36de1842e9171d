//! Periods as Vietnamese headers name them (`Năm 2021`, `Quý III/2023`,
//! `6 tháng cuối năm 2023`), roman numerals, and the term in the title.

use crate::text::fold;
use chitieu_format::model::{Period, PeriodKind};

pub(super) fn roman_value(s: &str) -> Option<u8> {
    const R: [&str; 20] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
        "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
    ];
    let t = s.trim().trim_end_matches('.');
    R.iter()
        .position(|r| *r == t)
        .and_then(|i| u8::try_from(i).ok())
        .map(|i| i.saturating_add(1))
}

/// A period named in Vietnamese; see [`super::parse_period`].
pub(super) fn parse(label: &str) -> Option<Period> {
    let f = fold(label).replace(['/', '-', '.'], " ");
    let words: Vec<&str> = f.split_whitespace().collect();
    let year = words
        .iter()
        .rev()
        .find_map(|w| w.parse::<i32>().ok().filter(|y| (1900..=2200).contains(y)))?;
    let base = Period {
        id: String::new(),
        kind: PeriodKind::Year,
        year: Some(year),
        half: None,
        quarter: None,
        months: None,
        start: None,
        end: None,
        label: None,
    };
    let rest: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| *w != year.to_string() && !matches!(*w, "nam" | "dau"))
        .collect();
    match rest.as_slice() {
        [] => Some(Period {
            id: year.to_string(),
            ..base
        }),
        ["quy", q] => {
            let q = roman_value(&q.to_uppercase()).or_else(|| q.parse().ok())?;
            (1..=4).contains(&q).then(|| Period {
                id: format!("{year}-q{q}"),
                kind: PeriodKind::Quarter,
                quarter: Some(q),
                ..base
            })
        }
        ["6", "thang", "cuoi"] => Some(Period {
            id: format!("{year}-h2"),
            kind: PeriodKind::Half,
            half: Some(2),
            ..base
        }),
        ["6", "thang"] => Some(Period {
            id: format!("{year}-h1"),
            kind: PeriodKind::Half,
            half: Some(1),
            ..base
        }),
        [m, "thang"] => {
            let m: u8 = m.parse().ok()?;
            (1..=12).contains(&m).then(|| Period {
                id: format!("{year}-{m}t"),
                kind: PeriodKind::YearToDate,
                months: Some(m),
                ..base
            })
        }
        _ => None,
    }
}

/// `NHIỆM KỲ 2020-2025` / `nhiệm kỳ 2020 – 2025` → (2020, 2025).
pub(super) fn term_years(line: &str) -> Option<(i32, i32)> {
    let f = fold(line);
    let at = f.find("nhiem ky")?;
    let years: Vec<i32> = f[at..]
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .filter(|y| (1900..=2200).contains(y))
        .take(2)
        .collect();
    match years.as_slice() {
        [a, b] if b > a => Some((*a, *b)),
        _ => None,
    }
}
