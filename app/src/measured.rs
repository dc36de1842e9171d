//! The one plotters backend the app draws on: a `<canvas>` or an SVG string,
//! with text measured by the canvas' own `measureText`.
//!
//! Written here rather than taken from `plotters-canvas` and plotters'
//! `SVGBackend` for two reasons:
//! - In the browser, plotters measures text by inserting a `<span style="…">`
//!   into the page, which a strict Content-Security-Policy (`style-src 'self'`,
//!   no `unsafe-inline`) refuses. Here the size comes from a canvas: nothing is
//!   added to the page and no style attribute is written.
//! - Both of those backends print colours' opacity and font sizes with `f64`'s
//!   `Display`, which brings 11 KB of float formatting into the page. Here every
//!   number is written as an integer (opacity in thousandths, sizes in tenths of
//!   a pixel), and one type serves both targets, so the charts code is compiled
//!   into the bundle once.

use plotters::prelude::DrawingBackend;
use plotters_backend::{
    text_anchor::{HPos, VPos},
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontStyle,
    FontTransform,
};
use std::fmt::Write;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d as Context;

/// How an SVG document written here ends; a band reopens it there.
const SVG_END: &str = "</svg>\n";

/// Where the drawing goes.
enum Target<'a> {
    /// A `<canvas>` on the page or offscreen (PNG export).
    Canvas,
    /// An SVG document written into a string (closed when the backend is dropped).
    Svg(&'a mut String),
}

/// A drawing error, as text.
#[derive(Debug)]
pub struct DrawError(String);

impl std::fmt::Display for DrawError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DrawError {}

type Drawn = Result<(), DrawingErrorKind<DrawError>>;

fn failed(e: wasm_bindgen::JsValue) -> DrawingErrorKind<DrawError> {
    DrawingErrorKind::DrawingError(DrawError(format!("{e:?}")))
}

/// A canvas or SVG backend whose text sizes come from `CanvasRenderingContext2D.measureText`.
pub struct Measured<'a> {
    target: Target<'a>,
    size: (u32, u32),
    /// The canvas' own context, or a detached canvas' for measuring SVG text.
    ctx: Context,
    /// What an SVG document ends with when the backend is dropped.
    close: &'static str,
    /// The canvas state last set, so that an unchanged colour, width or
    /// font is not set again (each is a call into the browser, and the
    /// first chart waits for some 1.300 of them).
    pen: std::cell::RefCell<Pen>,
}

/// A colour as compared here: its red, green and blue, and its opacity in thousandths.
type Colour = ((u8, u8, u8), u32);

fn colour(c: BackendColor) -> Colour {
    (c.rgb, (c.alpha.clamp(0.0, 1.0) * 1000.0).round() as u32)
}

/// A canvas context's drawing state as last set here (`None`: not yet).
#[derive(Default)]
struct Pen {
    fill: Option<Colour>,
    stroke: Option<Colour>,
    width: Option<u32>,
    font: String,
    align: &'static str,
    baseline: &'static str,
}

fn context_of(canvas: &web_sys::HtmlCanvasElement) -> Option<Context> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

impl<'a> Measured<'a> {
    /// Draws on a canvas element, at its pixel size.
    pub fn canvas(canvas: web_sys::HtmlCanvasElement) -> Option<Self> {
        let ctx = context_of(&canvas)?;
        let size = (canvas.width(), canvas.height());
        Some(Measured {
            target: Target::Canvas,
            size,
            ctx,
            close: "",
            pen: Default::default(),
        })
    }

    /// Writes an SVG document of `size` pixels into `out`.
    pub fn svg(out: &'a mut String, size: (u32, u32)) -> Option<Self> {
        let (w, h) = size;
        let _ = writeln!(
            out,
            r#"<svg width="{w}" height="{h}" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg">"#
        );
        Self::svg_part(out, size, SVG_END)
    }

    fn svg_part(out: &'a mut String, size: (u32, u32), close: &'static str) -> Option<Self> {
        let doc = web_sys::window()?.document()?;
        let canvas: web_sys::HtmlCanvasElement =
            doc.create_element("canvas").ok()?.dyn_into().ok()?;
        let ctx = context_of(&canvas)?;
        Some(Measured {
            target: Target::Svg(out),
            size,
            ctx,
            close,
            pen: Default::default(),
        })
    }

    /// The band `top..top + height` of a canvas already drawn on, as a
    /// backend whose origin is the band's top left corner. The charts place
    /// text and marks by backend coordinates, which a plotters sub-area
    /// would not shift: a chart under a frame's heading (the PNG export) is
    /// drawn in a band instead.
    pub fn canvas_band(canvas: web_sys::HtmlCanvasElement, top: u32, height: u32) -> Option<Self> {
        let mut band = Self::canvas(canvas)?;
        let _ = band.ctx.translate(0.0, f64::from(top));
        band.size.1 = height;
        Some(band)
    }

    /// The band `top..top + height` of the SVG document closed in `out`
    /// (the SVG export's frame), reopened as a group moved down by `top`.
    pub fn svg_band(out: &'a mut String, top: u32, size: (u32, u32)) -> Option<Self> {
        let closed = out.len().saturating_sub(SVG_END.len());
        out.truncate(closed);
        let _ = writeln!(out, r#"<g transform="translate(0 {top})">"#);
        Self::svg_part(out, size, "</g>\n</svg>\n")
    }
}

impl Drop for Measured<'_> {
    fn drop(&mut self) {
        if let Target::Svg(out) = &mut self.target {
            out.push_str(self.close);
        }
    }
}

/// Opacity `0..=1` in thousandths, written without float formatting: `0.35`, `1`.
fn opacity(alpha: f64) -> String {
    let t = (alpha.clamp(0.0, 1.0) * 1000.0).round() as u32;
    if t >= 1000 {
        "1".into()
    } else if t == 0 {
        "0".into()
    } else {
        format!("0.{:03}", t).trim_end_matches('0').into()
    }
}

/// A length in tenths of a pixel, written without float formatting: `13.5`, `12`.
fn tenths(px: f64) -> String {
    let t = (px.max(0.0) * 10.0).round() as u32;
    match t % 10 {
        0 => format!("{}", t / 10),
        d => format!("{}.{d}", t / 10),
    }
}

fn canvas_colour(c: BackendColor) -> String {
    let (r, g, b) = c.rgb;
    format!("rgba({r},{g},{b},{})", opacity(c.alpha))
}

/// An SVG paint attribute and its opacity: `fill="#1F77B4" fill-opacity="0.35"`.
fn paint(attr: &str, c: BackendColor) -> String {
    let (r, g, b) = c.rgb;
    format!(
        r##"{attr}="#{r:02X}{g:02X}{b:02X}" {attr}-opacity="{}""##,
        opacity(c.alpha)
    )
}

fn points(path: &[BackendCoord]) -> String {
    path.iter().fold(String::new(), |mut s, (x, y)| {
        let _ = write!(s, "{x},{y} ");
        s
    })
}

fn font(style: &impl BackendTextStyle) -> String {
    format!(
        "{} {}px {}",
        style.style().as_str(),
        tenths(style.size()),
        style.family().as_str()
    )
}

impl Measured<'_> {
    fn stroke_style(&self, style: &impl BackendStyle) {
        let mut pen = self.pen.borrow_mut();
        let (c, w) = (style.color(), style.stroke_width());
        if pen.stroke != Some(colour(c)) {
            self.ctx.set_stroke_style_str(&canvas_colour(c));
            pen.stroke = Some(colour(c));
        }
        if pen.width != Some(w) {
            self.ctx.set_line_width(f64::from(w));
            pen.width = Some(w);
        }
    }

    fn fill_style(&self, c: BackendColor) {
        let mut pen = self.pen.borrow_mut();
        if pen.fill != Some(colour(c)) {
            self.ctx.set_fill_style_str(&canvas_colour(c));
            pen.fill = Some(colour(c));
        }
    }

    fn set_font(&self, style: &impl BackendTextStyle) {
        let font = font(style);
        let mut pen = self.pen.borrow_mut();
        if pen.font != font {
            self.ctx.set_font(&font);
            pen.font = font;
        }
    }

    /// Pushes one SVG element, if this is the SVG target.
    fn element(&mut self, text: std::fmt::Arguments) {
        if let Target::Svg(out) = &mut self.target {
            let _ = out.write_fmt(text);
            out.push('\n');
        }
    }

    /// A canvas path through `path`, closed and filled or stroked.
    fn canvas_path(&self, path: &[BackendCoord], close: bool) {
        self.ctx.begin_path();
        for (i, &(x, y)) in path.iter().enumerate() {
            let (x, y) = (f64::from(x), f64::from(y));
            if i == 0 {
                self.ctx.move_to(x, y);
            } else {
                self.ctx.line_to(x, y);
            }
        }
        if close {
            self.ctx.close_path();
            self.ctx.fill();
        } else {
            self.ctx.stroke();
        }
    }

    fn canvas_text(
        &self,
        text: &str,
        style: &impl BackendTextStyle,
        (x, y): BackendCoord,
    ) -> Drawn {
        let turn = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 0.5,
            FontTransform::Rotate180 => 1.0,
            FontTransform::Rotate270 => 1.5,
        };
        let (x, y) = (f64::from(x), f64::from(y));
        let baseline = match style.anchor().v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        };
        let align = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        };
        if turn != 0.0 {
            // Turned text: drawn inside save/restore, which puts every
            // setting back as the pen remembers it.
            self.ctx.save();
            self.ctx.translate(x, y).map_err(failed)?;
            self.ctx
                .rotate(turn * std::f64::consts::PI)
                .map_err(failed)?;
            self.ctx.set_text_baseline(baseline);
            self.ctx.set_text_align(align);
            self.ctx.set_fill_style_str(&canvas_colour(style.color()));
            self.ctx.set_font(&font(style));
            let drawn = self.ctx.fill_text(text, 0.0, 0.0).map_err(failed);
            self.ctx.restore();
            return drawn;
        }
        {
            let mut pen = self.pen.borrow_mut();
            if pen.baseline != baseline {
                self.ctx.set_text_baseline(baseline);
                pen.baseline = baseline;
            }
            if pen.align != align {
                self.ctx.set_text_align(align);
                pen.align = align;
            }
        }
        self.fill_style(style.color());
        self.set_font(style);
        self.ctx.fill_text(text, x, y).map_err(failed)
    }

    fn svg_text(&mut self, text: &str, style: &impl BackendTextStyle, (x, y): BackendCoord) {
        let anchor = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "middle",
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => "0.76em",
            VPos::Center => "0.5ex",
            VPos::Bottom => "-0.5ex",
        };
        let weight = match style.style() {
            FontStyle::Bold => r#" font-weight="bold""#,
            FontStyle::Italic | FontStyle::Oblique => r#" font-style="italic""#,
            FontStyle::Normal => "",
        };
        let turn = match style.transform() {
            FontTransform::None => 0,
            FontTransform::Rotate90 => 90,
            FontTransform::Rotate180 => 180,
            FontTransform::Rotate270 => 270,
        };
        let rotate = if turn == 0 {
            String::new()
        } else {
            format!(r#" transform="rotate({turn}, {x}, {y})""#)
        };
        let mut escaped = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '<' => escaped.push_str("&lt;"),
                '>' => escaped.push_str("&gt;"),
                '&' => escaped.push_str("&amp;"),
                '"' => escaped.push_str("&quot;"),
                c => escaped.push(c),
            }
        }
        self.element(format_args!(
            r#"<text x="{x}" y="{y}" dy="{dy}" text-anchor="{anchor}" font-family="{}" font-size="{}px"{weight}{rotate} {}>{escaped}</text>"#,
            style.family().as_str(),
            tenths(style.size()),
            paint("fill", style.color()),
        ));
    }
}

impl DrawingBackend for Measured<'_> {
    type ErrorType = DrawError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        Ok(())
    }

    fn draw_pixel(&mut self, (x, y): BackendCoord, color: BackendColor) -> Drawn {
        self.draw_rect(
            (x, y),
            (x.saturating_add(1), y.saturating_add(1)),
            &color,
            true,
        )
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        match self.target {
            Target::Canvas => {
                // Horizontal and vertical lines sit on the pixel grid, not between two rows.
                let half = |same: bool| if same { 0.5 } else { 0.0 };
                let (dx, dy) = (half(from.0 == to.0), half(from.1 == to.1));
                self.stroke_style(style);
                self.ctx.begin_path();
                self.ctx
                    .move_to(f64::from(from.0) - dx, f64::from(from.1) - dy);
                self.ctx.line_to(f64::from(to.0) - dx, f64::from(to.1) - dy);
                self.ctx.stroke();
            }
            Target::Svg(_) => self.element(format_args!(
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke-width="{}" {}/>"#,
                from.0,
                from.1,
                to.0,
                to.1,
                style.stroke_width(),
                paint("stroke", style.color())
            )),
        }
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (w, h) = (x1.saturating_sub(x0), y1.saturating_sub(y0));
        match (&self.target, fill) {
            (Target::Canvas, true) => {
                self.fill_style(style.color());
                self.ctx.fill_rect(f64::from(x0), f64::from(y0), f64::from(w), f64::from(h));
            }
            (Target::Canvas, false) => {
                self.stroke_style(style);
                self.ctx.stroke_rect(f64::from(x0), f64::from(y0), f64::from(w), f64::from(h));
            }
            (Target::Svg(_), true) => self.element(format_args!(
                r#"<rect x="{x0}" y="{y0}" width="{w}" height="{h}" {}/>"#,
                paint("fill", style.color())
            )),
            (Target::Svg(_), false) => self.element(format_args!(
                r#"<rect x="{x0}" y="{y0}" width="{w}" height="{h}" fill="none" stroke-width="{}" {}/>"#,
                style.stroke_width(),
                paint("stroke", style.color())
            )),
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let path: Vec<BackendCoord> = path.into_iter().collect();
        match self.target {
            Target::Canvas => {
                self.stroke_style(style);
                self.canvas_path(&path, false);
            }
            Target::Svg(_) => self.element(format_args!(
                r#"<polyline fill="none" points="{}" stroke-width="{}" {}/>"#,
                points(&path),
                style.stroke_width(),
                paint("stroke", style.color())
            )),
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let vert: Vec<BackendCoord> = vert.into_iter().collect();
        match self.target {
            Target::Canvas => {
                self.fill_style(style.color());
                self.canvas_path(&vert, true);
            }
            Target::Svg(_) => self.element(format_args!(
                r#"<polygon points="{}" {}/>"#,
                points(&vert),
                paint("fill", style.color())
            )),
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        (x, y): BackendCoord,
        r: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        match self.target {
            Target::Canvas => {
                if fill {
                    self.fill_style(style.color());
                } else {
                    self.stroke_style(style);
                }
                self.ctx.begin_path();
                self.ctx
                    .arc(
                        f64::from(x),
                        f64::from(y),
                        f64::from(r),
                        0.0,
                        std::f64::consts::TAU,
                    )
                    .map_err(failed)?;
                if fill {
                    self.ctx.fill();
                } else {
                    self.ctx.stroke();
                }
            }
            Target::Svg(_) => {
                let (paint, other) = if fill {
                    (paint("fill", style.color()), r#"stroke="none""#)
                } else {
                    (paint("stroke", style.color()), r#"fill="none""#)
                };
                self.element(format_args!(
                    r#"<circle cx="{x}" cy="{y}" r="{r}" {paint} {other} stroke-width="{}"/>"#,
                    style.stroke_width()
                ))
            }
        }
        Ok(())
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        match self.target {
            Target::Canvas => self.canvas_text(text, style, pos),
            Target::Svg(_) => {
                self.svg_text(text, style, pos);
                Ok(())
            }
        }
    }

    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> Result<(u32, u32), DrawingErrorKind<DrawError>> {
        let size = style.size();
        self.set_font(style);
        // If measuring fails, an estimate from the character count keeps the layout usable.
        let width = self
            .ctx
            .measure_text(text)
            .map(|m| m.width())
            .unwrap_or(text.chars().count() as f64 * size * 0.55);
        Ok((width.ceil().max(0.0) as u32, size.ceil().max(0.0) as u32))
    }

    fn blit_bitmap(&mut self, _pos: BackendCoord, _size: (u32, u32), _src: &[u8]) -> Drawn {
        // The charts draw no bitmaps.
        Ok(())
    }
}
