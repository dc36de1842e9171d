//! The tables the dashboard shows, built here from the export itself so that
//! the page does not carry their code: the overview (every indicator), the
//! units side by side, and the title lines every sheet starts with.
//!
//! Figures are [`Cell::Number`] / [`Cell::Percent`] (real numbers in the
//! workbook), words are text; each row says what the screen says.

use chitieu_core::compute::Status;
use chitieu_core::csv::Cell;
use chitieu_core::describe::status_reason;
use chitieu_core::evaluate::{evaluate_all, Row};
use chitieu_core::load::Loaded;
use chitieu_core::text::Lang;
use chitieu_format::model::IndicatorKind;

fn text(t: &str) -> Cell {
    Cell::Text(t.to_string())
}

fn empty() -> Cell {
    Cell::Text(String::new())
}

/// What every sheet says first: the report's title; the organisation and the
/// month the figures reach; the source reports.
pub fn title_lines(l: &Loaded, lang: Lang) -> Vec<String> {
    let d = &l.export.dataset;
    let mut lines = vec![
        d.title.clone(),
        format!(
            "{} · {} {:02}/{}",
            d.organisation,
            lang.pick("số liệu đến tháng", "figures as of"),
            d.as_of.month,
            d.as_of.year
        ),
    ];
    let sources = l
        .export
        .sources
        .iter()
        .map(|s| match &s.number {
            Some(n) => format!("{} ({})", s.title, n),
            None => s.title.clone(),
        })
        .collect::<Vec<_>>();
    if !sources.is_empty() {
        lines.push(format!(
            "{}: {}",
            lang.pick("Nguồn", "Source"),
            sources.join("; ")
        ));
    }
    lines
}

/// The figure the overview shows as actual: a number, or the words printed
/// (a rank, a rating).
fn actual(r: &Row) -> Cell {
    let words = r
        .indicator
        .values
        .iter()
        .rev()
        .find_map(|o| o.text.as_deref());
    match (&r.eval.actual, r.indicator.kind) {
        (_, IndicatorKind::Ranking) | (None, _) => text(words.unwrap_or_default()),
        (Some(a), _) => Cell::Number(a.value),
    }
}

/// A status as the badge says it, or nothing where the screen shows none
/// (a group heading, an indicator without a target).
fn status(r: &Row, s: Status, lang: Lang) -> Cell {
    if r.indicator.kind == IndicatorKind::Group || r.eval.targets.is_empty() {
        return empty();
    }
    text(s.label(lang))
}

/// Every indicator of the export as the overview lists it, one row per
/// target (an indicator without one has a row of its own): unit, section,
/// number, name, unit of measure, target, actual, achievement (computed and
/// as printed), status and why.
pub fn overview(l: &Loaded, lang: Lang) -> Vec<Vec<Cell>> {
    let mut out = vec![[
        lang.pick("Đơn vị", "Unit"),
        lang.pick("Mục", "Section"),
        lang.pick("Số thứ tự", "Number"),
        lang.pick("Chỉ tiêu", "Indicator"),
        lang.pick("Đơn vị tính", "Unit of measure"),
        lang.pick("Mốc chỉ tiêu", "Target"),
        lang.pick("Chỉ tiêu đặt ra", "Target value"),
        lang.pick("Thực hiện", "Actual"),
        lang.pick("% đạt", "% achieved"),
        lang.pick("% đạt (báo cáo ghi)", "% achieved (printed)"),
        lang.pick("Đánh giá", "Status"),
        lang.pick("Vì sao", "Why"),
    ]
    .map(text)
    .to_vec()];
    for r in evaluate_all(l) {
        let ind = r.indicator;
        let front = || {
            vec![
                text(&r.unit.name),
                text(&r.section.title),
                text(ind.number.as_deref().unwrap_or_default()),
                text(&ind.name),
                text(ind.unit()),
            ]
        };
        let reason = || text(&status_reason(l, &r, lang).unwrap_or_default());
        if r.eval.targets.is_empty() {
            let mut row = front();
            row.extend([empty(), empty(), actual(&r), empty(), empty()]);
            row.extend([status(&r, r.eval.status, lang), reason()]);
            out.push(row);
        }
        for (i, t) in r.eval.targets.iter().enumerate() {
            let derived = if t.derived {
                lang.pick(", suy ra từ % đạt", ", derived from the achievement")
            } else {
                ""
            };
            let mut row = front();
            row.extend([
                Cell::Text(format!(
                    "{} ({}{derived})",
                    t.label,
                    l.period_label(&t.horizon, lang)
                )),
                Cell::Number(t.value),
                actual(&r),
                t.achievement_pct.map_or_else(empty, Cell::Percent),
                t.reported_achievement_pct.map_or_else(empty, Cell::Percent),
                status(&r, t.status, lang),
                // The reason is the first target's, as on screen.
                if i == 0 { reason() } else { empty() },
            ]);
            out.push(row);
        }
    }
    out
}

/// The units side by side as the units page's table shows them, one row
/// per unit and target: the unit's ranks and ratings as printed, then the
/// target's indicator, achievement and status. A unit without targets has
/// one row.
pub fn units(l: &Loaded, lang: Lang) -> Vec<Vec<Cell>> {
    let rows = evaluate_all(l);
    let mut out = vec![[
        lang.pick("Đơn vị", "Unit"),
        lang.pick("Xếp hạng", "Ranking"),
        lang.pick("Đánh giá", "Rating"),
        lang.pick("Chỉ tiêu", "Indicator"),
        lang.pick("Tỷ lệ đạt chỉ tiêu", "Achievement"),
        lang.pick("Mức đạt", "Status"),
    ]
    .map(text)
    .to_vec()];
    for u in &l.export.units {
        let own = || rows.iter().filter(|r| r.unit.id == u.id);
        let words = |kind: IndicatorKind, named: bool| {
            own()
                .filter(|r| r.indicator.kind == kind)
                .filter_map(|r| {
                    let t = r.indicator.values.last()?.text.clone()?;
                    Some(if named {
                        format!("{}: {t}", r.indicator.name)
                    } else {
                        t
                    })
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        let ranks = words(IndicatorKind::Ranking, true);
        let ratings = words(IndicatorKind::Rating, false);
        let front = || vec![text(&u.name), text(&ranks), text(&ratings)];
        let mut any = false;
        for r in own() {
            let Some(t) = r.eval.targets.first() else {
                continue;
            };
            any = true;
            let mut row = front();
            row.extend([
                text(&r.indicator.name),
                t.achievement_pct.map_or_else(empty, Cell::Percent),
                text(t.status.label(lang)),
            ]);
            out.push(row);
        }
        if !any {
            let mut row = front();
            row.extend([empty(), empty(), empty()]);
            out.push(row);
        }
    }
    out
}
