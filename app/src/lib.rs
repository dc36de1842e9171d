//! The chitieu dashboard. Loads exports (the bundled samples listed in
//! `data/index.json`, a same-origin `?data=` URL, or a local file chosen or
//! dropped on the page, never uploaded), validates and evaluates them with
//! chitieu-core in the browser, and shows the overview, indicator pages with
//! their charts, and units side by side. A file that fails to load shows its
//! error; the data already on screen stays.

pub mod import;
pub mod measured;
pub mod routes;
pub mod url;
pub mod widgets;

use std::sync::Arc;

use chitieu_core::load::load;
use chitieu_core::load::LoadError;
use chitieu_core::load::Loaded;
use chitieu_core::text::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;
use wasm_bindgen::JsCast;

use crate::url::{Page, Route};

/// One bundled export, as listed in `data/index.json`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct DatasetEntry {
    /// File name under `data/`.
    pub file: String,
    /// Short title for the picker.
    pub title: String,
}

impl DatasetEntry {
    /// The id used in links: the file name without `.json`.
    pub fn id(&self) -> &str {
        self.file.strip_suffix(".json").unwrap_or(&self.file)
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
struct DataIndex {
    datasets: Vec<DatasetEntry>,
}

/// The deployment's settings, `data/config.json` (optional).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
struct Config {
    /// Origins `?data=` may load exports from, besides the page's own.
    #[serde(default)]
    data_origins: Vec<String>,
}

async fn fetch_config() -> Config {
    match fetch_bytes("data/config.json").await {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_default(),
        Err(_) => Config::default(),
    }
}

/// Why an export could not be shown.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum AppError {
    #[error("network: {url}: {reason}")]
    Network { url: String, reason: String },
    #[error("http: {url}: {status}")]
    Http { url: String, status: u16 },
    #[error("index: {reason}")]
    Index { reason: String },
    #[error("cross-origin: {url}")]
    CrossOrigin { url: String },
    #[error("unknown dataset: {id}")]
    UnknownDataset { id: String },
    #[error("invalid: {0}")]
    Invalid(LoadError),
}

impl AppError {
    /// What went wrong, one line per problem, in the interface's language.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        match (self, lang) {
            (AppError::Network { url, reason }, Lang::Vi) => vec![format!("Không tải được {url}: {reason}")],
            (AppError::Network { url, reason }, Lang::En) => vec![format!("Could not load {url}: {reason}")],
            (AppError::Http { url, status }, Lang::Vi) => vec![format!("Không tải được {url}: máy chủ trả về mã {status}")],
            (AppError::Http { url, status }, Lang::En) => vec![format!("Could not load {url}: the server answered {status}")],
            (AppError::Index { reason }, Lang::Vi) => vec![format!("Danh mục dữ liệu data/index.json không hợp lệ: {reason}")],
            (AppError::Index { reason }, Lang::En) => vec![format!("The data index data/index.json is invalid: {reason}")],
            (AppError::CrossOrigin { url }, Lang::Vi) => vec![format!(
                "Không mở dữ liệu từ {url}: chỉ nhận dữ liệu cùng nguồn với trang này hoặc từ nguồn được khai trong data/config.json, để không ai hiển thị được số liệu giả dưới tên trang"
            )],
            (AppError::CrossOrigin { url }, Lang::En) => vec![format!(
                "Not loading data from {url}: only data from this page's own origin, or an origin listed in data/config.json, is accepted, so nobody can show forged figures under this page"
            )],
            (AppError::UnknownDataset { id }, Lang::Vi) => vec![format!("Không có bộ dữ liệu \"{id}\"")],
            (AppError::UnknownDataset { id }, Lang::En) => vec![format!("There is no dataset \"{id}\"")],
            (AppError::Invalid(e), Lang::Vi) => e.render(Lang::Vi).lines().map(str::to_string).collect(),
            (AppError::Invalid(e), Lang::En) => e.render(Lang::En).lines().map(str::to_string).collect(),
        }
    }

    /// The file or address concerned.
    pub fn subject(&self) -> String {
        match self {
            AppError::Network { url, .. }
            | AppError::Http { url, .. }
            | AppError::CrossOrigin { url } => url.clone(),
            AppError::Index { .. } => "data/index.json".into(),
            AppError::UnknownDataset { id } => id.clone(),
            AppError::Invalid(e) => e.file.clone(),
        }
    }
}

async fn fetch_bytes(url: &str) -> Result<Vec<u8>, AppError> {
    let resp = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| AppError::Network {
            url: url.to_string(),
            reason: e.to_string(),
        })?;
    if !resp.ok() {
        return Err(AppError::Http {
            url: url.to_string(),
            status: resp.status(),
        });
    }
    resp.binary().await.map_err(|e| AppError::Network {
        url: url.to_string(),
        reason: e.to_string(),
    })
}

async fn fetch_index() -> Result<Vec<DatasetEntry>, AppError> {
    let bytes = fetch_bytes("data/index.json").await?;
    let index: DataIndex = serde_json::from_slice(&bytes).map_err(|e| AppError::Index {
        reason: e.to_string(),
    })?;
    Ok(index.datasets)
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Reads an export, recording how long reading and validation took in
/// `window.__chitieu_timing` for the benchmark (`scripts/bench.sh`).
fn load_timed(name: &str, bytes: &[u8]) -> Result<Arc<Loaded>, AppError> {
    let start = now_ms();
    let result = load(name, bytes).map(Arc::new).map_err(AppError::Invalid);
    let ms = now_ms() - start;
    if let Some(w) = web_sys::window() {
        let timing = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&timing, &"file".into(), &name.into());
        let _ = js_sys::Reflect::set(&timing, &"bytes".into(), &(bytes.len() as f64).into());
        let _ = js_sys::Reflect::set(&timing, &"parse_ms".into(), &ms.into());
        let _ = js_sys::Reflect::set(&w, &"__chitieu_timing".into(), &timing);
    }
    result
}

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
    /// Other origins the deployment allows `?data=` to load from.
    pub data_origins: RwSignal<Vec<String>>,
    /// An imported table awaiting confirmation; the view does not change until then.
    pub pending: RwSignal<Option<import::Pending>>,
}

impl AppState {
    /// Moves to another view: a new history entry when `push`, else in place.
    pub fn navigate(&self, route: Route, push: bool) {
        url::write(&route, push);
        self.route.set(route);
    }

    /// Changes the view in place (filters, search).
    pub fn update_route(&self, f: impl FnOnce(&mut Route)) {
        let mut r = self.route.get_untracked();
        f(&mut r);
        self.navigate(r, false);
    }

    pub fn set_lang(&self, lang: Lang) {
        self.lang.set(lang);
        url::remember_lang(lang);
        // In the URL too, so a shared link opens in the same language (Vietnamese is the default).
        self.update_route(|r| r.lang = (lang != Lang::Vi).then_some(lang));
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(el) = doc.document_element() {
                let _ = el.set_attribute("lang", lang.code());
            }
        }
    }

    /// Shows a parsed export, or its error while keeping what is on screen.
    fn accept(&self, key: String, result: Result<Arc<Loaded>, AppError>) {
        self.loading.set(false);
        match result {
            Ok(loaded) => {
                self.shown.set(Some(Shown { loaded, key }));
                self.error.set(None);
            }
            Err(e) => self.error.set(Some(e)),
        }
    }

    /// Loads what the route asks for, if it is not what is shown.
    fn load_for_route(&self) {
        let r = self.route.get_untracked();
        let shown_key = self
            .shown
            .with_untracked(|s| s.as_ref().map(|s| s.key.clone()));
        let (key, url, name) = if let Some(data) = r.data.clone() {
            if !url::data_allowed(&data, &self.data_origins.get_untracked()) {
                self.error.set(Some(AppError::CrossOrigin { url: data }));
                return;
            }
            let name = data.rsplit('/').next().unwrap_or(&data).to_string();
            (format!("data:{data}"), data, name)
        } else {
            let datasets = self.datasets.get_untracked();
            let entry = match &r.dataset {
                Some(id) => match datasets.iter().find(|d| d.id() == id) {
                    Some(e) => e.clone(),
                    None => {
                        if !datasets.is_empty() {
                            self.error
                                .set(Some(AppError::UnknownDataset { id: id.clone() }));
                        }
                        return;
                    }
                },
                // Nothing asked for: keep a local file on screen, else the first sample.
                None if shown_key.is_some() => return,
                None => match datasets.first() {
                    Some(e) => e.clone(),
                    None => return,
                },
            };
            (
                format!("dataset:{}", entry.id()),
                format!("data/{}", entry.file),
                entry.file.clone(),
            )
        };
        if shown_key.as_deref() == Some(key.as_str()) {
            return;
        }
        let state = *self;
        self.loading.set(true);
        spawn_local(async move {
            let result = match fetch_bytes(&url).await {
                Ok(bytes) => load_timed(&name, &bytes),
                Err(e) => Err(e),
            };
            state.accept(key, result);
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
                    );
                    return;
                }
            };
            if chitieu_core::import::is_table_name(&name)
                || chitieu_core::import::Form::detect(&bytes) == chitieu_core::import::Form::Xlsx
            {
                state.import_table(name, bytes);
                return;
            }
            let result = load_timed(&name, &bytes);
            state.show_local(name, result);
        });
    }

    /// Imports a table and holds it for the preview; an unreadable table is an
    /// error, and the data on screen stays either way.
    pub fn import_table(&self, name: String, bytes: Vec<u8>) {
        let state = *self;
        self.loading.set(true);
        spawn_local(async move {
            let result = import::run_worker(&name, &bytes).await;
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

    /// Shows a local file's export and moves to its overview.
    pub fn show_local(&self, name: String, result: Result<Arc<Loaded>, AppError>) {
        let ok = result.is_ok();
        self.accept(format!("file:{name}"), result);
        if ok {
            let mut r = self.route.get_untracked();
            r.dataset = None;
            r.data = None;
            r.page = Page::Overview;
            r.unit = None;
            r.section = None;
            self.navigate(r, true);
        }
    }
}

/// The state of the page.
pub fn state() -> AppState {
    expect_context::<AppState>()
}

/// The whole dashboard.
#[component]
pub fn App() -> impl IntoView {
    let route = url::current();
    let lang = route.lang.or_else(url::remembered_lang).unwrap_or_default();
    let state = AppState {
        route: RwSignal::new(route),
        lang: RwSignal::new(lang),
        datasets: RwSignal::new(Vec::new()),
        shown: RwSignal::new(None),
        error: RwSignal::new(None),
        loading: RwSignal::new(false),
        data_origins: RwSignal::new(Vec::new()),
        pending: RwSignal::new(None),
    };
    provide_context(state);
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.set_attribute("lang", lang.code());
    }
    spawn_local(async move {
        state.data_origins.set(fetch_config().await.data_origins);
        match fetch_index().await {
            Ok(list) => state.datasets.set(list),
            Err(e) => state.error.set(Some(e)),
        }
        state.load_for_route();
    });
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
    view! {
        <div
            class="app"
            class:embed=move || state.route.with(|r| r.embed)
            class:presenting=move || page.get() == Page::Present
            on:dragover=move |ev: web_sys::DragEvent| ev.prevent_default()
            on:drop=on_drop
        >
            {move || (!state.route.with(|r| r.embed)).then(|| view! { <Header /> })}
            <widgets::ErrorBanner />
            <import::ImportPreview />
            <main id="noi-dung">
                {move || match state.shown.get() {
                    None => view! {
                        <p class="loading">
                            {move || if state.loading.get() {
                                state.lang.get().pick("Đang tải dữ liệu…", "Loading data…")
                            } else {
                                ""
                            }}
                        </p>
                    }
                    .into_any(),
                    Some(shown) => match page.get() {
                        Page::Overview => view! { <routes::overview::Overview loaded=shown.loaded /> }.into_any(),
                        Page::Indicator { unit, id } => {
                            view! { <routes::indicator::IndicatorPage loaded=shown.loaded unit=unit id=id /> }.into_any()
                        }
                        Page::Units => view! { <routes::units::UnitsPage loaded=shown.loaded /> }.into_any(),
                        Page::Present => view! { <routes::present::Present loaded=shown.loaded /> }.into_any(),
                    },
                }}
            </main>
        </div>
    }
}

/// Title, dataset picker, file opener and language switch.
#[component]
pub fn Header() -> impl IntoView {
    let state = state();
    let file_input = NodeRef::<leptos::html::Input>::new();
    let pick = move |id: String| {
        let mut r = state.route.get_untracked();
        r.dataset = Some(id);
        r.data = None;
        r.page = Page::Overview;
        r.unit = None;
        r.section = None;
        state.navigate(r, true);
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
        if let Some(input) = input {
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                state.open_file(file);
            }
            input.set_value("");
        }
    };
    view! {
        <header class="top">
            <h1>
                <a href="?" on:click=move |ev| {
                    ev.prevent_default();
                    state.update_route(|r| {
                        r.page = Page::Overview;
                    });
                }>{move || state.lang.get().pick("Chỉ tiêu nghị quyết", "Resolution indicators")}</a>
            </h1>
            <nav class="datasets" aria-label=move || state.lang.get().pick("Bộ dữ liệu", "Datasets")>
                {move || {
                    let current = state.shown.get().map(|s| s.key);
                    state
                        .datasets
                        .get()
                        .into_iter()
                        .map(|d| {
                            let id = d.id().to_string();
                            let pressed = current.as_deref() == Some(format!("dataset:{id}").as_str());
                            view! {
                                <button
                                    class="dataset"
                                    data-dataset=id.clone()
                                    aria-pressed=pressed.to_string()
                                    on:click=move |_| pick(id.clone())
                                >
                                    {d.title}
                                </button>
                            }
                        })
                        .collect::<Vec<_>>()
                }}
            </nav>
            <div class="tools">
                <label class="open-file">
                    <span>{move || state.lang.get().pick("Mở tệp…", "Open file…")}</span>
                    <input
                        type="file"
                        accept=".json,application/json,.xlsx,.csv,.tsv,.txt"
                        node_ref=file_input
                        on:change=on_file
                        aria-label=move || state.lang.get().pick("Mở tệp dữ liệu trên máy", "Open a data file on this computer")
                    />
                </label>
                <import::PasteTable />
                <div class="lang" role="group" aria-label="Ngôn ngữ / Language">
                    {[Lang::Vi, Lang::En]
                        .into_iter()
                        .map(|l| {
                            view! {
                                <button
                                    class="lang-button"
                                    data-lang=l.code()
                                    aria-pressed=move || (state.lang.get() == l).to_string()
                                    on:click=move |_| state.set_lang(l)
                                >
                                    {l.code().to_ascii_uppercase()}
                                </button>
                            }
                        })
                        .collect::<Vec<_>>()}
                </div>
            </div>
        </header>
    }
}
