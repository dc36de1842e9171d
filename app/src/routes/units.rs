//! Units side by side: each organisation's ranking and the achievement of its
//! targets, for exports with several units (the district report).

use std::sync::Arc;

use chitieu_charts::spec::{unit_charts, Chart};
use chitieu_core::csv::Cell;
use chitieu_core::evaluate::{evaluate_all, Row};
use chitieu_core::load::Loaded;
use chitieu_core::text::Lang;
use chitieu_format::dec::Dec;
use chitieu_format::model::{IndicatorKind, Unit};
use leptos::prelude::*;

use crate::export::{Caption, ExportBar, UNITS_WORKBOOK};
use crate::figures::actual_text;
use crate::routes::indicator::paper_context;
use crate::state::state;
use crate::widgets::{BackLink, ChartCanvas, PrintDate, StatusBadge};

/// A units chart's rows as a table (CSV and a workbook's sheet): ranks and
/// achievements as numbers, the rank as printed beside; `None` for the
/// charts of one indicator, which are not units charts.
fn units_table(c: &Chart, lang: Lang) -> Option<Vec<Vec<Cell>>> {
    let text = |t: &str| Cell::Text(t.to_string());
    let rows = match c {
        Chart::Ranking(r) => std::iter::once(vec![
            text(lang.pick("Đơn vị", "Unit")),
            text(lang.pick("Xếp hạng", "Rank")),
            text(lang.pick("Xếp hạng (như báo cáo ghi)", "Rank (as printed)")),
        ])
        .chain(r.rows.iter().map(|(name, rank, printed)| {
            let rank = rank.map_or_else(|| text(""), |n| Cell::Number(Dec::from_i64(i64::from(n))));
            vec![text(name), rank, text(printed)]
        }))
        .collect(),
        Chart::Achievement(a) => std::iter::once(vec![
            text(lang.pick("Đơn vị – chỉ tiêu", "Unit – indicator")),
            text(lang.pick("% đạt", "% achieved")),
        ])
        .chain(
            a.rows
                .iter()
                .map(|(name, pct, _)| vec![text(name), Cell::Percent(*pct)]),
        )
        .collect(),
        Chart::Cumulative(_) | Chart::Floor(_) | Chart::Plan(_) | Chart::Distribution(_) => {
            return None
        }
    };
    Some(rows)
}

/// What is written around an exported units chart.
fn units_caption(l: &Loaded, c: &Chart, lang: Lang) -> Caption {
    let sources: Vec<String> = l
        .export
        .sources
        .iter()
        .map(|s| s.number.clone().unwrap_or_else(|| s.title.clone()))
        .collect();
    Caption {
        title: c.title().to_string(),
        context: paper_context(l, lang),
        source: format!("{}: {}", lang.pick("Nguồn", "Source"), sources.join("; ")),
    }
}

/// The units compared.
#[component]
pub fn UnitsPage(
    /// The loaded export.
    loaded: Arc<Loaded>,
) -> impl IntoView {
    let state = state();
    let lang = state.lang.get_untracked();
    let lang_signal = Signal::derive(move || state.lang.get());
    let charts = unit_charts(&loaded, lang)
        .into_iter()
        .map(|c| {
            let name = format!("{}-{}", loaded.export.dataset.id, c.kind());
            let export = units_table(&c, lang).map(|t| {
                let tables = vec![(c.title().to_string(), t)];
                let caption = units_caption(&loaded, &c, lang);
                view! { <ExportBar chart=c.clone() caption=caption tables=tables name=name /> }
            });
            view! {
                <figure class="chart-figure">{view! { <ChartCanvas chart=c lang=lang_signal /> }}</figure>
                {export}
            }
        })
        .collect::<Vec<_>>();
    view! {
        <article class="units-page">
            <BackLink />
            <h2>{lang.pick("So sánh các đơn vị", "The units side by side")}</h2>
            {charts}
            <UnitsTable loaded=loaded lang=lang />
            <p class="workbook">
                <button class="export export-workbook" on:click=UNITS_WORKBOOK>
                    {lang.pick("Tải bảng Excel", "Download Excel")}
                </button>
            </p>
            <PrintDate />
        </article>
    }
}

/// Each unit's ranking, rating and achievement, one row per unit.
#[component]
pub fn UnitsTable(
    /// The loaded export.
    loaded: Arc<Loaded>,
    /// Interface language, fixed for the page.
    lang: Lang,
) -> impl IntoView {
    let rows = evaluate_all(&loaded);
    let body = loaded
        .export
        .units
        .iter()
        .map(|u| unit_row(u, &rows, lang))
        .collect::<Vec<_>>();
    view! {
        <table class="data units">
            <caption>{lang.pick("Xếp hạng, đánh giá và tỷ lệ đạt chỉ tiêu của từng đơn vị (như báo cáo ghi)", "Each unit's ranking, rating and achievement (as printed)")}</caption>
            <thead>
                <tr>
                    <th scope="col">{lang.pick("Đơn vị", "Unit")}</th>
                    <th scope="col">{lang.pick("Xếp hạng", "Ranking")}</th>
                    <th scope="col">{lang.pick("Đánh giá", "Rating")}</th>
                    <th scope="col">{lang.pick("Tỷ lệ đạt chỉ tiêu", "Achievement")}</th>
                </tr>
            </thead>
            <tbody>{body}</tbody>
        </table>
    }
}

/// One unit's row: its rankings and ratings as printed, and each target's
/// achievement with its status.
fn unit_row(u: &Unit, rows: &[Row], lang: Lang) -> impl IntoView {
    let state = state();
    let lang_signal = Signal::derive(move || state.lang.get());
    let own = || rows.iter().filter(|r| r.unit.id == u.id);
    let ranks = own()
        .filter(|r| r.indicator.kind == IndicatorKind::Ranking)
        .map(|r| {
            format!(
                "{}: {}",
                r.indicator.name,
                actual_text(r.indicator, &r.eval, lang)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let ratings = own()
        .filter(|r| r.indicator.kind == IndicatorKind::Rating)
        .filter_map(|r| r.indicator.values.last().and_then(|o| o.text.clone()))
        .collect::<Vec<_>>()
        .join("; ");
    let targets = own()
        .filter_map(|r| {
            let t = r.eval.targets.first()?;
            Some(view! {
                <li>
                    {format!("{}: {} ", r.indicator.name, t.achievement_pct.map(|p| lang.pct(p)).unwrap_or_default())}
                    <StatusBadge status=t.status lang=lang_signal />
                </li>
            })
        })
        .collect::<Vec<_>>();
    view! {
        <tr data-unit=u.id.clone()>
            <th scope="row">{u.name.clone()}</th>
            <td data-label=lang.pick("Xếp hạng", "Ranking")>{ranks}</td>
            <td data-label=lang.pick("Đánh giá", "Rating")>{ratings}</td>
            <td data-label=lang.pick("Tỷ lệ đạt chỉ tiêu", "Achievement")><ul class="plain">{targets}</ul></td>
        </tr>
    }
}
