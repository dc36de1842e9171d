//! Units side by side by rank among their peers: the best first, unranked
//! units said so.

use chitieu_core::evaluate::Row;
use chitieu_core::text::Lang;
use chitieu_format::model::IndicatorKind;
use plotters::coord::ranged1d::SegmentValue;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::axis::Axis;
use crate::draw::{Theme, SHADES};
use crate::parts::{Res, RowLabels};

/// Units side by side: their rank among peers.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub title: String,
    /// Unit and criterion, rank (none: not ranked) and the rank as printed.
    pub rows: Vec<(String, Option<u32>, String)>,
    /// The scale of the bars: the number of peers, or the lowest rank seen.
    pub peers: u32,
    /// Whether the report states how many are ranked (else "1/8" is not shown).
    pub peers_known: bool,
}

/// The ranking of the units over their ranking indicators; `None` when no
/// unit has one.
pub(crate) fn build(rows: &[Row], lang: Lang) -> Option<Ranking> {
    let multi_rank = |unit: &str| {
        rows.iter()
            .filter(|r| r.unit.id == unit && r.indicator.kind == IndicatorKind::Ranking)
            .count()
            > 1
    };
    let mut ranking = Vec::new();
    let mut peers = 0u32;
    let mut peers_known = true;
    for r in rows
        .iter()
        .filter(|r| r.indicator.kind == IndicatorKind::Ranking)
    {
        let o = r.indicator.values.last();
        let rank = o
            .and_then(|o| o.value)
            .and_then(|v| v.0.to_string().parse::<u32>().ok());
        peers_known &= r.indicator.peers.is_some();
        peers = peers
            .max(r.indicator.peers.unwrap_or(0))
            .max(rank.unwrap_or(0));
        let name = if multi_rank(&r.unit.id) {
            format!("{} – {}", r.unit.name, r.indicator.name)
        } else {
            r.unit.name.clone()
        };
        let printed = o
            .and_then(|o| o.text.clone())
            .unwrap_or_else(|| rank.map(|x| x.to_string()).unwrap_or_default());
        ranking.push((name, rank, printed));
    }
    if ranking.is_empty() {
        return None;
    }
    chitieu_core::order::sort_by_key(&mut ranking, |(_, rank, _)| {
        (i64::from(rank.unwrap_or(u32::MAX)), 0)
    });
    Some(Ranking {
        title: lang
            .pick("Xếp hạng của các đơn vị", "Ranking of the units")
            .to_string(),
        rows: ranking,
        peers: peers.max(1),
        peers_known,
    })
}

/// Units side by side by rank: the best first, unranked units said so.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &Ranking, t: &Theme) -> Res<DB> {
    let lang = t.lang;
    let n = c.rows.len() as i32;
    let peers = f64::from(c.peers.max(1));
    let labels = RowLabels::new(root, c.rows.iter().map(|(name, _, _)| name), 56, t);
    let area = labels.area;
    let yfmt = |v: &SegmentValue<i32>| labels.label(v);
    let mut chart = ChartBuilder::on(root)
        .caption(&c.title, t.font(19.0))
        .margin(t.px(14.0))
        .x_label_area_size(t.px(10.0))
        .y_label_area_size(area)
        .build_cartesian_2d(
            Axis(0.0, peers * 1.25),
            (0..(n - 1).max(0)).into_segmented(),
        )?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(0)
        .y_labels(n as usize + 1)
        .y_label_formatter(&yfmt)
        .label_style(t.font(13.0))
        .draw()?;
    let pad = t.px(5.0);
    chart.draw_series(c.rows.iter().enumerate().filter_map(|(i, (_, rank, _))| {
        let rank = f64::from((*rank)?);
        let y = n - 1 - i as i32;
        let mut r = Rectangle::new(
            [
                (0.0, SegmentValue::Exact(y)),
                (peers - rank + 1.0, SegmentValue::Exact(y + 1)),
            ],
            SHADES[1].filled(),
        );
        r.set_margin(pad, pad, 0, 0);
        Some(r)
    }))?;
    chart.draw_series(c.rows.iter().enumerate().map(|(i, (_, rank, printed))| {
        let y = n - 1 - i as i32;
        let (x, text) = match rank {
            Some(r) => (
                peers - f64::from(*r) + 1.0,
                if c.peers_known {
                    format!("{} {printed} ({r}/{})", lang.pick("hạng", "rank"), c.peers)
                } else {
                    format!("{} {printed} ({r})", lang.pick("hạng", "rank"))
                },
            ),
            None => (0.0, printed.clone()),
        };
        EmptyElement::at((x, SegmentValue::CenterOf(y)))
            + Text::new(
                text,
                (t.px(6.0) as i32, 0),
                t.font(13.0).pos(Pos::new(HPos::Left, VPos::Center)),
            )
    }))?;
    Ok(())
}
