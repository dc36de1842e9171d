//! Exports of a chart and its table: PNG and SVG framed with the context a
//! pasted image needs (the title wrapped, organisation, period, source), CSV
//! for machines and an Excel workbook written by the export worker.

use chitieu_charts::draw::{draw, Theme};
use chitieu_charts::spec::Chart;
use chitieu_core::csv::{cells_document, Cell};
use chitieu_core::text::Lang;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::measured::Measured;
use crate::state::{said, state};
use crate::worker::Mailbox;

/// What is written around an exported chart.
#[derive(Clone, Debug, Default)]
pub struct Caption {
    /// The indicator's numbered name, or the units chart's title.
    pub title: String,
    /// Organisation, unit and period: "Đảng bộ Khối … · số liệu đến tháng 06/2023".
    pub context: String,
    /// Where the figures come from.
    pub source: String,
}

/// A table to export: its sheet name and its rows, the header first.
pub type Table = (String, Vec<Vec<Cell>>);

/// `text` in lines no wider than `width` pixels, broken between words.
fn wrap(
    area: &DrawingArea<Measured, Shift>,
    text: &str,
    font: &TextStyle,
    width: u32,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        let fits = area
            .estimate_text_size(&candidate, font)
            .map_or(true, |(w, _)| w <= width);
        if fits || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    lines.push(line);
    lines
}

/// Draws `lines` from `y` down, 24 pixels from the left (times the
/// scale), and returns where the next line starts.
fn lines_at(
    area: &DrawingArea<Measured, Shift>,
    lines: &[String],
    font: &TextStyle,
    (x, y): (i32, i32),
    step: i32,
) -> i32 {
    let mut y = y;
    for l in lines {
        let _ = area.draw_text(l, font, (x, y));
        y = y.saturating_add(step);
    }
    y
}

/// The chart's frame, its caption: the title wrapped above (never clipped),
/// organisation and period under it, the source at the foot. Gives the band
/// left for the chart, as its top and height in pixels.
fn frame(root: &DrawingArea<Measured, Shift>, theme: &Theme, cap: &Caption) -> (u32, u32) {
    let _ = root.fill(&WHITE);
    let px = |v: f64| (v * theme.scale).round() as i32;
    let (w, h) = root.dim_in_pixel();
    let inner = w.saturating_sub(px(48.0).max(0) as u32);
    let (title, small) = (theme.font(25.0), theme.font(14.0));
    let y = lines_at(
        root,
        &wrap(root, &cap.title, &title, inner),
        &title,
        (px(24.0), px(16.0)),
        px(31.0),
    );
    let top = lines_at(
        root,
        &wrap(root, &cap.context, &small, inner),
        &small,
        (px(24.0), y.saturating_add(px(4.0))),
        px(19.0),
    );
    let source = wrap(root, &cap.source, &small, inner);
    let foot = px(12.0).saturating_add(px(19.0).saturating_mul(source.len() as i32));
    let bottom = (h as i32).saturating_sub(foot);
    lines_at(root, &source, &small, (px(24.0), bottom), px(19.0));
    let top = top.saturating_add(px(6.0));
    let height = bottom
        .saturating_sub(top)
        .saturating_sub(px(6.0))
        .max(px(120.0));
    (
        u32::try_from(top).unwrap_or(0),
        u32::try_from(height).unwrap_or(0),
    )
}

/// The framed chart as an SVG document, drawn by the same charts code.
fn svg_document(chart: &Chart, lang: Lang, cap: &Caption) -> String {
    let theme = Theme::new(1.0, lang);
    let mut out = String::new();
    let band =
        Measured::svg(&mut out, (960, 540)).map(|m| frame(&m.into_drawing_area(), &theme, cap));
    if let Some((top, height)) = band {
        if let Some(m) = Measured::svg_band(&mut out, top, (960, height)) {
            let _ = draw(&m.into_drawing_area(), &chart.untitled(), &theme);
        }
    }
    out
}

/// The framed chart as a PNG at 2× a 960 × 540 slide, drawn by the same charts code.
fn png_data_url(chart: &Chart, lang: Lang, cap: &Caption) -> Option<String> {
    let doc = web_sys::window()?.document()?;
    let canvas: web_sys::HtmlCanvasElement = doc.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(1920);
    canvas.set_height(1080);
    let theme = Theme::new(2.0, lang);
    let (top, height) = frame(
        &Measured::canvas(canvas.clone())?.into_drawing_area(),
        &theme,
        cap,
    );
    let band = Measured::canvas_band(canvas.clone(), top, height)?;
    let _ = draw(&band.into_drawing_area(), &chart.untitled(), &theme);
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

/// Downloads for a chart and its table: PNG (2×, for slides) and SVG with
/// their context, the table as CSV (plain numbers, UTF-8 with BOM) and as an
/// Excel workbook (one sheet per table).
#[component]
pub fn ExportBar(
    /// The chart to export.
    chart: Chart,
    /// What is written around the exported chart.
    caption: Caption,
    /// The tables: the first one is the CSV; each is a sheet of the workbook.
    tables: Vec<Table>,
    /// File name without extension.
    name: String,
) -> impl IntoView {
    let state = state();
    let chart = StoredValue::new((chart, caption));
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
            "png" => chart.with_value(|(c, cap)| png_data_url(c, lang, cap)),
            "svg" => blob_url(
                &chart
                    .with_value(|(c, cap)| svg_document(c, lang, cap))
                    .into(),
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
