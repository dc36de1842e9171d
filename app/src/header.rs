//! The page's header: title, dataset picker, file opener, paste box and
//! language switch.

use chitieu_core::text::Lang;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::import::PasteTable;
use crate::state::{said, state};
use crate::url::Page;

/// Title, dataset picker, file opener and language switch.
#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="top">
            <h1><HomeLink /></h1>
            <DatasetPicker />
            <div class="tools">
                <FileOpener />
                <PasteTable />
                <LangSwitch />
            </div>
        </header>
    }
}

/// The title, a link back to the overview of what is shown.
#[component]
pub fn HomeLink() -> impl IntoView {
    let state = state();
    view! {
        <a href="?" on:click=move |ev| {
            ev.prevent_default();
            state.update_route(|r| {
                r.page = Page::Overview;
            });
        }>{said("Chỉ tiêu nghị quyết", "Resolution indicators")}</a>
    }
}

/// One button per bundled dataset, the one shown pressed; the name of a
/// local file when one is shown.
#[component]
pub fn DatasetPicker() -> impl IntoView {
    let state = state();
    view! {
        <nav class="datasets" aria-label=said("Bộ dữ liệu", "Datasets")>
            {move || {
                let current = state.shown.get().map(|s| s.key);
                // A local file in view: its name beside the samples, none of which is pressed.
                let file = current
                    .as_deref()
                    .and_then(|k| k.strip_prefix("file:"))
                    .map(|name| view! { <span class="local-file" aria-current="true">{name.to_string()}</span> });
                let buttons = state
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
                                on:click=move |_| state.show_overview_of(Some(id.clone()))
                            >
                                {d.title}
                            </button>
                        }
                    })
                    .collect::<Vec<_>>();
                view! { {buttons}{file} }
            }}
        </nav>
    }
}

/// Opens a data file from this computer (read in the browser, never uploaded).
#[component]
pub fn FileOpener() -> impl IntoView {
    let state = state();
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
        <label class="open-file">
            <span>{said("Mở tệp…", "Open file…")}</span>
            <input
                type="file"
                accept=".json,application/json,.xlsx,.docx,.csv,.tsv,.txt"
                on:change=on_file
                aria-label=said("Mở tệp dữ liệu trên máy", "Open a data file on this computer")
            />
        </label>
    }
}

/// VI / EN buttons; the language in use is pressed.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let state = state();
    view! {
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
    }
}
