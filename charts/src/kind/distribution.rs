//! Shares of categories per period as 100% stacked bars, with the target band.

use chitieu_core::compute::PeriodOutcome;
use chitieu_core::evaluate::Row;
use chitieu_core::load::Loaded;
use chitieu_core::text::Lang;
use chitieu_format::dec::Dec;
use chitieu_format::model::{Category, Indicator};
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::draw::{Theme, BAND, FAIL, GREYS, INK, SHADES};
use crate::parts::Spot::{Above, Inside};
use crate::parts::{
    column, f, frame, half_width, line, rect, Columns, Placer, Plot, Res, Swatch, Ticks, LABEL,
};
use crate::spec::Line;

/// Shares of categories per period, stacked to 100%.
#[derive(Debug, Clone, PartialEq)]
pub struct Distribution {
    pub title: String,
    pub periods: Vec<String>,
    /// Category name and its share per period; the target's categories first.
    pub categories: Vec<(String, Vec<Option<Dec>>)>,
    /// How many of the first categories the target adds up.
    pub target_categories: usize,
    pub target: Option<Line>,
    /// Per period: its outcome against the target, when judged.
    pub outcomes: Vec<Option<PeriodOutcome>>,
}

/// The periods any category has a figure for, in time order.
fn periods(l: &Loaded, ind: &Indicator) -> Vec<String> {
    let mut periods: Vec<String> = Vec::new();
    for c in &ind.categories {
        for o in &c.values {
            if !periods.iter().any(|p| p == o.period.as_str()) {
                periods.push(o.period.to_string());
            }
        }
    }
    // Periods without a span first, as `Option` orders them.
    chitieu_core::order::sort_by_key(&mut periods, |p| {
        l.span(p).map_or((0, 0), |s| (1, s.start.index()))
    });
    periods
}

/// The distribution chart of an indicator with a target on some of its categories.
pub(crate) fn build(l: &Loaded, row: &Row, lang: Lang) -> Option<Distribution> {
    let ind = row.indicator;
    let t = ind.targets.first()?;
    let periods = periods(l, ind);
    let mut cats: Vec<&Category> = ind
        .categories
        .iter()
        .filter(|c| t.categories.contains(&c.id))
        .collect();
    let target_categories = cats.len();
    cats.extend(
        ind.categories
            .iter()
            .filter(|c| !t.categories.contains(&c.id)),
    );
    let categories = cats
        .iter()
        .map(|c| {
            let shares = periods
                .iter()
                .map(|p| {
                    c.values
                        .iter()
                        .find(|o| o.period == p)
                        .and_then(|o| o.value)
                })
                .collect();
            (c.name.clone(), shares)
        })
        .collect();
    let judged = row.eval.targets.first().map(|e| &e.periods);
    let outcomes = periods
        .iter()
        .map(|p| judged?.iter().find(|c| c.period == *p).map(|c| c.outcome))
        .collect();
    Some(Distribution {
        outcomes,
        title: ind.name.clone(),
        periods: periods.iter().map(|p| l.period_label(p, lang)).collect(),
        categories,
        target_categories,
        target: row.eval.targets.first().map(|e| Line {
            label: e.label.clone(),
            value: e.value,
        }),
    })
}

/// Shares of categories per period as 100% stacked bars, with the target
/// band (from the target to 100%), each period's judged share marked ✓/✗
/// and a missed period's label in red.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Distribution,
    t: &Theme,
) -> Res<DB> {
    let lang = t.lang;
    let n = c.periods.len();
    let sums: Vec<Dec> = (0..n)
        .map(|i| {
            c.categories
                .iter()
                .filter_map(|(_, v)| v.get(i).copied().flatten())
                .fold(Dec::ZERO, |a, b| a.checked_add(b).unwrap_or(a))
        })
        .collect();
    let ymax = sums.iter().map(|s| f(*s)).fold(100.0, f64::max) * 1.18;
    let plot_area = frame(root, &c.title, "", &entries(c, lang), t)?;
    let ends: Vec<(f64, String, RGBColor)> = c
        .target
        .iter()
        .map(|x| (f(x.value), format!("≥ {}", lang.pct(x.value)), FAIL))
        .collect();
    let frame = Columns {
        labels: &c.periods,
        ymin: 0.0,
        ymax,
        ticks: Ticks::Percent,
        ends: &ends,
    };
    let chart = frame.draw(root, &plot_area, t)?;
    let mut placer = Placer::new(root, &chart, t);
    let end = n as f64 - 0.5;
    if let Some(target) = &c.target {
        rect(
            root,
            &chart,
            (-0.5, f(target.value)),
            (end, 100.0),
            BAND.filled(),
        )?;
    }
    let mut base = vec![0f64; n];
    for (ci, (_, shares)) in c.categories.iter().enumerate() {
        for (i, s) in shares.iter().enumerate() {
            let (Some(s), Some(b)) = (s, base.get_mut(i)) else {
                continue;
            };
            let y0 = *b;
            *b += f(*s);
            column(root, &chart, i, (y0, *b), color_of(c, ci), t.px(110.0))?;
        }
    }
    // A missed period: its column outlined in red.
    let half = half_width(&chart, t.px(110.0)) + 0.02;
    for (i, o) in c.outcomes.iter().enumerate() {
        if *o == Some(PeriodOutcome::Fail) {
            let x = i as f64;
            let top = sums.get(i).map_or(100.0, |s| f(*s));
            rect(
                root,
                &chart,
                (x - half, 0.0),
                (x + half, top),
                t.stroke(FAIL, 2.5),
            )?;
        }
    }
    if let Some(target) = &c.target {
        let v = f(target.value);
        line(
            root,
            &chart,
            &mut placer,
            vec![(-0.5, v), (end, v)],
            FAIL,
            2.5,
            None,
            t,
        )?;
    }
    shares(root, &chart, &mut placer, c, &sums, t)
}

fn color_of(c: &Distribution, ci: usize) -> RGBColor {
    if ci < c.target_categories {
        SHADES[ci.min(SHADES.len() - 1)]
    } else {
        GREYS[(ci - c.target_categories) % GREYS.len()]
    }
}

/// The legend: the categories, the target, the outcomes' marks.
fn entries(c: &Distribution, lang: Lang) -> Vec<(String, Swatch)> {
    let mut e: Vec<(String, Swatch)> = c
        .categories
        .iter()
        .enumerate()
        .map(|(ci, (name, _))| (name.clone(), Swatch::Box(color_of(c, ci))))
        .collect();
    if let Some(target) = &c.target {
        e.push((
            format!("{} ≥ {}", target.label, lang.pct(target.value)),
            Swatch::Line(FAIL),
        ));
    }
    if c.outcomes.contains(&Some(PeriodOutcome::Fail)) {
        e.push((
            lang.pick("✗ Kỳ không đạt (viền đỏ)", "✗ Period missed (red outline)")
                .to_string(),
            Swatch::Box(FAIL),
        ));
    }
    e
}

/// Each period's judged share (the target's categories together) with its
/// mark, and the sum of all shares above the column.
fn shares<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Plot<'_, DB>,
    placer: &mut Placer,
    c: &Distribution,
    sums: &[Dec],
    t: &Theme,
) -> Res<DB> {
    let lang = t.lang;
    for i in 0..c.periods.len() {
        let judged = c
            .categories
            .iter()
            .take(c.target_categories)
            .filter_map(|(_, v)| v.get(i).copied().flatten())
            .fold(Dec::ZERO, |a, b| a.checked_add(b).unwrap_or(a));
        let mark = match c.outcomes.get(i).copied().flatten() {
            Some(PeriodOutcome::Pass) => " ✓",
            Some(PeriodOutcome::Fail) => " ✗",
            _ => "",
        };
        let at = chart.backend_coord(&(i as f64, f(judged)));
        let s = format!("{}{mark}", lang.pct(judged));
        placer.label(root, &s, at, &[Inside, Above(0)], LABEL, INK, t)?;
        // The sum of the shares, where it is not 100% and there is room.
        if let Some(sum) = sums.get(i).filter(|s| **s != Dec::ONE_HUNDRED) {
            let at = chart.backend_coord(&(i as f64, f(*sum)));
            let s = format!("Σ {}", lang.pct(*sum));
            placer.extra(root, &s, at, &[Above(0), Above(1)], LABEL, INK, t)?;
        }
    }
    Ok(())
}
