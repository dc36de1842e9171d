//! Drawing, one function per chart kind, generic over plotters' `DrawingBackend`:
//! canvas in the browser, SVG for tests and export.

use chitieu_core::compute::PeriodOutcome;
use chitieu_core::compute::Status;
use chitieu_core::text::Lang;
use chitieu_format::dec::Dec;
use plotters::coord::ranged1d::{SegmentValue, SegmentedCoord};
use plotters::coord::types::{RangedCoordf64, RangedCoordi32};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

use crate::spec::*;

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

    fn k(&self) -> f64 {
        self.scale * if self.projector { 1.5 } else { 1.0 }
    }

    fn px(&self, v: f64) -> u32 {
        (v * self.k()).round().max(1.0) as u32
    }

    fn font(&self, size: f64) -> TextStyle<'static> {
        ("sans-serif", size * self.k()).into_font().color(&INK)
    }

    fn stroke(&self, color: RGBColor, width: f64) -> ShapeStyle {
        let extra = if self.projector { 1.5 } else { 1.0 };
        ShapeStyle {
            color: color.to_rgba(),
            filled: false,
            stroke_width: self.px(width * extra),
        }
    }
}

const INK: RGBColor = RGBColor(27, 27, 27);
const GRID: RGBColor = RGBColor(215, 215, 215);
const BAR: RGBColor = RGBColor(45, 85, 145);
const BAR_PARTIAL: RGBColor = RGBColor(140, 168, 210);
const RUNNING: RGBColor = RGBColor(139, 26, 26);
const TARGETS: [RGBColor; 3] = [
    RGBColor(20, 20, 20),
    RGBColor(95, 60, 130),
    RGBColor(0, 110, 110),
];
const PACE: RGBColor = RGBColor(176, 88, 0);
const PROJECTION: RGBColor = RGBColor(100, 100, 100);
const PASS: RGBColor = RGBColor(46, 125, 50);
const FAIL: RGBColor = RGBColor(179, 20, 27);
const PENDING: RGBColor = RGBColor(150, 150, 150);
/// Shades of one hue for the categories a target adds up, then greys.
const SHADES: [RGBColor; 4] = [
    RGBColor(28, 64, 124),
    RGBColor(70, 118, 186),
    RGBColor(140, 175, 222),
    RGBColor(200, 218, 242),
];
const GREYS: [RGBColor; 4] = [
    RGBColor(205, 205, 205),
    RGBColor(170, 170, 170),
    RGBColor(235, 235, 235),
    RGBColor(135, 135, 135),
];

type Res<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// How a legend entry is drawn.
#[derive(Clone, Copy)]
enum Swatch {
    Box(RGBColor),
    Line(RGBColor),
    Dashed(RGBColor),
}

/// Splits off a legend column on the right, clear of the data.
fn with_legend<DB: DrawingBackend>(
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
fn legend<DB: DrawingBackend>(
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
                    vec![(x0, y), (x0 + sw, y)].into_iter(),
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
fn f(d: Dec) -> f64 {
    d.0.to_f64().unwrap_or(0.0)
}

/// An axis tick (a position plotters chose, not a report figure) in the language's format.
fn tick(v: f64, lang: Lang) -> String {
    rust_decimal::Decimal::from_f64(v)
        .map(|d| lang.num(Dec(d).round_dp(2).normalize()))
        .unwrap_or_default()
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// The axis maximum: the largest figure with room above it for labels and the legend.
fn top(values: impl IntoIterator<Item = Dec>) -> f64 {
    top_with(values, 1.18)
}

fn top_with(values: impl IntoIterator<Item = Dec>, room: f64) -> f64 {
    let m = values.into_iter().map(f).fold(0.0, f64::max);
    if m <= 0.0 {
        1.0
    } else {
        m * room
    }
}

type Columns<'a, DB> =
    ChartContext<'a, DB, Cartesian2d<SegmentedCoord<RangedCoordi32>, RangedCoordf64>>;

/// The frame of a chart with one column per label: caption, axes, horizontal grid.
#[allow(clippy::too_many_arguments)]
fn columns<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    title: &str,
    labels: &[String],
    y_desc: &str,
    ymax: f64,
    y_area: f64,
    percent: bool,
    t: &Theme,
) -> Result<Columns<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let n = labels.len() as i32;
    let lang = t.lang;
    let mut chart = ChartBuilder::on(area)
        .caption(title, t.font(19.0))
        .margin(t.px(14.0))
        .x_label_area_size(t.px(34.0))
        .y_label_area_size(t.px(y_area))
        .build_cartesian_2d((0..(n - 1).max(0)).into_segmented(), 0f64..ymax)?;
    let xfmt = |v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(i) => labels.get(*i as usize).cloned().unwrap_or_default(),
        _ => String::new(),
    };
    let yfmt = |v: &f64| {
        if percent {
            format!("{}%", tick(*v, lang))
        } else {
            tick(*v, lang)
        }
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
    if !y_desc.is_empty() {
        mesh.y_desc(y_desc).axis_desc_style(t.font(13.0));
    }
    mesh.draw()?;
    Ok(chart)
}

/// Column `i` from `from` to `to`, narrowed by `pad` pixels on each side.
fn column(
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
fn level<DB: DrawingBackend>(
    chart: &mut Columns<'_, DB>,
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
            chart.draw_series(std::iter::once(DashedPathElement::new(
                pts.into_iter(),
                d,
                d,
                style,
            )))?
        }
    };
    Ok(())
}

/// Draws a chart on the whole area.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart,
    theme: &Theme,
) -> Res<DB> {
    root.fill(&WHITE)?;
    match chart {
        Chart::Cumulative(c) => cumulative(root, c, theme)?,
        Chart::Floor(c) => floor(root, c, theme)?,
        Chart::Plan(c) => plan(root, c, theme)?,
        Chart::Distribution(c) => distribution(root, c, theme)?,
        Chart::Ranking(c) => ranking(root, c, theme)?,
        Chart::Achievement(c) => achievement(root, c, theme)?,
    }
    root.present()
}

/// A figure printed just above a point.
macro_rules! value_label {
    ($text:expr, $at:expr, $t:expr, $size:expr) => {
        EmptyElement::at($at)
            + Text::new(
                $text,
                (0, -($t.px(4.0) as i32)),
                $t.font($size).pos(Pos::new(HPos::Center, VPos::Bottom)),
            )
    };
}

/// Counts accumulated against a term target: bars per period, the running
/// total, a line per target, the even-pace line and the projection.
pub fn cumulative<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Cumulative,
    t: &Theme,
) -> Res<DB> {
    let lang = t.lang;
    let n = c.bars.len() as i32 + 1;
    let ymax = top_with(
        c.targets
            .iter()
            .map(|l| l.value)
            .chain(c.running.iter().copied())
            .chain(c.projection.iter().map(|p| p.value)),
        1.55,
    );
    let mut labels: Vec<String> = c.bars.iter().map(|b| b.label.clone()).collect();
    labels.push(c.end_label.clone());
    let (plot_area, legend_area) = with_legend(root, t);
    let mut entries: Vec<(String, Swatch)> = Vec::new();
    let mut chart = columns(&plot_area, &c.title, &labels, &c.unit, ymax, 62.0, false, t)?;
    let pad = t.px(14.0);
    let bar_label = lang.pick("Số thực hiện trong kỳ", "Done in the period");
    chart.draw_series(c.bars.iter().enumerate().map(|(i, b)| {
        let color = if b.partial { BAR_PARTIAL } else { BAR };
        column(i, 0.0, f(b.value), color, pad)
    }))?;
    entries.push(((bar_label).to_string(), Swatch::Box(BAR)));
    chart.draw_series(c.bars.iter().enumerate().map(|(i, b)| {
        value_label!(
            lang.num(b.value),
            (SegmentValue::CenterOf(i as i32), f(b.value)),
            t,
            13.0
        )
    }))?;
    if c.bars.iter().any(|b| b.partial) {
        chart.draw_series(std::iter::empty::<Rectangle<(SegmentValue<i32>, f64)>>())?;
        entries.push((
            (lang.pick("Kỳ chưa trọn năm", "Part-year period")).to_string(),
            Swatch::Box(BAR_PARTIAL),
        ));
    }
    for (i, l) in c.targets.iter().enumerate() {
        let color = TARGETS[i % TARGETS.len()];
        level(&mut chart, n, l.value, color, 2.0, None, t)?;
        entries.push((
            format!("{}: {}", shorten(&l.label, 34), lang.num(l.value)),
            Swatch::Line(color),
        ));
    }
    let last = c.bars.len() as i32 - 1;
    if !c.pace.is_empty() {
        let mut pts: Vec<(SegmentValue<i32>, f64)> = c
            .pace
            .iter()
            .enumerate()
            .map(|(i, v)| (SegmentValue::CenterOf(i as i32), f(*v)))
            .collect();
        if let Some(first) = c.targets.first() {
            pts.push((SegmentValue::CenterOf(n - 1), f(first.value)));
        }
        let style = t.stroke(PACE, 2.0);
        let dash = t.px(7.0);
        chart.draw_series(std::iter::once(DashedPathElement::new(
            pts.into_iter(),
            dash,
            dash,
            style,
        )))?;
        entries.push((
            lang.pick("Tiến độ đều theo thời gian", "Even pace over time")
                .to_string(),
            Swatch::Dashed(PACE),
        ));
    }
    let running: Vec<(SegmentValue<i32>, f64)> = c
        .running
        .iter()
        .enumerate()
        .map(|(i, v)| (SegmentValue::CenterOf(i as i32), f(*v)))
        .collect();
    let rstyle = t.stroke(RUNNING, 3.0);
    chart.draw_series(std::iter::once(PathElement::new(running.clone(), rstyle)))?;
    entries.push((
        lang.pick("Lũy kế", "Running total").to_string(),
        Swatch::Line(RUNNING),
    ));
    chart.draw_series(
        running
            .iter()
            .map(|p| Circle::new(p.clone(), t.px(4.5), RUNNING.filled())),
    )?;
    // The first running total is the first bar's figure, already printed.
    chart.draw_series(c.running.iter().enumerate().skip(1).map(|(i, v)| {
        value_label!(
            lang.num(*v),
            (SegmentValue::CenterOf(i as i32), f(*v)),
            t,
            13.0
        )
    }))?;
    if let (Some(p), Some(from)) = (&c.projection, c.running.last()) {
        let style = t.stroke(PROJECTION, 2.0);
        let dash = t.px(4.0);
        let pts = vec![
            (SegmentValue::CenterOf(last), f(*from)),
            (SegmentValue::CenterOf(n - 1), f(p.value)),
        ];
        chart.draw_series(std::iter::once(DashedPathElement::new(
            pts.into_iter(),
            dash,
            dash,
            style,
        )))?;
        entries.push((
            format!("{}: {}", p.label, lang.num(p.value)),
            Swatch::Dashed(PROJECTION),
        ));
        chart.draw_series(std::iter::once(Circle::new(
            (SegmentValue::CenterOf(n - 1), f(p.value)),
            t.px(4.5),
            PROJECTION.filled(),
        )))?;
    }
    legend(&legend_area, &entries, t)?;
    Ok(())
}

/// A rate per period against the floor every period must meet.
pub fn floor<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &Floor, t: &Theme) -> Res<DB> {
    let lang = t.lang;
    let n = c.bars.len() as i32;
    let ymax = top(c
        .bars
        .iter()
        .map(|(b, _)| b.value)
        .chain(std::iter::once(c.floor.value)));
    let labels: Vec<String> = c.bars.iter().map(|(b, _)| b.label.clone()).collect();
    let (plot_area, legend_area) = with_legend(root, t);
    let mut entries: Vec<(String, Swatch)> = Vec::new();
    let mut chart = columns(&plot_area, &c.title, &labels, &c.unit, ymax, 62.0, false, t)?;
    let pad = t.px(18.0);
    for (outcome, color, vi, en) in [
        (PeriodOutcome::Pass, PASS, "Đạt", "Met"),
        (PeriodOutcome::Fail, FAIL, "Không đạt", "Missed"),
        (
            PeriodOutcome::Pending,
            PENDING,
            "Kỳ chưa trọn năm, chưa đánh giá",
            "Part-year, not judged yet",
        ),
    ] {
        if !c.bars.iter().any(|(_, o)| *o == outcome) {
            continue;
        }
        chart.draw_series(
            c.bars
                .iter()
                .enumerate()
                .filter(|(_, (_, o))| *o == outcome)
                .map(|(i, (b, _))| column(i, 0.0, f(b.value), color, pad)),
        )?;
        entries.push(((lang.pick(vi, en)).to_string(), Swatch::Box(color)));
    }
    chart.draw_series(c.bars.iter().enumerate().map(|(i, (b, o))| {
        let mark = match o {
            PeriodOutcome::Pass => "✓",
            PeriodOutcome::Fail => "✗",
            PeriodOutcome::Pending => "…",
        };
        value_label!(
            format!("{} {mark}", lang.num(b.value)),
            (SegmentValue::CenterOf(i as i32), f(b.value)),
            t,
            13.0
        )
    }))?;
    let cmp = if c.lower_is_better { "≤" } else { "≥" };
    level(&mut chart, n, c.floor.value, FAIL, 2.5, None, t)?;
    entries.push((
        format!(
            "{} {cmp} {}",
            shorten(&c.floor.label, 34),
            lang.pct(c.floor.value)
        ),
        Swatch::Line(FAIL),
    ));
    if let Some(o) = &c.overall {
        level(&mut chart, n, o.value, INK, 1.5, Some(6.0), t)?;
        entries.push((
            format!("{}: {}", o.label, lang.pct(o.value)),
            Swatch::Dashed(INK),
        ));
    }
    legend(&legend_area, &entries, t)?;
    Ok(())
}

/// Money (or any flow) per period against the plan and the pace it asks for.
pub fn plan<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &Plan, t: &Theme) -> Res<DB> {
    let lang = t.lang;
    let n = c.bars.len() as i32;
    let ymax = top_with(
        c.bars
            .iter()
            .map(|b| b.value)
            .chain(c.plan.iter().map(|l| l.value))
            .chain(c.expected.iter().map(|l| l.value)),
        1.45,
    );
    let labels: Vec<String> = c.bars.iter().map(|b| b.label.clone()).collect();
    let (plot_area, legend_area) = with_legend(root, t);
    let mut entries: Vec<(String, Swatch)> = Vec::new();
    let mut chart = columns(&plot_area, &c.title, &labels, &c.unit, ymax, 72.0, false, t)?;
    let pad = t.px(24.0);
    chart.draw_series(c.bars.iter().enumerate().map(|(i, b)| {
        let color = if b.partial { BAR_PARTIAL } else { BAR };
        column(i, 0.0, f(b.value), color, pad)
    }))?;
    entries.push((
        (lang.pick("Thực hiện", "Actual")).to_string(),
        Swatch::Box(BAR),
    ));
    chart.draw_series(c.bars.iter().enumerate().map(|(i, b)| {
        value_label!(
            lang.num(b.value),
            (SegmentValue::CenterOf(i as i32), f(b.value)),
            t,
            14.0
        )
    }))?;
    chart.draw_series(c.bars.iter().enumerate().filter_map(|(i, b)| {
        let note = b.note.clone()?;
        Some(
            EmptyElement::at((SegmentValue::CenterOf(i as i32), f(b.value)))
                + Text::new(
                    note,
                    (0, -(t.px(22.0) as i32)),
                    t.font(12.0).pos(Pos::new(HPos::Center, VPos::Bottom)),
                ),
        )
    }))?;
    if let Some(p) = &c.plan {
        level(&mut chart, n, p.value, INK, 2.5, None, t)?;
        entries.push((
            format!("{}: {}", p.label, lang.num(p.value)),
            Swatch::Line(INK),
        ));
    }
    if let Some(e) = &c.expected {
        level(&mut chart, n, e.value, PACE, 2.0, Some(7.0), t)?;
        entries.push((
            format!("{}: {}", e.label, lang.num(e.value)),
            Swatch::Dashed(PACE),
        ));
    }
    legend(&legend_area, &entries, t)?;
    Ok(())
}

/// Shares of categories per period as 100% stacked bars, with the target band.
pub fn distribution<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Distribution,
    t: &Theme,
) -> Res<DB> {
    let lang = t.lang;
    let n = c.periods.len() as i32;
    let sums: Vec<Dec> = (0..c.periods.len())
        .map(|i| {
            c.categories
                .iter()
                .filter_map(|(_, v)| v.get(i).copied().flatten())
                .fold(Dec::ZERO, |a, b| a.checked_add(b).unwrap_or(a))
        })
        .collect();
    let ymax = sums.iter().map(|s| f(*s)).fold(100.0, f64::max) * 1.12;
    let (plot_area, legend_area) = with_legend(root, t);
    let mut chart = columns(&plot_area, &c.title, &c.periods, "", ymax, 56.0, true, t)?;
    let pad = t.px(22.0);
    let mut entries: Vec<(String, Swatch)> = Vec::new();
    let mut base = vec![0f64; c.periods.len()];
    for (ci, (name, shares)) in c.categories.iter().enumerate() {
        let color = if ci < c.target_categories {
            SHADES[ci.min(SHADES.len() - 1)]
        } else {
            GREYS[(ci - c.target_categories) % GREYS.len()]
        };
        entries.push((shorten(name, 44), Swatch::Box(color)));
        let rects: Vec<_> = shares
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let v = f((*s)?);
                let y0 = base[i];
                base[i] += v;
                Some(column(i, y0, y0 + v, color, pad))
            })
            .collect();
        chart.draw_series(rects)?;
    }
    // The share the target judges: the sum of its categories, printed above their stack.
    for i in 0..c.periods.len() {
        let judged = c
            .categories
            .iter()
            .take(c.target_categories)
            .filter_map(|(_, v)| v.get(i).copied().flatten())
            .fold(Dec::ZERO, |a, b| a.checked_add(b).unwrap_or(a));
        chart.draw_series(std::iter::once(
            EmptyElement::at((SegmentValue::CenterOf(i as i32), f(judged)))
                + Text::new(
                    lang.pct(judged),
                    (0, -(t.px(3.0) as i32)),
                    t.font(13.0)
                        .color(&WHITE)
                        .pos(Pos::new(HPos::Center, VPos::Top)),
                ),
        ))?;
        if let Some(sum) = sums.get(i) {
            let text = format!("Σ {}", lang.pct(*sum));
            chart.draw_series(std::iter::once(value_label!(
                text,
                (SegmentValue::CenterOf(i as i32), f(*sum)),
                t,
                12.0
            )))?;
        }
    }
    if let Some(target) = &c.target {
        level(&mut chart, n, target.value, FAIL, 2.5, None, t)?;
        entries.push((
            format!(
                "{} ≥ {}",
                shorten(&target.label, 34),
                lang.pct(target.value)
            ),
            Swatch::Line(FAIL),
        ));
    }
    // Top of the stack first, as the eye reads the bars; the target last.
    let target_entry = if c.target.is_some() {
        entries.pop()
    } else {
        None
    };
    entries.reverse();
    entries.extend(target_entry);
    legend(&legend_area, &entries, t)?;
    Ok(())
}

fn label_area(root_width: u32, rows: impl Iterator<Item = usize>, t: &Theme) -> u32 {
    let longest = rows.max().unwrap_or(10) as f64;
    let want = (longest * 6.8 * t.k()) as u32 + t.px(12.0);
    want.min(root_width * 45 / 100)
}

/// The row labels of a horizontal chart (ranking, achievement): names
/// shortened to `max` characters, and the width of the label area.
struct RowLabels {
    names: Vec<String>,
    area: u32,
}

impl RowLabels {
    fn new<'a, DB: DrawingBackend>(
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
    fn label(&self, v: &SegmentValue<i32>) -> String {
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

/// Units side by side by rank: the best first, unranked units said so.
pub fn ranking<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Ranking,
    t: &Theme,
) -> Res<DB> {
    let lang = t.lang;
    let n = c.rows.len() as i32;
    let peers = f64::from(c.peers.max(1));
    let labels = RowLabels::new(root, c.rows.iter().map(|(name, _, _)| name), 56, t);
    let area = labels.area;
    let yfmt = |v: &SegmentValue<i32>| labels.label(v);
    let mut chart = ChartBuilder::on(root)
        .caption(&c.title, t.font(19.0))
        .margin(t.px(14.0))
        .x_label_area_size(t.px(10.0))
        .y_label_area_size(area)
        .build_cartesian_2d(0f64..peers * 1.25, (0..(n - 1).max(0)).into_segmented())?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(0)
        .y_labels(n as usize + 1)
        .y_label_formatter(&yfmt)
        .label_style(t.font(13.0))
        .draw()?;
    let pad = t.px(5.0);
    chart.draw_series(c.rows.iter().enumerate().filter_map(|(i, (_, rank, _))| {
        let rank = f64::from((*rank)?);
        let y = n - 1 - i as i32;
        let mut r = Rectangle::new(
            [
                (0.0, SegmentValue::Exact(y)),
                (peers - rank + 1.0, SegmentValue::Exact(y + 1)),
            ],
            SHADES[1].filled(),
        );
        r.set_margin(pad, pad, 0, 0);
        Some(r)
    }))?;
    chart.draw_series(c.rows.iter().enumerate().map(|(i, (_, rank, printed))| {
        let y = n - 1 - i as i32;
        let (x, text) = match rank {
            Some(r) => (
                peers - f64::from(*r) + 1.0,
                if c.peers_known {
                    format!("{} {printed} ({r}/{})", lang.pick("hạng", "rank"), c.peers)
                } else {
                    format!("{} {printed} ({r})", lang.pick("hạng", "rank"))
                },
            ),
            None => (0.0, printed.clone()),
        };
        EmptyElement::at((x, SegmentValue::CenterOf(y)))
            + Text::new(
                text,
                (t.px(6.0) as i32, 0),
                t.font(13.0).pos(Pos::new(HPos::Left, VPos::Center)),
            )
    }))?;
    Ok(())
}

/// Units side by side by achievement of their targets, with the 100% line.
pub fn achievement<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Achievement,
    t: &Theme,
) -> Res<DB> {
    let lang = t.lang;
    let n = c.rows.len() as i32;
    let xmax = top(c
        .rows
        .iter()
        .map(|(_, p, _)| *p)
        .chain(std::iter::once(Dec::ONE_HUNDRED)));
    let labels = RowLabels::new(root, c.rows.iter().map(|(name, _, _)| name), 60, t);
    let area = labels.area;
    let yfmt = |v: &SegmentValue<i32>| labels.label(v);
    let xfmt = |v: &f64| format!("{}%", tick(*v, lang));
    let mut chart = ChartBuilder::on(root)
        .caption(&c.title, t.font(19.0))
        .margin(t.px(14.0))
        .x_label_area_size(t.px(30.0))
        .y_label_area_size(area)
        .build_cartesian_2d(0f64..xmax, (0..(n - 1).max(0)).into_segmented())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .x_labels(6)
        .x_label_formatter(&xfmt)
        .y_labels(n as usize + 1)
        .y_label_formatter(&yfmt)
        .label_style(t.font(12.0))
        .draw()?;
    let pad = t.px(3.0);
    chart.draw_series(c.rows.iter().enumerate().map(|(i, (_, pct, status))| {
        let color = match status {
            Status::Exceeded | Status::Met => PASS,
            Status::OnTrack => BAR,
            Status::Behind => PACE,
            Status::Missed => FAIL,
            Status::NoTarget => PENDING,
        };
        let y = n - 1 - i as i32;
        let mut r = Rectangle::new(
            [
                (0.0, SegmentValue::Exact(y)),
                (f(*pct), SegmentValue::Exact(y + 1)),
            ],
            color.filled(),
        );
        r.set_margin(pad, pad, 0, 0);
        r
    }))?;
    chart.draw_series(c.rows.iter().enumerate().map(|(i, (_, pct, status))| {
        let y = n - 1 - i as i32;
        EmptyElement::at((f(*pct), SegmentValue::CenterOf(y)))
            + Text::new(
                format!("{} {}", lang.pct(*pct), status.icon()),
                (t.px(5.0) as i32, 0),
                t.font(12.0).pos(Pos::new(HPos::Left, VPos::Center)),
            )
    }))?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![
            (100.0, SegmentValue::Exact(0)),
            (100.0, SegmentValue::Exact(n)),
        ],
        t.stroke(INK, 2.0),
    )))?;
    Ok(())
}
