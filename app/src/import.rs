//! Importing a table (.xlsx, .csv, or text pasted from Word or Excel): a
//! preview of what was read and a list of what was not understood, before
//! anything replaces the current view.

use std::sync::Arc;

use chitieu_core::evaluate::evaluate_all;
use chitieu_core::import::Meaning;
use chitieu_core::import::Reply;
use chitieu_core::import::Unread;
use chitieu_core::load::parts::read_whole;
use chitieu_core::load::Loaded;
use chitieu_core::text::Lang;
use chitieu_format::model::IndicatorKind;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::error::AppError;
use crate::state::{said, state};
use crate::worker::Mailbox;

/// The import worker's loader, built by Trunk from the `importer` crate. It is
/// fetched only when a table is imported, so the page stays small.
pub(crate) const WORKER: &str = "./chitieu-import_loader.js";

/// Imports a table in the worker with the user's choices (the mapping text
/// of `chitieu import --choices`; empty: the importer's inferences):
/// calamine, zip and XML stay out of the page's bundle, and a large workbook
/// does not freeze the page.
pub async fn run_worker(name: &str, bytes: Arc<[u8]>, choices: &str) -> Result<Pending, AppError> {
    let failed = |reason: &str| AppError::Network {
        url: name.to_string(),
        reason: format!("import worker: {reason}"),
    };
    let payload = js_sys::Array::of3(
        &JsValue::from_str(name),
        &js_sys::Uint8Array::from(&bytes[..]),
        &JsValue::from_str(choices),
    );
    let worker = Mailbox::start(WORKER, payload).ok_or_else(|| failed("cannot start"))?;
    let answer = worker.next().await;
    drop(worker);
    let text = answer
        .ok_or_else(|| failed("failed"))?
        .as_string()
        .ok_or_else(|| failed("no answer"))?;
    match serde_json::from_str::<Reply>(&text).map_err(|e| failed(&e.to_string()))? {
        Reply::Imported {
            export,
            unread,
            choices,
        } => {
            // As serde writes it: the page reads it without serde.
            let loaded = read_whole(name, export.as_bytes())
                .ok_or_else(|| failed("unreadable export"))?
                .map_err(AppError::Invalid)?;
            Ok(Pending {
                export: js_sys::Array::of1(&export.as_str().into()).into(),
                name: name.to_string(),
                loaded: Arc::new(loaded),
                unread,
                bytes,
                choices,
            })
        }
        Reply::Failed(e) => Err(AppError::Invalid(e)),
    }
}

/// An imported table awaiting the user's decision.
#[derive(Clone, Debug)]
pub struct Pending {
    /// The file name, or "bảng dán" for pasted text.
    pub name: String,
    pub loaded: Arc<Loaded>,
    pub unread: Vec<Unread>,
    /// The export as imported, its text alone in an array, for the Excel
    /// export worker to read again.
    pub export: JsValue,
    /// The table as read, imported again when a choice changes.
    pub bytes: Arc<[u8]>,
    /// The choices it was imported with, as mapping text.
    pub choices: String,
}

impl Pending {
    /// Imports the table again with one more choice (a line of mapping
    /// text, which wins over an earlier line for the same row or the unit);
    /// the preview stays until the new one is ready.
    fn rechoose(&self, line: String) {
        let choices = format!("{}\n{line}\n", self.choices);
        state().import_table(self.name.clone(), self.bytes.clone(), choices);
    }
}

/// Indicators listed in the preview; the rest are counted.
const PREVIEW_ROWS: usize = 60;

/// What an imported table holds and what was not understood, with buttons to
/// open it or put it aside. Nothing on screen changes until it is opened.
#[component]
pub fn ImportPreview() -> impl IntoView {
    let state = state();
    move || {
        let lang = state.lang.get();
        state.pending.get().map(|p| {
            let title = format!(
                "{} {}",
                lang.pick("Xem trước bảng nhập:", "Preview of the imported table:"),
                p.name
            );
            view! {
                <section class="import-preview" role="dialog" aria-labelledby="import-title">
                    <h2 id="import-title">{title}</h2>
                    <ImportSummary loaded=p.loaded.clone() lang=lang />
                    <UnitName pending=p.clone() lang=lang />
                    <ImportSample loaded=p.loaded.clone() lang=lang />
                    <UnreadTable pending=p.clone() lang=lang />
                    <ImportActions pending=p lang=lang />
                </section>
            }
        })
    }
}

/// The imported export in one paragraph: title, sections, indicators,
/// periods, and whether some figures do not add up.
#[component]
fn ImportSummary(
    /// The imported export.
    loaded: Arc<Loaded>,
    /// Interface language, fixed for the preview.
    lang: Lang,
) -> impl IntoView {
    let export = &loaded.export;
    let rows = evaluate_all(&loaded);
    let indicators = rows
        .iter()
        .filter(|r| r.indicator.kind != IndicatorKind::Group)
        .count();
    let sections = export.units.iter().map(|u| u.sections.len()).sum::<usize>();
    let periods = export
        .periods
        .iter()
        .map(|x| loaded.period_label(&x.id, lang))
        .collect::<Vec<_>>()
        .join(", ");
    let warnings = rows.iter().map(|r| r.eval.warnings.len()).sum::<usize>();
    let warned = if warnings > 0 {
        format!(
            "{} {warnings} {}",
            lang.pick("Có", "There are"),
            lang.pick(
                "chỗ số liệu của bảng không khớp (sẽ hiện ở từng chỉ tiêu).",
                "places where the table's figures do not add up (shown on each indicator)."
            )
        )
    } else {
        String::new()
    };
    let text = format!(
        "{}: {} {}, {} {}; {}: {}. {}",
        export.dataset.title,
        sections,
        lang.pick("mục", "sections"),
        indicators,
        lang.pick("chỉ tiêu", "indicators"),
        lang.pick("các kỳ", "periods"),
        periods,
        warned
    );
    view! { <p class="import-summary">{text}</p> }
}

/// The unit's name as read above the table (or not found), to change
/// before the table is opened.
#[component]
fn UnitName(
    /// The imported table.
    pending: Pending,
    /// Interface language, fixed for the preview.
    lang: Lang,
) -> impl IntoView {
    let name = pending
        .loaded
        .export
        .units
        .first()
        .map(|u| u.name.clone())
        .unwrap_or_default();
    view! {
        <p class="import-unit">
            <label>
                {lang.pick("Tên đơn vị: ", "Unit's name: ")}
                <input
                    class="import-unit-name"
                    prop:value=name
                    on:change:target=move |ev| {
                        // One line of mapping text (an input holds no line
                        // break); `#` would start a comment.
                        let v = ev.target().value().replace('#', " ");
                        // Emptied: the name read stays until one is typed.
                        if !v.trim().is_empty() {
                            pending.rechoose(format!("don-vi: {}", v.trim()));
                        }
                    }
                />
            </label>
        </p>
    }
}

/// The first indicators read, with unit, target and actual; the rest counted.
#[component]
fn ImportSample(
    /// The imported export.
    loaded: Arc<Loaded>,
    /// Interface language, fixed for the preview.
    lang: Lang,
) -> impl IntoView {
    let rows = evaluate_all(&loaded);
    let judged = || {
        rows.iter()
            .filter(|r| r.indicator.kind != IndicatorKind::Group)
    };
    let indicators = judged().count();
    let sample = judged()
        .take(PREVIEW_ROWS)
        .map(|r| {
            let ind = r.indicator;
            let target = ind
                .targets
                .iter()
                .filter_map(|t| t.value.map(|v| lang.num(v)))
                .collect::<Vec<_>>()
                .join(" / ");
            // The actual as computed: a level's latest figure, a flow's sum.
            let total = r
                .eval
                .actual
                .as_ref()
                .map(|a| lang.num(a.value))
                .unwrap_or_default();
            view! {
                <tr>
                    <td>{ind.name.clone()}</td>
                    <td>{ind.unit().to_string()}</td>
                    <td class="num">{target}</td>
                    <td class="num">{total}</td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    view! {
        // Scrolled with the keyboard too (WCAG 2.1.1): focusable.
        <div class="import-scroll" tabindex="0">
        <table class="import-sample">
            <thead>
                <tr>
                    <th scope="col">{lang.pick("Nội dung", "Indicator")}</th>
                    <th scope="col">{lang.pick("Đơn vị tính", "Unit")}</th>
                    <th scope="col" class="num">{lang.pick("Chỉ tiêu", "Target")}</th>
                    <th scope="col" class="num">{lang.pick("Thực hiện", "Actual")}</th>
                </tr>
            </thead>
            <tbody>{sample}</tbody>
        </table>
        {(indicators > PREVIEW_ROWS).then(|| view! {
            <p class="more">{format!("… {} {}", indicators - PREVIEW_ROWS, lang.pick("chỉ tiêu nữa", "more indicators"))}</p>
        })}
        </div>
    }
}

/// What was not understood or was assumed, cell by cell; or that everything
/// was understood. How a row's figures make its actual is inferred: it may be
/// changed there.
#[component]
fn UnreadTable(
    /// The imported table: its cells not understood and its inferences.
    pending: Pending,
    /// Interface language, fixed for the preview.
    lang: Lang,
) -> impl IntoView {
    let unread = &pending.unread;
    let n_unread = unread.len();
    let heading = if n_unread == 0 {
        lang.pick(
            "Đã hiểu toàn bộ bảng.",
            "Everything in the table was understood.",
        )
        .to_string()
    } else {
        format!(
            "{} ({n_unread})",
            lang.pick("Chưa hiểu hoặc đã giả định", "Not understood, or assumed")
        )
    };
    let rows = unread
        .iter()
        .map(|u| {
            view! {
                <tr class="unread">
                    <td>{u.place(lang)}</td>
                    // A note on the table as a whole quotes no cell.
                    <td>{(!u.cell.is_empty()).then(|| view! { <q>{u.cell.clone()}</q> })}</td>
                    <td>{u.text(lang).to_string()}{u.meaning.map(|m| view! {
                        " "
                        <MeaningChoice pending=pending.clone() row=u.row meaning=m lang=lang />
                    })}</td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <h3>{heading}</h3>
        {(n_unread > 0).then(|| view! {
            <table class="import-unread">
                <thead>
                    <tr>
                        <th scope="col">{lang.pick("Ô", "Cell")}</th>
                        <th scope="col">{lang.pick("Nội dung ô", "Cell's text")}</th>
                        <th scope="col">{lang.pick("Vấn đề", "Problem")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        })}
    }
}

/// How row `row`'s figures make its actual, as inferred or chosen: a
/// choice of the three meanings in words; changing it imports the table again.
#[component]
fn MeaningChoice(
    /// The imported table.
    pending: Pending,
    /// The row, as numbered in the table.
    row: usize,
    /// Its meaning now.
    meaning: Meaning,
    /// Interface language, fixed for the preview.
    lang: Lang,
) -> impl IntoView {
    let options = Meaning::ALL
        .into_iter()
        .map(|m| view! { <option value=m.code() selected=m == meaning>{m.words(lang)}</option> })
        .collect::<Vec<_>>();
    let label = format!("{} {row}", lang.pick("Cách tính dòng", "How to count row"));
    view! {
        <select class="import-meaning" aria-label=label on:change:target=move |ev| {
            pending.rechoose(format!("{row}: {}", ev.target().value()));
        }>{options}</select>
    }
}

/// Open the imported table, or put it aside and keep the data on screen.
#[component]
fn ImportActions(
    /// The imported table.
    pending: Pending,
    /// Interface language, fixed for the preview.
    lang: Lang,
) -> impl IntoView {
    let state = state();
    let open = move |_| {
        state.pending.set(None);
        state.show_local(
            pending.name.clone(),
            Ok(pending.loaded.clone()),
            pending.export.clone(),
        );
    };
    view! {
        <p class="import-actions">
            <button class="import-open" on:click=open>{lang.pick("Mở bảng này", "Open this table")}</button>
            " "
            <button class="import-cancel" on:click={(|_| crate::state::state().pending.set(None)) as fn(web_sys::MouseEvent)}>
                {lang.pick("Huỷ, giữ dữ liệu đang xem", "Cancel, keep the data on screen")}
            </button>
        </p>
    }
}

/// A box to paste the appendix table copied from Word or Excel: a modal
/// dialog the browser itself opens (`command="show-modal"`), puts the focus
/// in, and closes on Esc, on a click outside it (`closedby="any"`), on its
/// close button and on asking for the preview (a `method="dialog"` form):
/// no code of ours for any of these.
#[component]
pub fn PasteTable() -> impl IntoView {
    let state = state();
    let text = RwSignal::new(String::new());
    view! {
        <button class="paste-toggle" commandfor="paste-box" command="show-modal">
            {said("Dán bảng…", "Paste a table…")}
        </button>
        <dialog id="paste-box" class="paste-box" closedby="any" aria-labelledby="paste-label">
            <form method="dialog">
                <label id="paste-label" for="paste-input">{said(
                    "Dán bảng phụ lục (STT, Nội dung, Đơn vị tính, Chỉ tiêu, các kỳ…) sao chép từ Word hoặc Excel:",
                    "Paste the appendix table (STT, Nội dung, Đơn vị tính, Chỉ tiêu, periods…) copied from Word or Excel:",
                )}</label>
                <textarea id="paste-input" class="paste-input" rows="8"
                    prop:value=move || text.get()
                    on:input:target=move |ev| text.set(ev.target().value())
                ></textarea>
                <button class="paste-import" on:click=move |_| {
                    let t = text.get_untracked();
                    let name = state.lang.get_untracked().pick("bảng dán", "pasted table").to_string();
                    state.import_table(name, t.into_bytes().into(), String::new());
                }>{said("Xem trước", "Preview")}</button>
                " "
                <button class="paste-close">{said("Đóng", "Close")}</button>
            </form>
        </dialog>
    }
}
