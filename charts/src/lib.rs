//! chitieu-charts: what to draw for an indicator ([`spec`]) and how ([`draw`]),
//! generic over plotters' `DrawingBackend`. It knows nothing of Leptos or the
//! browser: the app hands it a canvas backend, tests and exports an SVG one.

pub mod draw;
pub mod spec;

use draw::{draw, Theme};
use spec::Chart;

/// Draws a chart to an SVG document of the given size.
pub fn to_svg(chart: &Chart, theme: &Theme, width: u32, height: u32) -> String {
    let mut out = String::new();
    {
        let backend = plotters::prelude::SVGBackend::with_string(&mut out, (width, height));
        let root = plotters::prelude::IntoDrawingArea::into_drawing_area(backend);
        // Drawing into a string cannot fail for I/O; a failure leaves the SVG partial.
        let _ = draw(&root, chart, theme);
    }
    out
}
