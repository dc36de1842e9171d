//! The export worker: a message of tables in, an .xlsx workbook's bytes
//! out. rust_xlsxwriter and zip are most of its wasm: the page fetches this
//! worker only when someone asks for Excel, so the page does not grow.
//!
//! The message is an array of `[sheet name, rows]`; a row is an array of
//! cells, each a string (text) or `[plain figure, "n" | "%"]`.

use chitieu_core::csv::Cell;
use chitieu_format::dec::Dec;
use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
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

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |msg: MessageEvent| {
        let reply = match chitieu_exporter::workbook(&tables(&msg.data())) {
            Ok(bytes) => js_sys::Uint8Array::from(bytes.as_slice()).into(),
            Err(e) => JsValue::from_str(&e.to_string()),
        };
        let _ = reply_to.post_message(&reply);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before the wasm started are lost: say when it is ready.
    let _ = scope.post_message(&JsValue::from_str("ready"));
}
