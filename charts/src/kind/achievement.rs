//! Units side by side by achievement of their targets, with the 100% line.

use chitieu_core::compute::Status;
use chitieu_core::evaluate::Row;
use chitieu_core::text::Lang;
use chitieu_format::dec::Dec;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::draw::{Theme, BAR, FAIL, INK, PACE, PASS, PENDING};
use crate::parts::Spot::{Right, Within};
use crate::parts::LABEL;
use crate::parts::{f, frame, half_height, line, rect, rows, tick, top_with, Placer, Res, Swatch};

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
    let n = c.rows.len();
    let xmax = top_with(
        c.rows
            .iter()
            .map(|(_, p, _)| *p)
            .chain(std::iter::once(Dec::ONE_HUNDRED)),
        1.25,
    );
    // One entry per colour, naming every status shown in it: a bar at
    // 100,00% (met) is as green as one over it, and the legend said only
    // "Vượt chỉ tiêu".
    let mut entries: Vec<(String, Swatch)> = Vec::new();
    for status in Status::ALL {
        if !c.rows.iter().any(|(_, _, s)| *s == status) {
            continue;
        }
        let color = color_of(status);
        let label = status.label(lang);
        match entries
            .iter_mut()
            .find(|(_, s)| matches!(s, Swatch::Box(x) if *x == color))
        {
            Some((named, _)) => *named = format!("{named} / {label}"),
            None => entries.push((label.to_string(), Swatch::Box(color))),
        }
    }
    entries.push((
        lang.pick("100% chỉ tiêu", "100% of the target").to_string(),
        Swatch::Line(INK),
    ));
    let plot_area = frame(root, &c.title, "", &entries, t)?;
    let names: Vec<String> = c.rows.iter().map(|(name, _, _)| name.clone()).collect();
    let xfmt = |v: &f64| format!("{}%", tick(*v, lang));
    let chart = rows(root, &plot_area, &names, xmax, Some(&xfmt), t)?;
    let mut placer = Placer::new(root, &chart, t);
    let half = half_height(&chart, t.px(30.0));
    for (i, (_, pct, status)) in c.rows.iter().enumerate() {
        let y = (n - 1 - i) as f64;
        rect(
            root,
            &chart,
            (0.0, y - half),
            (f(*pct), y + half),
            color_of(*status).filled(),
        )?;
    }
    let top = n as f64 - 0.5;
    line(
        root,
        &chart,
        &mut placer,
        vec![(100.0, -0.5), (100.0, top)],
        INK,
        2.0,
        None,
        t,
    )?;
    for (i, (_, pct, status)) in c.rows.iter().enumerate() {
        let y = (n - 1 - i) as f64;
        let at = chart.backend_coord(&(f(*pct), y));
        let s = format!("{} {}", lang.pct(*pct), status.icon());
        placer.label(root, &s, at, &[Right, Within], LABEL, INK, t)?;
    }
    Ok(())
}

fn color_of(status: Status) -> RGBColor {
    match status {
        Status::Exceeded | Status::Met => PASS,
        Status::OnTrack => BAR,
        Status::Behind => PACE,
        Status::Missed => FAIL,
        Status::NoTarget => PENDING,
    }
}
