//! Counts accumulated against a term target: bars per period, the running
//! total, a line per target, the even-pace line and the projection.

use chitieu_core::evaluate::Row;
use chitieu_core::load::Loaded;
use chitieu_core::text::Lang;
use chitieu_format::dec::Dec;
use chitieu_format::period::Span;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::draw::{Theme, BAR, BAR_PARTIAL, INK, PACE, PROJECTION, RUNNING, TARGETS};
use crate::parts::Spot::{Above, Below, Inside, Left, Right};
use crate::parts::{
    column, dot, f, frame, line, top_with, Columns, Placer, Plot as ColumnChart, Res, Swatch,
    Ticks, LABEL,
};
use crate::spec::{Bar, Line};

/// Counts accumulated against a term target.
#[derive(Debug, Clone, PartialEq)]
pub struct Cumulative {
    pub title: String,
    pub unit: String,
    pub bars: Vec<Bar>,
    /// Running total at the end of each bar's period.
    pub running: Vec<Dec>,
    pub targets: Vec<Line>,
    /// Expected running total at an even pace, at the end of each bar's period.
    pub pace: Vec<Dec>,
    /// End-of-horizon value at the current pace.
    pub projection: Option<Line>,
    /// Name of the horizon's end slot ("Cuối nhiệm kỳ").
    pub end_label: String,
    /// What the remaining periods need, as a sentence.
    pub needed: Option<String>,
}

fn end_label(l: &Loaded, horizon: &str, lang: Lang) -> String {
    let term = l
        .period(horizon)
        .is_some_and(|p| p.kind == chitieu_format::model::PeriodKind::Term);
    match (term, lang) {
        (true, Lang::Vi) => "Cuối nhiệm kỳ".into(),
        (true, Lang::En) => "End of term".into(),
        (false, Lang::Vi) => format!(
            "Cuối {}",
            chitieu_core::text::lower(&l.period_label(horizon, lang))
        ),
        (false, Lang::En) => format!("End of {}", l.period_label(horizon, lang)),
    }
}

/// The bars inside the horizon that accumulate, in time order: a 9-month
/// figure replaces its quarters, as only non-overlapping periods add up.
fn accumulating(l: &Loaded, row: &Row, lang: Lang, horizon: &Span) -> Vec<(Span, Bar)> {
    let mut spanned: Vec<_> = Bar::spanned(l, row, lang)
        .into_iter()
        .filter(|(s, _)| horizon.contains(s))
        .collect();
    chitieu_core::order::sort_by_key(&mut spanned, |(s, _)| (s.start.index(), -s.months()));
    let mut kept: Vec<(Span, Bar)> = Vec::new();
    for (s, b) in spanned {
        if kept.iter().all(|(k, _)| !k.overlaps(&s)) {
            kept.push((s, b));
        }
    }
    kept
}

/// The cumulative chart of a summed count with progress towards its first target.
pub(crate) fn build(l: &Loaded, row: &Row, lang: Lang) -> Option<Cumulative> {
    let e = row.eval.targets.first()?;
    let horizon = l.span(&e.horizon)?;
    let kept = accumulating(l, row, lang, &horizon);
    let mut running = Vec::new();
    let mut sum = Dec::ZERO;
    for (_, b) in &kept {
        sum = sum.checked_add(b.value)?;
        running.push(sum);
    }
    let total = Dec::from_i64(horizon.months());
    let pace = kept
        .iter()
        .map(|(s, _)| {
            e.value
                .checked_mul(Dec::from_i64(horizon.elapsed_at(s.end)))
                .and_then(|x| x.checked_div(total))
                .map(|x| x.round_dp(2).normalize())
        })
        .collect::<Option<Vec<Dec>>>()?;
    Some(Cumulative {
        title: row.indicator.name.clone(),
        unit: row.indicator.unit().to_string(),
        bars: kept.into_iter().map(|(_, b)| b).collect(),
        running,
        targets: row
            .eval
            .targets
            .iter()
            .map(|t| Line {
                label: t.label.clone(),
                value: t.value,
            })
            .collect(),
        pace,
        projection: e
            .progress
            .as_ref()
            .and_then(|p| p.projection)
            .map(|v| Line {
                label: lang
                    .pick("Dự báo theo nhịp hiện tại", "Projected at current pace")
                    .to_string(),
                value: v,
            }),
        end_label: end_label(l, &e.horizon, lang),
        needed: chitieu_core::describe::needed_sentence(row, lang),
    })
}

/// Counts accumulated against a term target: bars per period, the running
/// total, a line per target (its figure at its end), the even-pace line and
/// the projection.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Cumulative,
    t: &Theme,
) -> Res<DB> {
    let lang = t.lang;
    let n = c.bars.len() + 1;
    let ymax = top_with(
        c.targets
            .iter()
            .map(|l| l.value)
            .chain(c.running.iter().copied())
            .chain(c.projection.iter().map(|p| p.value)),
        1.12,
    );
    let mut labels: Vec<String> = c.bars.iter().map(|b| b.label.clone()).collect();
    labels.push(c.end_label.clone());
    let plot_area = frame(root, &c.title, &c.unit, &entries(c, lang, ymax), t)?;
    let ends: Vec<(f64, String, RGBColor)> = c
        .targets
        .iter()
        .enumerate()
        .map(|(i, l)| (f(l.value), lang.num(l.value), TARGETS[i % TARGETS.len()]))
        .collect();
    let frame = Columns {
        labels: &labels,
        ymin: 0.0,
        ymax,
        ticks: Ticks::Number,
        ends: &ends,
    };
    let chart = frame.draw(root, &plot_area, t)?;
    let mut placer = Placer::new(root, &chart, t);
    let max = t.px(90.0);
    for (i, b) in c.bars.iter().enumerate() {
        let color = if b.partial { BAR_PARTIAL } else { BAR };
        column(root, &chart, i, (0.0, f(b.value)), color, max)?;
    }
    let end = n as f64 - 0.5;
    for (i, l) in c.targets.iter().enumerate() {
        let color = TARGETS[i % TARGETS.len()];
        let dash = covers_another(c, i, ymax).then_some(TARGET_DASH);
        line(
            root,
            &chart,
            &mut placer,
            vec![(-0.5, f(l.value)), (end, f(l.value))],
            color,
            2.0,
            dash,
            t,
        )?;
    }
    if !c.pace.is_empty() {
        let mut pts: Vec<(f64, f64)> = c
            .pace
            .iter()
            .enumerate()
            .map(|(i, v)| (i as f64, f(*v)))
            .collect();
        if let Some(first) = c.targets.first() {
            pts.push(((n - 1) as f64, f(first.value)));
        }
        line(root, &chart, &mut placer, pts, PACE, 2.0, Some(7.0), t)?;
    }
    let running: Vec<(f64, f64)> = c
        .running
        .iter()
        .enumerate()
        .map(|(i, v)| (i as f64, f(*v)))
        .collect();
    line(
        root,
        &chart,
        &mut placer,
        running.clone(),
        RUNNING,
        3.0,
        None,
        t,
    )?;
    if let (Some(p), Some(from)) = (&c.projection, running.last()) {
        let to = ((n - 1) as f64, f(p.value));
        line(
            root,
            &chart,
            &mut placer,
            vec![*from, to],
            PROJECTION,
            2.0,
            Some(4.0),
            t,
        )?;
        dot(root, &chart, &mut placer, to, PROJECTION, t)?;
    }
    for p in &running {
        dot(root, &chart, &mut placer, *p, RUNNING, t)?;
    }
    labels_of(root, &chart, &mut placer, c, t)
}

/// The dash of a target line drawn over another one (see [`covers_another`]).
const TARGET_DASH: f64 = 5.0;

/// Whether target `i`'s line lies within 2% of the axis (`0..ymax`) of an
/// earlier target's line: drawn solid on top, it would hide that one (the
/// 1.250 line hid the 1.240 line, two pixels below it). It is dashed, and
/// the line under it shows in its gaps.
fn covers_another(c: &Cumulative, i: usize, ymax: f64) -> bool {
    let Some(this) = c.targets.get(i) else {
        return false;
    };
    c.targets
        .iter()
        .take(i)
        .any(|o| (f(o.value) - f(this.value)).abs() <= ymax * 0.02)
}

/// The legend: bars, targets with their figures, pace, running total, projection.
fn entries(c: &Cumulative, lang: Lang, ymax: f64) -> Vec<(String, Swatch)> {
    let mut e = vec![(
        lang.pick("Số thực hiện trong kỳ", "Done in the period")
            .to_string(),
        Swatch::Box(BAR),
    )];
    if c.bars.iter().any(|b| b.partial) {
        e.push((
            lang.pick("Kỳ chưa trọn năm", "Part-year period")
                .to_string(),
            Swatch::Box(BAR_PARTIAL),
        ));
    }
    for (i, l) in c.targets.iter().enumerate() {
        let color = TARGETS[i % TARGETS.len()];
        e.push((
            format!("{}: {}", l.label, lang.num(l.value)),
            if covers_another(c, i, ymax) {
                Swatch::Dashed(color)
            } else {
                Swatch::Line(color)
            },
        ));
    }
    if !c.pace.is_empty() {
        e.push((
            lang.pick("Tiến độ đều theo thời gian", "Even pace over time")
                .to_string(),
            Swatch::Dashed(PACE),
        ));
    }
    e.push((
        lang.pick("Lũy kế", "Running total").to_string(),
        Swatch::Line(RUNNING),
    ));
    if let Some(p) = &c.projection {
        e.push((
            format!("{}: {}", p.label, lang.num(p.value)),
            Swatch::Dashed(PROJECTION),
        ));
    }
    e
}

/// The figures: each target's at its line's end, the running totals, the
/// bars', the projection's; each where it sits on no other and no line.
fn labels_of<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &ColumnChart<'_, DB>,
    placer: &mut Placer,
    c: &Cumulative,
    t: &Theme,
) -> Res<DB> {
    let lang = t.lang;
    let end = c.bars.len() as f64 + 0.5;
    let around = [Above(0), Left, Right, Below, Above(1)];
    // The first running total is the first bar's figure, printed on the bar.
    for (i, v) in c.running.iter().enumerate().skip(1) {
        let at = chart.backend_coord(&(i as f64, f(*v)));
        placer.label(root, &lang.num(*v), at, &around, LABEL, RUNNING, t)?;
    }
    for (i, b) in c.bars.iter().enumerate() {
        let at = chart.backend_coord(&(i as f64, f(b.value)));
        let spots = [Above(0), Inside, Above(1), Above(2)];
        placer.label(root, &lang.num(b.value), at, &spots, LABEL, INK, t)?;
    }
    if let Some(p) = &c.projection {
        let at = chart.backend_coord(&(end - 1.0, f(p.value)));
        placer.label(root, &lang.num(p.value), at, &around, LABEL, PROJECTION, t)?;
    }
    Ok(())
}
