//! The chitieu dashboard. Loads exports (the bundled samples listed in
//! `data/index.json`, a same-origin `?data=` URL, or a local file chosen or
//! dropped on the page, never uploaded), validates and evaluates them with
//! chitieu-core in the browser, and shows the overview, indicator pages with
//! their charts, and units side by side. A file that fails to load shows its
//! error; the data already on screen stays.

pub mod api;
pub mod error;
pub mod export;
pub mod figures;
pub mod header;
pub mod import;
pub mod link;
pub mod measured;
pub mod reader;
pub mod routes;
pub mod state;
pub mod url;
pub mod widgets;
pub mod worker;

use leptos::prelude::*;

use crate::header::Header;
use crate::import::ImportPreview;
use crate::routes::{
    booklet::Booklet, indicator::IndicatorPage, overview::Overview, present::Present,
    units::UnitsPage,
};
use crate::state::{said, set_document_lang, AppState};
use crate::url::Page;
use crate::widgets::ErrorBanner;

/// The whole dashboard: header, error banner, import preview and the page
/// the route names.
#[component]
pub fn App() -> impl IntoView {
    let route = url::current();
    let lang = route.lang.or_else(url::remembered_lang).unwrap_or_default();
    let state = AppState::new(route, lang);
    provide_context(state);
    set_document_lang(lang);
    // The export the address names, if it is already here, before the
    // first view is built (else fetched; the effect below asks again).
    state.load_for_route();
    state.load_index();
    // Back and forward.
    let popstate = window_event_listener(leptos::ev::popstate, move |_| {
        state.route.set(url::current());
    });
    on_cleanup(move || popstate.remove());
    // A change of dataset in the route loads it.
    Effect::new(move |_| {
        let r = state.route.get();
        let _ = (r.dataset, r.data);
        state.load_for_route();
    });
    // Pages re-render when the page changes, not on every filter keystroke.
    let page = Memo::new(move |_| state.route.get().page);
    // After moving to another view, focus goes to its heading (not the body).
    Effect::new(move |first: Option<()>| {
        page.track();
        if first.is_some() {
            focus_soon(HEADING);
        }
    });
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            state.open_file(file);
        }
    };
    let loading = move || {
        if state.loading.get() {
            state.lang.get().pick("Đang tải dữ liệu…", "Loading data…")
        } else {
            ""
        }
    };
    let main = move || {
        let Some(shown) = state.shown.get() else {
            return view! { <p class="loading">{loading}</p> }.into_any();
        };
        let loaded = shown.loaded;
        match page.get() {
            Page::Overview => view! { <Overview loaded=loaded /> }.into_any(),
            Page::Indicator { unit, id } => {
                view! { <IndicatorPage loaded=loaded unit=unit id=id /> }.into_any()
            }
            Page::Units => view! { <UnitsPage loaded=loaded /> }.into_any(),
            Page::Present => view! { <Present loaded=loaded /> }.into_any(),
            Page::Booklet => view! { <Booklet loaded=loaded /> }.into_any(),
        }
    };
    view! {
        <div
            class="app"
            class:embed=move || state.route.with(|r| r.embed)
            class:presenting=move || page.get() == Page::Present
            on:dragover=move |ev: web_sys::DragEvent| ev.prevent_default()
            on:drop=on_drop
        >
            <a class="skip" href="#noi-dung" on:click={skip_to_content as fn(web_sys::MouseEvent)}>
                {said("Bỏ qua, đến nội dung chính", "Skip to the content")}
            </a>
            {move || (!state.route.with(|r| r.embed)).then(|| view! { <Header /> })}
            <ErrorBanner />
            <ImportPreview />
            <main id="noi-dung" tabindex="-1">{main}</main>
        </div>
    }
}

/// Focuses the first element matching `css` (else `main`) once the view is
/// drawn, so a screen reader says where the focus went and Tab continues from there.
pub fn focus_soon(css: &'static str) {
    set_timeout(move || focus_first(css), std::time::Duration::ZERO);
}

fn focus_first(css: &str) {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let found = doc.query_selector(css).ok().flatten();
    let Some(el) = found.or_else(|| doc.get_element_by_id("noi-dung")) else {
        return;
    };
    if !el.has_attribute("tabindex") {
        let _ = el.set_attribute("tabindex", "-1");
    }
    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}

/// The view's heading, or the presentation itself.
const HEADING: &str = "main h2, main .present";

/// The skip link: focus to the content without a `#` in the address.
fn skip_to_content(ev: web_sys::MouseEvent) {
    ev.prevent_default();
    focus_first(HEADING);
}
