//! Reading an export into the page, without serde
//! ([`chitieu_core::load::parts`]). A small export (the usual quarter's
//! report) is read at once on the page's thread: that is fastest to the first
//! chart. A large one (a province's roll-up) is read and checked a part at a
//! time between frames, so the page never freezes. Only one the page cannot
//! read (a problem in its JSON, or JSON written unusually) goes to the import
//! worker, which names its problems as `load` does, or hands the export back
//! as serde writes it (a worker in a cold tab starts late and competes with
//! the page for the two cores: checking beside it took longer).

use std::sync::Arc;

use chitieu_core::import::Reply;
use chitieu_core::load::parts::{read_whole, text_of, Check};
use chitieu_core::load::{LoadError, Loaded, Problem, MAX_BYTES};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::now_ms;
use crate::error::AppError;
use crate::worker::Mailbox;

/// Exports up to this size are read on the page's thread at once (the
/// 2 MB benchmark export takes some 20 ms); larger ones a part at a time.
const IN_PAGE_BYTES: usize = 4 << 20;

/// The longest the page reads before it lets the browser paint and answer input.
const SLICE_MS: f64 = 12.0;

/// How the page's thread spent reading a part at a time.
#[derive(Default)]
struct Slices {
    /// The longest stretch without letting the browser in, in ms.
    longest: f64,
    /// All of them, in ms.
    busy: f64,
    count: u32,
    /// When the page had read every unit (before checking them).
    units_at: f64,
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
    if at_once(bytes.len()) {
        if let Some(result) = read_now(name, &bytes) {
            return result;
        }
        let start = now_ms();
        let result = by_worker(name, &bytes).await;
        record(name, bytes.len(), start, None);
        return result.map(Arc::new);
    }
    let start = now_ms();
    let mut slices = Slices::default();
    let result = match in_slices(name, &bytes, &mut slices).await {
        Some(loaded) => Ok(loaded),
        None => by_worker(name, &bytes).await,
    };
    record(name, bytes.len(), start, Some(slices));
    result.map(Arc::new)
}

/// Whether an export of `len` bytes is read at once ([`read_now`]): the
/// usual quarter's report; one over the size limit is refused at once too.
pub fn at_once(len: usize) -> bool {
    len <= IN_PAGE_BYTES || len > MAX_BYTES
}

/// Reads an export at once on the page's thread (see [`at_once`]); `None`
/// if the page cannot read it itself (then [`read`] asks the worker).
pub fn read_now(name: &str, bytes: &[u8]) -> Option<Result<Arc<Loaded>, AppError>> {
    let start = now_ms();
    let result = read_whole(name, bytes)?.map_err(AppError::Invalid);
    record(name, bytes.len(), start, None);
    Some(result.map(Arc::new))
}

/// The export at `url` if the page's first script (`index.html`) has
/// already read it to its end, taken from it; else `None` (then it is
/// fetched, and the fetch is handed the request already made).
pub fn take_early(url: &str) -> Option<Vec<u8>> {
    let window = web_sys::window()?;
    let take: js_sys::Function = js_sys::Reflect::get(&window, &"__chitieu_take".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let buffer: js_sys::ArrayBuffer = take.call1(&window, &url.into()).ok()?.dyn_into().ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A large export read and checked as `load` does, a part at a time,
/// yielding to the browser whenever it has been busy for [`SLICE_MS`]:
/// the units, then the checks of each unit.
/// `None` if anything is wrong (the worker then says what).
async fn in_slices(name: &str, bytes: &[u8], slices: &mut Slices) -> Option<Loaded> {
    let mut began = now_ms();
    let text = text_of(bytes)?;
    let mut units = chitieu_format::fast::Units::new(text)?;
    while units.step()? {
        pause(&mut began, slices).await;
    }
    let export = units.finish()?;
    slices.units_at = now_ms();
    let checked = {
        let mut check = Check::new(&export);
        while check.step() {
            pause(&mut began, slices).await;
        }
        check.finish()?
    };
    slices.end(began);
    Some(Loaded::checked(name, export, checked))
}

/// Lets the browser in if the page has been busy since `began` for [`SLICE_MS`].
async fn pause(began: &mut f64, slices: &mut Slices) {
    if now_ms() - *began >= SLICE_MS {
        slices.end(*began);
        next_turn().await;
        *began = now_ms();
    }
}

/// An export the page could not read itself, or (a large one) found a
/// problem in: the import worker reads it with `load`, which names each
/// problem and its place, or hands the export back as serde writes it, which
/// the page reads.
async fn by_worker(name: &str, bytes: &[u8]) -> Result<Loaded, AppError> {
    let request = js_sys::Array::of4(
        &JsValue::from_str(name),
        &js_sys::Uint8Array::from(bytes),
        &JsValue::NULL,
        &JsValue::from_str("read"),
    );
    let reply = match Mailbox::start(crate::import::WORKER, request) {
        Some(worker) => worker.next().await.and_then(|v| v.as_string()),
        None => None,
    };
    let unread = || {
        AppError::Invalid(LoadError::one(
            name,
            Problem::at(
                "",
                "trang không tự đọc được tệp này, và trình duyệt không chạy được phần kiểm tra tệp (Web Worker) để nói vì sao",
                "the page could not read this file itself, and the browser could not run the file checker (Web Worker) to say why",
            ),
        ))
    };
    match reply.and_then(|text| serde_json::from_str::<Reply>(&text).ok()) {
        Some(Reply::Failed(e)) => Err(AppError::Invalid(e)),
        Some(Reply::Imported { export, .. }) => match read_whole(name, export.as_bytes()) {
            Some(result) => result.map_err(AppError::Invalid),
            None => Err(unread()),
        },
        None => Err(unread()),
    }
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
    // Read a part at a time: how the page's thread spent it.
    if let Some(slices) = slices {
        set("longest_read_task_ms", slices.longest.into());
        set("page_read_ms", slices.busy.into());
        set("read_slices", slices.count.into());
        // Reading the units, of the whole.
        set("page_units_ms", (slices.units_at - start).into());
    }
    // The page's linear memory after reading: most of what the tab holds.
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let wasm_bytes = js_sys::ArrayBuffer::from(memory.buffer()).byte_length();
    set("wasm_bytes", f64::from(wasm_bytes).into());
    let _ = js_sys::Reflect::set(&w, &"__chitieu_timing".into(), &timing);
}
