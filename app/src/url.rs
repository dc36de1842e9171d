//! The view lives in the URL: dataset, unit, section, filters, language,
//! page and indicator. Reloading a link gives the same view; back and forward
//! move between views.

use chitieu_core::text::Lang;
use wasm_bindgen::JsValue;

/// Which page is shown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Page {
    #[default]
    Overview,
    /// One indicator: unit id and indicator id.
    Indicator { unit: String, id: String },
    /// Units side by side.
    Units,
    /// Presentation: one chart per slide, full screen.
    Present,
    /// The deck on paper: a cover, then one page per chart.
    Booklet,
}

/// How a new view enters the browser's history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum History {
    /// A new entry: back returns to the view before.
    Push,
    /// In place of the current entry (filters, search, the slide).
    Replace,
}

/// Everything that makes a view.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Route {
    /// A bundled dataset, by its file name without `.json`.
    pub dataset: Option<String>,
    /// An export at a same-origin URL (`?data=exports/2024.json`).
    pub data: Option<String>,
    pub page: Page,
    pub unit: Option<String>,
    pub section: Option<String>,
    /// A status code, or `warnings` for indicators with warnings.
    pub status: Option<String>,
    pub q: String,
    pub lang: Option<Lang>,
    /// The slide shown in a presentation, from 1.
    pub slide: usize,
    /// The presentation's slides in order (`unit/id`, or `@ranking`, `@achievement`);
    /// `None`: every chart of the export.
    pub deck: Option<Vec<String>>,
    /// Just the chart or panel, for an iframe.
    pub embed: bool,
}

impl Route {
    /// This view reset to a dataset's overview (`None`: a local file's),
    /// keeping the language and the filters that are not per dataset.
    pub fn overview_of(&self, dataset: Option<String>) -> Route {
        Route {
            dataset,
            data: None,
            page: Page::Overview,
            unit: None,
            section: None,
            ..self.clone()
        }
    }

    /// This view on another page, the filters kept.
    pub fn with_page(&self, page: Page) -> Route {
        Route {
            page,
            ..self.clone()
        }
    }

    /// The link to this view: its query, or `?` for the default view.
    pub fn href(&self) -> String {
        let query = self.to_query();
        if query.is_empty() {
            "?".to_string()
        } else {
            query
        }
    }

    /// Reads a query string (`?dataset=…&indicator=unit/id`).
    pub fn parse(search: &str) -> Route {
        let mut r = Route::default();
        let params = web_sys::UrlSearchParams::new_with_str(search).ok();
        let get = |k: &str| {
            params
                .as_ref()
                .and_then(|p| p.get(k))
                .filter(|v| !v.is_empty())
        };
        r.dataset = get("dataset");
        r.data = get("data");
        r.unit = get("unit");
        r.section = get("section");
        r.status = get("status");
        r.q = get("q").unwrap_or_default();
        r.lang = get("lang").and_then(|l| Lang::from_code(&l));
        r.slide = get("slide")
            .and_then(|s| s.parse().ok())
            .filter(|s| *s >= 1)
            .unwrap_or(1);
        r.deck = get("deck").map(|d| {
            d.split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        });
        r.embed = get("embed").is_some_and(|e| e == "1");
        r.page = match (get("view").as_deref(), get("indicator")) {
            (Some("present"), _) => Page::Present,
            (Some("booklet"), _) => Page::Booklet,
            (_, Some(ind)) => match ind.split_once('/') {
                Some((unit, id)) => Page::Indicator {
                    unit: unit.to_string(),
                    id: id.to_string(),
                },
                None => Page::Overview,
            },
            (Some("units"), None) => Page::Units,
            _ => Page::Overview,
        };
        r
    }

    /// The query string for this view, `?` included.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<(&str, String)> = Vec::new();
        if let Some(d) = &self.data {
            parts.push(("data", d.clone()));
        } else if let Some(d) = &self.dataset {
            parts.push(("dataset", d.clone()));
        }
        match &self.page {
            Page::Overview => {}
            Page::Indicator { unit, id } => parts.push(("indicator", format!("{unit}/{id}"))),
            Page::Units => parts.push(("view", "units".into())),
            Page::Present | Page::Booklet => {
                if self.page == Page::Booklet {
                    parts.push(("view", "booklet".into()));
                } else {
                    parts.push(("view", "present".into()));
                    parts.push(("slide", self.slide.max(1).to_string()));
                }
                if let Some(deck) = &self.deck {
                    parts.push(("deck", deck.join(",")));
                }
            }
        }
        for (k, v) in [
            ("unit", &self.unit),
            ("section", &self.section),
            ("status", &self.status),
        ] {
            if let Some(v) = v {
                parts.push((k, v.clone()));
            }
        }
        if !self.q.is_empty() {
            parts.push(("q", self.q.clone()));
        }
        if let Some(l) = self.lang {
            parts.push(("lang", l.code().into()));
        }
        if self.embed {
            parts.push(("embed", "1".into()));
        }
        if parts.is_empty() {
            return String::new();
        }
        let body: Vec<String> = parts
            .into_iter()
            .map(|(k, v)| format!("{k}={}", String::from(js_sys::encode_uri_component(&v))))
            .collect();
        format!("?{}", body.join("&"))
    }
}

/// The route of the page's current URL.
pub fn current() -> Route {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    Route::parse(&search)
}

/// Writes a route to the address bar: a new history entry, or in place.
pub fn write(route: &Route, how: History) {
    let Some(w) = web_sys::window() else { return };
    let Ok(history) = w.history() else { return };
    let path = w.location().pathname().unwrap_or_default();
    let url = format!("{path}{}", route.to_query());
    let _ = match how {
        History::Push => history.push_state_with_url(&JsValue::NULL, "", Some(&url)),
        History::Replace => history.replace_state_with_url(&JsValue::NULL, "", Some(&url)),
    };
}

/// Whether `?data=` may be loaded: the page's own origin (a relative path),
/// or an origin the deployment lists in `data/config.json`.
pub fn data_allowed(data: &str, listed: &[String]) -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    let Ok(href) = w.location().href() else {
        return false;
    };
    let Ok(origin) = w.location().origin() else {
        return false;
    };
    match web_sys::Url::new_with_base(data, &href) {
        Ok(u) => {
            let o = u.origin();
            o == origin || listed.iter().any(|l| l.trim_end_matches('/') == o)
        }
        Err(_) => false,
    }
}

const LANG_KEY: &str = "chitieu.lang";

/// The language remembered in this browser: as the page's first script
/// read it while the wasm downloaded (`__chitieu_lang`), else from storage.
pub fn remembered_lang() -> Option<Lang> {
    let window = web_sys::window()?;
    let early = js_sys::Reflect::get(&window, &"__chitieu_lang".into()).ok()?;
    if !early.is_undefined() {
        return Lang::from_code(&early.as_string()?);
    }
    let storage = window.local_storage().ok()??;
    Lang::from_code(&storage.get_item(LANG_KEY).ok()??)
}

pub fn remember_lang(lang: Lang) {
    if let Some(Ok(Some(s))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = s.set_item(LANG_KEY, lang.code());
    }
}
