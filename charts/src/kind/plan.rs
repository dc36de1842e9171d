//! Money (or any flow) per period against the plan and the pace it asks for.

use chitieu_core::evaluate::Row;
use chitieu_core::load::Loaded;
use chitieu_core::text::Lang;
use plotters::coord::ranged1d::SegmentValue;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::draw::{Theme, BAR, BAR_PARTIAL, INK, PACE};
use crate::parts::{
    column, f, legend, level, top_with, value_label, with_legend, Columns, Res, Swatch, Ticks,
};
use crate::spec::{Bar, Line};

/// Money (or any flow) per period against a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub title: String,
    pub unit: String,
    pub bars: Vec<Bar>,
    pub plan: Option<Line>,
    /// What the plan asks for by now at an even pace.
    pub expected: Option<Line>,
}

/// The plan chart of an indicator's figures; `None` when it has none.
pub(crate) fn build(l: &Loaded, row: &Row, lang: Lang) -> Option<Plan> {
    let ind = row.indicator;
    let eval_first = row.eval.targets.first();
    let bars = Bar::all(l, row, lang);
    if bars.is_empty() {
        return None;
    }
    Some(Plan {
        title: ind.name.clone(),
        unit: ind.unit().to_string(),
        bars,
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

/// Money (or any flow) per period against the plan and the pace it asks for.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &Plan, t: &Theme) -> Res<DB> {
    let lang = t.lang;
    let n = c.bars.len() as i32;
    let ymax = top_with(
        c.bars
            .iter()
            .map(|b| b.value)
            .chain(c.plan.iter().map(|l| l.value))
            .chain(c.expected.iter().map(|l| l.value)),
        1.45,
    );
    let labels: Vec<String> = c.bars.iter().map(|b| b.label.clone()).collect();
    let (plot_area, legend_area) = with_legend(root, t);
    let mut entries: Vec<(String, Swatch)> = Vec::new();
    let frame = Columns {
        title: &c.title,
        labels: &labels,
        y_desc: &c.unit,
        ymax,
        y_area: 72.0,
        ticks: Ticks::Number,
    };
    let mut chart = frame.draw(&plot_area, t)?;
    let pad = t.px(24.0);
    chart.draw_series(c.bars.iter().enumerate().map(|(i, b)| {
        let color = if b.partial { BAR_PARTIAL } else { BAR };
        column(i, 0.0, f(b.value), color, pad)
    }))?;
    entries.push((
        lang.pick("Thực hiện", "Actual").to_string(),
        Swatch::Box(BAR),
    ));
    chart.draw_series(c.bars.iter().enumerate().map(|(i, b)| {
        value_label!(
            lang.num(b.value),
            (SegmentValue::CenterOf(i as i32), f(b.value)),
            t,
            14.0
        )
    }))?;
    chart.draw_series(c.bars.iter().enumerate().filter_map(|(i, b)| {
        let note = b.note.clone()?;
        Some(
            EmptyElement::at((SegmentValue::CenterOf(i as i32), f(b.value)))
                + Text::new(
                    note,
                    (0, -(t.px(22.0) as i32)),
                    t.font(12.0).pos(Pos::new(HPos::Center, VPos::Bottom)),
                ),
        )
    }))?;
    if let Some(p) = &c.plan {
        level(&mut chart, n, p.value, INK, 2.5, None, t)?;
        entries.push((
            format!("{}: {}", p.label, lang.num(p.value)),
            Swatch::Line(INK),
        ));
    }
    if let Some(e) = &c.expected {
        level(&mut chart, n, e.value, PACE, 2.0, Some(7.0), t)?;
        entries.push((
            format!("{}: {}", e.label, lang.num(e.value)),
            Swatch::Dashed(PACE),
        ));
    }
    legend(&legend_area, &entries, t)?;
    Ok(())
}
