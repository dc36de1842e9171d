//! chitieu-charts: what to draw for an indicator and how, generic over
//! plotters' `DrawingBackend`. It knows nothing of Leptos or the browser: the
//! app hands it a canvas backend, tests and exports an SVG one.
//!
//! One file per chart kind, as plotters' own `series`:
//! - [`spec`]: the [`spec::Chart`] enum, the parts several kinds share
//!   ([`spec::Bar`], [`spec::Line`]), and [`spec::chart_for`] /
//!   [`spec::unit_charts`], which choose the kind and call its builder.
//! - [`draw`]: the [`draw::Theme`], the colours, and [`draw::draw`], which
//!   calls the kind's drawing function.
//! - [`kind`]: one module per kind (`cumulative`, `floor`, `plan`,
//!   `distribution`, `ranking`, `achievement`), each with the kind's spec
//!   struct, its builder from the core's evaluation and its drawing.
//! - `parts`: the drawing parts the kinds share: the frame (wrapped title,
//!   unit, legend beside or below), column and row plots, lines with their
//!   figures at their end, and the placer that keeps labels apart.
//!
//! What each kind must let a reader see in two seconds is written in
//! `charts/README.md`; `tests/geometry.rs` checks it on the drawing.
//!
//! [`to_svg`] draws a chart to an SVG document.

pub mod draw;
pub mod kind;
mod parts;
pub mod spec;

/// Draws a chart to an SVG document of the given size.
pub fn to_svg(chart: &spec::Chart, theme: &draw::Theme, width: u32, height: u32) -> String {
    let mut out = String::new();
    {
        let backend = plotters::prelude::SVGBackend::with_string(&mut out, (width, height));
        let root = plotters::prelude::IntoDrawingArea::into_drawing_area(backend);
        // Drawing into a string cannot fail for I/O; a failure leaves the SVG partial.
        let _ = draw::draw(&root, chart, theme);
    }
    out
}
