//! The one way the page talks to its workers (import, export, reading a
//! large export): start a worker for one request and take its replies.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A worker started for one request, and its replies in order. The request
/// is posted when the worker says "ready" (what is posted before its wasm
/// has started is lost); the worker is ended when the mailbox is dropped,
/// which gives its memory back.
pub(crate) struct Mailbox {
    worker: web_sys::Worker,
    inbox: Rc<RefCell<Inbox>>,
    _on_message: Closure<dyn FnMut(JsValue)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

/// Replies not yet taken (`None`: the worker failed), and who waits for one.
#[derive(Default)]
struct Inbox {
    replies: VecDeque<Option<JsValue>>,
    waiting: Option<js_sys::Function>,
}

impl Inbox {
    fn put(inbox: &RefCell<Inbox>, reply: Option<JsValue>) {
        let waiting = {
            let mut inbox = inbox.borrow_mut();
            inbox.replies.push_back(reply);
            inbox.waiting.take()
        };
        if let Some(wake) = waiting {
            let _ = wake.call0(&JsValue::NULL);
        }
    }
}

impl Mailbox {
    /// Starts the worker at `url` (a Trunk worker loader) for `request`.
    pub(crate) fn start(url: &str, request: js_sys::Array) -> Option<Mailbox> {
        let worker = web_sys::Worker::new(url).ok()?;
        let inbox = Rc::new(RefCell::new(Inbox::default()));
        let (w, i) = (worker.clone(), inbox.clone());
        let on_message = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
            let data = ev.unchecked_into::<web_sys::MessageEvent>().data();
            // The worker's wasm has started: messages sent before are lost.
            if data.as_string().as_deref() == Some("ready") {
                let _ = w.post_message(&request);
            } else {
                Inbox::put(&i, Some(data));
            }
        });
        let i = inbox.clone();
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |_| Inbox::put(&i, None));
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Some(Mailbox {
            worker,
            inbox,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// The next reply; `None` if the worker failed.
    pub(crate) async fn next(&self) -> Option<JsValue> {
        loop {
            if let Some(reply) = self.inbox.borrow_mut().replies.pop_front() {
                return reply;
            }
            let inbox = self.inbox.clone();
            let wait =
                js_sys::Promise::new(&mut |resolve, _| inbox.borrow_mut().waiting = Some(resolve));
            let _ = wasm_bindgen_futures::JsFuture::from(wait).await;
        }
    }
}

impl Drop for Mailbox {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
