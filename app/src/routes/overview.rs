//! The overview: every indicator at a glance, grouped by unit and section,
//! with summary counts, filters and a search that ignores diacritics.

use std::sync::Arc;

use chitieu_core::compute::Status;
use chitieu_core::evaluate::evaluate_all;
use chitieu_core::evaluate::Evaluation;
use chitieu_core::load::Loaded;
use chitieu_core::text;
use chitieu_core::text::Lang;
use chitieu_format::model::Indicator;
use chitieu_format::model::IndicatorKind;
use leptos::prelude::*;

use crate::url::Page;
use crate::widgets::{Bullet, PrintDate, StatusBadge};
use crate::{state, AppState};

/// One indicator in its place, evaluated, with what search looks at.
#[derive(Clone)]
pub struct Item {
    pub unit_id: String,
    pub unit_name: String,
    pub section_id: String,
    pub section_title: String,
    pub depth: usize,
    pub indicator: Indicator,
    pub eval: Evaluation,
    pub search: String,
}

impl Item {
    fn is_group(&self) -> bool {
        self.indicator.kind == IndicatorKind::Group
    }
}

pub fn items(l: &Loaded) -> Vec<Item> {
    evaluate_all(l)
        .into_iter()
        .map(|r| Item {
            unit_id: r.unit.id.clone(),
            unit_name: r.unit.name.clone(),
            section_id: r.section.id.clone(),
            section_title: r.section.title.clone(),
            depth: r.depth,
            search: text::fold(&format!(
                "{} {} {}",
                r.indicator.name, r.unit.name, r.section.title
            )),
            indicator: r.indicator.clone(),
            eval: r.eval,
        })
        .collect()
}

/// Rows built at once; more on request.
const PAGE: usize = 100;

/// Whether an item passes the route's filters; `words` is the search, folded once.
fn visible(
    it: &Item,
    unit: &Option<String>,
    section: &Option<String>,
    status: &Option<String>,
    words: &[String],
) -> bool {
    if unit.as_ref().is_some_and(|u| u != &it.unit_id) {
        return false;
    }
    if section.as_ref().is_some_and(|s| s != &it.section_id) {
        return false;
    }
    match status.as_deref() {
        None => {}
        Some("warnings") => {
            if it.eval.warnings.is_empty() {
                return false;
            }
        }
        Some(code) => {
            if it.is_group() || it.eval.status.code() != code {
                return false;
            }
        }
    }
    words.iter().all(|w| it.search.contains(w.as_str()))
}

fn link_to(
    state: AppState,
    page: Page,
) -> (String, impl Fn(leptos::ev::MouseEvent) + Clone + 'static) {
    let mut r = state.route.get_untracked();
    r.page = page;
    let href = if r.to_query().is_empty() {
        "?".to_string()
    } else {
        r.to_query()
    };
    let go = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        state.navigate(r.clone(), true);
    };
    (href, go)
}

/// Figures of one indicator as text: printed words for rankings and ratings.
pub fn actual_text(it: &Indicator, eval: &Evaluation, lang: Lang) -> String {
    let words = it.values.iter().rev().find_map(|o| o.text.clone());
    match (&eval.actual, it.kind) {
        (_, IndicatorKind::Ranking) | (None, _) => words.unwrap_or_default(),
        (Some(a), _) => lang.num(a.value),
    }
}

/// Every indicator of the export at a glance.
#[component]
pub fn Overview(
    /// The loaded export.
    loaded: Arc<Loaded>,
) -> impl IntoView {
    let state = state();
    let lang = Signal::derive(move || state.lang.get());
    let all = Arc::new(items(&loaded));
    let d = loaded.export.dataset.clone();
    let units: Vec<(String, String)> = loaded
        .export
        .units
        .iter()
        .map(|u| (u.id.clone(), u.name.clone()))
        .collect();
    let mut sections: Vec<(String, String)> = Vec::new();
    for u in &loaded.export.units {
        for s in &u.sections {
            if !sections.iter().any(|(id, _)| id == &s.id) {
                let title = match &s.number {
                    Some(n) => format!("{n}. {}", s.title),
                    None => s.title.clone(),
                };
                sections.push((s.id.clone(), title));
            }
        }
    }
    let many_units = units.len() > 1;

    let summary = {
        let all = all.clone();
        move || {
            let lang = lang.get();
            let judged: Vec<&Item> = all.iter().filter(|i| !i.is_group()).collect();
            let mut buttons = Status::ALL
                .iter()
                .map(|s| {
                    let n = judged.iter().filter(|i| i.eval.status == *s).count();
                    let code = s.code().to_string();
                    let code2 = code.clone();
                    let pressed = move || state.route.get().status.as_deref() == Some(code2.as_str());
                    view! {
                        <li>
                            <button class="count" data-status=code.clone() aria-pressed=move || pressed().to_string() on:click=move |_| {
                                let code = code.clone();
                                state.update_route(move |r| r.status = if r.status.as_deref() == Some(code.as_str()) { None } else { Some(code) });
                            }>
                                <StatusBadge status=*s lang=lang />
                                ": "
                                <strong>{n}</strong>
                            </button>
                        </li>
                    }
                    .into_any()
                })
                .collect::<Vec<_>>();
            let warned = judged
                .iter()
                .filter(|i| !i.eval.warnings.is_empty())
                .count();
            buttons.push(
                view! {
                    <li>
                        <button
                            class="count warn-count"
                            data-status="warnings"
                            aria-pressed=move || (state.route.get().status.as_deref() == Some("warnings")).to_string()
                            on:click=move |_| {
                                state.update_route(move |r| {
                                    r.status = if r.status.as_deref() == Some("warnings") { None } else { Some("warnings".into()) }
                                });
                            }
                        >
                            {format!("⚠ {}: ", lang.pick("Có số liệu không khớp", "With figures that do not add up"))}
                            <strong>{warned}</strong>
                        </button>
                    </li>
                }
                .into_any(),
            );
            buttons
        }
    };

    let unit_options = units.clone();
    let section_options = sections.clone();
    let filters = move || {
        let lang = lang.get();
        let unit_select = many_units.then(|| {
            let opts = unit_options
                .iter()
                .map(|(id, name)| {
                    let me = id.clone();
                    view! { <option value=id.clone() selected=move || state.route.get().unit.as_deref() == Some(me.as_str())>{name.clone()}</option> }
                })
                .collect::<Vec<_>>();
            view! {
                <label>
                    {lang.pick("Đơn vị", "Unit")}
                    <select class="filter-unit" on:change:target=move |ev| {
                        let v = ev.target().value();
                        state.update_route(move |r| r.unit = (!v.is_empty()).then_some(v));
                    }>
                        <option value="" selected=move || state.route.get().unit.is_none()>{lang.pick("Tất cả", "All")}</option>
                        {opts}
                    </select>
                </label>
            }
        });
        let section_opts = section_options
            .iter()
            .map(|(id, title)| {
                let me = id.clone();
                view! { <option value=id.clone() selected=move || state.route.get().section.as_deref() == Some(me.as_str())>{title.clone()}</option> }
            })
            .collect::<Vec<_>>();
        let status_opts = Status::ALL
            .iter()
            .map(|s| {
                let code = s.code();
                view! { <option value=code selected=move || state.route.get().status.as_deref() == Some(code)>{s.label(lang)}</option> }
            })
            .collect::<Vec<_>>();
        view! {
            <div class="filters" role="search">
                {unit_select}
                <label>
                    {lang.pick("Mục", "Section")}
                    <select class="filter-section" on:change:target=move |ev| {
                        let v = ev.target().value();
                        state.update_route(move |r| r.section = (!v.is_empty()).then_some(v));
                    }>
                        <option value="" selected=move || state.route.get().section.is_none()>{lang.pick("Tất cả", "All")}</option>
                        {section_opts}
                    </select>
                </label>
                <label>
                    {lang.pick("Đánh giá", "Status")}
                    <select class="filter-status" on:change:target=move |ev| {
                        let v = ev.target().value();
                        state.update_route(move |r| r.status = (!v.is_empty()).then_some(v));
                    }>
                        <option value="" selected=move || state.route.get().status.is_none()>{lang.pick("Tất cả", "All")}</option>
                        {status_opts}
                        <option value="warnings" selected=move || state.route.get().status.as_deref() == Some("warnings")>
                            {lang.pick("Có số liệu không khớp", "With figures that do not add up")}
                        </option>
                    </select>
                </label>
                <label class="search">
                    {lang.pick("Tìm", "Search")}
                    <input
                        type="search"
                        class="search-input"
                        placeholder=lang.pick("ví dụ: ket nap", "e.g. ket nap")
                        prop:value=move || state.route.get().q
                        on:input:target=move |ev| {
                            let v = ev.target().value();
                            state.update_route(move |r| r.q = v);
                        }
                    />
                </label>
            </div>
        }
    };

    let units_link = many_units.then(|| {
        let (href, go) = link_to(state, Page::Units);
        view! {
            <p class="units-link">
                <a href=href on:click=go>{move || lang.get().pick("So sánh các đơn vị: xếp hạng và tỷ lệ đạt chỉ tiêu →", "Compare the units: ranking and achievement →")}</a>
            </p>
        }
    });

    // Rows are built in pages: a committee's export fits in one, and a very
    // large one stays responsive while filtering (each row is ~15 elements).
    let limit = RwSignal::new(PAGE);
    let body = {
        let all = all.clone();
        move || {
            let lang = lang.get();
            let r = state.route.get();
            let words: Vec<String> = text::fold(&r.q)
                .split_whitespace()
                .map(str::to_string)
                .collect();
            let matching: Vec<&Item> = all
                .iter()
                .filter(|it| visible(it, &r.unit, &r.section, &r.status, &words))
                .collect();
            let total = matching.len();
            let shown: Vec<&Item> = matching.into_iter().take(limit.get()).collect();
            if shown.is_empty() {
                return view! { <p class="empty">{lang.pick("Không có chỉ tiêu nào khớp với bộ lọc.", "No indicator matches the filters.")}</p> }.into_any();
            }
            let mut blocks = Vec::new();
            let mut i = 0;
            while i < shown.len() {
                let unit_id = shown[i].unit_id.clone();
                let unit_name = shown[i].unit_name.clone();
                let mut sections_view = Vec::new();
                while i < shown.len() && shown[i].unit_id == unit_id {
                    let sid = shown[i].section_id.clone();
                    let stitle = shown[i].section_title.clone();
                    let mut rows = Vec::new();
                    while i < shown.len()
                        && shown[i].unit_id == unit_id
                        && shown[i].section_id == sid
                    {
                        rows.push(row(state, shown[i], lang));
                        i += 1;
                    }
                    sections_view.push(view! {
                        <div class="section" data-section=sid>
                            <h3>{stitle}</h3>
                            <table class="overview">
                                <thead>
                                    <tr>
                                        <th scope="col">{lang.pick("Chỉ tiêu", "Indicator")}</th>
                                        <th scope="col" class="bullet-col">{lang.pick("Thực hiện so với chỉ tiêu", "Actual against target")}</th>
                                        <th scope="col" class="num">{lang.pick("Thực hiện", "Actual")}</th>
                                        <th scope="col" class="num">{lang.pick("Chỉ tiêu", "Target")}</th>
                                        <th scope="col" class="num">{lang.pick("% đạt", "% achieved")}</th>
                                        <th scope="col">{lang.pick("Đánh giá", "Status")}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    });
                }
                blocks.push(view! {
                    <section class="unit" data-unit=unit_id>
                        <h2>{unit_name}</h2>
                        {sections_view}
                    </section>
                });
            }
            let more = (total > shown.len()).then(|| {
                let rest = total - shown.len();
                view! {
                    <p class="more">
                        <button class="show-more" on:click=move |_| limit.update(|l| *l += PAGE)>
                            {format!("{} ({} {})", lang.pick("Hiển thị thêm", "Show more"), rest, lang.pick("chỉ tiêu chưa hiển thị", "not shown yet"))}
                        </button>
                    </p>
                }
            });
            view! { {blocks}{more} }.into_any()
        }
    };
    // A new filter starts from the first page again.
    Effect::new(
        move |prev: Option<(Option<String>, Option<String>, Option<String>, String)>| {
            let r = state.route.get();
            let key = (r.unit, r.section, r.status, r.q);
            // Setting a signal re-renders even to the same value: only when it changes,
            // or every filter change would build the rows twice.
            if prev.as_ref().is_some_and(|p| p != &key) && limit.get_untracked() != PAGE {
                limit.set(PAGE);
            }
            key
        },
    );

    let as_of = format!("{:02}/{}", d.as_of.month, d.as_of.year);
    if state.route.get_untracked().embed {
        // An intranet panel: the indicators of the chosen unit or section, and a link to the full view.
        let mut full = state.route.get_untracked();
        full.embed = false;
        return view! {
            <div class="overview-page dataset-view embedded" data-dataset=d.id.clone()>
                {body}
                <a class="full-view" href=full.to_query() target="_blank" rel="noopener">
                    {move || lang.get().pick("Xem đầy đủ trên trang Chỉ tiêu nghị quyết ↗", "Open the full view ↗")}
                </a>
            </div>
        }
        .into_any();
    }
    view! {
        <div class="overview-page dataset-view" data-dataset=d.id.clone()>
            <div class="page-actions">
                <button class="present-start" on:click=move |_| crate::routes::present::start(state)>
                    {move || lang.get().pick("▶ Trình chiếu", "▶ Present")}
                </button>
                <button class="print" on:click=move |_| {
                    if let Some(w) = web_sys::window() {
                        let _ = w.print();
                    }
                }>{move || lang.get().pick("In", "Print")}</button>
            </div>
            <h2 class="dataset-title">{d.title.clone()}</h2>
            <p class="meta">
                {d.organisation.clone()}
                " · "
                {move || lang.get().pick("số liệu đến tháng", "figures as of")}
                " "
                {as_of}
            </p>
            {d.description.clone().map(|t| view! { <p class="description">{t}</p> })}
            <ul class="summary">{summary}</ul>
            {filters}
            {units_link}
            {body}
            <PrintDate />
        </div>
    }
    .into_any()
}

fn row(state: AppState, it: &Item, lang: Lang) -> AnyView {
    let ind = &it.indicator;
    let e = &it.eval;
    let name = match &ind.number {
        Some(n) if n != "-" && n != "+" => format!("{n}. {}", ind.name),
        _ => ind.name.clone(),
    };
    let (href, go) = link_to(
        state,
        Page::Indicator {
            unit: it.unit_id.clone(),
            id: ind.id.clone(),
        },
    );
    let unit = ind.unit().to_string();
    let targets = e
        .targets
        .iter()
        .map(|t| {
            let derived = if t.derived {
                format!(" ({})", lang.pick("suy ra", "derived"))
            } else {
                String::new()
            };
            view! { <div title=t.label.clone()>{format!("{}{derived}", lang.num(t.value))}</div> }
        })
        .collect::<Vec<_>>();
    let achievements = e
        .targets
        .iter()
        .map(|t| {
            let printed = match (t.reported_achievement_pct, t.achievement_pct) {
                (Some(p), Some(c)) if p != c.round_dp(p.scale()) => Some(view! {
                    <span class="printed">{format!(" ({} {})", lang.pick("báo cáo ghi", "printed"), lang.pct(p))}</span>
                }),
                _ => None,
            };
            view! { <div>{t.achievement_pct.map(|p| lang.pct(p))}{printed}</div> }
        })
        .collect::<Vec<_>>();
    let warnings = e.warnings.len();
    let is_group = ind.kind == IndicatorKind::Group;
    view! {
        <tr class=format!("indicator depth-{}", it.depth) data-id=ind.id.clone() data-unit=it.unit_id.clone() data-status=e.status.code()>
            <td class="name">
                <a href=href on:click=go>{name}</a>
                {(warnings > 0).then(|| view! {
                    <span class="warn-flag" title=lang.pick("Có số liệu không khớp", "Figures do not add up")>{format!(" ⚠ {warnings}")}</span>
                })}
            </td>
            <td class="bullet-col">
                <Bullet eval=e.clone() direction=ind.direction lang=Signal::stored(lang) />
            </td>
            <td class="num actual">{actual_text(ind, e, lang)}</td>
            <td class="num">{targets}</td>
            <td class="num">{achievements}</td>
            <td>
                {(!is_group && !e.targets.is_empty()).then(|| view! { <StatusBadge status=e.status lang=Signal::stored(lang) /> })}
                {(!is_group && e.targets.is_empty() && !unit.is_empty()).then(|| view! { <span class="unit-of-measure">{unit.clone()}</span> })}
            </td>
        </tr>
    }
    .into_any()
}
