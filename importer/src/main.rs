//! The import worker: a message `[name, bytes, choices]` in, a JSON
//! [`chitieu_core::import::Reply`] out. It runs in a Web Worker, so a large
//! workbook never freezes the page, and its bundle (calamine, zip, quick-xml) is
//! fetched only when someone imports a table.
//!
//! It also reads the exports the page could not read itself:
//! `[name, bytes, null, "read"]` in, the JSON of
//! [`Reply::read`] out (the problems, or the export
//! as serde writes it).

use chitieu_core::import::Reply;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |msg: MessageEvent| {
        let data = js_sys::Array::from(&msg.data());
        let name = data.get(0).as_string().unwrap_or_default();
        let bytes = js_sys::Uint8Array::new(&data.get(1)).to_vec();
        if data.get(3).as_string().as_deref() == Some("read") {
            let verdict = Reply::read(&name, &bytes);
            let reply = serde_json::to_string(&verdict).unwrap_or_default();
            let _ = reply_to.post_message(&JsValue::from_str(&reply));
            return;
        }
        let choices = data.get(2).as_string().unwrap_or_default();
        let reply = serde_json::to_string(&Reply::of(&name, &bytes, &choices)).unwrap_or_default();
        let _ = reply_to.post_message(&JsValue::from_str(&reply));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before the wasm started are lost: say when it is ready.
    let _ = scope.post_message(&JsValue::from_str("ready"));
}
