//! Counts accumulated against a term target: bars per period, the running
//! total, a line per target, the even-pace line and the projection.

use chitieu_core::evaluate::Row;
use chitieu_core::load::Loaded;
use chitieu_core::text::Lang;
use chitieu_format::dec::Dec;
use chitieu_format::period::Span;
use plotters::coord::ranged1d::SegmentValue;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

use crate::draw::{Theme, BAR, BAR_PARTIAL, PACE, PROJECTION, RUNNING, TARGETS};
use crate::parts::{
    column, f, legend, level, shorten, top_with, value_label, with_legend, ColumnChart, Columns,
    Res, Swatch, Ticks,
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
/// total, a line per target, the even-pace line and the projection.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Cumulative,
    t: &Theme,
) -> Res<DB> {
    let n = c.bars.len() as i32 + 1;
    let ymax = top_with(
        c.targets
            .iter()
            .map(|l| l.value)
            .chain(c.running.iter().copied())
            .chain(c.projection.iter().map(|p| p.value)),
        1.55,
    );
    let mut labels: Vec<String> = c.bars.iter().map(|b| b.label.clone()).collect();
    labels.push(c.end_label.clone());
    let (plot_area, legend_area) = with_legend(root, t);
    let mut entries: Vec<(String, Swatch)> = Vec::new();
    let frame = Columns {
        title: &c.title,
        labels: &labels,
        y_desc: &c.unit,
        ymax,
        y_area: 62.0,
        ticks: Ticks::Number,
    };
    let mut chart = frame.draw(&plot_area, t)?;
    bars(&mut chart, c, t, &mut entries)?;
    for (i, l) in c.targets.iter().enumerate() {
        let color = TARGETS[i % TARGETS.len()];
        level(&mut chart, n, l.value, color, 2.0, None, t)?;
        entries.push((
            format!("{}: {}", shorten(&l.label, 34), t.lang.num(l.value)),
            Swatch::Line(color),
        ));
    }
    pace(&mut chart, c, t, &mut entries)?;
    running(&mut chart, c, t, &mut entries)?;
    projection(&mut chart, c, t, &mut entries)?;
    legend(&legend_area, &entries, t)?;
    Ok(())
}

/// The period's bars with their figures, the part-year ones lighter.
fn bars<DB: DrawingBackend>(
    chart: &mut ColumnChart<'_, DB>,
    c: &Cumulative,
    t: &Theme,
    entries: &mut Vec<(String, Swatch)>,
) -> Res<DB> {
    let lang = t.lang;
    let pad = t.px(14.0);
    let bar_label = lang.pick("Số thực hiện trong kỳ", "Done in the period");
    chart.draw_series(c.bars.iter().enumerate().map(|(i, b)| {
        let color = if b.partial { BAR_PARTIAL } else { BAR };
        column(i, 0.0, f(b.value), color, pad)
    }))?;
    entries.push((bar_label.to_string(), Swatch::Box(BAR)));
    chart.draw_series(c.bars.iter().enumerate().map(|(i, b)| {
        value_label!(
            lang.num(b.value),
            (SegmentValue::CenterOf(i as i32), f(b.value)),
            t,
            13.0
        )
    }))?;
    if c.bars.iter().any(|b| b.partial) {
        entries.push((
            lang.pick("Kỳ chưa trọn năm", "Part-year period")
                .to_string(),
            Swatch::Box(BAR_PARTIAL),
        ));
    }
    Ok(())
}

/// The even-pace line, from the first period to the first target at the horizon's end.
fn pace<DB: DrawingBackend>(
    chart: &mut ColumnChart<'_, DB>,
    c: &Cumulative,
    t: &Theme,
    entries: &mut Vec<(String, Swatch)>,
) -> Res<DB> {
    if c.pace.is_empty() {
        return Ok(());
    }
    let n = c.bars.len() as i32 + 1;
    let mut pts: Vec<(SegmentValue<i32>, f64)> = c
        .pace
        .iter()
        .enumerate()
        .map(|(i, v)| (SegmentValue::CenterOf(i as i32), f(*v)))
        .collect();
    if let Some(first) = c.targets.first() {
        pts.push((SegmentValue::CenterOf(n - 1), f(first.value)));
    }
    let style = t.stroke(PACE, 2.0);
    let dash = t.px(7.0);
    chart.draw_series(std::iter::once(DashedPathElement::new(
        pts, dash, dash, style,
    )))?;
    entries.push((
        t.lang
            .pick("Tiến độ đều theo thời gian", "Even pace over time")
            .to_string(),
        Swatch::Dashed(PACE),
    ));
    Ok(())
}

/// The running total: a line with a dot and its figure per period.
fn running<DB: DrawingBackend>(
    chart: &mut ColumnChart<'_, DB>,
    c: &Cumulative,
    t: &Theme,
    entries: &mut Vec<(String, Swatch)>,
) -> Res<DB> {
    let lang = t.lang;
    let running: Vec<(SegmentValue<i32>, f64)> = c
        .running
        .iter()
        .enumerate()
        .map(|(i, v)| (SegmentValue::CenterOf(i as i32), f(*v)))
        .collect();
    let rstyle = t.stroke(RUNNING, 3.0);
    chart.draw_series(std::iter::once(PathElement::new(running.clone(), rstyle)))?;
    entries.push((
        lang.pick("Lũy kế", "Running total").to_string(),
        Swatch::Line(RUNNING),
    ));
    chart.draw_series(
        running
            .iter()
            .map(|p| Circle::new(p.clone(), t.px(4.5), RUNNING.filled())),
    )?;
    // The first running total is the first bar's figure, already printed.
    chart.draw_series(c.running.iter().enumerate().skip(1).map(|(i, v)| {
        value_label!(
            lang.num(*v),
            (SegmentValue::CenterOf(i as i32), f(*v)),
            t,
            13.0
        )
    }))?;
    Ok(())
}

/// The projection: from the last running total to the horizon's end.
fn projection<DB: DrawingBackend>(
    chart: &mut ColumnChart<'_, DB>,
    c: &Cumulative,
    t: &Theme,
    entries: &mut Vec<(String, Swatch)>,
) -> Res<DB> {
    let (Some(p), Some(from)) = (&c.projection, c.running.last()) else {
        return Ok(());
    };
    let n = c.bars.len() as i32 + 1;
    let last = c.bars.len() as i32 - 1;
    let style = t.stroke(PROJECTION, 2.0);
    let dash = t.px(4.0);
    let pts = vec![
        (SegmentValue::CenterOf(last), f(*from)),
        (SegmentValue::CenterOf(n - 1), f(p.value)),
    ];
    chart.draw_series(std::iter::once(DashedPathElement::new(
        pts, dash, dash, style,
    )))?;
    entries.push((
        format!("{}: {}", p.label, t.lang.num(p.value)),
        Swatch::Dashed(PROJECTION),
    ));
    chart.draw_series(std::iter::once(Circle::new(
        (SegmentValue::CenterOf(n - 1), f(p.value)),
        t.px(4.5),
        PROJECTION.filled(),
    )))?;
    Ok(())
}
