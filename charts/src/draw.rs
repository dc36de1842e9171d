//! How to draw: the [`Theme`], the colours, and [`draw`], which hands a chart
//! to its kind's drawing function in [`crate::kind`]. Generic over plotters'
//! `DrawingBackend`: canvas in the browser, SVG for tests and export.

use chitieu_core::text::Lang;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::kind::{achievement, cumulative, distribution, floor, plan, ranking};
use crate::parts::Res;
use crate::spec::Chart;

/// How to draw: pixel scale (device pixels per CSS pixel, times zoom),
/// language of the labels, and the high-contrast projector look.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub scale: f64,
    pub lang: Lang,
    pub projector: bool,
}

impl Theme {
    pub fn new(scale: f64, lang: Lang) -> Theme {
        Theme {
            scale: if scale.is_finite() && scale > 0.0 {
                scale.min(8.0)
            } else {
                1.0
            },
            lang,
            projector: false,
        }
    }

    /// The theme for a drawing of `w` × `h` pixels: text and lines grow
    /// with the space, from 0,85× on a phone to 1,5× on a full-screen slide
    /// (800 × 480 CSS pixels is 1×).
    pub(crate) fn fitted(&self, (w, h): (u32, u32)) -> Theme {
        let fit = (f64::from(w) / self.scale / 800.0)
            .min(f64::from(h) / self.scale / 480.0)
            .clamp(0.85, 1.5);
        Theme {
            scale: self.scale * fit,
            ..*self
        }
    }

    pub(crate) fn k(&self) -> f64 {
        self.scale * if self.projector { 1.5 } else { 1.0 }
    }

    pub(crate) fn px(&self, v: f64) -> u32 {
        (v * self.k()).round().max(1.0) as u32
    }

    /// The sans-serif face at `size` (unscaled), for text drawn around a
    /// chart too; the caller gives the colour.
    pub fn font(&self, size: f64) -> TextStyle<'static> {
        // Built from its parts: the family named by string is matched at
        // run time, 2 KB of the page's code.
        TextStyle::from(FontDesc::new(
            FontFamily::SansSerif,
            size * self.k(),
            FontStyle::Normal,
        ))
    }

    pub(crate) fn stroke(&self, color: RGBColor, width: f64) -> ShapeStyle {
        let extra = if self.projector { 1.5 } else { 1.0 };
        ShapeStyle {
            color: color.to_rgba(),
            filled: false,
            stroke_width: self.px(width * extra),
        }
    }
}

pub(crate) const INK: RGBColor = RGBColor(27, 27, 27);
pub(crate) const GRID: RGBColor = RGBColor(215, 215, 215);
pub(crate) const BAR: RGBColor = RGBColor(45, 85, 145);
pub(crate) const BAR_PARTIAL: RGBColor = RGBColor(140, 168, 210);
pub(crate) const RUNNING: RGBColor = RGBColor(139, 26, 26);
pub(crate) const TARGETS: [RGBColor; 3] = [
    RGBColor(20, 20, 20),
    RGBColor(95, 60, 130),
    RGBColor(0, 110, 110),
];
pub(crate) const PACE: RGBColor = RGBColor(176, 88, 0);
pub(crate) const PROJECTION: RGBColor = RGBColor(100, 100, 100);
pub(crate) const PASS: RGBColor = RGBColor(46, 125, 50);
pub(crate) const FAIL: RGBColor = RGBColor(179, 20, 27);
/// The target band of a distribution: from the target to 100%.
pub(crate) const BAND: RGBColor = RGBColor(226, 240, 226);
pub(crate) const PENDING: RGBColor = RGBColor(150, 150, 150);
/// Shades of one hue for the categories a target adds up, then greys.
pub(crate) const SHADES: [RGBColor; 4] = [
    RGBColor(28, 64, 124),
    RGBColor(70, 118, 186),
    RGBColor(140, 175, 222),
    RGBColor(200, 218, 242),
];
pub(crate) const GREYS: [RGBColor; 4] = [
    RGBColor(205, 205, 205),
    RGBColor(170, 170, 170),
    RGBColor(235, 235, 235),
    RGBColor(135, 135, 135),
];

/// Draws a chart on the whole area.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart,
    theme: &Theme,
) -> Res<DB> {
    root.fill(&WHITE)?;
    let theme = &theme.fitted(root.dim_in_pixel());
    match chart {
        Chart::Cumulative(c) => cumulative::draw(root, c, theme)?,
        Chart::Floor(c) => floor::draw(root, c, theme)?,
        Chart::Plan(c) => plan::draw(root, c, theme)?,
        Chart::Distribution(c) => distribution::draw(root, c, theme)?,
        Chart::Ranking(c) => ranking::draw(root, c, theme)?,
        Chart::Achievement(c) => achievement::draw(root, c, theme)?,
    }
    root.present()
}
