//! A rate per period against the floor (or ceiling) every period must meet.

use chitieu_core::compute::PeriodOutcome;
use chitieu_core::evaluate::Row;
use chitieu_core::load::Loaded;
use chitieu_core::text::Lang;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::draw::{Theme, FAIL, INK, PASS, PENDING};
use crate::parts::Spot::{Above, Inside};
use crate::parts::{column, f, frame, line, Columns, Placer, Res, Swatch, Ticks, LABEL};
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

/// The value axis of a rate: from 0 when the figures spread over much of
/// it, else from a round number below the lowest figure, so that the margin
/// over the floor shows (the break is marked on the axis).
fn axis(c: &Floor) -> (f64, f64) {
    let values = c
        .bars
        .iter()
        .map(|(b, _)| f(b.value))
        .chain(std::iter::once(f(c.floor.value)))
        .chain(c.overall.iter().map(|o| f(o.value)));
    let (lo, hi) = values.fold((f64::MAX, f64::MIN), |(l, h), v| (l.min(v), h.max(v)));
    if lo > hi {
        return (0.0, 1.0);
    }
    let spread = (hi - lo).max(1.0);
    let ymin = if lo > 0.0 && hi - lo < hi * 0.4 {
        let step = if spread > 10.0 { 5.0 } else { 1.0 };
        ((lo - spread * 1.5).max(0.0) / step).floor() * step
    } else {
        0.0
    };
    (ymin, hi + (hi - ymin) * 0.12)
}

/// A rate per period against the floor every period must meet: each bar
/// coloured and marked ✓/✗ by its outcome, the axis showing the margin.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &Floor, t: &Theme) -> Res<DB> {
    let lang = t.lang;
    let n = c.bars.len();
    let (ymin, ymax) = axis(c);
    let labels: Vec<String> = c.bars.iter().map(|(b, _)| b.label.clone()).collect();
    let plot_area = frame(root, &c.title, &c.unit, &entries(c, lang), t)?;
    let cmp = if c.lower_is_better { "≤" } else { "≥" };
    let ends = [(
        f(c.floor.value),
        format!("{cmp} {}", lang.pct(c.floor.value)),
        FAIL,
    )];
    let frame = Columns {
        labels: &labels,
        ymin,
        ymax,
        ticks: Ticks::Number,
        ends: &ends,
    };
    let chart = frame.draw(root, &plot_area, t)?;
    let mut placer = Placer::new(root, &chart, t);
    for (i, (b, o)) in c.bars.iter().enumerate() {
        column(
            root,
            &chart,
            i,
            (ymin, f(b.value)),
            outcome_color(*o),
            t.px(110.0),
        )?;
    }
    let end = n as f64 - 0.5;
    let floor = f(c.floor.value);
    line(
        root,
        &chart,
        &mut placer,
        vec![(-0.5, floor), (end, floor)],
        FAIL,
        2.5,
        None,
        t,
    )?;
    if let Some(o) = &c.overall {
        let v = f(o.value);
        line(
            root,
            &chart,
            &mut placer,
            vec![(-0.5, v), (end, v)],
            INK,
            1.5,
            Some(6.0),
            t,
        )?;
    }
    for (i, (b, o)) in c.bars.iter().enumerate() {
        let mark = match o {
            PeriodOutcome::Pass => "✓",
            PeriodOutcome::Fail => "✗",
            PeriodOutcome::Pending => "…",
        };
        let at = chart.backend_coord(&(i as f64, f(b.value)));
        let spots = [Above(0), Inside, Above(1), Above(2)];
        let s = format!("{} {mark}", lang.num(b.value));
        placer.label(root, &s, at, &spots, LABEL, INK, t)?;
    }
    Ok(())
}

fn outcome_color(o: PeriodOutcome) -> RGBColor {
    match o {
        PeriodOutcome::Pass => PASS,
        PeriodOutcome::Fail => FAIL,
        PeriodOutcome::Pending => PENDING,
    }
}

/// The legend: the outcomes present, the floor and the combined figure.
fn entries(c: &Floor, lang: Lang) -> Vec<(String, Swatch)> {
    let mut e: Vec<(String, Swatch)> = [
        (PeriodOutcome::Pass, "Đạt", "Met"),
        (PeriodOutcome::Fail, "Không đạt", "Missed"),
        (
            PeriodOutcome::Pending,
            "Kỳ chưa trọn năm, chưa đánh giá",
            "Part-year, not judged yet",
        ),
    ]
    .into_iter()
    .filter(|(o, _, _)| c.bars.iter().any(|(_, b)| b == o))
    .map(|(o, vi, en)| (lang.pick(vi, en).to_string(), Swatch::Box(outcome_color(o))))
    .collect();
    let cmp = if c.lower_is_better { "≤" } else { "≥" };
    e.push((
        format!("{} {cmp} {}", c.floor.label, lang.pct(c.floor.value)),
        Swatch::Line(FAIL),
    ));
    if let Some(o) = &c.overall {
        e.push((
            format!("{}: {}", o.label, lang.pct(o.value)),
            Swatch::Dashed(INK),
        ));
    }
    e
}
