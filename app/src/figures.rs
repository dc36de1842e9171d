//! How an indicator's name and figures are written, the same on every page.

use chitieu_core::evaluate::Evaluation;
use chitieu_core::text::Lang;
use chitieu_format::dec::Dec;
use chitieu_format::model::{Indicator, IndicatorKind};

/// Figures of one indicator as text: the rank for rankings ("hạng 5
/// (Năm)"), printed words for ratings.
pub fn actual_text(it: &Indicator, eval: &Evaluation, lang: Lang) -> String {
    match rank_text(it, lang) {
        Some(rank) => rank,
        None => actual_text_of(it.kind, last_words(it), eval, lang),
    }
}

/// A ranking's last rank as a reader says it: "hạng 5 (Năm)", "hạng 5/8
/// (Năm)" when the number ranked is known; the printed words alone had
/// "Thực hiện: Năm" read as a year. `None` for other kinds and a ranking
/// without a ranked period.
pub fn rank_text(it: &Indicator, lang: Lang) -> Option<String> {
    if it.kind != IndicatorKind::Ranking {
        return None;
    }
    let o = it.values.iter().rev().find(|o| o.value.is_some())?;
    let rank = lang.num(o.value?);
    let of = it.peers.map(|p| format!("/{p}")).unwrap_or_default();
    let name = match o.text.as_deref() {
        Some(t) if !t.is_empty() && t != rank => format!(" ({t})"),
        _ => String::new(),
    };
    Some(format!("{} {rank}{of}{name}", lang.pick("hạng", "rank")))
}

/// The last figure printed in words (a rank, a rating), if any.
pub fn last_words(it: &Indicator) -> Option<&str> {
    it.values.iter().rev().find_map(|o| o.text.as_deref())
}

/// [`actual_text`] from the kind and the last words alone, for rows that do
/// not keep the whole indicator.
pub fn actual_text_of(
    kind: IndicatorKind,
    words: Option<&str>,
    eval: &Evaluation,
    lang: Lang,
) -> String {
    match (&eval.actual, kind) {
        (_, IndicatorKind::Ranking) | (None, _) => words.unwrap_or_default().to_string(),
        (Some(a), _) => lang.num(a.value),
    }
}

/// "3. Name" as the report numbers it; the name alone for unnumbered
/// indicators and the "-" / "+" bullets.
pub fn numbered_title(ind: &Indicator) -> String {
    match &ind.number {
        Some(n) if n != "-" && n != "+" => format!("{n}. {}", ind.name),
        _ => ind.name.clone(),
    }
}

/// Where an indicator is: its unit, then its section unless the section is
/// titled as the unit ("Hội Nông dân huyện › Hội Nông dân huyện" said the
/// unit twice), joined by `sep`.
pub fn unit_and_section(unit: &str, section: &str, sep: &str) -> String {
    if section.trim().is_empty() || section.trim() == unit.trim() {
        unit.to_string()
    } else {
        format!("{unit}{sep}{section}")
    }
}

/// [`Lang::amount`] with the unit kept with its figure ([`unit_kept`]).
pub fn amount_kept(d: Dec, unit: &str, lang: Lang) -> String {
    format!("{}{}", lang.num(d), unit_kept(unit))
}

/// A unit as written after its figure, never apart from it: a short unit
/// ("mô hình", "đảng viên") joined by no-break spaces, a long one
/// ("triệu đồng/người/tháng") only to its first word.
pub fn unit_kept(unit: &str) -> String {
    let after = chitieu_core::text::unit_after(unit);
    let short = after.chars().count() <= 12;
    let mut first = true;
    after
        .chars()
        .map(|c| match c {
            ' ' if short || std::mem::take(&mut first) => '\u{a0}',
            c => c,
        })
        .collect()
}
