//! A rate per period against the floor (or ceiling) every period must meet.

use chitieu_core::compute::PeriodOutcome;
use chitieu_core::evaluate::Row;
use chitieu_core::load::Loaded;
use chitieu_core::text::Lang;
use plotters::coord::ranged1d::SegmentValue;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::draw::{Theme, FAIL, INK, PASS, PENDING};
use crate::parts::{
    column, f, legend, level, shorten, top, value_label, with_legend, ColumnChart, Columns, Res,
    Swatch, Ticks,
};
use crate::spec::{Bar, Line};

/// A rate per period against a floor (or ceiling).
#[derive(Debug, Clone, PartialEq)]
pub struct Floor {
    pub title: String,
    pub unit: String,
    pub bars: Vec<(Bar, PeriodOutcome)>,
    pub floor: Line,
    pub lower_is_better: bool,
    /// The combined value over the horizon (the report's "Thực hiện").
    pub overall: Option<Line>,
}

/// The floor chart of an indicator whose first target every period must meet.
pub(crate) fn build(l: &Loaded, row: &Row, lang: Lang) -> Option<Floor> {
    let ind = row.indicator;
    let e = row.eval.targets.first()?;
    let outcome = |period: &str| {
        e.periods
            .iter()
            .find(|c| c.period == period)
            .map_or(PeriodOutcome::Pass, |c| c.outcome)
    };
    let bars = Bar::all(l, row, lang)
        .into_iter()
        .map(|b| {
            let o = outcome(&b.period);
            (b, o)
        })
        .collect();
    Some(Floor {
        title: ind.name.clone(),
        unit: ind.unit().to_string(),
        bars,
        floor: Line {
            label: e.label.clone(),
            value: e.value,
        },
        lower_is_better: ind.direction == chitieu_format::model::Direction::LowerIsBetter,
        overall: row.eval.actual.as_ref().map(|a| Line {
            label: lang.pick("Thực hiện", "Actual").to_string(),
            value: a.value,
        }),
    })
}

/// A rate per period against the floor every period must meet.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &Floor, t: &Theme) -> Res<DB> {
    let lang = t.lang;
    let n = c.bars.len() as i32;
    let ymax = top(c
        .bars
        .iter()
        .map(|(b, _)| b.value)
        .chain(std::iter::once(c.floor.value)));
    let labels: Vec<String> = c.bars.iter().map(|(b, _)| b.label.clone()).collect();
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
    let cmp = if c.lower_is_better { "≤" } else { "≥" };
    level(&mut chart, n, c.floor.value, FAIL, 2.5, None, t)?;
    entries.push((
        format!(
            "{} {cmp} {}",
            shorten(&c.floor.label, 34),
            lang.pct(c.floor.value)
        ),
        Swatch::Line(FAIL),
    ));
    if let Some(o) = &c.overall {
        level(&mut chart, n, o.value, INK, 1.5, Some(6.0), t)?;
        entries.push((
            format!("{}: {}", o.label, lang.pct(o.value)),
            Swatch::Dashed(INK),
        ));
    }
    legend(&legend_area, &entries, t)?;
    Ok(())
}

/// The bars coloured by outcome, each with its figure and mark.
fn bars<DB: DrawingBackend>(
    chart: &mut ColumnChart<'_, DB>,
    c: &Floor,
    t: &Theme,
    entries: &mut Vec<(String, Swatch)>,
) -> Res<DB> {
    let lang = t.lang;
    let pad = t.px(18.0);
    for (outcome, color, vi, en) in [
        (PeriodOutcome::Pass, PASS, "Đạt", "Met"),
        (PeriodOutcome::Fail, FAIL, "Không đạt", "Missed"),
        (
            PeriodOutcome::Pending,
            PENDING,
            "Kỳ chưa trọn năm, chưa đánh giá",
            "Part-year, not judged yet",
        ),
    ] {
        if !c.bars.iter().any(|(_, o)| *o == outcome) {
            continue;
        }
        chart.draw_series(
            c.bars
                .iter()
                .enumerate()
                .filter(|(_, (_, o))| *o == outcome)
                .map(|(i, (b, _))| column(i, 0.0, f(b.value), color, pad)),
        )?;
        entries.push((lang.pick(vi, en).to_string(), Swatch::Box(color)));
    }
    chart.draw_series(c.bars.iter().enumerate().map(|(i, (b, o))| {
        let mark = match o {
            PeriodOutcome::Pass => "✓",
            PeriodOutcome::Fail => "✗",
            PeriodOutcome::Pending => "…",
        };
        value_label!(
            format!("{} {mark}", lang.num(b.value)),
            (SegmentValue::CenterOf(i as i32), f(b.value)),
            t,
            13.0
        )
    }))?;
    Ok(())
}
