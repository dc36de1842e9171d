//! One indicator: its facts, its chart (chosen from its kind), the data table
//! with the report's figures, the source note and the warnings about it.

use std::sync::Arc;

use chitieu_charts::spec::chart_for;
use chitieu_core::compute::PeriodOutcome;
use chitieu_core::describe::needed_sentence;
use chitieu_core::evaluate::evaluate_all;
use chitieu_core::load::Loaded;
use chitieu_core::text::Lang;
use chitieu_format::model::Qualifier;
use chitieu_format::model::SourceNote;
use leptos::prelude::*;

use crate::routes::overview::actual_text;
use crate::state;
use crate::url::Page;
use crate::widgets::{ChartCanvas, ExportBar, PrintDate, StatusBadge};

fn source_text(l: &Loaded, n: &SourceNote, lang: Lang) -> String {
    let doc = l
        .export
        .sources
        .iter()
        .find(|s| s.id == n.doc)
        .map(|s| match (&s.number, lang) {
            (Some(num), Lang::Vi) => format!("Báo cáo số {num}"),
            (Some(num), Lang::En) => format!("Report {num}"),
            (None, _) => s.title.clone(),
        })
        .unwrap_or_default();
    let mut parts = vec![doc];
    if let Some(s) = &n.section {
        parts.push(s.clone());
    }
    if let Some(f) = &n.footnote {
        parts.push(format!("{} {f}", lang.pick("chú thích", "footnote")));
    }
    parts.join(", ")
}

fn qualifier(q: Option<Qualifier>, lang: Lang) -> &'static str {
    match (q, lang) {
        (Some(Qualifier::Over), Lang::Vi) => "trên ",
        (Some(Qualifier::Over), Lang::En) => "over ",
        (Some(Qualifier::Nearly), Lang::Vi) => "gần ",
        (Some(Qualifier::Nearly), Lang::En) => "nearly ",
        (Some(Qualifier::Estimate), Lang::Vi) => "ước ",
        (Some(Qualifier::Estimate), Lang::En) => "est. ",
        (None, _) => "",
    }
}

/// One indicator's page.
#[component]
pub fn IndicatorPage(
    /// The loaded export.
    loaded: Arc<Loaded>,
    /// The unit's id.
    unit: String,
    /// The indicator's id.
    id: String,
) -> impl IntoView {
    let state = state();
    let lang = state.lang.get_untracked();
    let lang_signal = Signal::derive(move || state.lang.get());
    let back = {
        let mut r = state.route.get_untracked();
        r.page = Page::Overview;
        let href = if r.to_query().is_empty() {
            "?".to_string()
        } else {
            r.to_query()
        };
        let go = move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            state.navigate(r.clone(), true);
        };
        view! { <a class="back" href=href on:click=go>{move || lang_signal.get().pick("← Tổng quan", "← Overview")}</a> }
    };
    let rows = evaluate_all(&loaded);
    let Some(row) = rows
        .iter()
        .find(|r| r.unit.id == unit && r.indicator.id == id)
    else {
        return view! {
            <div class="indicator-page missing">
                {back}
                <p class="empty">{format!("{} {unit}/{id}", lang.pick("Không có chỉ tiêu", "There is no indicator"))}</p>
            </div>
        }
        .into_any();
    };
    let l = &loaded;
    let ind = row.indicator;
    let e = &row.eval;
    let measure = ind.unit().to_string();
    let chart = chart_for(l, row, lang);
    let facts_targets = e
        .targets
        .iter()
        .map(|t| {
            let derived = if t.derived {
                format!(
                    " ({})",
                    lang.pick(
                        "suy ra từ tỷ lệ đạt báo cáo ghi",
                        "derived from the printed achievement"
                    )
                )
            } else {
                String::new()
            };
            let printed = t
                .reported_achievement_pct
                .map(|p| format!(" · {} {}", lang.pick("báo cáo ghi", "printed"), lang.pct(p)))
                .unwrap_or_default();
            let horizon = l.period_label(&t.horizon, lang);
            view! {
                <li class="target">
                    <span class="label">{format!("{} ({horizon}): ", t.label)}</span>
                    <strong>{format!("{} {measure}{derived}", lang.num(t.value))}</strong>
                    " → "
                    <strong class="achievement">{t.achievement_pct.map(|p| lang.pct(p))}</strong>
                    {printed}
                    " "
                    <StatusBadge status=t.status lang=lang_signal />
                </li>
            }
        })
        .collect::<Vec<_>>();
    let needed = needed_sentence(row, lang);
    let full_view = {
        let mut r = state.route.get_untracked();
        r.embed = false;
        r.to_query()
    };
    if state.route.get_untracked().embed {
        let sentence = chitieu_core::describe::summary_sentence(l, row, lang);
        let chart_view = match chart {
            Some(c) => view! { <ChartCanvas chart=c lang=lang_signal /> }.into_any(),
            None => view! { <p class="big-text">{actual_text(ind, e, lang)}</p> }.into_any(),
        };
        return view! {
            <article class="indicator-page embedded" data-id=ind.id.clone() data-unit=unit.clone()>
                <p class="sentence">{sentence}</p>
                {chart_view}
                <a class="full-view" href=full_view target="_blank" rel="noopener">
                    {lang.pick("Xem đầy đủ trên trang Chỉ tiêu nghị quyết ↗", "Open the full view ↗")}
                </a>
            </article>
        }
        .into_any();
    }
    let export = chart.clone().map(|c| {
        let csv = chitieu_core::csv::indicator_csv(l, ind, lang);
        view! { <ExportBar chart=c csv=csv name=format!("{}-{}", l.export.dataset.id, ind.id) /> }
    });
    let chart_view = match chart {
        Some(c) => view! { <ChartCanvas chart=c lang=lang_signal /> }.into_any(),
        None => view! { <p class="big-text">{actual_text(ind, e, lang)}</p> }.into_any(),
    };
    let judged = e
        .targets
        .first()
        .map(|t| t.periods.clone())
        .unwrap_or_default();
    let table_rows = ind
        .values
        .iter()
        .map(|o| {
            let label = l.period_label(&o.period, lang);
            let figure = match (o.value, &o.text) {
                (Some(v), Some(t)) => format!("{} ({t})", lang.num(v)),
                (Some(v), None) => format!("{}{}", qualifier(o.qualifier, lang), lang.num(v)),
                (None, Some(t)) => t.clone(),
                (None, None) => String::new(),
            };
            let change = o
                .change
                .as_ref()
                .map(|c| lang.pct(c.pct))
                .unwrap_or_default();
            let outcome =
                judged
                    .iter()
                    .find(|c| c.period == o.period)
                    .map(|c| match (c.outcome, lang) {
                        (PeriodOutcome::Pass, Lang::Vi) => "✓ Đạt",
                        (PeriodOutcome::Pass, Lang::En) => "✓ Met",
                        (PeriodOutcome::Fail, Lang::Vi) => "✗ Không đạt",
                        (PeriodOutcome::Fail, Lang::En) => "✗ Missed",
                        (PeriodOutcome::Pending, Lang::Vi) => "… Kỳ chưa trọn năm",
                        (PeriodOutcome::Pending, Lang::En) => "… Part-year",
                    });
            let own_source = o
                .source
                .as_ref()
                .map(|n| source_text(l, n, lang))
                .unwrap_or_default();
            view! {
                <tr data-period=o.period.to_string()>
                    <th scope="row">{label}</th>
                    <td class="num">{figure}</td>
                    <td class="num">{change}</td>
                    <td>{outcome}</td>
                    <td class="source-cell">{own_source}</td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    let total_row = ind.total.as_ref().map(|t| {
        view! {
            <tr class="total">
                <th scope="row">{lang.pick("Thực hiện (báo cáo ghi)", "Total (as printed)")}</th>
                <td class="num">{format!("{}{}", qualifier(t.qualifier, lang), lang.num(t.value))}</td>
                <td></td>
                <td></td>
                <td></td>
            </tr>
        }
    });
    let categories = (!ind.categories.is_empty()).then(|| {
        let mut periods: Vec<String> = Vec::new();
        for c in &ind.categories {
            for o in &c.values {
                if !periods.iter().any(|p| p == o.period.as_str()) {
                    periods.push(o.period.to_string());
                }
            }
        }
        let head = periods
            .iter()
            .map(|p| view! { <th scope="col" class="num">{l.period_label(p, lang)}</th> })
            .collect::<Vec<_>>();
        let base = (!ind.base.is_empty()).then(|| {
            let cells = periods
                .iter()
                .map(|p| view! { <td class="num">{ind.base.iter().find(|o| &o.period == p).and_then(|o| o.value).map(|v| lang.num(v))}</td> })
                .collect::<Vec<_>>();
            view! { <tr><th scope="row">{lang.pick("Số được đánh giá", "Number rated")}</th>{cells}</tr> }
        });
        let body = ind
            .categories
            .iter()
            .map(|c| {
                let cells = periods
                    .iter()
                    .map(|p| view! { <td class="num">{c.values.iter().find(|o| &o.period == p).and_then(|o| o.value).map(|v| lang.pct(v))}</td> })
                    .collect::<Vec<_>>();
                view! { <tr><th scope="row">{c.name.clone()}</th>{cells}</tr> }
            })
            .collect::<Vec<_>>();
        view! {
            <table class="data categories">
                <caption>{lang.pick("Tỷ lệ từng loại theo năm (như báo cáo ghi)", "Share of each category per year (as printed)")}</caption>
                <thead><tr><th scope="col">{lang.pick("Loại", "Category")}</th>{head}</tr></thead>
                <tbody>{base}{body}</tbody>
            </table>
        }
    });
    let warnings = e
        .warnings
        .iter()
        .map(|w| view! { <li data-code=w.code>{format!("⚠ {}", w.text(lang))}</li> })
        .collect::<Vec<_>>();
    let has_warnings = !warnings.is_empty();
    let quote = ind.source.quote.clone();
    let restated = ind
        .restated
        .iter()
        .map(|r| {
            view! {
                <li>
                    {format!("{}: {} — {}", lang.pick("Nhắc lại", "Restated"), lang.num(r.value), source_text(l, &r.source, lang))}
                    {r.source.quote.clone().map(|q| view! { <q>{q}</q> })}
                </li>
            }
        })
        .collect::<Vec<_>>();
    let parts = ind
        .parts
        .iter()
        .map(|p| {
            let mut r = state.route.get_untracked();
            r.page = Page::Indicator {
                unit: unit.clone(),
                id: p.id.clone(),
            };
            let href = r.to_query();
            let go = move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                state.navigate(r.clone(), true);
            };
            view! { <li><a href=href on:click=go>{p.name.clone()}</a></li> }
        })
        .collect::<Vec<_>>();
    let has_parts = !parts.is_empty();
    let title = match &ind.number {
        Some(n) if n != "-" && n != "+" => format!("{n}. {}", ind.name),
        _ => ind.name.clone(),
    };
    let actual_line = e.actual.as_ref().map(|a| {
        let how = if a.reported {
            lang.pick("như báo cáo ghi", "as printed")
        } else {
            lang.pick("tính từ các kỳ", "computed from the periods")
        };
        format!(
            "{}: {} {measure} ({how})",
            lang.pick("Thực hiện", "Actual"),
            lang.num(a.value)
        )
    });
    view! {
        <article class="indicator-page" data-id=ind.id.clone() data-unit=unit.clone()>
            {back}
            <p class="crumbs">{format!("{} › {}", row.unit.name, row.section.title)}</p>
            <h2>{title}</h2>
            <button class="present-here" on:click=move |_| crate::routes::present::start(state)>
                {lang.pick("▶ Trình chiếu", "▶ Present")}
            </button>
            <div class="facts">
                {actual_line.map(|t| view! { <p class="actual-line">{t}</p> })}
                <ul class="targets">{facts_targets}</ul>
                {needed.map(|n| view! { <p class="needed">{n}</p> })}
                {ind.note.clone().map(|n| view! { <p class="note">{format!("{}: {n}", lang.pick("Ghi chú", "Note"))}</p> })}
            </div>
            <figure class="chart-figure">{chart_view}</figure>
            {export}
            <table class="data">
                <caption>{lang.pick("Số liệu theo kỳ (như báo cáo ghi)", "Figures per period (as printed)")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{lang.pick("Kỳ", "Period")}</th>
                        <th scope="col" class="num">{format!("{} ({measure})", lang.pick("Số liệu", "Figure"))}</th>
                        <th scope="col" class="num">{lang.pick("Thay đổi", "Change")}</th>
                        <th scope="col">{lang.pick("So với chỉ tiêu kỳ", "Against the period floor")}</th>
                        <th scope="col">{lang.pick("Nguồn riêng", "Own source")}</th>
                    </tr>
                </thead>
                <tbody>{table_rows}{total_row}</tbody>
            </table>
            {categories}
            {has_warnings.then(|| view! {
                <section class="warnings-box">
                    <h3>{lang.pick("Số liệu không khớp trong báo cáo", "Figures in the report that do not add up")}</h3>
                    <ul>{warnings}</ul>
                </section>
            })}
            <section class="source">
                <h3>{lang.pick("Nguồn", "Source")}</h3>
                <p>{source_text(l, &ind.source, lang)}</p>
                {quote.map(|q| view! { <blockquote>{q}</blockquote> })}
                <ul class="restated">{restated}</ul>
            </section>
            <PrintDate />
            {has_parts.then(|| view! {
                <section class="parts">
                    <h3>{lang.pick("Chỉ tiêu con", "Sub-indicators")}</h3>
                    <ul>{parts}</ul>
                </section>
            })}
        </article>
    }
    .into_any()
}
