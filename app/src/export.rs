//! Exports of a chart and its table: PNG and SVG drawn by the same charts
//! code, CSV for machines and an Excel workbook written by the export worker.

use chitieu_charts::draw::{draw, Theme};
use chitieu_charts::spec::Chart;
use chitieu_core::csv::{cells_document, Cell};
use chitieu_core::text::Lang;
use leptos::prelude::*;
use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::measured::Measured;
use crate::state::{said, state};
use crate::worker::Mailbox;

/// A table to export: its sheet name and its rows, the header first.
pub type Table = (String, Vec<Vec<Cell>>);

/// The chart as an SVG document, drawn by the same charts code.
fn svg_document(chart: &Chart, lang: Lang) -> String {
    let mut out = String::new();
    {
        if let Some(measured) = Measured::svg(&mut out, (960, 540)) {
            let _ = draw(&measured.into_drawing_area(), chart, &Theme::new(1.0, lang));
        }
    }
    out
}

/// The chart as a PNG at 2× a 960 × 540 slide, drawn by the same charts code.
fn png_data_url(chart: &Chart, lang: Lang) -> Option<String> {
    let doc = web_sys::window()?.document()?;
    let canvas: web_sys::HtmlCanvasElement = doc.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(1920);
    canvas.set_height(1080);
    let backend = Measured::canvas(canvas.clone())?;
    draw(&backend.into_drawing_area(), chart, &Theme::new(2.0, lang)).ok()?;
    canvas.to_data_url().ok()
}

fn blob_url(part: &JsValue, mime: &str) -> Option<String> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&js_sys::Array::of1(part), &options)
            .ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// The export worker's loader, built by Trunk from the `exporter` crate and
/// fetched only when someone asks for Excel.
const WORKER: &str = "./chitieu-export_loader.js";

/// The tables as the worker reads them: text as strings, figures as `[plain, "n" | "%"]`.
fn message(tables: &[Table]) -> js_sys::Array {
    let cell = |c: &Cell| -> JsValue {
        match c {
            Cell::Text(t) => JsValue::from_str(t),
            Cell::Number(d) => js_sys::Array::of2(&d.to_plain().into(), &"n".into()).into(),
            Cell::Percent(d) => js_sys::Array::of2(&d.to_plain().into(), &"%".into()).into(),
        }
    };
    tables
        .iter()
        .map(|(name, rows)| {
            let rows: js_sys::Array = rows
                .iter()
                .map(|r| r.iter().map(cell).collect::<js_sys::Array>())
                .collect();
            JsValue::from(js_sys::Array::of2(&name.into(), &rows))
        })
        .collect()
}

/// Follows `href` through the bar's one download link, named `file`.
fn download(a: &web_sys::HtmlAnchorElement, href: Option<String>, file: &str) {
    if let Some(href) = href {
        a.set_download(file);
        a.set_href(&href);
        a.click();
    }
}

/// Writes the workbook in the export worker, then downloads it as `file`:
/// the dashboard's tables `wanted` (`"overview"`, `"units"`, `""`) built by
/// the worker from the export shown (which it reads again from where the
/// page read it), then `tables`, each sheet under the export's title,
/// organisation, month and sources.
fn xlsx(wanted: &str, tables: &[Table], file: String) {
    let state = state();
    let lang = state.lang.get_untracked().code();
    let payload = js_sys::Array::of4(
        &state.shown_from(),
        &lang.into(),
        &wanted.into(),
        &message(tables).into(),
    );
    leptos::task::spawn_local(async move {
        let Some(worker) = Mailbox::start(WORKER, payload) else {
            return;
        };
        let data = worker.next().await;
        drop(worker);
        let a = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("a").ok())
            .and_then(|a| a.dyn_into().ok());
        let mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        if let (Some(a), Some(data)) =
            (a, data.filter(|d| d.is_instance_of::<js_sys::Uint8Array>()))
        {
            download(&a, blob_url(&data, mime), &file);
        }
    });
}

/// The dashboard's own tables as a workbook (`wanted`: `"overview"` or
/// `"units"`), named after the dataset.
fn workbook(wanted: &str) {
    let dataset = state().route.get_untracked().dataset;
    let name = dataset.as_deref().unwrap_or("chi-tieu");
    xlsx(wanted, &[], format!("{name}-{wanted}.xlsx"));
}

/// The overview's Excel button: every indicator, and the units side by side
/// when there are several. A plain `fn(MouseEvent)`, the page's one handler
/// type for such buttons, so the view code that attaches it is compiled once.
pub const OVERVIEW_WORKBOOK: fn(web_sys::MouseEvent) = |_| workbook("overview");

/// The units page's Excel button: the units side by side.
pub const UNITS_WORKBOOK: fn(web_sys::MouseEvent) = |_| workbook("units");

/// Downloads for a chart and its table: PNG (2×, for slides) and SVG, the
/// table as CSV (plain numbers, UTF-8 with BOM) and as an
/// Excel workbook (one sheet per table).
#[component]
pub fn ExportBar(
    /// The chart to export.
    chart: Chart,
    /// The tables: the first one is the CSV; each is a sheet of the workbook.
    tables: Vec<Table>,
    /// File name without extension.
    name: String,
) -> impl IntoView {
    let state = state();
    let chart = StoredValue::new(chart);
    let tables = StoredValue::new(tables);
    let link = NodeRef::<leptos::html::A>::new();
    // One handler for the bar: the button pressed says what to write.
    let on_click = move |ev: web_sys::MouseEvent| {
        let kind = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.get_attribute("data-kind"))
            .unwrap_or_default();
        let (Some(a), lang) = (link.get_untracked(), state.lang.get_untracked()) else {
            return;
        };
        let file = format!("{name}.{kind}");
        let href = match kind.as_str() {
            "png" => chart.with_value(|c| png_data_url(c, lang)),
            "svg" => blob_url(
                &chart.with_value(|c| svg_document(c, lang)).into(),
                "image/svg+xml",
            ),
            "csv" => tables.with_value(|t| {
                let text = t
                    .first()
                    .map(|(_, rows)| cells_document(rows))
                    .unwrap_or_default();
                blob_url(&text.into(), "text/csv;charset=utf-8")
            }),
            "xlsx" => return tables.with_value(|t| xlsx("", t, file)),
            _ => None,
        };
        download(&a, href, &file);
    };
    view! {
        <div class="export-bar" on:click=on_click>
            <button class="export export-png" data-kind="png">{said("Tải ảnh PNG", "Download PNG")}</button>
            <button class="export export-svg" data-kind="svg">{said("Tải SVG", "Download SVG")}</button>
            <button class="export export-csv" data-kind="csv">{said("Tải bảng số liệu (CSV)", "Download table (CSV)")}</button>
            <button class="export export-xlsx" data-kind="xlsx">{said("Tải bảng Excel", "Download Excel")}</button>
            <a class="export-link" node_ref=link hidden></a>
        </div>
    }
}
