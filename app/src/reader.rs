//! Reading an export into the page. A small export (the usual quarter's
//! report) is read at once on the page's thread: that is fastest to the first
//! chart. A large one (a province's roll-up) is checked whole by the import
//! worker while the page reads it a unit at a time between frames
//! ([`chitieu_core::load::parts`]), so the page never freezes.

use std::sync::Arc;

use chitieu_core::import::Reply;
use chitieu_core::load::parts::{batches, text_of, with_units, VALID};
use chitieu_core::load::{load, Loaded};
use chitieu_format::model::Export;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::now_ms;
use crate::error::AppError;
use crate::worker::Mailbox;

/// Exports up to this size are read on the page's thread at once (the
/// 2 MB benchmark export takes some 20 ms); larger ones beside the worker.
const IN_PAGE_BYTES: usize = 4 << 20;

/// The longest the page reads before it lets the browser paint and answer input.
const SLICE_MS: f64 = 12.0;

/// The text read at one go: some 64 KB of units, about a millisecond (the
/// first, still in the browser's baseline code, several).
const BATCH_BYTES: usize = 64 << 10;

/// How the page's thread spent reading beside the worker.
#[derive(Default)]
struct Slices {
    /// The longest stretch without letting the browser in, in ms.
    longest: f64,
    /// All of them, in ms.
    busy: f64,
    count: u32,
}

impl Slices {
    fn end(&mut self, began: f64) {
        let ms = now_ms() - began;
        self.longest = self.longest.max(ms);
        self.busy += ms;
        self.count += 1;
    }
}

/// Reads an export, recording how long it took in `window.__chitieu_timing`
/// for the benchmark (`scripts/bench.sh`).
pub async fn read(name: &str, bytes: Vec<u8>) -> Result<Arc<Loaded>, AppError> {
    let start = now_ms();
    let (result, slices) = if bytes.len() <= IN_PAGE_BYTES {
        (load(name, &bytes).map_err(AppError::Invalid), None)
    } else {
        beside_worker(name, &bytes).await
    };
    record(name, bytes.len(), start, slices);
    result.map(Arc::new)
}

/// Reads a large export a unit at a time while the worker checks it whole;
/// also returns how the page's thread spent it.
async fn beside_worker(name: &str, bytes: &[u8]) -> (Result<Loaded, AppError>, Option<Slices>) {
    let request = js_sys::Array::of4(
        &JsValue::from_str(name),
        &js_sys::Uint8Array::from(bytes),
        &JsValue::NULL,
        &JsValue::from_str("read"),
    );
    let Some(worker) = Mailbox::start(crate::import::WORKER, request) else {
        return (load(name, bytes).map_err(AppError::Invalid), None);
    };
    let mut slices = Slices::default();
    let layout = worker.next().await.and_then(layout_of);
    let read = match &layout {
        Some(layout) if !layout.is_empty() => in_slices(bytes, layout, &mut slices).await,
        _ => None,
    };
    let verdict = worker.next().await.and_then(|v| v.as_string());
    // The worker's verdict decides; where it failed, or its layout did not
    // fit, the export is read whole here.
    let result = match (verdict.as_deref(), read) {
        (Some(VALID), Some(export)) => Ok(Loaded::checked_elsewhere(name, export)),
        (Some(text), _) if text != VALID => match serde_json::from_str::<Reply>(text) {
            Ok(Reply::Failed(e)) => Err(AppError::Invalid(e)),
            _ => load(name, bytes).map_err(AppError::Invalid),
        },
        _ => load(name, bytes).map_err(AppError::Invalid),
    };
    (result, Some(slices))
}

/// Start and end offsets from the worker's `Uint32Array`.
fn layout_of(message: JsValue) -> Option<Vec<(usize, usize)>> {
    let offsets = message.dyn_into::<js_sys::Uint32Array>().ok()?.to_vec();
    Some(
        offsets
            .chunks_exact(2)
            .map(|pair| (pair[0] as usize, pair[1] as usize))
            .collect(),
    )
}

/// The export read a batch of units at a time, yielding to the browser
/// whenever it has been busy for [`SLICE_MS`].
async fn in_slices(bytes: &[u8], layout: &[(usize, usize)], slices: &mut Slices) -> Option<Export> {
    let text = text_of(bytes)?;
    let mut export: Option<Export> = None;
    let mut began = now_ms();
    for batch in batches(layout, BATCH_BYTES) {
        let part = chitieu_format::parse_export(&with_units(text, layout, batch)?).ok()?;
        match export.as_mut() {
            None => export = Some(part),
            Some(export) => export.units.extend(part.units),
        }
        if now_ms() - began >= SLICE_MS {
            slices.end(began);
            next_turn().await;
            began = now_ms();
        }
    }
    slices.end(began);
    export
}

/// Lets the browser paint and handle input: `scheduler.yield()` where the
/// browser has it, else a zero timeout.
async fn next_turn() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let scheduler =
        js_sys::Reflect::get(&window, &"scheduler".into()).unwrap_or(JsValue::UNDEFINED);
    let yielded = js_sys::Reflect::get(&scheduler, &"yield".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(&scheduler).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    let promise = yielded.unwrap_or_else(|| {
        js_sys::Promise::new(&mut |resolve, _| {
            let _ = window.set_timeout_with_callback(&resolve);
        })
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Records the reading in `window.__chitieu_timing`.
fn record(name: &str, bytes: usize, start: f64, slices: Option<Slices>) {
    let end = now_ms();
    let Some(w) = web_sys::window() else {
        return;
    };
    let timing = js_sys::Object::new();
    let set = |key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(&timing, &key.into(), &value);
    };
    set("file", name.into());
    set("bytes", (bytes as f64).into());
    set("parse_ms", (end - start).into());
    // When the data was read, for the time from the data to the first rows.
    set("read_at_ms", end.into());
    // Read beside the worker: how the page's thread spent it.
    if let Some(slices) = slices {
        set("longest_read_task_ms", slices.longest.into());
        set("page_read_ms", slices.busy.into());
        set("read_slices", slices.count.into());
    }
    // The page's linear memory after reading: most of what the tab holds.
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let wasm_bytes = js_sys::ArrayBuffer::from(memory.buffer()).byte_length();
    set("wasm_bytes", f64::from(wasm_bytes).into());
    let _ = js_sys::Reflect::set(&w, &"__chitieu_timing".into(), &timing);
}
