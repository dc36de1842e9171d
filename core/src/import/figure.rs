//! Figures as Vietnamese tables print them: `1.200`, `98,49`, `97,11%`,
//! `20.331,5`, and the `tăng 2,11%` / `vượt 20%` of the achievement and notes.

use super::{Cell, NotAFigure};
use crate::text::fold;
use chitieu_format::dec::Dec;

/// The figure in a cell; none for an empty cell or a dash.
pub(super) fn parse(cell: &Cell) -> Result<Option<Dec>, NotAFigure> {
    let raw = cell.text();
    let t: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    let t = t.trim_end_matches('%');
    if t.is_empty() || matches!(t, "-" | "–" | "—" | "x" | "X") {
        return Ok(None);
    }
    if let Cell::Number(n) = cell {
        return Dec::parse(n).map(Some).map_err(|_| NotAFigure);
    }
    let (sign, body) = match t.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", t),
    };
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(NotAFigure);
    }
    let plain = if body.contains(',') {
        // Vietnamese: dots group thousands, the comma is the decimal mark.
        let (int, frac) = body.split_once(',').ok_or(NotAFigure)?;
        if frac.contains(',') || frac.contains('.') || !thousands_ok(int) {
            return Err(NotAFigure);
        }
        format!("{}.{frac}", int.replace('.', ""))
    } else if body.contains('.') && thousands_ok(body) {
        body.replace('.', "")
    } else {
        body.to_string()
    };
    Dec::parse(&format!("{sign}{plain}"))
        .map(Some)
        .map_err(|_| NotAFigure)
}

/// Dots only between groups of three digits: `1.200`, `20.331`.
fn thousands_ok(int: &str) -> bool {
    let mut groups = int.split('.');
    let first = groups.next().unwrap_or("");
    if !int.contains('.') {
        return !first.is_empty();
    }
    (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3)
}

/// `tăng 2,11%` / `vượt 20%` → the figure.
pub(super) fn words_then_figure(text: &str, words: &[&str]) -> Option<Dec> {
    let f = fold(text);
    let rest = words.iter().find_map(|w| f.strip_prefix(w))?;
    parse(&Cell::Text(rest.trim().to_string())).ok().flatten()
}
