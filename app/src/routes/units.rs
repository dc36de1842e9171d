//! Units side by side: each organisation's ranking and the achievement of its
//! targets, for exports with several units (the district report).

use std::sync::Arc;

use chitieu_charts::spec::unit_charts;
use chitieu_core::evaluate::evaluate_all;
use chitieu_core::load::Loaded;
use chitieu_format::model::IndicatorKind;
use leptos::prelude::*;

use crate::state;
use crate::url::Page;
use crate::widgets::{ChartCanvas, ExportBar, PrintDate, StatusBadge};

/// A units chart's rows as CSV (UTF-8 with BOM).
fn units_csv(c: &chitieu_charts::spec::Chart, lang: chitieu_core::text::Lang) -> String {
    let q = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
    let mut out = String::from("\u{feff}");
    match c {
        chitieu_charts::spec::Chart::Ranking(r) => {
            out.push_str(&format!(
                "{},{}\r\n",
                q(lang.pick("Đơn vị", "Unit")),
                q(lang.pick("Xếp hạng", "Rank"))
            ));
            for (name, _, printed) in &r.rows {
                out.push_str(&format!("{},{}\r\n", q(name), q(printed)));
            }
        }
        chitieu_charts::spec::Chart::Achievement(a) => {
            out.push_str(&format!(
                "{},{}\r\n",
                q(lang.pick("Đơn vị – chỉ tiêu", "Unit – indicator")),
                q(lang.pick("% đạt", "% achieved"))
            ));
            for (name, pct, _) in &a.rows {
                out.push_str(&format!("{},{}\r\n", q(name), q(&lang.pct(*pct))));
            }
        }
        _ => {}
    }
    out
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
    let mut back_route = state.route.get_untracked();
    back_route.page = Page::Overview;
    let back_href = if back_route.to_query().is_empty() {
        "?".to_string()
    } else {
        back_route.to_query()
    };
    let charts = unit_charts(&loaded, lang)
        .into_iter()
        .map(|c| {
            let name = format!("{}-{}", loaded.export.dataset.id, c.kind());
            let csv = units_csv(&c, lang);
            view! {
                <figure class="chart-figure">{view! { <ChartCanvas chart=c.clone() lang=lang_signal /> }}</figure>
                <ExportBar chart=c csv=csv name=name />
            }
        })
        .collect::<Vec<_>>();
    let rows = evaluate_all(&loaded);
    let table = loaded
        .export
        .units
        .iter()
        .map(|u| {
            let ranks = rows
                .iter()
                .filter(|r| r.unit.id == u.id && r.indicator.kind == IndicatorKind::Ranking)
                .map(|r| {
                    let o = r.indicator.values.last();
                    let text = o.and_then(|o| o.text.clone()).unwrap_or_default();
                    format!("{}: {text}", r.indicator.name)
                })
                .collect::<Vec<_>>()
                .join("; ");
            let ratings = rows
                .iter()
                .filter(|r| r.unit.id == u.id && r.indicator.kind == IndicatorKind::Rating)
                .filter_map(|r| r.indicator.values.last().and_then(|o| o.text.clone()))
                .collect::<Vec<_>>()
                .join("; ");
            let targets = rows
                .iter()
                .filter(|r| r.unit.id == u.id)
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
                    <td>{ranks}</td>
                    <td>{ratings}</td>
                    <td><ul class="plain">{targets}</ul></td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <article class="units-page">
            <a class="back" href=back_href on:click=move |ev| {
                ev.prevent_default();
                state.navigate(back_route.clone(), true);
            }>{lang.pick("← Tổng quan", "← Overview")}</a>
            <h2>{lang.pick("So sánh các đơn vị", "The units side by side")}</h2>
            {charts}
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
                <tbody>{table}</tbody>
            </table>
            <PrintDate />
        </article>
    }
}
