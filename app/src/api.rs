//! Fetching: the list of bundled datasets, the deployment's settings and
//! the exports themselves (read by `reader`).

use serde::Deserialize;

use crate::error::AppError;

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

/// `data/index.json`: the bundled exports.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct DataIndex {
    pub datasets: Vec<DatasetEntry>,
}

/// The deployment's settings, `data/config.json` (shipped with an empty
/// list; a deployment without it gets the defaults).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Config {
    /// Origins `?data=` may load exports from, besides the page's own.
    #[serde(default)]
    pub data_origins: Vec<String>,
}

/// The deployment's settings; the defaults when there are none.
pub async fn fetch_config() -> Config {
    match fetch_bytes("data/config.json").await {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_default(),
        Err(_) => Config::default(),
    }
}

/// The body of a same-origin (or allowed) address.
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, AppError> {
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

/// The bundled datasets, from `data/index.json`.
pub async fn fetch_index() -> Result<Vec<DatasetEntry>, AppError> {
    let bytes = fetch_bytes("data/index.json").await?;
    let index: DataIndex = serde_json::from_slice(&bytes).map_err(|e| AppError::Index {
        reason: e.to_string(),
    })?;
    Ok(index.datasets)
}

/// Marks a moment of the start on the page's performance timeline
/// (`chitieu:start`, `chitieu:data`, `chitieu:chart`): the benchmark
/// (`scripts/bench.sh`) says from them where the time to the first chart went.
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Milliseconds from the page's `performance` clock.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}
