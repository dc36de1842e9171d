//! Periods: each resolved to its span of months (or what it lacks), and
//! named as the reports name them, in Vietnamese and English.

use chitieu_format::model::{Period, PeriodKind};
use chitieu_format::period::{Month, Span};

fn roman(n: u8) -> &'static str {
    match n {
        1 => "I",
        2 => "II",
        3 => "III",
        4 => "IV",
        _ => "?",
    }
}

/// Vietnamese name of a period.
pub(super) fn label_vi(p: &Period) -> String {
    if let Some(l) = &p.label {
        return l.clone();
    }
    let y = p.year.unwrap_or_default();
    match p.kind {
        PeriodKind::Year => format!("Năm {y}"),
        PeriodKind::Half if p.half == Some(2) => format!("6 tháng cuối năm {y}"),
        PeriodKind::Half => format!("6 tháng đầu năm {y}"),
        PeriodKind::Quarter => format!("Quý {}/{y}", roman(p.quarter.unwrap_or_default())),
        PeriodKind::YearToDate => format!("{} tháng năm {y}", p.months.unwrap_or_default()),
        PeriodKind::Term | PeriodKind::Range => p.id.clone(),
    }
}

/// English name of a period. A term is named as the report names it
/// ("Nhiệm kỳ 2020–2025" is "Term 2020–2025": a term is named by its
/// congresses' years, whatever months it reports).
pub(super) fn label_en(p: &Period) -> String {
    let y = p.year.unwrap_or_default();
    let named = p.label.as_deref().and_then(|l| l.strip_prefix("Nhiệm kỳ "));
    if let (PeriodKind::Term, Some(years)) = (p.kind, named) {
        return format!("Term {years}");
    }
    match p.kind {
        PeriodKind::Year => format!("{y}"),
        PeriodKind::Half => format!("H{} {y}", p.half.unwrap_or_default()),
        PeriodKind::Quarter => format!("Q{} {y}", p.quarter.unwrap_or_default()),
        PeriodKind::YearToDate => format!("{} months of {y}", p.months.unwrap_or_default()),
        PeriodKind::Term | PeriodKind::Range => match (p.start, p.end) {
            (Some(s), Some(e)) if p.kind == PeriodKind::Term => {
                format!("Term {}–{} ({} to {})", s.year, e.year, s, e)
            }
            (Some(s), Some(e)) => format!("{s} to {e}"),
            _ => p.id.clone(),
        },
    }
}

/// First month of a period, if it is well formed.
pub(crate) fn period_start(p: &Period) -> Option<Month> {
    period_span(p).ok().map(|s| s.start)
}

/// Last month of a period, if it is well formed.
pub(crate) fn period_end(p: &Period) -> Option<Month> {
    period_span(p).ok().map(|s| s.end)
}

/// Resolves a period to its months, or says what is missing.
pub(crate) fn period_span(p: &Period) -> Result<Span, (String, String)> {
    let need = |field: &str| {
        (
            format!("kỳ loại `{:?}` cần trường `{field}`", p.kind),
            format!("a period of kind `{:?}` needs `{field}`", p.kind),
        )
    };
    let year = || p.year.ok_or_else(|| need("year"));
    let month = |y: i32, m: u8| {
        Month::new(y, m).ok_or_else(|| {
            (
                format!("năm {y} ngoài phạm vi 1900–2200"),
                format!("year {y} is outside 1900–2200"),
            )
        })
    };
    let (start, end) = match p.kind {
        PeriodKind::Year => {
            let y = year()?;
            (month(y, 1)?, month(y, 12)?)
        }
        PeriodKind::Half => {
            let y = year()?;
            match p.half.ok_or_else(|| need("half"))? {
                1 => (month(y, 1)?, month(y, 6)?),
                2 => (month(y, 7)?, month(y, 12)?),
                h => {
                    return Err((
                        format!("`half` phải là 1 hoặc 2, gặp {h}"),
                        format!("`half` must be 1 or 2, got {h}"),
                    ))
                }
            }
        }
        PeriodKind::Quarter => {
            let y = year()?;
            match p.quarter.ok_or_else(|| need("quarter"))? {
                // q from 1 to 4: months 1 to 12.
                q @ 1..=4 => (
                    month(y, q.saturating_mul(3).saturating_sub(2))?,
                    month(y, q.saturating_mul(3))?,
                ),
                q => {
                    return Err((
                        format!("`quarter` phải từ 1 đến 4, gặp {q}"),
                        format!("`quarter` must be 1 to 4, got {q}"),
                    ))
                }
            }
        }
        PeriodKind::YearToDate => {
            let y = year()?;
            match p.months.ok_or_else(|| need("months"))? {
                m @ 1..=12 => (month(y, 1)?, month(y, m)?),
                m => {
                    return Err((
                        format!("`months` phải từ 1 đến 12, gặp {m}"),
                        format!("`months` must be 1 to 12, got {m}"),
                    ))
                }
            }
        }
        PeriodKind::Term | PeriodKind::Range => {
            if p.label.as_deref().is_none_or(|l| l.trim().is_empty()) {
                return Err(need("label"));
            }
            (
                p.start.ok_or_else(|| need("start"))?,
                p.end.ok_or_else(|| need("end"))?,
            )
        }
    };
    if end < start {
        return Err((
            format!("tháng kết thúc {end} trước tháng bắt đầu {start}"),
            format!("end month {end} is before start month {start}"),
        ));
    }
    Ok(Span { start, end })
}
