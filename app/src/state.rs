//! The state every page shares, how a view is moved to, and loading what the
//! route asks for: a bundled dataset, a `?data=` address or a local file.

use std::sync::Arc;

use chitieu_core::load::Loaded;
use chitieu_core::text::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use crate::api::{fetch_bytes, fetch_config, fetch_index, DatasetEntry};
use crate::error::AppError;
use crate::import;
use crate::reader;
use crate::url::{self, History, Page, Route};

/// What the dashboard shows: the loaded export and where it came from.
#[derive(Clone, Debug)]
pub struct Shown {
    pub loaded: Arc<Loaded>,
    /// `dataset:<id>`, `data:<url>` or `file:<name>`.
    pub key: String,
}

/// State shared by every page.
#[derive(Clone, Copy)]
pub struct AppState {
    pub route: RwSignal<Route>,
    pub lang: RwSignal<Lang>,
    pub datasets: RwSignal<Vec<DatasetEntry>>,
    pub shown: RwSignal<Option<Shown>>,
    pub error: RwSignal<Option<AppError>>,
    pub loading: RwSignal<bool>,
    /// The export being fetched and read, by its key: the route asks again
    /// when the index arrives, and a newer request supersedes an older one.
    in_flight: StoredValue<Option<String>>,
    /// Other origins the deployment allows `?data=` to load from.
    pub data_origins: RwSignal<Vec<String>>,
    /// An imported table awaiting confirmation; the view does not change until then.
    pub pending: RwSignal<Option<import::Pending>>,
    /// The slide (`unit/id`) a presentation started from an indicator opens at.
    pub present_from: RwSignal<Option<String>>,
}

thread_local! {
    /// Where the export shown was read from: its address, the file (a
    /// `Blob`), or an imported export's text alone in an array, for the
    /// Excel export worker to read it
    /// again (the page keeps no copy of the bytes, and the worker builds the
    /// tables it asks for from them).
    static SHOWN_FROM: std::cell::RefCell<JsValue> = const { std::cell::RefCell::new(JsValue::UNDEFINED) };
}

/// The state of the page.
pub fn state() -> AppState {
    expect_context::<AppState>()
}

/// Words that follow the interface language. Every such label is this one
/// closure type, so the view code that updates it is compiled once (each
/// closure of its own adds about 0,5 KB of wasm to the page).
pub fn said(
    vi: &'static str,
    en: &'static str,
) -> impl Fn() -> &'static str + Clone + Send + Sync + 'static {
    let lang = state().lang;
    move || lang.get().pick(vi, en)
}

/// Sets `<html lang>` for screen readers and hyphenation.
pub fn set_document_lang(lang: Lang) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.set_attribute("lang", lang.code());
    }
}

/// A dataset id that can only name a file of `data/`: letters, digits, `-`, `_`.
fn plain_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Where an export comes from: its key in [`Shown`], its address and file name.
struct Source {
    key: String,
    url: String,
    name: String,
}

impl AppState {
    /// The state for the first view, nothing loaded yet.
    pub fn new(route: Route, lang: Lang) -> AppState {
        AppState {
            route: RwSignal::new(route),
            lang: RwSignal::new(lang),
            datasets: RwSignal::new(Vec::new()),
            shown: RwSignal::new(None),
            error: RwSignal::new(None),
            loading: RwSignal::new(false),
            in_flight: StoredValue::new(None),
            data_origins: RwSignal::new(Vec::new()),
            pending: RwSignal::new(None),
            present_from: RwSignal::new(None),
        }
    }

    /// Moves to another view, as a new history entry.
    pub fn go_to(&self, route: Route) {
        url::write(&route, History::Push);
        self.route.set(route);
    }

    /// Changes the view in place, without a history entry.
    pub fn replace(&self, route: Route) {
        url::write(&route, History::Replace);
        self.route.set(route);
    }

    /// Changes the view in place (filters, search).
    pub fn update_route(&self, f: impl FnOnce(&mut Route)) {
        let mut r = self.route.get_untracked();
        f(&mut r);
        self.replace(r);
    }

    /// Moves to a dataset's overview (`None`: the local file's).
    pub fn show_overview_of(&self, dataset: Option<String>) {
        self.go_to(self.route.get_untracked().overview_of(dataset));
    }

    /// Switches the interface language, remembered and in the URL.
    pub fn set_lang(&self, lang: Lang) {
        self.lang.set(lang);
        url::remember_lang(lang);
        // In the URL too, so a shared link opens in the same language (Vietnamese is the default).
        self.update_route(|r| r.lang = (lang != Lang::Vi).then_some(lang));
        set_document_lang(lang);
    }

    /// Starts a presentation, full screen where allowed, at the slide of
    /// `from` (`unit/id`), or the first.
    pub fn start_presentation(&self, from: Option<String>) {
        self.present_from.set(from);
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            // Refused without a user gesture or in some embeddings; the page still fills the window.
            let _ = el.request_fullscreen();
        }
        let mut r = self.route.get_untracked();
        r.page = Page::Present;
        r.slide = 1;
        self.go_to(r);
    }

    /// Where the export shown was read from (its address, or a `Blob`).
    pub fn shown_from(&self) -> JsValue {
        SHOWN_FROM.with_borrow(JsValue::clone)
    }

    /// Shows a parsed export read from `from` (an address or a `Blob`), or
    /// its error while keeping what is on screen.
    pub fn accept(&self, key: String, result: Result<Arc<Loaded>, AppError>, from: JsValue) {
        self.loading.set(false);
        match result {
            Ok(loaded) => {
                crate::api::mark("chitieu:data");
                SHOWN_FROM.set(from);
                self.shown.set(Some(Shown { loaded, key }));
                self.error.set(None);
            }
            Err(e) => self.error.set(Some(e)),
        }
    }

    /// The bundled dataset the route asks for; `None` (with an error when
    /// the id is unknown) when there is nothing to load. `shown_key`: what
    /// is on screen.
    fn wanted_dataset(&self, route: &Route, shown_key: Option<&str>) -> Option<DatasetEntry> {
        let datasets = self.datasets.get_untracked();
        match &route.dataset {
            // Before the list has arrived, a plain id names its file
            // (`data/<id>.json`, as the page's first script asked for it):
            // reading starts at once. The list then confirms it, or the
            // read is dropped and the id is said to be unknown.
            Some(id) if datasets.is_empty() => plain_id(id).then(|| DatasetEntry {
                file: format!("{id}.json"),
                title: id.clone(),
            }),
            Some(id) => {
                let found = datasets.iter().find(|d| d.id() == id).cloned();
                if found.is_none() {
                    self.error
                        .set(Some(AppError::UnknownDataset { id: id.clone() }));
                }
                found
            }
            // Nothing asked for: keep a local file on screen, else the first sample.
            None if shown_key.is_some() => None,
            None => datasets.first().cloned(),
        }
    }

    /// Where the export the route asks for comes from, if anywhere allowed.
    fn wanted(&self, shown_key: Option<&str>) -> Option<Source> {
        let r = self.route.get_untracked();
        if let Some(data) = r.data.clone() {
            if !url::data_allowed(&data, &self.data_origins.get_untracked()) {
                self.error.set(Some(AppError::CrossOrigin { url: data }));
                return None;
            }
            let name = data.rsplit('/').next().unwrap_or(&data).to_string();
            return Some(Source {
                key: format!("data:{data}"),
                url: data,
                name,
            });
        }
        let entry = self.wanted_dataset(&r, shown_key)?;
        Some(Source {
            key: format!("dataset:{}", entry.id()),
            url: format!("data/{}", entry.file),
            name: entry.file.clone(),
        })
    }

    /// Reads the deployment's settings and the list of bundled datasets,
    /// then loads what the route asks for.
    pub fn load_index(&self) {
        let state = *self;
        spawn_local(async move {
            state.data_origins.set(fetch_config().await.data_origins);
            match fetch_index().await {
                Ok(list) => state.datasets.set(list),
                Err(e) => state.error.set(Some(e)),
            }
            state.load_for_route();
        });
    }

    /// Loads what the route asks for, if it is not what is shown.
    pub fn load_for_route(&self) {
        let shown_key = self
            .shown
            .with_untracked(|s| s.as_ref().map(|s| s.key.clone()));
        let Some(Source { key, url, name }) = self.wanted(shown_key.as_deref()) else {
            // Nothing (more) to read: a read started before the list of
            // datasets said the id is unknown is dropped, not shown.
            if self.in_flight.with_value(Option::is_some) {
                self.in_flight.set_value(None);
                self.loading.set(false);
            }
            return;
        };
        let asked = Some(key.as_str());
        if shown_key.as_deref() == asked || self.in_flight.with_value(|k| k.as_deref() == asked) {
            return;
        }
        let taken = reader::take_early(&url);
        let now = taken
            .as_deref()
            .filter(|b| reader::at_once(b.len()))
            .and_then(|bytes| reader::read_now(&name, bytes));
        if let Some(result) = now {
            // Already here and of the usual size: shown in this same turn,
            // so the first view the browser lays out has the data.
            self.in_flight.set_value(None);
            self.accept(key, result, JsValue::from_str(&url));
            return;
        }
        let state = *self;
        self.in_flight.set_value(Some(key.clone()));
        self.loading.set(true);
        spawn_local(async move {
            let fetched = match taken {
                Some(bytes) => Ok(bytes),
                None => fetch_bytes(&url).await,
            };
            let result = match fetched {
                Ok(bytes) => reader::read(&name, bytes).await,
                Err(e) => Err(e),
            };
            // A later request for another export wins over this one.
            if state
                .in_flight
                .with_value(|k| k.as_deref() == Some(key.as_str()))
            {
                state.in_flight.set_value(None);
                state.accept(key, result, JsValue::from_str(&url));
            }
        });
    }

    /// Reads a local file in the browser (never uploaded) and shows it; a
    /// table (.xlsx, .csv, pasted text) is imported and previewed first.
    pub fn open_file(&self, file: web_sys::File) {
        let state = *self;
        let name = file.name();
        self.loading.set(true);
        spawn_local(async move {
            let bytes = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                Ok(buf) => js_sys::Uint8Array::new(&buf).to_vec(),
                Err(_) => {
                    state.accept(
                        format!("file:{name}"),
                        Err(AppError::Network {
                            url: name.clone(),
                            reason: "FileReader".into(),
                        }),
                        JsValue::UNDEFINED,
                    );
                    return;
                }
            };
            if chitieu_core::import::is_table_name(&name)
                || chitieu_core::import::Form::detect(&bytes) == chitieu_core::import::Form::Xlsx
            {
                state.import_table(name, bytes.into(), String::new());
                return;
            }
            let result = reader::read(&name, bytes).await;
            state.show_local(name, result, file.into());
        });
    }

    /// Imports a table with the user's choices (mapping text; empty: the
    /// importer's inferences) and holds it for the preview; an unreadable
    /// table is an error, and the data on screen stays either way.
    pub fn import_table(&self, name: String, bytes: Arc<[u8]>, choices: String) {
        let state = *self;
        self.loading.set(true);
        spawn_local(async move {
            let result = import::run_worker(&name, bytes, &choices).await;
            state.loading.set(false);
            match result {
                Ok(pending) => {
                    state.error.set(None);
                    state.pending.set(Some(pending));
                }
                Err(e) => state.error.set(Some(e)),
            }
        });
    }

    /// Shows a local file's export and moves to its overview; `from`: the
    /// file, or the imported export as a `Blob`.
    pub fn show_local(&self, name: String, result: Result<Arc<Loaded>, AppError>, from: JsValue) {
        let ok = result.is_ok();
        self.accept(format!("file:{name}"), result, from);
        if ok {
            self.show_overview_of(None);
        }
    }
}
