//! The overview: every indicator at a glance, grouped by unit and section,
//! with summary counts, filters and a search that ignores diacritics.

use std::sync::Arc;

use chitieu_core::compute::{Status, TargetEval};
use chitieu_core::describe::status_reason;
use chitieu_core::evaluate::{evaluate_all, Evaluation};
use chitieu_core::load::Loaded;
use chitieu_core::text;
use chitieu_core::text::Lang;
use chitieu_format::dec::Dec;
use chitieu_format::model::{Direction, IndicatorKind};
use leptos::prelude::*;

use crate::export::OVERVIEW_WORKBOOK;
use crate::figures::{actual_text_of, last_words, numbered_title, rank_text, unit_kept};
use crate::link::RouteLink;
use crate::state::{said, state, AppState};
use crate::url::Page;
use crate::widgets::{Bullet, PrintDate, StatusBadge, PRINT};

/// One indicator in its place, evaluated, with what search looks at. It
/// keeps what its row shows, not a copy of the indicator (a province's
/// roll-up has 37,500, each with its figures).
#[derive(Clone)]
pub struct Item {
    pub unit_id: String,
    pub unit_name: String,
    pub section_id: String,
    pub section_title: String,
    pub depth: usize,
    pub id: String,
    /// "3. Name", as the report numbers it.
    pub title: String,
    pub kind: IndicatorKind,
    pub direction: Direction,
    /// The unit of measure as printed.
    pub measure: String,
    /// The last figure printed in words (a rank, a rating).
    pub words: Option<String>,
    /// A ranking's last rank, in Vietnamese and English ("hạng 5 (Năm)").
    pub rank: Option<(String, String)>,
    pub eval: Evaluation,
    pub search: String,
    /// Why it has its status, in Vietnamese and English, where the figure does not say.
    pub reason: Option<(String, String)>,
}

impl Item {
    fn is_group(&self) -> bool {
        self.kind == IndicatorKind::Group
    }
}

pub fn items(l: &Loaded) -> Vec<Item> {
    evaluate_all(l)
        .into_iter()
        .map(|r| Item {
            reason: status_reason(l, &r, Lang::Vi).zip(status_reason(l, &r, Lang::En)),
            unit_id: r.unit.id.clone(),
            unit_name: r.unit.name.clone(),
            section_id: r.section.id.clone(),
            section_title: r.section.title.clone(),
            depth: r.depth,
            search: text::fold(&format!(
                "{} {} {}",
                r.indicator.name, r.unit.name, r.section.title
            )),
            id: r.indicator.id.clone(),
            title: numbered_title(r.indicator),
            kind: r.indicator.kind,
            direction: r.indicator.direction,
            measure: r.indicator.unit().to_string(),
            words: last_words(r.indicator).map(str::to_string),
            rank: rank_text(r.indicator, Lang::Vi).zip(rank_text(r.indicator, Lang::En)),
            eval: r.eval,
        })
        .collect()
}

/// The items shown, shared by the views built from them.
type Items = Arc<Vec<Arc<Item>>>;

/// What the rows depend on besides the page: unit, section, status and search.
type FilterKey = (Option<String>, Option<String>, Option<String>, String);

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
    let status_passes = match status.as_deref() {
        None => true,
        Some("warnings") => !it.eval.warnings.is_empty(),
        Some(code) => !it.is_group() && it.eval.status.code() == code,
    };
    status_passes && words.iter().all(|w| it.search.contains(w.as_str()))
}

/// The route's status filter toggled: set to `code`, or cleared when it is `code` already.
fn toggle_status(state: AppState, code: String) {
    state.update_route(move |r| {
        r.status = if r.status.as_deref() == Some(code.as_str()) {
            None
        } else {
            Some(code)
        }
    });
}

/// The units of the export, id and name.
fn unit_choices(l: &Loaded) -> Vec<(String, String)> {
    l.export
        .units
        .iter()
        .map(|u| (u.id.clone(), u.name.clone()))
        .collect()
}

/// The sections of every unit, once each, id and "number. title".
fn section_choices(l: &Loaded) -> Vec<(String, String)> {
    let mut sections: Vec<(String, String)> = Vec::new();
    for s in l.export.units.iter().flat_map(|u| &u.sections) {
        if !sections.iter().any(|(id, _)| id == &s.id) {
            let title = match &s.number {
                Some(n) => format!("{n}. {}", s.title),
                None => s.title.clone(),
            };
            sections.push((s.id.clone(), title));
        }
    }
    sections
}

/// Every indicator of the export at a glance; in an iframe, just the rows.
#[component]
pub fn Overview(
    /// The loaded export.
    loaded: Arc<Loaded>,
) -> impl IntoView {
    let state = state();
    let all: Items = Arc::new(items(&loaded).into_iter().map(Arc::new).collect());
    let id = loaded.export.dataset.id.clone();
    if state.route.get_untracked().embed {
        return view! { <EmbeddedOverview dataset=id all=all /> }.into_any();
    }
    let units = unit_choices(&loaded);
    let many_units = units.len() > 1;
    view! {
        <div class="overview-page dataset-view" data-dataset=id>
            <PageActions all=all.clone() />
            <DatasetHeading loaded=loaded.clone() />
            <Summary all=all.clone() />
            <Filters units=units sections=section_choices(&loaded) />
            {many_units.then(|| view! { <UnitsLink /> })}
            <Rows all=all />
            <PrintDate />
        </div>
    }
    .into_any()
}

/// An intranet panel: the indicators of the chosen unit or section, and a
/// link to the full view.
#[component]
fn EmbeddedOverview(
    /// The dataset's id.
    dataset: String,
    /// Every indicator of the export.
    all: Items,
) -> impl IntoView {
    let state = state();
    let mut full = state.route.get_untracked();
    full.embed = false;
    view! {
        <div class="overview-page dataset-view embedded" data-dataset=dataset>
            <div class="embed-body"><Rows all=all /></div>
            <a class="full-view" href=full.to_query() target="_blank" rel="noopener">
                {said("Xem đầy đủ trên trang Chỉ tiêu nghị quyết ↗", "Open the full view ↗")}
            </a>
        </div>
    }
}

/// The rows the route's filters let through, in the overview's order (the
/// search folded once).
fn shown_by<'a>(
    all: &'a [Arc<Item>],
    r: &crate::url::Route,
) -> impl Iterator<Item = &'a Arc<Item>> + use<'a> {
    let words: Vec<String> = text::fold(&r.q)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let (unit, section, status) = (r.unit.clone(), r.section.clone(), r.status.clone());
    all.iter()
        .filter(move |it| visible(it, &unit, &section, &status, &words))
}

/// The route's filters as a deck: the indicators the overview shows, in its
/// order (`None` when nothing is filtered: the whole export).
fn filtered_deck(all: &[Arc<Item>], r: &crate::url::Route) -> Option<Vec<String>> {
    if r.unit.is_none() && r.section.is_none() && r.status.is_none() && r.q.trim().is_empty() {
        return None;
    }
    Some(
        shown_by(all, r)
            .filter(|it| !it.is_group())
            .map(|it| format!("{}/{}", it.unit_id, it.id))
            .collect(),
    )
}

/// Present, print and Excel buttons, and the conference booklet of what
/// the filters show.
#[component]
fn PageActions(
    /// Every row of the overview, for the booklet's pages.
    all: Items,
) -> impl IntoView {
    // Plain `fn(MouseEvent)`s, the handler type of the Excel button too:
    // the view code that attaches them is compiled once.
    let present: fn(web_sys::MouseEvent) = |_| state().start_presentation(None);
    view! {
        <div class="page-actions">
            <button class="present-start" on:click=present>
                {said("▶ Trình chiếu", "▶ Present")}
            </button>
            <button class="print" on:click=PRINT>{said("In", "Print")}</button>
            <button class="export export-workbook" on:click=OVERVIEW_WORKBOOK>
                {said("Tải bảng Excel", "Download Excel")}
            </button>
            <button class="booklet-start" on:click=move |_| {
                let state = state();
                let mut r = state.route.get_untracked();
                r.deck = filtered_deck(&all, &r);
                r.page = Page::Booklet;
                state.go_to(r);
            }>
                {said("Tập tài liệu hội nghị", "Conference booklet")}
            </button>
        </div>
    }
}

/// The dataset's title, organisation, date of the figures and description.
#[component]
fn DatasetHeading(
    /// The loaded export.
    loaded: Arc<Loaded>,
) -> impl IntoView {
    let d = loaded.export.dataset.clone();
    let as_of = format!("{:02}/{}", d.as_of.month, d.as_of.year);
    view! {
        <h2 class="dataset-title">{d.title.clone()}</h2>
        <p class="meta">
            {d.organisation.clone()}
            " · "
            {said("số liệu đến tháng", "figures as of")}
            " "
            {as_of}
        </p>
        {d.description.clone().map(|t| view! { <p class="description">{t}</p> })}
    }
}

/// How many indicators have each status, and how many have warnings; each
/// count is a button filtering by it.
#[component]
fn Summary(
    /// Every indicator of the export.
    all: Items,
) -> impl IntoView {
    let state = state();
    let lang = Signal::derive(move || state.lang.get());
    let counts = move || {
        let judged: Vec<&Arc<Item>> = all.iter().filter(|i| !i.is_group()).collect();
        let mut buttons = Status::ALL
            .iter()
            .map(|s| {
                let n = judged.iter().filter(|i| i.eval.status == *s).count();
                view! { <CountButton status=*s count=n lang=lang /> }.into_any()
            })
            .collect::<Vec<_>>();
        let warned = judged
            .iter()
            .filter(|i| !i.eval.warnings.is_empty())
            .count();
        buttons.push(view! { <WarnCountButton count=warned lang=lang.get() /> }.into_any());
        buttons
    };
    view! { <ul class="summary">{counts}</ul> }
}

/// The number of indicators with one status, filtering by it when pressed.
#[component]
fn CountButton(
    /// The status counted.
    status: Status,
    /// How many indicators have it.
    count: usize,
    /// Interface language.
    lang: Signal<Lang>,
) -> impl IntoView {
    let state = state();
    let code = status.code().to_string();
    let code2 = code.clone();
    let pressed = move || (state.route.get().status.as_deref() == Some(code2.as_str())).to_string();
    view! {
        <li>
            <button class="count" data-status=code.clone() aria-pressed=pressed on:click=move |_| toggle_status(state, code.clone())>
                <StatusBadge status=status lang=lang />
                ": "
                <strong>{count}</strong>
            </button>
        </li>
    }
}

/// The number of indicators with figures that do not add up, filtering by
/// them when pressed.
#[component]
fn WarnCountButton(
    /// How many indicators have warnings.
    count: usize,
    /// Interface language, fixed for the button.
    lang: Lang,
) -> impl IntoView {
    let state = state();
    view! {
        <li>
            <button
                class="count warn-count"
                data-status="warnings"
                aria-pressed=move || (state.route.get().status.as_deref() == Some("warnings")).to_string()
                on:click=move |_| toggle_status(state, "warnings".into())
            >
                {format!("⚠ {}: ", lang.pick("Có số liệu không khớp", "With figures that do not add up"))}
                <strong>{count}</strong>
            </button>
        </li>
    }
}

/// Unit (when there are several), section and status filters, and the search.
#[component]
fn Filters(
    /// The units, id and name.
    units: Vec<(String, String)>,
    /// The sections, id and title.
    sections: Vec<(String, String)>,
) -> impl IntoView {
    let state = state();
    move || {
        let lang = state.lang.get();
        let unit_select =
            (units.len() > 1).then(|| view! { <UnitSelect units=units.clone() lang=lang /> });
        view! {
            <div class="filters" role="search">
                {unit_select}
                <SectionSelect sections=sections.clone() lang=lang />
                <StatusSelect lang=lang />
                <SearchBox lang=lang />
            </div>
        }
    }
}

/// The options of a filter, the one in the route selected.
fn options(
    choices: &[(String, String)],
    current: impl Fn(&crate::url::Route) -> Option<String> + Copy + Send + Sync + 'static,
) -> Vec<impl IntoView> {
    let state = state();
    choices
        .iter()
        .map(|(id, name)| {
            let me = id.clone();
            let selected = move || state.route.with(current).as_deref() == Some(me.as_str());
            view! { <option value=id.clone() selected=selected>{name.clone()}</option> }
        })
        .collect()
}

/// The unit filter.
#[component]
fn UnitSelect(
    /// The units, id and name.
    units: Vec<(String, String)>,
    /// Interface language, fixed for the filters.
    lang: Lang,
) -> impl IntoView {
    let state = state();
    let opts = options(&units, |r| r.unit.clone());
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
}

/// The section filter.
#[component]
fn SectionSelect(
    /// The sections, id and title.
    sections: Vec<(String, String)>,
    /// Interface language, fixed for the filters.
    lang: Lang,
) -> impl IntoView {
    let state = state();
    let opts = options(&sections, |r| r.section.clone());
    view! {
        <label>
            {lang.pick("Mục", "Section")}
            <select class="filter-section" on:change:target=move |ev| {
                let v = ev.target().value();
                state.update_route(move |r| r.section = (!v.is_empty()).then_some(v));
            }>
                <option value="" selected=move || state.route.get().section.is_none()>{lang.pick("Tất cả", "All")}</option>
                {opts}
            </select>
        </label>
    }
}

/// The status filter, warnings included.
#[component]
fn StatusSelect(
    /// Interface language, fixed for the filters.
    lang: Lang,
) -> impl IntoView {
    let state = state();
    let status_opts = Status::ALL
        .iter()
        .map(|s| {
            let code = s.code();
            view! { <option value=code selected=move || state.route.get().status.as_deref() == Some(code)>{s.label(lang)}</option> }
        })
        .collect::<Vec<_>>();
    view! {
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
    }
}

/// The search, which ignores diacritics.
#[component]
fn SearchBox(
    /// Interface language, fixed for the filters.
    lang: Lang,
) -> impl IntoView {
    let state = state();
    view! {
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
    }
}

/// The link to the units side by side.
#[component]
fn UnitsLink() -> impl IntoView {
    view! {
        <p class="units-link">
            <RouteLink page=Page::Units>
                {said("So sánh các đơn vị: xếp hạng và tỷ lệ đạt chỉ tiêu →", "Compare the units: ranking and achievement →")}
            </RouteLink>
        </p>
    }
}

/// The indicators that pass the filters, by unit and section. Rows are built
/// in pages: a committee's export fits in one, and a very large one stays
/// responsive while filtering (each row is ~15 elements).
#[component]
fn Rows(
    /// Every indicator of the export.
    all: Items,
) -> impl IntoView {
    let state = state();
    let limit = RwSignal::new(PAGE);
    // A new filter starts from the first page again.
    Effect::new(move |prev: Option<FilterKey>| {
        let r = state.route.get();
        let key = (r.unit, r.section, r.status, r.q);
        // Setting a signal re-renders even to the same value: only when it changes,
        // or every filter change would build the rows twice.
        if prev.as_ref().is_some_and(|p| p != &key) && limit.get_untracked() != PAGE {
            limit.set(PAGE);
        }
        key
    });
    move || {
        let lang = state.lang.get();
        let r = state.route.get();
        let matching: Vec<Arc<Item>> = shown_by(&all, &r).cloned().collect();
        let total = matching.len();
        let shown: Vec<Arc<Item>> = matching.into_iter().take(limit.get()).collect();
        if shown.is_empty() {
            return view! { <p class="empty">{lang.pick("Không có chỉ tiêu nào khớp với bộ lọc.", "No indicator matches the filters.")}</p> }.into_any();
        }
        let blocks = shown
            .chunk_by(|a, b| a.unit_id == b.unit_id)
            .map(|unit| view! { <UnitBlock items=unit.to_vec() lang=lang /> })
            .collect::<Vec<_>>();
        let rest = total - shown.len();
        let more = (rest > 0).then(|| view! { <ShowMore rest=rest limit=limit lang=lang /> });
        view! { {blocks}{more} }.into_any()
    }
}

/// The "show more" button under a page of rows.
#[component]
fn ShowMore(
    /// How many matching indicators are not shown yet.
    rest: usize,
    /// How many rows are built.
    limit: RwSignal<usize>,
    /// Interface language, fixed for the rows.
    lang: Lang,
) -> impl IntoView {
    view! {
        <p class="more">
            <button class="show-more" on:click=move |_| limit.update(|l| *l += PAGE)>
                {format!("{} ({} {})", lang.pick("Hiển thị thêm", "Show more"), rest, lang.pick("chỉ tiêu chưa hiển thị", "not shown yet"))}
            </button>
        </p>
    }
}

/// One unit's indicators shown, as one table whose sections are row
/// groups, so the columns line up from one section to the next.
#[component]
fn UnitBlock(
    /// The unit's indicators shown, in report order (at least one).
    items: Vec<Arc<Item>>,
    /// Interface language, fixed for the rows.
    lang: Lang,
) -> impl IntoView {
    let unit_id = items[0].unit_id.clone();
    let unit_name = items[0].unit_name.clone();
    let sections = items
        .chunk_by(|a, b| a.section_id == b.section_id)
        .map(|section| view! { <SectionRows items=section.to_vec() lang=lang /> })
        .collect::<Vec<_>>();
    view! {
        <section class="unit" data-unit=unit_id>
            <h2>{unit_name}</h2>
            <table class="overview">
                <thead>
                    <tr>
                        <th scope="col" class="name">{lang.pick("Chỉ tiêu", "Indicator")}</th>
                        <th scope="col" class="bullet-col">{lang.pick("Thực hiện so với chỉ tiêu", "Actual against target")}</th>
                        <th scope="col" class="num">{lang.pick("Thực hiện", "Actual")}</th>
                        <th scope="col" class="num">{lang.pick("Chỉ tiêu", "Target")}</th>
                        <th scope="col" class="num">{lang.pick("% đạt", "% achieved")}</th>
                        <th scope="col">{lang.pick("Đánh giá", "Status")}</th>
                    </tr>
                </thead>
                {sections}
            </table>
        </section>
    }
}

/// One section's indicators shown: a row group under its title.
#[component]
fn SectionRows(
    /// The section's indicators shown, in report order (at least one).
    items: Vec<Arc<Item>>,
    /// Interface language, fixed for the rows.
    lang: Lang,
) -> impl IntoView {
    let sid = items[0].section_id.clone();
    // A section named as its unit (the district's mass organisations) is not titled twice.
    let stitle =
        (items[0].section_title != items[0].unit_name).then(|| items[0].section_title.clone());
    let rows = items
        .into_iter()
        .map(|it| view! { <Row item=it lang=lang /> })
        .collect::<Vec<_>>();
    view! {
        <tbody class="section" data-section=sid>
            {stitle.map(|t| view! { <tr class="section-title"><td colspan="6"><h3>{t}</h3></td></tr> })}
            {rows}
        </tbody>
    }
}

/// Each target's value, "(derived)" when computed from the printed achievement.
fn target_cells(e: &Evaluation, lang: Lang) -> Vec<impl IntoView> {
    e.targets
        .iter()
        .map(|t| {
            let derived = if t.derived {
                format!(" ({})", lang.pick("suy\u{a0}ra", "derived"))
            } else {
                String::new()
            };
            // Lines as tall as the achievement's printed note beside it,
            // where the note has lines of its own (style.css).
            let pad = printed_pct(t).map(|_| view! { <span class="printed-pad" aria-hidden="true"></span> });
            view! { <div title=t.label.clone()>{format!("{}{derived}", lang.num(t.value))}{pad}</div> }
        })
        .collect()
}

/// The achievement the report prints, where it is not the one computed.
fn printed_pct(t: &TargetEval) -> Option<Dec> {
    match (t.reported_achievement_pct, t.achievement_pct) {
        (Some(p), Some(c)) if p != c.round_dp(p.scale()) => Some(p),
        _ => None,
    }
}

/// Each target's achievement, with the printed one when it differs.
fn achievement_cells(e: &Evaluation, lang: Lang) -> Vec<impl IntoView> {
    e.targets
        .iter()
        .map(|t| {
            // Its words and its figure on two lines, on one on a phone
            // (style.css: the line break is kept only beside the table's columns).
            let printed = printed_pct(t).map(|p| view! {
                <span class="printed">{format!(" ({}\n{})", lang.pick("báo cáo ghi", "printed"), lang.pct(p))}</span>
            });
            view! { <div>{t.achievement_pct.map(|p| lang.pct(p))}{printed}</div> }
        })
        .collect()
}

/// One indicator's row: name (a link to its page), bullet graph, actual,
/// targets, achievement and status.
#[component]
fn Row(
    /// The indicator in its place.
    item: Arc<Item>,
    /// Interface language, fixed for the rows.
    lang: Lang,
) -> impl IntoView {
    let it = &*item;
    let e = &it.eval;
    let page = Page::Indicator {
        unit: it.unit_id.clone(),
        id: it.id.clone(),
    };
    let title = it.title.clone();
    let unit = it.measure.clone();
    let warnings = e.warnings.len();
    let is_group = it.is_group();
    let reason = it.reason.as_ref().map(|(vi, en)| lang.pick(vi, en).clone());
    let tip = reason.clone();
    view! {
        <tr class=format!("indicator depth-{}{}", it.depth, if e.targets.is_empty() { " no-target" } else { "" }) data-id=it.id.clone() data-unit=it.unit_id.clone() data-status=e.status.code()>
            <td class="name">
                <RouteLink page=page>{title}</RouteLink>
                {(warnings > 0).then(|| view! {
                    <span class="warn-flag" title=lang.pick("Có số liệu không khớp", "Figures do not add up")>{format!(" ⚠ {warnings}")}</span>
                })}
            </td>
            <td class="bullet-col">
                <Bullet eval=e.clone() direction=it.direction lang=Signal::stored(lang) />
            </td>
            <td class=if it.words.is_some() { "num actual words" } else { "num actual" } data-label=lang.pick("Thực hiện", "Actual")>
                {match &it.rank {
                    Some((vi, en)) => lang.pick(vi, en).clone(),
                    None => actual_text_of(it.kind, it.words.as_deref(), e, lang),
                }}
                {(!is_group && e.targets.is_empty() && !unit.is_empty() && it.words.is_none()).then(|| view! { <span class="unit-of-measure">{unit_kept(&unit)}</span> })}
            </td>
            <td class="num target" data-label=lang.pick("Chỉ tiêu", "Target")>{target_cells(e, lang)}</td>
            <td class="num pct" data-label=lang.pick("% đạt", "% achieved")>{achievement_cells(e, lang)}</td>
            <td class="verdict status-cell" title=tip>
                {(!is_group && !e.targets.is_empty()).then(|| view! { <StatusBadge status=e.status lang=Signal::stored(lang) /> })}
                {reason.map(|r| view! {
                    <details class="status-reason">
                        <summary>{lang.pick("Vì sao?", "Why?")}</summary>
                        <p>{r}</p>
                    </details>
                })}
            </td>
        </tr>
    }
}
