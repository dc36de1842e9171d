//! Small components shared by the pages.

use chitieu_charts::draw::{draw, Theme};
use chitieu_charts::spec::Chart;
use chitieu_core::compute::{Status, TargetEval};
use chitieu_core::evaluate::Evaluation;
use chitieu_core::text::Lang;
use chitieu_format::dec::Dec;
use chitieu_format::model::Direction;
use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;

use crate::link::RouteLink;
use crate::measured::Measured;
use crate::state::{said, state};
use crate::url::Page;

fn status_class(s: Status) -> &'static str {
    match s {
        Status::Exceeded => "status exceeded",
        Status::Met => "status met",
        Status::OnTrack => "status on-track",
        Status::Behind => "status behind",
        Status::Missed => "status missed",
        Status::NoTarget => "status none",
    }
}

/// The status as icon and words, so it never relies on colour alone.
#[component]
pub fn StatusBadge(
    /// The status to show.
    status: Status,
    /// Interface language.
    #[prop(into)]
    lang: Signal<Lang>,
) -> impl IntoView {
    view! {
        <span class=status_class(status) data-status=status.code()>
            <span class="icon" aria-hidden="true">{status.icon()}</span>
            " "
            {move || status.label(lang.get())}
        </span>
    }
}

/// `v / max` as a CSS percentage, computed exactly.
fn pos(v: Dec, max: Dec) -> String {
    let p = v
        .percent_of(max)
        .unwrap_or(Dec::ZERO)
        .max(Dec::ZERO)
        .min(Dec::ONE_HUNDRED);
    format!("{}%", p.round_dp(2).to_plain())
}

/// The scale's end: a tenth beyond the largest of the actual, the targets
/// and the expected progress.
fn bullet_max(eval: &Evaluation, actual: Dec, expected: Option<Dec>) -> Dec {
    eval.targets
        .iter()
        .map(|t| t.value)
        .chain(std::iter::once(actual))
        .chain(expected)
        .max()
        .unwrap_or(Dec::ONE_HUNDRED)
        .checked_mul(Dec::parse("1.1").unwrap_or(Dec::ONE_HUNDRED))
        .unwrap_or(Dec::ONE_HUNDRED)
}

/// Poor, fair, good: class, start and end of each band, relative to the
/// first target `t`.
fn bands(direction: Direction, t: Dec, max: Dec) -> Vec<(&'static str, Dec, Dec)> {
    let part = |num: &str| {
        t.checked_mul(Dec::parse(num).unwrap_or(Dec::ZERO))
            .unwrap_or(Dec::ZERO)
    };
    match direction {
        Direction::HigherIsBetter => vec![
            ("band poor", Dec::ZERO, part("0.5")),
            ("band fair", part("0.5"), part("0.8")),
            ("band good", part("0.8"), max),
        ],
        Direction::LowerIsBetter => vec![
            ("band good", Dec::ZERO, t),
            ("band fair", t, part("1.25").min(max)),
            ("band poor", part("1.25").min(max), max),
        ],
    }
}

/// The graph in words, for screen readers and the tooltip.
fn bullet_label(lang: Lang, actual: Dec, targets: &[TargetEval], expected: Option<Dec>) -> String {
    let mut s = format!("{} {}", lang.pick("Thực hiện", "Actual"), lang.num(actual));
    for tg in targets {
        s.push_str(&format!("; {} {}", tg.label, lang.num(tg.value)));
    }
    if let Some(e) = expected {
        s.push_str(&format!(
            "; {} {}",
            lang.pick("tiến độ cần đạt", "expected by now"),
            lang.num(e)
        ));
    }
    s
}

/// A bullet graph: the actual as a bar, a marker per target, a marker for
/// the expected progress at this point of the horizon, and qualitative bands
/// in shades of one hue.
#[component]
pub fn Bullet(
    /// The evaluated indicator.
    eval: Evaluation,
    /// Which way is better.
    direction: Direction,
    /// Interface language.
    #[prop(into)]
    lang: Signal<Lang>,
) -> impl IntoView {
    let (Some(actual), Some(first)) = (eval.actual.clone(), eval.targets.first().cloned()) else {
        return ().into_any();
    };
    let expected = first
        .progress
        .as_ref()
        .filter(|p| p.remaining_months > 0)
        .map(|p| p.expected);
    let max = bullet_max(&eval, actual.value, expected);
    let bands = bands(direction, first.value, max)
        .into_iter()
        .map(|(class, from, to)| {
            let width = to.checked_sub(from).unwrap_or(Dec::ZERO).max(Dec::ZERO);
            view! { <span class=class style:left=pos(from, max) style:width=pos(width, max)></span> }
        })
        .collect::<Vec<_>>();
    let markers = eval
        .targets
        .iter()
        .enumerate()
        .map(|(i, tg)| {
            let class = if i == 0 {
                "marker target primary"
            } else {
                "marker target"
            };
            view! { <span class=class style:left=pos(tg.value, max) title=tg.label.clone()></span> }
        })
        .collect::<Vec<_>>();
    let targets = eval.targets.clone();
    let label = move || bullet_label(lang.get(), actual.value, &targets, expected);
    view! {
        <div class="bullet" role="img" aria-label=label.clone() title=label>
            {bands}
            <span class="bar" style:width=pos(actual.value, max)></span>
            {expected.map(|e| view! { <span class="marker expected" style:left=pos(e, max)></span> })}
            {markers}
        </div>
    }
    .into_any()
}

/// How a chart is drawn: for a screen, large type and thick lines for a
/// projector, or for paper.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Look {
    #[default]
    Screen,
    Projector,
    /// Drawn for an A4 landscape page whatever the screen: 1000 CSS pixels
    /// wide (the page's width, 273 mm), at 2× (186 dpi).
    Paper,
}

/// A chart's size on paper, in CSS pixels: the page's width, and a height
/// that leaves room for the table (the units charts have a row per unit).
fn paper_size(chart: &Chart) -> (i32, i32) {
    match chart {
        Chart::Ranking(r) if r.rows.len() == 1 => (1000, 240),
        Chart::Ranking(_) | Chart::Achievement(_) => (1000, 520),
        _ => (1000, 320),
    }
}

/// Whether a chart has been drawn on this page yet.
static DRAWN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Draws `chart` on `canvas`, whose CSS size is `css` (as last laid out),
/// at the device's pixel ratio; paper has a size of its own.
fn draw_on(
    canvas: &web_sys::HtmlCanvasElement,
    chart: &Chart,
    lang: Lang,
    look: Look,
    css: (i32, i32),
) {
    let (ratio, (w, h)) = if look == Look::Paper {
        (2.0, paper_size(chart))
    } else {
        let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
        (ratio, css)
    };
    if w <= 0 || h <= 0 {
        return;
    }
    canvas.set_width((f64::from(w) * ratio).round() as u32);
    canvas.set_height((f64::from(h) * ratio).round() as u32);
    if let Some(backend) = Measured::canvas(canvas.clone()) {
        // A projector's type grows with the slide: its smallest text is
        // 28 px or more across a 1920 px screen, legible from the back of a hall.
        let grow = match look {
            Look::Screen | Look::Paper => 1.0,
            Look::Projector => (f64::from(w) / 1000.0).max(1.0),
        };
        let mut theme = Theme::new(ratio * grow, lang);
        theme.projector = look == Look::Projector;
        if theme.projector {
            // A slide's heading says the title in full: the chart leaves it out.
            let _ = draw(&backend.into_drawing_area(), &chart.untitled(), &theme);
        } else {
            let _ = draw(&backend.into_drawing_area(), chart, &theme);
        }
        // The page's first chart, for the benchmark.
        if !DRAWN.swap(true, std::sync::atomic::Ordering::Relaxed) {
            crate::api::mark("chitieu:chart");
        }
    }
}

/// A chart drawn with plotters on a canvas whose pixels are its CSS size
/// times the device pixel ratio, redrawn when its box changes size.
#[component]
pub fn ChartCanvas(
    /// The chart to draw.
    chart: Chart,
    /// Interface language.
    #[prop(into)]
    lang: Signal<Lang>,
    /// For a screen (the default) or a projector.
    #[prop(optional)]
    look: Look,
) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let kind = chart.kind();
    let title = chart.title().to_string();
    // Row charts are as tall as their rows on a phone (CSS `--rows`); a
    // rank of one period is a short chart.
    let (rows, single) = match &chart {
        Chart::Ranking(r) => (r.rows.len().to_string(), r.rows.len() == 1),
        Chart::Achievement(a) => (a.rows.len().to_string(), false),
        _ => (String::new(), false),
    };
    let class = format!(
        "chart chart-{kind}{}",
        if single { " chart-single" } else { "" }
    );
    let chart = StoredValue::new(chart);
    // The canvas' CSS size as last drawn: read from the layout once its
    // element is there (the page's first layout, done now rather than in
    // the next frame: waiting for the frame's own layout, with a
    // ResizeObserver, drew the first chart later), and again at each
    // resize of the window (an iframe, a rotated phone), which draws the
    // chart anew only if its box has changed size.
    let size = StoredValue::new((0, 0));
    let draw = move |c: &web_sys::HtmlCanvasElement, lang: Lang, look: Look| {
        chart.with_value(|chart| draw_on(c, chart, lang, look, size.get_value()));
    };
    let measure = move |c: &web_sys::HtmlCanvasElement| {
        let css = (c.client_width(), c.client_height());
        css != size.get_value() && {
            size.set_value(css);
            true
        }
    };
    Effect::new(move |_| {
        let lang = lang.get();
        if let Some(c) = canvas.get() {
            if size.get_value() == (0, 0) {
                let _ = web_sys::HtmlElement::style(&c).set_property("--rows", &rows);
                measure(&c);
            }
            draw(&c, lang, look);
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        if let Some(c) = canvas.get_untracked() {
            if measure(&c) {
                draw(&c, lang.get_untracked(), look);
            }
        }
    });
    // Paper is not the screen stretched: drawn anew for the page, and back after.
    let redraw = move |look: Look| {
        if let Some(c) = canvas.get_untracked() {
            draw(&c, lang.get_untracked(), look);
        }
    };
    let on = |name: &'static str| leptos::ev::Custom::<web_sys::Event>::new(name);
    let print = window_event_listener(on("beforeprint"), move |_| redraw(Look::Paper));
    let after = window_event_listener(on("afterprint"), move |_| redraw(look));
    on_cleanup(move || {
        resize.remove();
        print.remove();
        after.remove();
    });
    view! { <canvas node_ref=canvas class=class data-chart-kind=kind role="img" aria-label=title></canvas> }
}

/// The last load's error, naming the file, field path and problem, while the
/// data already on screen stays.
#[component]
pub fn ErrorBanner() -> impl IntoView {
    let state = state();
    move || {
        let lang = state.lang.get();
        state.error.get().map(|e| {
            let lines = e
                .lines(lang)
                .into_iter()
                .map(|l| view! { <li>{l}</li> })
                .collect::<Vec<_>>();
            let kept = state.shown.with(|s| s.is_some());
            view! {
                <div class="error" role="alert">
                    <h2>{format!("{} {}", lang.pick("Không mở được", "Could not open"), e.subject())}</h2>
                    <ul>{lines}</ul>
                    {kept.then(|| view! {
                        <p class="kept">{lang.pick("Dữ liệu đang hiển thị vẫn được giữ nguyên.", "The data on screen is kept as it was.")}</p>
                    })}
                    <button class="close" on:click={(|_| crate::state::state().error.set(None)) as fn(web_sys::MouseEvent)}>
                        {lang.pick("Đóng", "Close")}
                    </button>
                </div>
            }
        })
    }
}

/// "In ngày 21/11/2026", shown only on paper.
#[component]
pub fn PrintDate() -> impl IntoView {
    let state = state();
    let d = js_sys::Date::new_0();
    let date = format!(
        "{:02}/{:02}/{}",
        d.get_date(),
        d.get_month() + 1,
        d.get_full_year()
    );
    view! { <p class="print-only print-date">{move || format!("{} {date}", state.lang.get().pick("In ngày", "Printed on"))}</p> }
}

/// A print button's handler: the browser's print dialog. A plain
/// `fn(MouseEvent)`, the page's one handler type for such buttons.
pub const PRINT: fn(web_sys::MouseEvent) = |_| {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
};

/// The link back to the overview, in the current language.
#[component]
pub fn BackLink() -> impl IntoView {
    view! {
        <RouteLink page=Page::Overview class="back">
            {said("← Tổng quan", "← Overview")}
        </RouteLink>
    }
}
