//! Drawing parts shared by the chart kinds: the legend, the frame of a column
//! chart, columns and levels, axis ticks, row labels of horizontal charts.

use chitieu_core::text::Lang;
use chitieu_format::dec::Dec;
use plotters::coord::ranged1d::{SegmentValue, SegmentedCoord};
use plotters::coord::types::RangedCoordi32;

use crate::axis::Axis;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

use crate::draw::{Theme, GRID};

pub(crate) type Res<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// How a legend entry is drawn.
#[derive(Clone, Copy)]
pub(crate) enum Swatch {
    Box(RGBColor),
    Line(RGBColor),
    Dashed(RGBColor),
}

/// Splits off a legend column on the right, clear of the data.
pub(crate) fn with_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: &Theme,
) -> (DrawingArea<DB, Shift>, DrawingArea<DB, Shift>) {
    let (w, _) = root.dim_in_pixel();
    let legend_w = (w * 30 / 100).min(t.px(300.0));
    root.split_horizontally(w.saturating_sub(legend_w))
}

/// Fits a legend entry into `max` characters, shortening its words and never
/// the figure after its last ": ", " ≥ " or " ≤ ".
fn fit_entry(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let split = [": ", " ≥ ", " ≤ "]
        .iter()
        .filter_map(|sep| text.rfind(sep).map(|i| (i, *sep)))
        .max_by_key(|(i, _)| *i);
    match split {
        Some((i, sep)) => {
            let (words, figure) = text.split_at(i);
            let figure = &figure[sep.len()..];
            let room = max
                .saturating_sub(figure.chars().count() + sep.chars().count())
                .max(6);
            format!("{}{sep}{figure}", shorten(words, room))
        }
        None => shorten(text, max),
    }
}

/// Draws legend entries top to bottom, each fitted to the column's width.
pub(crate) fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(String, Swatch)],
    t: &Theme,
) -> Res<DB> {
    let row = t.px(22.0) as i32;
    let x0 = t.px(8.0) as i32;
    let sw = t.px(16.0) as i32;
    let h = t.px(6.0) as i32;
    let (w, _) = area.dim_in_pixel();
    // Average glyph width of the sans-serif labels is about 0,55 of their size.
    let text_px = f64::from(w) - f64::from(x0 + sw) - 8.0 * t.k();
    let max_chars = ((text_px / (12.5 * t.k() * 0.55)).floor() as usize).max(8);
    let mut y = t.px(60.0) as i32;
    for (name, swatch) in entries {
        match *swatch {
            Swatch::Box(c) => {
                area.draw(&Rectangle::new([(x0, y - h), (x0 + sw, y + h)], c.filled()))?
            }
            Swatch::Line(c) => area.draw(&PathElement::new(
                vec![(x0, y), (x0 + sw, y)],
                t.stroke(c, 2.5),
            ))?,
            Swatch::Dashed(c) => {
                let d = t.px(4.0);
                area.draw(&DashedPathElement::new(
                    vec![(x0, y), (x0 + sw, y)],
                    d,
                    d,
                    t.stroke(c, 2.0),
                ))?
            }
        }
        area.draw(&Text::new(
            fit_entry(name, max_chars),
            (x0 + sw + t.px(8.0) as i32, y),
            t.font(12.5).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        y += row;
    }
    Ok(())
}

/// Pixel position of a figure; figures themselves are always shown from `Dec`.
pub(crate) fn f(d: Dec) -> f64 {
    d.0.to_f64().unwrap_or(0.0)
}

/// An axis tick (a position plotters chose, not a report figure) in the language's format.
pub(crate) fn tick(v: f64, lang: Lang) -> String {
    rust_decimal::Decimal::from_f64(v)
        .map(|d| lang.num(Dec(d).round_dp(2).normalize()))
        .unwrap_or_default()
}

pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// The axis maximum: the largest figure with room above it for labels and the legend.
pub(crate) fn top(values: impl IntoIterator<Item = Dec>) -> f64 {
    top_with(values, 1.18)
}

pub(crate) fn top_with(values: impl IntoIterator<Item = Dec>, room: f64) -> f64 {
    let m = values.into_iter().map(f).fold(0.0, f64::max);
    if m <= 0.0 {
        1.0
    } else {
        m * room
    }
}

/// A chart with one column per label, as [`Columns::draw`] returns it.
pub(crate) type ColumnChart<'a, DB> =
    ChartContext<'a, DB, Cartesian2d<SegmentedCoord<RangedCoordi32>, Axis>>;

/// How the value axis of a column chart prints its ticks.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Ticks {
    Number,
    /// With a "%" after the number.
    Percent,
}

/// The frame of a chart with one column per label: caption, axes, horizontal grid.
pub(crate) struct Columns<'a> {
    pub title: &'a str,
    pub labels: &'a [String],
    /// The value axis' description (the unit); empty for none.
    pub y_desc: &'a str,
    /// The top of the value axis.
    pub ymax: f64,
    /// Width of the value axis' label area, in unscaled pixels.
    pub y_area: f64,
    pub ticks: Ticks,
}

impl Columns<'_> {
    /// Draws the frame on `area` and returns the chart to draw the data in.
    pub(crate) fn draw<'a, DB: DrawingBackend>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
        t: &Theme,
    ) -> Result<ColumnChart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
        let labels = self.labels;
        let n = labels.len() as i32;
        let lang = t.lang;
        let mut chart = ChartBuilder::on(area)
            .caption(self.title, t.font(19.0))
            .margin(t.px(14.0))
            .x_label_area_size(t.px(34.0))
            .y_label_area_size(t.px(self.y_area))
            .build_cartesian_2d((0..(n - 1).max(0)).into_segmented(), Axis(0.0, self.ymax))?;
        let xfmt = |v: &SegmentValue<i32>| match v {
            SegmentValue::CenterOf(i) => labels.get(*i as usize).cloned().unwrap_or_default(),
            _ => String::new(),
        };
        let yfmt = |v: &f64| match self.ticks {
            Ticks::Percent => format!("{}%", tick(*v, lang)),
            Ticks::Number => tick(*v, lang),
        };
        let mut mesh = chart.configure_mesh();
        mesh.disable_x_mesh()
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .y_labels(6)
            .y_label_formatter(&yfmt)
            .x_labels(n as usize + 1)
            .x_label_formatter(&xfmt)
            .label_style(t.font(13.0));
        if !self.y_desc.is_empty() {
            mesh.y_desc(self.y_desc).axis_desc_style(t.font(13.0));
        }
        mesh.draw()?;
        Ok(chart)
    }
}

/// Column `i` from `from` to `to`, narrowed by `pad` pixels on each side.
pub(crate) fn column(
    i: usize,
    from: f64,
    to: f64,
    color: RGBColor,
    pad: u32,
) -> Rectangle<(SegmentValue<i32>, f64)> {
    let mut r = Rectangle::new(
        [
            (SegmentValue::Exact(i as i32), from),
            (SegmentValue::Exact(i as i32 + 1), to),
        ],
        color.filled(),
    );
    r.set_margin(0, 0, pad, pad);
    r
}

/// A horizontal line across all `n` columns at `value`: solid, or dashed with
/// dashes of `dash` (unscaled) pixels.
pub(crate) fn level<DB: DrawingBackend>(
    chart: &mut ColumnChart<'_, DB>,
    n: i32,
    value: Dec,
    color: RGBColor,
    width: f64,
    dash: Option<f64>,
    t: &Theme,
) -> Res<DB> {
    let pts = vec![
        (SegmentValue::Exact(0), f(value)),
        (SegmentValue::Exact(n), f(value)),
    ];
    let style = t.stroke(color, width);
    match dash {
        None => chart.draw_series(std::iter::once(PathElement::new(pts, style)))?,
        Some(d) => {
            let d = t.px(d);
            chart.draw_series(std::iter::once(DashedPathElement::new(pts, d, d, style)))?
        }
    };
    Ok(())
}

/// A figure printed just above a point.
macro_rules! value_label {
    ($text:expr, $at:expr, $t:expr, $size:expr) => {{
        use ::plotters::style::text_anchor::{HPos, Pos, VPos};
        ::plotters::element::EmptyElement::at($at)
            + ::plotters::element::Text::new(
                $text,
                (0, -($t.px(4.0) as i32)),
                $t.font($size).pos(Pos::new(HPos::Center, VPos::Bottom)),
            )
    }};
}
pub(crate) use value_label;

fn label_area(root_width: u32, rows: impl Iterator<Item = usize>, t: &Theme) -> u32 {
    let longest = rows.max().unwrap_or(10) as f64;
    let want = (longest * 6.8 * t.k()) as u32 + t.px(12.0);
    want.min(root_width * 45 / 100)
}

/// The row labels of a horizontal chart (ranking, achievement): names
/// shortened to `max` characters, and the width of the label area.
pub(crate) struct RowLabels {
    names: Vec<String>,
    pub area: u32,
}

impl RowLabels {
    pub(crate) fn new<'a, DB: DrawingBackend>(
        root: &DrawingArea<DB, Shift>,
        names: impl Iterator<Item = &'a String>,
        max: usize,
        t: &Theme,
    ) -> RowLabels {
        let names: Vec<String> = names.map(|name| shorten(name, max)).collect();
        let (w, _) = root.dim_in_pixel();
        let area = label_area(w, names.iter().map(|s| s.chars().count()), t);
        RowLabels { names, area }
    }

    /// The label of a row on the y axis; row 0 is drawn at the top.
    pub(crate) fn label(&self, v: &SegmentValue<i32>) -> String {
        let n = self.names.len() as i32;
        match v {
            SegmentValue::CenterOf(i) => self
                .names
                .get((n - 1 - *i) as usize)
                .cloned()
                .unwrap_or_default(),
            _ => String::new(),
        }
    }
}
