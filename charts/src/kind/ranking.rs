//! Units side by side by rank among their peers: the best first, unranked
//! units said so.

use chitieu_core::evaluate::Row;
use chitieu_core::load::Loaded;
use chitieu_core::text::Lang;
use chitieu_format::model::IndicatorKind;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::draw::{Theme, INK, SHADES};
use crate::parts::Spot::{Left, Right, Within};
use crate::parts::{
    frame, half_height, measure, rect, rows, text, wrap, Placer, Res, Swatch, LABEL, TITLE,
};
use plotters::style::text_anchor::HPos;

/// Units side by side: their rank among peers.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub title: String,
    /// Unit and criterion (or period), rank (none: not ranked) and the rank as printed.
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
        let printed = o.and_then(|o| o.text.clone()).unwrap_or_default();
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

/// One ranking indicator's chart: its rank per period (`None` when no
/// period has a rank: the printed words say it all).
pub(crate) fn build_one(l: &Loaded, row: &Row, lang: Lang) -> Option<Ranking> {
    let ind = row.indicator;
    let mut rows = Vec::new();
    let mut lowest = 0u32;
    for o in &ind.values {
        let rank = o.value.and_then(|v| v.0.to_string().parse::<u32>().ok());
        lowest = lowest.max(rank.unwrap_or(0));
        rows.push((
            l.period_label(&o.period, lang),
            rank,
            o.text.clone().unwrap_or_default(),
        ));
    }
    if lowest == 0 {
        return None;
    }
    Some(Ranking {
        title: ind.name.clone(),
        rows,
        peers: ind.peers.unwrap_or(0).max(lowest),
        peers_known: ind.peers.is_some(),
    })
}

/// "hạng 5 (Năm)", "hạng 5/8 (Năm)": the rank as a number, against the
/// number ranked when known, and its printed name.
fn rank_text(c: &Ranking, rank: Option<u32>, printed: &str, lang: Lang) -> String {
    let Some(r) = rank else {
        return printed.to_string();
    };
    let of = if c.peers_known {
        format!("{r}/{}", c.peers)
    } else {
        r.to_string()
    };
    let name = if printed.is_empty() || printed == r.to_string() {
        String::new()
    } else {
        format!(" ({printed})")
    };
    format!("{} {of}{name}", lang.pick("hạng", "rank"))
}

/// Rows by rank: the bar the longer the better (rank 1 fills the scale of
/// the number ranked), the rank in words at its end, unranked rows said so.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &Ranking, t: &Theme) -> Res<DB> {
    let lang = t.lang;
    let n = c.rows.len();
    let peers = f64::from(c.peers.max(1));
    let scale = if c.peers_known {
        lang.pick(
            format!(
                "Thanh dài hơn là hạng cao hơn, trong {} đơn vị được xếp hạng",
                c.peers
            ),
            format!("A longer bar is a better rank, among {} ranked", c.peers),
        )
    } else {
        lang.pick(
            "Thanh dài hơn là hạng cao hơn (báo cáo không ghi số đơn vị được xếp hạng)".to_string(),
            "A longer bar is a better rank (the report does not say how many are ranked)"
                .to_string(),
        )
    };
    if let [(period, Some(rank), printed)] = c.rows.as_slice() {
        return single(root, c, (period, *rank, printed), t);
    }
    let plot_area = frame(root, &c.title, "", &[(scale, Swatch::Box(SHADES[1]))], t)?;
    let names: Vec<String> = c.rows.iter().map(|(name, _, _)| name.clone()).collect();
    let chart = rows(root, &plot_area, &names, peers * 1.02, None, t)?;
    let mut placer = Placer::new(root, &chart, t);
    let half = half_height(&chart, t.px(30.0));
    for (i, (_, rank, _)) in c.rows.iter().enumerate() {
        let Some(rank) = rank else { continue };
        let y = (n - 1 - i) as f64;
        let len = peers - f64::from(*rank) + 1.0;
        rect(
            root,
            &chart,
            (0.0, y - half),
            (len, y + half),
            SHADES[1].filled(),
        )?;
    }
    for (i, (_, rank, printed)) in c.rows.iter().enumerate() {
        let y = (n - 1 - i) as f64;
        let len = rank.map_or(0.0, |r| peers - f64::from(r) + 1.0);
        let at = chart.backend_coord(&(len, y));
        let s = rank_text(c, *rank, printed, lang);
        if rank.is_some() {
            placer.label(root, &s, at, &[Right, Within, Left], LABEL, INK, t)?;
            continue;
        }
        // Unranked: the printed words ("Không thuộc đơn vị được xếp hạng
        // cấp Tỉnh") on two lines in the room right of the axis, not cut.
        let room = chart.plotting_area().get_pixel_range().0.end - at.0 - t.px(6.0) as i32 - 1;
        let lines = wrap(root, &s, LABEL, room, 2, t);
        let (_, h) = measure(root, &s, LABEL, t);
        let last = lines.len().saturating_sub(1) as i32;
        for (k, line) in lines.iter().enumerate() {
            let dy = (2 * k as i32 - last) * (h + 1) / 2;
            placer.label(root, line, (at.0, at.1 + dy), &[Right], LABEL, INK, t)?;
        }
    }
    Ok(())
}

/// One rank of one period: not a bar in an empty plot but the rank in large
/// type with its printed name ("hạng 5 (Năm)" or "hạng 5/8 (Năm)"), its
/// period, and the number ranked when the report says it, or that it does not.
fn single<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Ranking,
    (period, rank, printed): (&str, u32, &str),
    t: &Theme,
) -> Res<DB> {
    let lang = t.lang;
    let area = frame(root, &c.title, "", &[], t)?;
    let (l, top) = area.get_base_pixel();
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let x = l + w / 2;
    let big = rank_text(c, Some(rank), printed, lang);
    // The largest size up to 5× a label that fits the width and a third of the height.
    let mut size = LABEL * 5.0;
    while size > TITLE {
        let (bw, bh) = measure(root, &big, size, t);
        if bw <= w && bh * 3 <= h {
            break;
        }
        size -= 1.0;
    }
    let of = if c.peers_known {
        format!(
            "{} {} {}",
            lang.pick("trong", "among"),
            c.peers,
            lang.pick("đơn vị được xếp hạng", "ranked")
        )
    } else {
        lang.pick(
            "báo cáo không ghi số đơn vị được xếp hạng",
            "the report does not say how many are ranked",
        )
        .to_string()
    };
    let bh = measure(root, &big, size, t).1;
    let lh = measure(root, "Ág", TITLE, t).1 + t.px(4.0) as i32;
    let mut lines = vec![period.to_string()];
    lines.extend(wrap(root, &of, TITLE, w, 2, t));
    let total = bh + t.px(8.0) as i32 + lh * lines.len() as i32;
    let mut y = top + ((h - total) / 2).max(0);
    text(root, &big, (x, y), size, HPos::Center, SHADES[0], t)?;
    y += bh + t.px(8.0) as i32;
    for s in &lines {
        text(root, s, (x, y), TITLE, HPos::Center, INK, t)?;
        y += lh;
    }
    Ok(())
}
