//! Any plotters backend with text measured by the canvas' own `measureText`.
//!
//! In the browser, plotters measures text by inserting a `<span style="…">`
//! into the page, which a strict Content-Security-Policy (`style-src 'self'`,
//! no `unsafe-inline`) refuses. This adapter delegates all drawing and answers
//! the size question from a detached canvas instead: nothing is added to the
//! page and no style attribute is written.
//!
//! It is also the one backend type the app draws on: the canvas and the SVG
//! export share it, so the charts code is compiled into the bundle once
//! rather than once per backend.

use plotters::prelude::{DrawingBackend, SVGBackend};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;

/// Where the drawing goes.
pub enum Target<'a> {
    /// A `<canvas>` on the page or offscreen (PNG export).
    Canvas(CanvasBackend),
    /// An SVG document in a string.
    Svg(SVGBackend<'a>),
}

/// A drawing error from either target, as text.
#[derive(Debug)]
pub struct DrawError(String);

impl std::fmt::Display for DrawError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DrawError {}

fn lift<E: std::error::Error + Send + Sync>(e: DrawingErrorKind<E>) -> DrawingErrorKind<DrawError> {
    match e {
        DrawingErrorKind::DrawingError(e) => {
            DrawingErrorKind::DrawingError(DrawError(e.to_string()))
        }
        DrawingErrorKind::FontError(f) => DrawingErrorKind::FontError(f),
    }
}

/// Calls the same method on whichever target it is.
macro_rules! each {
    ($self:ident, $b:ident => $call:expr) => {
        match &mut $self.inner {
            Target::Canvas($b) => $call.map_err(lift),
            Target::Svg($b) => $call.map_err(lift),
        }
    };
}

/// A canvas or SVG backend whose text sizes come from `CanvasRenderingContext2D.measureText`.
pub struct Measured<'a> {
    inner: Target<'a>,
    ctx: web_sys::CanvasRenderingContext2d,
}

impl<'a> Measured<'a> {
    pub fn new(inner: Target<'a>) -> Option<Self> {
        let doc = web_sys::window()?.document()?;
        let canvas: web_sys::HtmlCanvasElement =
            doc.create_element("canvas").ok()?.dyn_into().ok()?;
        let ctx = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        Some(Measured { inner, ctx })
    }

    /// Draws on a canvas element.
    pub fn canvas(canvas: web_sys::HtmlCanvasElement) -> Option<Self> {
        Measured::new(Target::Canvas(CanvasBackend::with_canvas_object(canvas)?))
    }
}

impl DrawingBackend for Measured<'_> {
    type ErrorType = DrawError;

    fn get_size(&self) -> (u32, u32) {
        match &self.inner {
            Target::Canvas(b) => b.get_size(),
            Target::Svg(b) => b.get_size(),
        }
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<DrawError>> {
        each!(self, b => b.ensure_prepared())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<DrawError>> {
        each!(self, b => b.present())
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<DrawError>> {
        each!(self, b => b.draw_pixel(point, color))
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<DrawError>> {
        each!(self, b => b.draw_line(from, to, style))
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<DrawError>> {
        each!(self, b => b.draw_rect(upper_left, bottom_right, style, fill))
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<DrawError>> {
        let path: Vec<BackendCoord> = path.into_iter().collect();
        each!(self, b => b.draw_path(path, style))
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<DrawError>> {
        each!(self, b => b.draw_circle(center, radius, style, fill))
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<DrawError>> {
        let vert: Vec<BackendCoord> = vert.into_iter().collect();
        each!(self, b => b.fill_polygon(vert, style))
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<DrawError>> {
        each!(self, b => b.draw_text(text, style, pos))
    }

    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> Result<(u32, u32), DrawingErrorKind<DrawError>> {
        let size = style.size();
        self.ctx.set_font(&format!(
            "{} {}px {}",
            style.style().as_str(),
            size,
            style.family().as_str()
        ));
        // If measuring fails, an estimate from the character count keeps the layout usable.
        let width = self
            .ctx
            .measure_text(text)
            .map(|m| m.width())
            .unwrap_or(text.chars().count() as f64 * size * 0.55);
        Ok((width.ceil().max(0.0) as u32, size.ceil().max(0.0) as u32))
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<DrawError>> {
        each!(self, b => b.blit_bitmap(pos, size, src))
    }
}
