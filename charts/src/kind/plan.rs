//! Money (or any flow) per period against the plan and the pace it asks for.

use chitieu_core::evaluate::Row;
use chitieu_core::load::Loaded;
use chitieu_core::text::Lang;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::draw::{Theme, BAR, BAR_PARTIAL, INK, PACE};
use crate::parts::Spot::{Above, Inside};
use crate::parts::{column, f, frame, line, top_with, Columns, Placer, Res, Swatch, Ticks, LABEL};
use crate::spec::{Bar, Line};

/// Money (or any flow) per period against a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub title: String,
    pub unit: String,
    pub bars: Vec<Bar>,
    /// Per bar: whether it adds up others shown (the 9 months after its
    /// quarter); the plan and its pace are drawn over these.
    pub cumulative: Vec<bool>,
    pub plan: Option<Line>,
    /// What the plan asks for by now at an even pace.
    pub expected: Option<Line>,
}

/// The plan chart of an indicator's figures; `None` when it has none.
pub(crate) fn build(l: &Loaded, row: &Row, lang: Lang) -> Option<Plan> {
    let ind = row.indicator;
    let eval_first = row.eval.targets.first();
    let spanned = Bar::spanned(l, row, lang);
    if spanned.is_empty() {
        return None;
    }
    let cumulative = spanned
        .iter()
        .map(|(s, _)| {
            spanned
                .iter()
                .any(|(o, _)| o.months() < s.months() && s.contains(o))
        })
        .collect();
    let bars = spanned.into_iter().map(|(_, b)| b).collect();
    Some(Plan {
        title: ind.name.clone(),
        unit: ind.unit().to_string(),
        bars,
        cumulative,
        plan: eval_first.map(|e| Line {
            label: if e.derived {
                format!("{} ({})", e.label, lang.pick("suy ra", "derived"))
            } else {
                e.label.clone()
            },
            value: e.value,
        }),
        expected: eval_first
            .and_then(|e| e.progress.as_ref())
            .filter(|p| p.remaining_months > 0)
            .map(|p| Line {
                label: match lang {
                    Lang::Vi => format!(
                        "Tiến độ cần đạt sau {}/{} tháng",
                        p.elapsed_months, p.total_months
                    ),
                    Lang::En => {
                        format!("Pace after {}/{} months", p.elapsed_months, p.total_months)
                    }
                },
                value: p.expected,
            }),
    })
}

/// Money (or any flow) per period against the plan and the pace it asks
/// for. A cumulative figure (9 months) and the periods it adds up (its
/// quarter) are told apart by colour and legend; the plan and its pace are
/// drawn over the cumulative figures only, as the periods are not comparable with them.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &Plan, t: &Theme) -> Res<DB> {
    let lang = t.lang;
    let n = c.bars.len();
    let ymax = top_with(
        c.bars
            .iter()
            .map(|b| b.value)
            .chain(c.plan.iter().map(|l| l.value))
            .chain(c.expected.iter().map(|l| l.value)),
        1.15,
    );
    let labels: Vec<String> = c.bars.iter().map(|b| b.label.clone()).collect();
    let plot_area = frame(root, &c.title, &c.unit, &entries(c, lang), t)?;
    let ends: Vec<(f64, String, RGBColor)> = c
        .plan
        .iter()
        .map(|p| (f(p.value), lang.num(p.value), INK))
        .chain(
            c.expected
                .iter()
                .map(|e| (f(e.value), lang.num(e.value), PACE)),
        )
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
    let nested = c.cumulative.iter().any(|x| *x);
    for (i, b) in c.bars.iter().enumerate() {
        column(
            root,
            &chart,
            i,
            (0.0, f(b.value)),
            bar_color(c, i, b),
            t.px(120.0),
        )?;
    }
    // Over the cumulative figures, or all when none adds up others.
    let over = |i: &usize| !nested || c.cumulative.get(*i).copied().unwrap_or(false);
    let from = (0..n).find(over).unwrap_or(0) as f64 - 0.5;
    let to = (0..n).rev().find(over).unwrap_or(0) as f64 + 0.5;
    if let Some(p) = &c.plan {
        line(
            root,
            &chart,
            &mut placer,
            vec![(from, f(p.value)), (to, f(p.value))],
            INK,
            2.5,
            None,
            t,
        )?;
    }
    if let Some(e) = &c.expected {
        let v = f(e.value);
        line(
            root,
            &chart,
            &mut placer,
            vec![(from, v), (to, v)],
            PACE,
            2.0,
            Some(7.0),
            t,
        )?;
    }
    for (i, b) in c.bars.iter().enumerate() {
        let at = chart.backend_coord(&(i as f64, f(b.value)));
        let spots = [Above(0), Inside, Above(1), Above(2)];
        placer.label(root, &lang.num(b.value), at, &spots, LABEL, INK, t)?;
        if let Some(note) = &b.note {
            let spots = [Above(1), Above(2), Above(3)];
            placer.extra(root, note, at, &spots, LABEL, INK, t)?;
        }
    }
    Ok(())
}

fn bar_color(c: &Plan, i: usize, b: &Bar) -> RGBColor {
    let nested = c.cumulative.iter().any(|x| *x);
    let light = if nested {
        !c.cumulative.get(i).copied().unwrap_or(false)
    } else {
        b.partial
    };
    if light {
        BAR_PARTIAL
    } else {
        BAR
    }
}

/// The legend: every kind of bar shown, the plan and its pace with their figures.
fn entries(c: &Plan, lang: Lang) -> Vec<(String, Swatch)> {
    let nested = c.cumulative.iter().any(|x| *x);
    let mut e = Vec::new();
    if nested {
        e.push((
            lang.pick("Trong kỳ", "In the period").to_string(),
            Swatch::Box(BAR_PARTIAL),
        ));
        e.push((
            lang.pick("Lũy kế", "Cumulative").to_string(),
            Swatch::Box(BAR),
        ));
    } else {
        e.push((
            lang.pick("Thực hiện", "Actual").to_string(),
            Swatch::Box(BAR),
        ));
        if c.bars.iter().any(|b| b.partial) {
            e.push((
                lang.pick("Kỳ chưa trọn năm", "Part-year period")
                    .to_string(),
                Swatch::Box(BAR_PARTIAL),
            ));
        }
    }
    if let Some(p) = &c.plan {
        e.push((
            format!("{}: {}", p.label, lang.num(p.value)),
            Swatch::Line(INK),
        ));
    }
    if let Some(x) = &c.expected {
        e.push((
            format!("{}: {}", x.label, lang.num(x.value)),
            Swatch::Dashed(PACE),
        ));
    }
    e
}
