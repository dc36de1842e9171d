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

use crate::measured::{Measured, Target};
use crate::state::state;

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
fn wrap(area: &DrawingArea<Measured, Shift>, text: &str, font: &TextStyle, width: u32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        let fits = area.estimate_text_size(&candidate, font).map_or(true, |(w, _)| w <= width);
        if fits || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    lines.push(line);
    lines
}

/// Draws `lines` from `y` down and returns where the next line starts.
fn lines_at(area: &DrawingArea<Measured, Shift>, lines: &[String], font: &TextStyle, x: i32, y: i32, step: i32) -> i32 {
    let mut y = y;
    for l in lines {
        let _ = area.draw_text(l, font, (x, y));
        y = y.saturating_add(step);
    }
    y
}

/// The chart without its own one-line caption: the frame writes the title in full.
fn untitled(chart: &Chart) -> Chart {
    let mut c = chart.clone();
    match &mut c {
        Chart::Cumulative(x) => x.title.clear(),
        Chart::Floor(x) => x.title.clear(),
        Chart::Plan(x) => x.title.clear(),
        Chart::Distribution(x) => x.title.clear(),
        Chart::Ranking(x) => x.title.clear(),
        Chart::Achievement(x) => x.title.clear(),
    }
    c
}

/// The chart framed by its caption: the title wrapped above (never
/// clipped), organisation and period under it, the source at the foot.
fn framed(root: &DrawingArea<Measured, Shift>, chart: &Chart, theme: &Theme, cap: &Caption) {
    let _ = root.fill(&WHITE);
    let k = theme.scale;
    let px = |v: f64| (v * k).round() as i32;
    let (w, h) = root.dim_in_pixel();
    let inner = w.saturating_sub((2 * px(24.0)).max(0) as u32);
    let ink = RGBColor(27, 27, 27);
    let title = ("sans-serif", 24.0 * k).into_font().style(FontStyle::Bold).color(&ink);
    let small = ("sans-serif", 14.0 * k).into_font().color(&RGBColor(70, 70, 70));
    let title_lines = wrap(root, &cap.title, &title, inner);
    let y = lines_at(root, &title_lines, &title, px(24.0), px(16.0), px(30.0));
    let context = wrap(root, &cap.context, &small, inner);
    let top = lines_at(root, &context, &small, px(24.0), y.saturating_add(px(4.0)), px(19.0));
    let source = wrap(root, &cap.source, &small, inner);
    let foot = px(12.0).saturating_add(px(19.0).saturating_mul(source.len() as i32));
    let bottom = (h as i32).saturating_sub(foot);
    lines_at(root, &source, &small, px(24.0), bottom, px(19.0));
    let (_, rest) = root.split_vertically(top.saturating_add(px(6.0)));
    let (body, _) = rest.split_vertically(bottom.saturating_sub(top).saturating_sub(px(12.0)).max(px(120.0)));
    let _ = draw(&body, &untitled(chart), theme);
}

/// The framed chart as an SVG document, drawn by the same charts code.
fn svg_document(chart: &Chart, lang: Lang, cap: &Caption) -> String {
    let mut out = String::new();
    {
        let backend = SVGBackend::with_string(&mut out, (960, 540));
        if let Some(measured) = Measured::new(Target::Svg(backend)) {
            framed(&measured.into_drawing_area(), chart, &Theme::new(1.0, lang), cap);
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
    let backend = Measured::canvas(canvas.clone())?;
    framed(&backend.into_drawing_area(), chart, &Theme::new(2.0, lang), cap);
    canvas.to_data_url().ok()
}

fn blob_url(part: &JsValue, mime: &str) -> Option<String> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&js_sys::Array::of1(part), &options).ok()?;
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
            let rows: js_sys::Array = rows.iter().map(|r| r.iter().map(cell).collect::<js_sys::Array>()).collect();
            JsValue::from(js_sys::Array::of2(&name.into(), &rows))
        })
        .collect()
}

/// Writes the workbook in the export worker, then downloads it through `a`.
fn xlsx(tables: &[Table], a: web_sys::HtmlAnchorElement) {
    let Ok(worker) = web_sys::Worker::new(WORKER) else {
        return;
    };
    let payload = message(tables);
    let w = worker.clone();
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
        let data = ev.data();
        if data.as_string().as_deref() == Some("ready") {
            let _ = w.post_message(&payload);
            return;
        }
        w.terminate();
        let mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        if let Some(href) = data.is_instance_of::<js_sys::Uint8Array>().then(|| blob_url(&data, mime)).flatten() {
            a.set_href(&href);
            a.click();
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // One closure per export, ended with its worker.
    on_message.forget();
}

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
    let links = ["png", "svg", "csv", "xlsx"].map(|_| NodeRef::<leptos::html::A>::new());
    let [png, svg, csv, book] = links;
    let click = |a: NodeRef<leptos::html::A>, href: Option<String>| {
        if let (Some(a), Some(href)) = (a.get_untracked(), href) {
            a.set_href(&href);
            a.click();
        }
    };
    let lang = move || state.lang.get_untracked();
    let label = move |vi: &'static str, en: &'static str| move || state.lang.get().pick(vi, en);
    view! {
        <div class="export-bar">
            <button class="export export-png" on:click=move |_| {
                click(png, chart.with_value(|(c, cap)| png_data_url(c, lang(), cap)));
            }>{label("Tải ảnh PNG", "Download PNG")}</button>
            <button class="export export-svg" on:click=move |_| {
                let text = chart.with_value(|(c, cap)| svg_document(c, lang(), cap));
                click(svg, blob_url(&text.into(), "image/svg+xml"));
            }>{label("Tải SVG", "Download SVG")}</button>
            <button class="export export-csv" on:click=move |_| {
                let text = tables.with_value(|t| t.first().map(|(_, rows)| cells_document(rows)).unwrap_or_default());
                click(csv, blob_url(&text.into(), "text/csv;charset=utf-8"));
            }>{label("Tải bảng số liệu (CSV)", "Download table (CSV)")}</button>
            <button class="export export-xlsx" on:click=move |_| {
                if let Some(a) = book.get_untracked() {
                    tables.with_value(|t| xlsx(t, a));
                }
            }>{label("Tải bảng Excel", "Download Excel")}</button>
            <a class="export-link png" node_ref=png download=format!("{name}.png") hidden></a>
            <a class="export-link svg" node_ref=svg download=format!("{name}.svg") hidden></a>
            <a class="export-link csv" node_ref=csv download=format!("{name}.csv") hidden></a>
            <a class="export-link xlsx" node_ref=book download=format!("{name}.xlsx") hidden></a>
        </div>
    }
}
