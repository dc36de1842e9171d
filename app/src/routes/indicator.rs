//! One indicator: its facts, its chart (chosen from its kind), the data table
//! with the report's figures, the source note and the warnings about it.

use std::sync::Arc;

use chitieu_charts::spec::{chart_for, Chart};
use chitieu_core::compute::TargetEval;
use chitieu_core::describe::{
    needed_sentence, outcome_label, qualifier, status_reason, summary_sentence,
};
use chitieu_core::evaluate::{row_of, Evaluation};
use chitieu_core::load::Loaded;
use chitieu_core::text::Lang;
use chitieu_format::model::{Indicator, IndicatorKind, Observation, SourceNote};
use leptos::prelude::*;

use crate::export::{Caption, ExportBar};
use crate::figures::{actual_text, amount_kept, numbered_title, unit_and_section};
use crate::link::RouteLink;
use crate::state::state;
use crate::url::Page;
use crate::widgets::{BackLink, ChartCanvas, PrintDate, StatusBadge};

/// The organisation, the report and the period, for paper and exports:
/// "Đảng bộ Khối … · Báo cáo giữa nhiệm kỳ … · số liệu đến tháng 06/2023".
pub fn paper_context(l: &Loaded, lang: Lang) -> String {
    let d = &l.export.dataset;
    format!(
        "{} · {} · {} {:02}/{}",
        d.organisation,
        d.title,
        lang.pick("số liệu đến tháng", "figures as of"),
        d.as_of.month,
        d.as_of.year
    )
}

/// A source note in words: "Báo cáo số 12, mục II, chú thích 3".
fn source_text(l: &Loaded, n: &SourceNote, lang: Lang) -> String {
    let doc = l
        .export
        .sources
        .iter()
        .find(|s| s.id == n.doc)
        .map(|s| match &s.number {
            Some(num) => lang.pick(format!("Báo cáo số {num}"), format!("Report {num}")),
            None => s.title.clone(),
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

/// One indicator's page: missing, embedded (an iframe's panel) or in full.
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
    let found = row_of(&loaded, &unit, &id);
    let Some(row) = found.as_ref() else {
        return view! {
            <div class="indicator-page missing">
                <BackLink />
                <p class="empty">{format!("{} {unit}/{id}", lang.pick("Không có chỉ tiêu", "There is no indicator"))}</p>
            </div>
        }
        .into_any();
    };
    let chart = chart_for(&loaded, row, lang);
    let text = actual_text(row.indicator, &row.eval, lang);
    if state.route.get_untracked().embed {
        let sentence = summary_sentence(&loaded, row, lang);
        return view! { <Embedded id=id unit=unit.clone() sentence=sentence chart=chart text=text /> }.into_any();
    }
    let context = paper_context(&loaded, lang);
    let export = chart.clone().map(|c| {
        let tables = vec![(
            lang.pick("Số liệu", "Figures").to_string(),
            chitieu_core::csv::indicator_table(&loaded, row.indicator, lang),
        )];
        let caption = Caption {
            title: numbered_title(row.indicator),
            // The unit, unless the organisation's name already says it.
            context: if context.starts_with(row.unit.name.as_str()) {
                context.clone()
            } else {
                format!("{} · {context}", row.unit.name)
            },
            source: format!("{}: {}", lang.pick("Nguồn", "Source"), source_text(&loaded, &row.indicator.source, lang)),
        };
        view! { <ExportBar chart=c caption=caption tables=tables name=format!("{}-{}", loaded.export.dataset.id, id) /> }
    });
    let ind = row.indicator.clone();
    let eval = row.eval.clone();
    let needed = needed_sentence(row, lang);
    let reason = status_reason(&loaded, row, lang);
    let crumbs = unit_and_section(&row.unit.name, &row.section.title, " › ");
    let present_key = format!("{unit}/{id}");
    view! {
        <article class="indicator-page" data-id=id.clone() data-unit=unit.clone()>
            <BackLink />
            <p class="crumbs">{crumbs}</p>
            <h2>{numbered_title(&ind)}</h2>
            <p class="print-only print-context">{context}</p>
            <button class="present-here" on:click=move |_| state.start_presentation(Some(present_key.clone()))>
                {lang.pick("▶ Trình chiếu", "▶ Present")}
            </button>
            <Facts loaded=loaded.clone() ind=ind.clone() eval=eval.clone() needed=needed reason=reason lang=lang />
            <figure class="chart-figure"><ChartOrText chart=chart text=text /></figure>
            {export}
            <DataTable loaded=loaded.clone() ind=ind.clone() targets=eval.targets.clone() lang=lang />
            <Categories loaded=loaded.clone() ind=ind.clone() lang=lang />
            <Warnings eval=eval lang=lang />
            <Source loaded=loaded ind=ind.clone() lang=lang />
            <PrintDate />
            <Parts unit=unit.clone() ind=ind lang=lang />
        </article>
    }
    .into_any()
}

/// The indicator for an iframe: its sentence, its chart and a link to the full view.
#[component]
fn Embedded(
    /// The indicator's id.
    id: String,
    /// The unit's id.
    unit: String,
    /// What a presenter would say about it.
    sentence: String,
    /// Its chart, if its kind has one.
    chart: Option<Chart>,
    /// Its figure as text, shown when there is no chart.
    text: String,
) -> impl IntoView {
    let state = state();
    let lang = state.lang.get_untracked();
    let mut full = state.route.get_untracked();
    full.embed = false;
    view! {
        <article class="indicator-page embedded" data-id=id data-unit=unit>
            <p class="sentence">{sentence}</p>
            <ChartOrText chart=chart text=text />
            <a class="full-view" href=full.to_query() target="_blank" rel="noopener">
                {lang.pick("Xem đầy đủ trên trang Chỉ tiêu nghị quyết ↗", "Open the full view ↗")}
            </a>
        </article>
    }
}

/// The indicator's chart, or its figure in big type when its kind has no chart.
#[component]
pub fn ChartOrText(
    /// The chart, if any.
    chart: Option<Chart>,
    /// The figure as text, shown without a chart.
    text: String,
) -> impl IntoView {
    let state = state();
    let lang = Signal::derive(move || state.lang.get());
    match chart {
        Some(c) => view! { <ChartCanvas chart=c lang=lang /> }.into_any(),
        None => view! { <p class="big-text">{text}</p> }.into_any(),
    }
}

/// The actual, each target with its achievement and status, what is still
/// needed, and the report's note.
#[component]
fn Facts(
    /// The loaded export, for period names.
    loaded: Arc<Loaded>,
    /// The indicator.
    ind: Indicator,
    /// Its evaluation.
    eval: Evaluation,
    /// What is still needed, in a sentence.
    needed: Option<String>,
    /// Why the indicator has its status, where the figures do not say.
    reason: Option<String>,
    /// Interface language, fixed for the page.
    lang: Lang,
) -> impl IntoView {
    let measure = ind.unit().to_string();
    let rank = (ind.kind == IndicatorKind::Ranking).then(|| rank_line(&loaded, &ind, lang));
    let actual_line = rank.flatten().or_else(|| {
        eval.actual.as_ref().map(|a| {
            let how = if a.reported {
                lang.pick("như báo cáo ghi", "as printed")
            } else {
                lang.pick("tính từ các kỳ", "computed from the periods")
            };
            format!(
                "{}: {} ({how})",
                lang.pick("Thực hiện", "Actual"),
                amount_kept(a.value, &measure, lang)
            )
        })
    });
    let targets = eval
        .targets
        .iter()
        .map(|t| target_item(&loaded, t, &measure, lang))
        .collect::<Vec<_>>();
    view! {
        <div class="facts">
            {actual_line.map(|t| view! { <p class="actual-line">{t}</p> })}
            <ul class="targets">{targets}</ul>
            {reason.map(|r| view! { <p class="status-reason">{r}</p> })}
            {needed.map(|n| view! { <p class="needed">{n}</p> })}
            {ind.note.clone().map(|n| view! { <p class="note">{format!("{}: {n}", lang.pick("Ghi chú", "Note"))}</p> })}
        </div>
    }
}

/// A rank as a reader says it: "Xếp hạng (Năm 2023): 5 (Năm)", the number
/// of units ranked after it when known; `None` without a ranked period.
fn rank_line(l: &Loaded, ind: &Indicator, lang: Lang) -> Option<String> {
    let o = ind.values.iter().rev().find(|o| o.value.is_some())?;
    let rank = lang.num(o.value?);
    let of = ind.peers.map(|p| format!("/{p}")).unwrap_or_default();
    let name = o
        .text
        .as_ref()
        .map(|t| format!(" ({t})"))
        .unwrap_or_default();
    Some(format!(
        "{} ({}): {rank}{of}{name}",
        lang.pick("Xếp hạng", "Rank"),
        l.period_label(&o.period, lang)
    ))
}

/// One target: its value, achievement (and the printed one) and status.
fn target_item(l: &Loaded, t: &TargetEval, measure: &str, lang: Lang) -> impl IntoView {
    let state = state();
    let lang_signal = Signal::derive(move || state.lang.get());
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
        // Never split ("báo" at a line's end, "cáo ghi" on the next, on paper).
        .map(|p| {
            format!(
                " · {}\u{a0}{}",
                lang.pick("báo\u{a0}cáo\u{a0}ghi", "printed"),
                lang.pct(p)
            )
        })
        .unwrap_or_default();
    let horizon = l.period_label(&t.horizon, lang);
    view! {
        <li class="target">
            <span class="label">{format!("{} ({horizon}): ", t.label)}</span>
            <strong>{format!("{}{derived}", amount_kept(t.value, measure, lang))}</strong>
            " → "
            <strong class="achievement">{t.achievement_pct.map(|p| lang.pct(p))}</strong>
            {printed}
            " "
            <StatusBadge status=t.status lang=lang_signal />
        </li>
    }
}

/// The data table's columns after the period: head, class and a cell per
/// period, those without any cell left out (the figure always kept).
fn table_columns(
    loaded: &Loaded,
    ind: &Indicator,
    targets: &[TargetEval],
    lang: Lang,
) -> Vec<(String, &'static str, Vec<String>)> {
    let measure = ind.unit();
    let judged = targets
        .first()
        .map(|t| t.periods.clone())
        .unwrap_or_default();
    let figure = if measure.is_empty() {
        lang.pick("Số liệu", "Figure").to_string()
    } else {
        format!("{} ({measure})", lang.pick("Số liệu", "Figure"))
    };
    // Each column: its head, class and cell per period, then the total's cell.
    let mut cols: Vec<(String, &'static str, Vec<String>)> = vec![
        (
            figure,
            "num",
            ind.values.iter().map(|o| figure_text(o, lang)).collect(),
        ),
        (
            lang.pick("Thay đổi", "Change").to_string(),
            "num",
            ind.values
                .iter()
                .map(|o| {
                    o.change
                        .as_ref()
                        .map(|c| lang.pct(c.pct))
                        .unwrap_or_default()
                })
                .collect(),
        ),
        (
            lang.pick("So với chỉ tiêu kỳ", "Against the period floor")
                .to_string(),
            "",
            ind.values
                .iter()
                .map(|o| {
                    judged
                        .iter()
                        .find(|c| c.period == o.period)
                        .map(|c| outcome_label(c.outcome, lang).to_string())
                        .unwrap_or_default()
                })
                .collect(),
        ),
        (
            lang.pick("Nguồn riêng", "Own source").to_string(),
            "source-cell",
            ind.values
                .iter()
                .map(|o| {
                    o.source
                        .as_ref()
                        .map(|n| source_text(loaded, n, lang))
                        .unwrap_or_default()
                })
                .collect(),
        ),
    ];
    let mut first = true;
    cols.retain(|(_, _, cells)| std::mem::take(&mut first) || cells.iter().any(|c| !c.is_empty()));
    cols
}

/// The figures per period as printed, with the change, the outcome against
/// the period's floor and the period's own source (each column only when
/// some period has it), then the printed total.
#[component]
fn DataTable(
    /// The loaded export, for period names and sources.
    loaded: Arc<Loaded>,
    /// The indicator.
    ind: Indicator,
    /// Its evaluated targets; the first one's periods are judged.
    targets: Vec<TargetEval>,
    /// Interface language, fixed for the page.
    lang: Lang,
) -> impl IntoView {
    let cols = table_columns(&loaded, &ind, &targets, lang);
    let head = cols
        .iter()
        .map(|(h, class, _)| view! { <th scope="col" class=*class>{h.clone()}</th> })
        .collect::<Vec<_>>();
    let mut rows = ind
        .values
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let cells = cols
                .iter()
                .map(|(_, class, c)| (*class, c[i].clone()))
                .collect();
            (
                o.period.to_string(),
                loaded.period_label(&o.period, lang),
                cells,
            )
        })
        .collect::<Vec<(String, String, Vec<(&str, String)>)>>();
    if let Some(t) = &ind.total {
        let mut cells: Vec<(&str, String)> = cols
            .iter()
            .map(|(_, class, _)| (*class, String::new()))
            .collect();
        cells[0].1 = format!("{}{}", qualifier(t.qualifier, lang), lang.num(t.value));
        rows.push((
            String::new(),
            lang.pick("Thực hiện (báo cáo ghi)", "Total (as printed)")
                .to_string(),
            cells,
        ));
    }
    let rows = rows
        .into_iter()
        .map(|(period, label, cells)| {
            // Each cell names its column: on a phone the row is a card.
            let cells = cells
                .into_iter()
                .zip(cols.iter())
                .map(|((class, text), (h, _, _))| view! { <td class=class data-label=h.clone()>{text}</td> })
                .collect::<Vec<_>>();
            let total = period.is_empty().then_some("total");
            view! { <tr class=total data-period=(!period.is_empty()).then_some(period)><th scope="row">{label}</th>{cells}</tr> }
        })
        .collect::<Vec<_>>();
    view! {
        <table class="data">
            <caption>{lang.pick("Số liệu theo kỳ (như báo cáo ghi)", "Figures per period (as printed)")}</caption>
            <thead>
                <tr><th scope="col">{lang.pick("Kỳ", "Period")}</th>{head}</tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// A period's figure as printed: "5 (Năm)", "trên 200", "Không xếp hạng".
fn figure_text(o: &Observation, lang: Lang) -> String {
    match (o.value, &o.text) {
        (Some(v), Some(t)) => format!("{} ({t})", lang.num(v)),
        (Some(v), None) => format!("{}{}", qualifier(o.qualifier, lang), lang.num(v)),
        (None, Some(t)) => t.clone(),
        (None, None) => String::new(),
    }
}

/// For distributions: each category's share per year, and the number rated.
#[component]
fn Categories(
    /// The loaded export, for period names.
    loaded: Arc<Loaded>,
    /// The indicator.
    ind: Indicator,
    /// Interface language, fixed for the page.
    lang: Lang,
) -> impl IntoView {
    (!ind.categories.is_empty()).then(|| {
        let mut periods: Vec<String> = Vec::new();
        for o in ind.categories.iter().flat_map(|c| &c.values) {
            if !periods.iter().any(|p| p == o.period.as_str()) {
                periods.push(o.period.to_string());
            }
        }
        let head = periods
            .iter()
            .map(|p| view! { <th scope="col" class="num">{loaded.period_label(p, lang)}</th> })
            .collect::<Vec<_>>();
        let base = (!ind.base.is_empty()).then(|| {
            let cells = periods
                .iter()
                .map(|p| view! { <td class="num">{ind.base.iter().find(|o| o.period == *p).and_then(|o| o.value).map(|v| lang.num(v))}</td> })
                .collect::<Vec<_>>();
            view! { <tr><th scope="row">{lang.pick("Số được đánh giá", "Number rated")}</th>{cells}</tr> }
        });
        let body = ind
            .categories
            .iter()
            .map(|c| {
                let cells = periods
                    .iter()
                    .map(|p| view! { <td class="num">{c.values.iter().find(|o| o.period == *p).and_then(|o| o.value).map(|v| lang.pct(v))}</td> })
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
    })
}

/// The report's figures that do not add up, if any.
#[component]
fn Warnings(
    /// The indicator's evaluation.
    eval: Evaluation,
    /// Interface language, fixed for the page.
    lang: Lang,
) -> impl IntoView {
    (!eval.warnings.is_empty()).then(|| {
        let items = eval
            .warnings
            .iter()
            .map(|w| view! { <li data-code=w.code>{format!("⚠ {}", w.text(lang))}</li> })
            .collect::<Vec<_>>();
        view! {
            <section class="warnings-box">
                <h3>{lang.pick("Số liệu không khớp trong báo cáo", "Figures in the report that do not add up")}</h3>
                <ul>{items}</ul>
            </section>
        }
    })
}

/// Where the figures come from, the quote, and where they are restated.
#[component]
fn Source(
    /// The loaded export, for the source documents.
    loaded: Arc<Loaded>,
    /// The indicator.
    ind: Indicator,
    /// Interface language, fixed for the page.
    lang: Lang,
) -> impl IntoView {
    let restated = ind
        .restated
        .iter()
        .map(|r| {
            view! {
                <li>
                    {format!("{}: {} — {}", lang.pick("Nhắc lại", "Restated"), lang.num(r.value), source_text(&loaded, &r.source, lang))}
                    {r.source.quote.clone().map(|q| view! { ": " <q>{q}</q> })}
                </li>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <section class="source">
            <h3>{lang.pick("Nguồn", "Source")}</h3>
            <p>{source_text(&loaded, &ind.source, lang)}</p>
            {ind.source.quote.clone().map(|q| view! { <blockquote>{q}</blockquote> })}
            <ul class="restated">{restated}</ul>
        </section>
    }
}

/// Links to the indicator's sub-indicators, if it has any.
#[component]
fn Parts(
    /// The unit's id.
    unit: String,
    /// The indicator.
    ind: Indicator,
    /// Interface language, fixed for the page.
    lang: Lang,
) -> impl IntoView {
    (!ind.parts.is_empty()).then(|| {
        let links = ind
            .parts
            .iter()
            .map(|p| {
                let page = Page::Indicator {
                    unit: unit.clone(),
                    id: p.id.clone(),
                };
                let name = p.name.clone();
                view! { <li><RouteLink page=page>{name}</RouteLink></li> }
            })
            .collect::<Vec<_>>();
        view! {
            <section class="parts">
                <h3>{lang.pick("Chỉ tiêu con", "Sub-indicators")}</h3>
                <ul>{links}</ul>
            </section>
        }
    })
}
