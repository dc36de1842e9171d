//! How an indicator's name and figures are written, the same on every page.

use chitieu_core::evaluate::Evaluation;
use chitieu_core::text::Lang;
use chitieu_format::model::{Indicator, IndicatorKind};

/// Figures of one indicator as text: printed words for rankings and ratings.
pub fn actual_text(it: &Indicator, eval: &Evaluation, lang: Lang) -> String {
    let words = it.values.iter().rev().find_map(|o| o.text.clone());
    match (&eval.actual, it.kind) {
        (_, IndicatorKind::Ranking) | (None, _) => words.unwrap_or_default(),
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
