//! The export worker: a message of tables in, an .xlsx workbook's bytes
//! out. rust_xlsxwriter and zip are most of its wasm: the page fetches this
//! worker only when someone asks for Excel, so the page does not grow.
//!
//! The message is `[export, lang, wanted, tables]`: where the page read the
//! export shown (its address, the file as a `Blob`, or an imported export's
//! text alone in an array; anything else: none, and the sheets have no
//! title lines), `"vi"` or
//! `"en"`, which of the dashboard's tables to build from it (`"overview"`,
//! `"units"`, `""`), and the page's own tables, an array of
//! `[sheet name, rows]`; a row is an array of cells, each a string (text) or
//! `[plain figure, "n" | "%"]`.

use chitieu_core::csv::Cell;
use chitieu_core::text::Lang;
use chitieu_exporter::{requested, workbook, Wanted};
use chitieu_format::dec::Dec;
use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// A cell from the page: text, or a figure's plain text and its kind.
fn cell(v: &JsValue) -> Cell {
    if let Some(t) = v.as_string() {
        return Cell::Text(t);
    }
    let pair = Array::from(v);
    let text = pair.get(0).as_string().unwrap_or_default();
    match (Dec::parse(&text), pair.get(1).as_string().as_deref()) {
        (Ok(d), Some("%")) => Cell::Percent(d),
        (Ok(d), _) => Cell::Number(d),
        (Err(_), _) => Cell::Text(text),
    }
}

fn tables(data: &JsValue) -> Vec<(String, Vec<Vec<Cell>>)> {
    Array::from(data)
        .iter()
        .map(|t| {
            let t = Array::from(&t);
            let rows = Array::from(&t.get(1))
                .iter()
                .take(chitieu_exporter::MAX_ROWS)
                .map(|r| Array::from(&r).iter().map(|c| cell(&c)).collect())
                .collect();
            (t.get(0).as_string().unwrap_or_default(), rows)
        })
        .collect()
}

/// The export's bytes, read again from where the page read them: an address
/// (relative to the page, which is this worker's folder), a `Blob`, or the
/// text itself alone in an array; empty when they cannot be read.
async fn export_bytes(scope: &DedicatedWorkerGlobalScope, from: JsValue) -> Vec<u8> {
    if Array::is_array(&from) {
        return Array::from(&from)
            .get(0)
            .as_string()
            .unwrap_or_default()
            .into_bytes();
    }
    let buffer = match (from.as_string(), from.dyn_into::<web_sys::Blob>()) {
        (Some(url), _) => {
            async {
                let response: web_sys::Response = JsFuture::from(scope.fetch_with_str(&url))
                    .await
                    .ok()?
                    .dyn_into()
                    .ok()?;
                if !response.ok() {
                    return None;
                }
                JsFuture::from(response.array_buffer().ok()?).await.ok()
            }
            .await
        }
        (None, Ok(blob)) => JsFuture::from(blob.array_buffer()).await.ok(),
        (None, Err(_)) => None,
    };
    buffer.map_or_else(Vec::new, |b| js_sys::Uint8Array::new(&b).to_vec())
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |msg: MessageEvent| {
        let scope = reply_to.clone();
        spawn_local(async move {
            let data = Array::from(&msg.data());
            let export = export_bytes(&scope, data.get(0)).await;
            let lang = data
                .get(1)
                .as_string()
                .and_then(|c| Lang::from_code(&c))
                .unwrap_or(Lang::Vi);
            let wanted = Wanted::from_code(&data.get(2).as_string().unwrap_or_default());
            let sheets = requested(&export, lang, wanted, tables(&data.get(3)));
            let reply = match workbook(&sheets) {
                Ok(bytes) => js_sys::Uint8Array::from(bytes.as_slice()).into(),
                Err(e) => JsValue::from_str(&e.to_string()),
            };
            let _ = scope.post_message(&reply);
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before the wasm started are lost: say when it is ready.
    let _ = scope.post_message(&JsValue::from_str("ready"));
}
