//! Units side by side by achievement of their targets, with the 100% line.

use chitieu_core::compute::Status;
use chitieu_core::evaluate::Row;
use chitieu_core::text::Lang;
use chitieu_format::dec::Dec;
use plotters::coord::ranged1d::SegmentValue;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::axis::Axis;
use crate::draw::{Theme, BAR, FAIL, GRID, INK, PACE, PASS, PENDING};
use crate::parts::{f, tick, top, Res, RowLabels};

/// Units side by side: achievement of their targets.
#[derive(Debug, Clone, PartialEq)]
pub struct Achievement {
    pub title: String,
    /// Unit and indicator, achievement in %, status.
    pub rows: Vec<(String, Dec, Status)>,
}

/// The achievement of every unit's indicators against their first target;
/// `None` when none has one.
pub(crate) fn build(rows: &[Row], lang: Lang) -> Option<Achievement> {
    let achievement: Vec<(String, Dec, Status)> = rows
        .iter()
        .filter_map(|r| {
            let t = r.eval.targets.first()?;
            Some((
                format!("{} – {}", r.unit.name, r.indicator.name),
                t.achievement_pct?,
                t.status,
            ))
        })
        .collect();
    if achievement.is_empty() {
        return None;
    }
    Some(Achievement {
        title: lang
            .pick(
                "Tỷ lệ đạt chỉ tiêu của các đơn vị",
                "Achievement of the units' targets",
            )
            .to_string(),
        rows: achievement,
    })
}

/// Units side by side by achievement of their targets, with the 100% line.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Achievement,
    t: &Theme,
) -> Res<DB> {
    let lang = t.lang;
    let n = c.rows.len() as i32;
    let xmax = top(c
        .rows
        .iter()
        .map(|(_, p, _)| *p)
        .chain(std::iter::once(Dec::ONE_HUNDRED)));
    let labels = RowLabels::new(root, c.rows.iter().map(|(name, _, _)| name), 60, t);
    let area = labels.area;
    let yfmt = |v: &SegmentValue<i32>| labels.label(v);
    let xfmt = |v: &f64| format!("{}%", tick(*v, lang));
    let mut chart = ChartBuilder::on(root)
        .caption(&c.title, t.font(19.0))
        .margin(t.px(14.0))
        .x_label_area_size(t.px(30.0))
        .y_label_area_size(area)
        .build_cartesian_2d(Axis(0.0, xmax), (0..(n - 1).max(0)).into_segmented())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .x_labels(6)
        .x_label_formatter(&xfmt)
        .y_labels(n as usize + 1)
        .y_label_formatter(&yfmt)
        .label_style(t.font(12.0))
        .draw()?;
    let pad = t.px(3.0);
    chart.draw_series(c.rows.iter().enumerate().map(|(i, (_, pct, status))| {
        let color = match status {
            Status::Exceeded | Status::Met => PASS,
            Status::OnTrack => BAR,
            Status::Behind => PACE,
            Status::Missed => FAIL,
            Status::NoTarget => PENDING,
        };
        let y = n - 1 - i as i32;
        let mut r = Rectangle::new(
            [
                (0.0, SegmentValue::Exact(y)),
                (f(*pct), SegmentValue::Exact(y + 1)),
            ],
            color.filled(),
        );
        r.set_margin(pad, pad, 0, 0);
        r
    }))?;
    chart.draw_series(c.rows.iter().enumerate().map(|(i, (_, pct, status))| {
        let y = n - 1 - i as i32;
        EmptyElement::at((f(*pct), SegmentValue::CenterOf(y)))
            + Text::new(
                format!("{} {}", lang.pct(*pct), status.icon()),
                (t.px(5.0) as i32, 0),
                t.font(12.0).pos(Pos::new(HPos::Left, VPos::Center)),
            )
    }))?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![
            (100.0, SegmentValue::Exact(0)),
            (100.0, SegmentValue::Exact(n)),
        ],
        t.stroke(INK, 2.0),
    )))?;
    Ok(())
}
