//! The conference booklet: the presentation's deck on A4 landscape paper, a
//! cover (organisation, period, how many indicators have each status) and
//! one page per chart with its sentence, its table and its source. Page
//! numbers come from the stylesheet's `@page` footer.

use std::sync::Arc;

use chitieu_core::compute::Status;
use chitieu_core::evaluate::row_of;
use chitieu_core::load::Loaded;
use chitieu_core::text::Lang;
use leptos::prelude::*;

use crate::link::RouteLink;
use crate::routes::indicator::{paper_context, source_text, DataTable};
use crate::routes::present::{deck, slides, Slide};
use crate::state::state;
use crate::url::Page;
use crate::widgets::{ChartCanvas, Look, PrintDate, StatusBadge};

/// The deck printed: a cover, then a page per chart.
#[component]
pub fn Booklet(
    /// The loaded export.
    loaded: Arc<Loaded>,
) -> impl IntoView {
    let state = state();
    let lang = state.lang.get_untracked();
    let shown = deck(&slides(&loaded, lang), &state.route.get_untracked().deck);
    let statuses: Vec<Status> = shown
        .iter()
        .filter_map(|s| s.key.split_once('/'))
        .filter_map(|(unit, id)| row_of(&loaded, unit, id).map(|r| r.eval.status))
        .collect();
    let pages = shown
        .into_iter()
        .map(|s| view! { <BookletPage loaded=loaded.clone() slide=s lang=lang /> })
        .collect::<Vec<_>>();
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <div class="booklet">
            <p class="booklet-actions">
                <RouteLink page=Page::Present class="back">{lang.pick("← Trình chiếu", "← Presentation")}</RouteLink>
                " "
                <button class="print" on:click=print>{lang.pick("In", "Print")}</button>
            </p>
            <Cover loaded=loaded statuses=statuses lang=lang />
            {pages}
        </div>
    }
}

/// The cover: the report, the organisation, the period and the counts by status.
#[component]
fn Cover(
    /// The loaded export.
    loaded: Arc<Loaded>,
    /// The status of each indicator in the booklet.
    statuses: Vec<Status>,
    /// Interface language, fixed for the booklet.
    lang: Lang,
) -> impl IntoView {
    let d = &loaded.export.dataset;
    let counts = Status::ALL
        .iter()
        .map(|s| (s, statuses.iter().filter(|x| *x == s).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| view! { <li><StatusBadge status=*s lang=Signal::stored(lang) />": "<strong>{n}</strong></li> })
        .collect::<Vec<_>>();
    view! {
        <section class="booklet-page cover">
            <p class="organisation">{d.organisation.clone()}</p>
            <h2>{d.title.clone()}</h2>
            <p class="period">{format!("{} {:02}/{}", lang.pick("Số liệu đến tháng", "Figures as of"), d.as_of.month, d.as_of.year)}</p>
            <p>{format!("{} {}", statuses.len(), lang.pick("chỉ tiêu", "indicators"))}</p>
            <ul class="summary">{counts}</ul>
            <PrintDate />
        </section>
    }
}

/// One chart's page: its title, unit and period, the sentence, the chart
/// drawn for paper, the table and the source.
#[component]
fn BookletPage(
    /// The loaded export.
    loaded: Arc<Loaded>,
    /// The slide printed on this page.
    slide: Slide,
    /// Interface language, fixed for the booklet.
    lang: Lang,
) -> impl IntoView {
    let row = slide.key.split_once('/').and_then(|(u, id)| row_of(&loaded, u, id));
    let table = row.as_ref().map(|r| {
        view! { <DataTable loaded=loaded.clone() ind=r.indicator.clone() targets=r.eval.targets.clone() lang=lang /> }
    });
    let source = row
        .as_ref()
        .map(|r| format!("{}: {}", lang.pick("Nguồn", "Source"), source_text(&loaded, &r.indicator.source, lang)));
    view! {
        <section class="booklet-page" data-key=slide.key.clone()>
            <h2>{slide.title.clone()}</h2>
            <p class="subtitle">{slide.subtitle.clone()}</p>
            <p class="sentence">{slide.sentence.clone()}</p>
            <ChartCanvas chart=slide.chart.clone() lang=Signal::stored(lang) look=Look::Paper />
            {table}
            <p class="source-line">{source}</p>
            <p class="booklet-foot">{paper_context(&loaded, lang)}</p>
        </section>
    }
}
