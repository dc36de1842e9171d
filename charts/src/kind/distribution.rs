//! Shares of categories per period as 100% stacked bars, with the target band.

use chitieu_core::evaluate::Row;
use chitieu_core::load::Loaded;
use chitieu_core::text::Lang;
use chitieu_format::dec::Dec;
use chitieu_format::model::{Category, Indicator};
use plotters::coord::ranged1d::SegmentValue;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::draw::{Theme, FAIL, GREYS, SHADES};
use crate::parts::{
    column, f, legend, level, shorten, value_label, with_legend, ColumnChart, Columns, Res, Swatch,
    Ticks,
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
    Some(Distribution {
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

/// Shares of categories per period as 100% stacked bars, with the target band.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Distribution,
    t: &Theme,
) -> Res<DB> {
    let lang = t.lang;
    let n = c.periods.len() as i32;
    let sums: Vec<Dec> = (0..c.periods.len())
        .map(|i| {
            c.categories
                .iter()
                .filter_map(|(_, v)| v.get(i).copied().flatten())
                .fold(Dec::ZERO, |a, b| a.checked_add(b).unwrap_or(a))
        })
        .collect();
    let ymax = sums.iter().map(|s| f(*s)).fold(100.0, f64::max) * 1.12;
    let (plot_area, legend_area) = with_legend(root, t);
    let frame = Columns {
        title: &c.title,
        labels: &c.periods,
        y_desc: "",
        ymax,
        y_area: 56.0,
        ticks: Ticks::Percent,
    };
    let mut chart = frame.draw(&plot_area, t)?;
    let pad = t.px(22.0);
    let mut entries: Vec<(String, Swatch)> = Vec::new();
    let mut base = vec![0f64; c.periods.len()];
    for (ci, (name, shares)) in c.categories.iter().enumerate() {
        let color = if ci < c.target_categories {
            SHADES[ci.min(SHADES.len() - 1)]
        } else {
            GREYS[(ci - c.target_categories) % GREYS.len()]
        };
        entries.push((shorten(name, 44), Swatch::Box(color)));
        let rects: Vec<_> = shares
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let v = f((*s)?);
                let y0 = base[i];
                base[i] += v;
                Some(column(i, y0, y0 + v, color, pad))
            })
            .collect();
        chart.draw_series(rects)?;
    }
    sums_printed(&mut chart, c, &sums, t)?;
    if let Some(target) = &c.target {
        level(&mut chart, n, target.value, FAIL, 2.5, None, t)?;
        entries.push((
            format!(
                "{} ≥ {}",
                shorten(&target.label, 34),
                lang.pct(target.value)
            ),
            Swatch::Line(FAIL),
        ));
    }
    // Top of the stack first, as the eye reads the bars; the target last.
    let target_entry = if c.target.is_some() {
        entries.pop()
    } else {
        None
    };
    entries.reverse();
    entries.extend(target_entry);
    legend(&legend_area, &entries, t)?;
    Ok(())
}

/// The share the target judges, the sum of its categories, printed inside the
/// top of their stack; and the sum of all shares above each bar.
fn sums_printed<DB: DrawingBackend>(
    chart: &mut ColumnChart<'_, DB>,
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
        chart.draw_series(std::iter::once(
            EmptyElement::at((SegmentValue::CenterOf(i as i32), f(judged)))
                + Text::new(
                    lang.pct(judged),
                    (0, -(t.px(3.0) as i32)),
                    t.font(13.0)
                        .color(&WHITE)
                        .pos(Pos::new(HPos::Center, VPos::Top)),
                ),
        ))?;
        if let Some(sum) = sums.get(i) {
            let text = format!("Σ {}", lang.pct(*sum));
            chart.draw_series(std::iter::once(value_label!(
                text,
                (SegmentValue::CenterOf(i as i32), f(*sum)),
                t,
                12.0
            )))?;
        }
    }
    Ok(())
}
