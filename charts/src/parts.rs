//! Drawing parts shared by the chart kinds: the frame (wrapped title, unit,
//! legend at the side or below, by the space there is), the plot of a column
//! chart and of a row chart, lines, and the [`Placer`] that puts each label
//! where it sits on no other label and no line.
//!
//! Text is measured as the backend measures it (canvas `measureText` in the
//! page, plotters' estimate in SVG), so the layout follows the real space.

use chitieu_core::text::Lang;
use chitieu_format::dec::Dec;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

use crate::draw::{Theme, GRID, INK};

pub(crate) type Res<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;
type Area<DB> = DrawingArea<DB, Shift>;

/// A chart's data area: x in slots (slot `i` centred on `i`), y in values.
pub(crate) type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Font sizes (unscaled) of the parts.
pub(crate) const TITLE: f64 = 18.0;
pub(crate) const LABEL: f64 = 12.5;

/// How a legend entry is drawn.
#[derive(Clone, Copy)]
pub(crate) enum Swatch {
    Box(RGBColor),
    Line(RGBColor),
    Dashed(RGBColor),
}

/// A box in pixels of the whole chart.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Px {
    pub l: i32,
    pub t: i32,
    pub r: i32,
    pub b: i32,
}

impl Px {
    fn overlaps(&self, o: &Px) -> bool {
        self.l < o.r && o.l < self.r && self.t < o.b && o.t < self.b
    }
    fn inside(&self, o: &Px) -> bool {
        self.l >= o.l && self.r <= o.r && self.t >= o.t && self.b <= o.b
    }
    fn hit(&self, (x, y): (i32, i32)) -> bool {
        x >= self.l && x <= self.r && y >= self.t && y <= self.b
    }
}

/// Width and height of `text` at `size`, as the backend measures it.
pub(crate) fn measure<DB: DrawingBackend>(
    root: &Area<DB>,
    text: &str,
    size: f64,
    t: &Theme,
) -> (i32, i32) {
    let h = (size * t.k()).ceil() as i32;
    let w = root.estimate_text_size(text, &t.font(size)).map_or(
        text.chars().count() as f64 * size * t.k() * 0.6,
        |(w, _)| f64::from(w),
    );
    (w.ceil() as i32, h)
}

/// The text cut to `max` pixels with "…".
fn cut<DB: DrawingBackend>(root: &Area<DB>, text: &str, size: f64, max: i32, t: &Theme) -> String {
    if measure(root, text, size, t).0 <= max {
        return text.to_string();
    }
    for (i, _) in text.char_indices().rev() {
        let c = format!("{}…", &text[..i]);
        if measure(root, &c, size, t).0 <= max {
            return c;
        }
    }
    "…".into()
}

/// The text cut in its middle to `max` pixels: its start, "…" and as much of
/// its end as fits, so that names alike in their start stay apart.
fn cut_middle<DB: DrawingBackend>(
    root: &Area<DB>,
    text: &str,
    size: f64,
    max: i32,
    t: &Theme,
) -> String {
    if measure(root, text, size, t).0 <= max {
        return text.to_string();
    }
    let head = cut(root, text, size, max / 2, t);
    let room = max - measure(root, &head, size, t).0;
    // The end from a word's start where one fits ("…thanh thiếu nhi").
    let fits = |tail: &&str| measure(root, tail, size, t).0 <= room;
    let tails = || text.char_indices().map(|(i, _)| &text[i..]);
    let tail = tails()
        .filter(|tail| tail.starts_with(' '))
        .find(fits)
        .or_else(|| tails().find(fits))
        .unwrap_or("");
    format!("{head}{}", tail.trim_start())
}

/// Each name [`wrap`]ped; where two different names would read the same
/// ("Huyện Đoàn – Xếp hạng công …" twice), each is cut in its middle to one
/// line instead, keeping the end that tells them apart.
pub(crate) fn wrap_apart<DB: DrawingBackend>(
    root: &Area<DB>,
    names: &[String],
    size: f64,
    max: i32,
    lines: usize,
    t: &Theme,
) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = names
        .iter()
        .map(|n| wrap(root, n, size, max, lines, t))
        .collect();
    // Every pair compared: a chart names tens of rows (a province's 625
    // units at most, some 200 000 comparisons of a line or two).
    let alike: Vec<bool> = (0..out.len())
        .map(|i| (0..out.len()).any(|j| out[j] == out[i] && names[j] != names[i]))
        .collect();
    for ((shown, name), alike) in out.iter_mut().zip(names).zip(alike) {
        if alike {
            *shown = vec![cut_middle(root, name, size, max, t)];
        }
    }
    out
}

/// The text broken at spaces into at most `lines` lines no wider than `max`
/// pixels; what does not fit ends with "…". The start is never lost.
pub(crate) fn wrap<DB: DrawingBackend>(
    root: &Area<DB>,
    text: &str,
    size: f64,
    max: i32,
    lines: usize,
    t: &Theme,
) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for (i, w) in words.iter().enumerate() {
        let joined = if cur.is_empty() {
            (*w).to_string()
        } else {
            format!("{cur} {w}")
        };
        if measure(root, &joined, size, t).0 <= max {
            cur = joined;
            continue;
        }
        if out.len() + 1 >= lines {
            out.push(cut(
                root,
                &format!("{cur} {}", words[i..].join(" ")),
                size,
                max,
                t,
            ));
            return out;
        }
        if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur = (*w).to_string();
        if measure(root, &cur, size, t).0 > max {
            let rest = words[i..].join(" ");
            let fits = out.len() + 1 >= lines;
            out.push(cut(root, if fits { &rest } else { w }, size, max, t));
            cur.clear();
            if fits {
                return out;
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Draws a line of text with its top at `y`.
pub(crate) fn text<DB: DrawingBackend>(
    root: &Area<DB>,
    s: &str,
    (x, y): (i32, i32),
    size: f64,
    h: HPos,
    color: RGBColor,
    t: &Theme,
) -> Res<DB> {
    root.draw(&Text::new(
        s.to_string(),
        (x, y),
        t.font(size).color(&color).pos(Pos::new(h, VPos::Top)),
    ))
}

/// The frame of a chart: the wrapped title on top, the unit above the value
/// axis, the legend at the side (wide charts) or below (narrow ones).
/// Returns the area left for the plot.
pub(crate) fn frame<DB: DrawingBackend>(
    root: &Area<DB>,
    title: &str,
    unit: &str,
    entries: &[(String, Swatch)],
    t: &Theme,
) -> Result<Area<DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let m = t.px(10.0) as i32;
    let th = measure(root, "Ág", TITLE, t).1 + t.px(3.0) as i32;
    let mut top = m;
    // A short chart (an embed, a small slide) keeps its height for the plot:
    // the title on fewer lines (its start always shown).
    let title_lines = if h < t.px(300.0) as i32 {
        1
    } else if h < t.px(420.0) as i32 {
        2
    } else {
        3
    };
    for line in wrap(root, title, TITLE, w - 2 * m, title_lines, t) {
        text(root, &line, (w / 2, top), TITLE, HPos::Center, INK, t)?;
        top += th;
    }
    top += t.px(4.0) as i32;
    let side = w >= t.px(620.0) as i32 && !entries.is_empty();
    let (right, bottom) = if side {
        let lw = (w * 28 / 100).min(t.px(300.0) as i32);
        let at = (w - lw, Anchor::Top(top + t.px(8.0) as i32));
        legend(root, entries, at, lw - m, Ink::Draw, t)?;
        (w - lw, h - m)
    } else {
        // Below the plot, when it leaves the plot half the height left and
        // 100 pixels at least; else left out (an embed's few lines: the end figures name the lines).
        let at = (m, Anchor::Bottom(h - m));
        let lh = legend(root, entries, at, w - 2 * m, Ink::Measure, t)?;
        let (rest, all) = (h - m - lh - top, h - m - top);
        if rest * 2 >= all && rest >= t.px(100.0) as i32 {
            legend(root, entries, at, w - 2 * m, Ink::Draw, t)?;
            (w - m, h - m - lh)
        } else {
            (w - m, h - m)
        }
    };
    if !unit.is_empty() {
        let uh = measure(root, unit, LABEL, t).1;
        text(root, unit, (m, top), LABEL, HPos::Left, INK, t)?;
        top += uh + t.px(2.0) as i32;
    }
    let plot_h = (bottom - top).max(t.px(60.0) as i32);
    Ok(root
        .clone()
        .shrink((m, top), ((right - m).max(1) as u32, plot_h as u32)))
}

fn swatch<DB: DrawingBackend>(
    root: &Area<DB>,
    s: Swatch,
    (x, y): (i32, i32),
    t: &Theme,
) -> Res<DB> {
    let sw = t.px(16.0) as i32;
    let hh = t.px(5.0) as i32;
    match s {
        Swatch::Box(c) => root.draw(&Rectangle::new([(x, y - hh), (x + sw, y + hh)], c.filled())),
        Swatch::Line(c) => root.draw(&PathElement::new(
            vec![(x, y), (x + sw, y)],
            t.stroke(c, 2.5),
        )),
        Swatch::Dashed(c) => {
            let d = t.px(4.0);
            root.draw(&DashedPathElement::new(
                vec![(x, y), (x + sw, y)],
                d,
                d,
                t.stroke(c, 2.0),
            ))
        }
    }
}

/// Whether a part is drawn or only measured.
#[derive(Clone, Copy, PartialEq)]
enum Ink {
    Draw,
    Measure,
}

/// The legend in rows `width` wide, entries side by side while they fit,
/// each wrapped to the width, standing as `anchor` says; returns its height.
fn legend<DB: DrawingBackend>(
    root: &Area<DB>,
    entries: &[(String, Swatch)],
    (x, anchor): (i32, Anchor),
    width: i32,
    ink: Ink,
    t: &Theme,
) -> Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    let gap = t.px(22.0) as i32;
    let space = t.px(12.0) as i32;
    let lh = measure(root, "Ág", LABEL, t).1 + t.px(2.0) as i32;
    // Place first, then draw.
    let mut placed: Vec<(i32, i32, Vec<String>, Swatch)> = Vec::new();
    let (mut cx, mut cy, mut row_h) = (0, 0, 0);
    for (name, s) in entries {
        let lines = wrap(root, name, LABEL, width - gap, 4, t);
        let ew = gap
            + lines
                .iter()
                .map(|l| measure(root, l, LABEL, t).0)
                .max()
                .unwrap_or(0);
        if cx > 0 && cx + ew > width {
            cx = 0;
            cy += row_h + t.px(4.0) as i32;
            row_h = 0;
        }
        row_h = row_h.max(lines.len() as i32 * lh);
        placed.push((cx, cy, lines, *s));
        cx += ew + space;
    }
    let total = if entries.is_empty() {
        0
    } else {
        cy + row_h + t.px(6.0) as i32
    };
    let y0 = match anchor {
        Anchor::Top(y) => y,
        Anchor::Bottom(y) => y - total + t.px(6.0) as i32,
    };
    if ink == Ink::Measure {
        return Ok(total);
    }
    for (ex, ey, lines, s) in placed {
        swatch(root, s, (x + ex, y0 + ey + lh / 2), t)?;
        for (i, line) in lines.iter().enumerate() {
            let ly = y0 + ey + i as i32 * lh;
            text(root, line, (x + ex + gap, ly), LABEL, HPos::Left, INK, t)?;
        }
    }
    Ok(total)
}

/// Where a legend stands: from a height down, or up to it.
#[derive(Clone, Copy)]
enum Anchor {
    Top(i32),
    Bottom(i32),
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

/// The axis maximum: the largest figure with `room` above it for labels.
pub(crate) fn top_with(values: impl IntoIterator<Item = Dec>, room: f64) -> f64 {
    let m = values.into_iter().map(f).fold(0.0, f64::max);
    if m <= 0.0 {
        1.0
    } else {
        m * room
    }
}

/// How the value axis prints its ticks.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Ticks {
    Number,
    /// With a "%" after the number.
    Percent,
}

/// A column chart's plot: one slot per label, the value axis from `ymin`
/// (a break is marked when it is above 0) to `ymax`.
pub(crate) struct Columns<'a> {
    pub labels: &'a [String],
    pub ymin: f64,
    pub ymax: f64,
    pub ticks: Ticks,
    /// Lines labelled at their end, right of the plot: value, figure, colour.
    pub ends: &'a [(f64, String, RGBColor)],
}

impl Columns<'_> {
    /// Draws axes, grid and the slots' labels (wrapped under their slot) in
    /// `area`; returns the plot to draw the data in.
    pub(crate) fn draw<'a, DB: DrawingBackend>(
        &self,
        root: &Area<DB>,
        area: &'a Area<DB>,
        t: &Theme,
    ) -> Result<Plot<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
        let lang = t.lang;
        let n = self.labels.len().max(1) as i32;
        let fmt = |v: &f64| match self.ticks {
            Ticks::Percent => format!("{}%", tick(*v, lang)),
            Ticks::Number => tick(*v, lang),
        };
        let widest = [self.ymin, self.ymax, self.ymax * 0.9]
            .iter()
            .map(|v| measure(root, &fmt(v), LABEL, t).0)
            .max()
            .unwrap_or(0);
        let yarea = widest + t.px(12.0) as i32;
        let gutter = self
            .ends
            .iter()
            .map(|(_, s, _)| measure(root, s, LABEL, t).0 + t.px(14.0) as i32)
            .max()
            .unwrap_or(t.px(10.0) as i32);
        let (aw, ah) = area.dim_in_pixel();
        let slot = (aw as i32 - yarea - gutter) / n;
        let lh = measure(root, "Ág", LABEL, t).1 + t.px(1.0) as i32;
        // Under the columns, names on three lines at most, and on a third
        // of a short plot at most.
        let fit = (ah as i32 / 3 / lh).clamp(1, 3) as usize;
        // Names cut at the label size ("N… 2…" under four narrow columns)
        // take smaller type first.
        let at = |size| wrap_apart(root, self.labels, size, slot - t.px(4.0) as i32, fit, t);
        let mut size = LABEL;
        let mut wrapped = at(size);
        if wrapped.iter().flatten().any(|l| l.contains('…')) {
            size = LABEL * 0.8;
            wrapped = at(size);
        }
        let names_lh = measure(root, "Ág", size, t).1 + t.px(1.0) as i32;
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1) as i32;
        let chart = ChartBuilder::on(area)
            .margin_top(t.px(8.0))
            .margin_right(gutter)
            .x_label_area_size(lines * names_lh + t.px(8.0) as i32)
            .y_label_area_size(yarea)
            .build_cartesian_2d(-0.5..f64::from(n) - 0.5, self.ymin..self.ymax)?;
        let ticks = ((ah as i32 - lines * names_lh) / t.px(48.0) as i32).clamp(2, 8) as usize;
        axes(root, &chart, t)?;
        // A tick's figure is written where it clears the one below (a
        // short plot keeps its grid and fewer figures).
        let mut free_above = i32::MAX;
        for v in nice_ticks(self.ymin, self.ymax, ticks) {
            let (x0, y) = chart.backend_coord(&(-0.5, v));
            let (x1, _) = chart.backend_coord(&(f64::from(n) - 0.5, v));
            let d = t.px(5.0) as i32;
            root.draw(&PathElement::new(vec![(x0 + 1, y), (x1, y)], GRID))?;
            root.draw(&PathElement::new(vec![(x0 - d, y), (x0, y)], BLACK))?;
            let at = (x0 - d - 2, y - (lh - t.px(1.0) as i32) / 2);
            if at.1 + lh <= free_above {
                text(root, &fmt(&v), at, LABEL, HPos::Right, INK, t)?;
                free_above = at.1;
            }
        }
        for (i, ls) in wrapped.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(i as f64, self.ymin));
            for (j, l) in ls.iter().enumerate() {
                let at = (x, y + t.px(5.0) as i32 + j as i32 * names_lh);
                text(root, l, at, size, HPos::Center, INK, t)?;
            }
        }
        if self.ymin > 0.0 {
            axis_break(root, &chart, self.ymin, t)?;
        }
        end_labels(root, &chart, self.ends, n, t)?;
        Ok(chart)
    }
}

/// The figures of lines at their end, right of the plot, each at its line's
/// height, moved apart when lines are close, with a short leader.
fn end_labels<DB: DrawingBackend>(
    root: &Area<DB>,
    chart: &Plot<'_, DB>,
    ends: &[(f64, String, RGBColor)],
    n: i32,
    t: &Theme,
) -> Res<DB> {
    let h = measure(root, "Ág", LABEL, t).1 + t.px(1.0) as i32;
    let x = chart.backend_coord(&(f64::from(n) - 0.5, 0.0)).0;
    // (pixel height, label height, figure, colour, value)
    type End<'a> = (i32, i32, &'a str, RGBColor, f64);
    let mut at: Vec<End> = ends
        .iter()
        .map(|(v, s, c)| {
            let y = chart.backend_coord(&(0.0, *v)).1;
            (y, y, s.as_str(), *c, *v)
        })
        .collect();
    // By height on the page, the higher figure first where two lines share
    // a pixel (1.250 over 1.240 on a small chart); a few lines, so an insertion sort.
    let above = |a: &End, b: &End| a.0 < b.0 || (a.0 == b.0 && a.4 > b.4);
    for i in 1..at.len() {
        let mut j = i;
        while j > 0 && above(&at[j], &at[j - 1]) {
            at.swap(j - 1, j);
            j -= 1;
        }
    }
    // Centres at least a label's height apart, pushed down, then back up
    // from the bottom of the plot.
    let bottom = chart.plotting_area().get_pixel_range().1.end;
    for i in 1..at.len() {
        at[i].1 = at[i].1.max(at[i - 1].1 + h);
    }
    let mut limit = bottom - h / 2;
    for a in at.iter_mut().rev() {
        a.1 = a.1.min(limit);
        limit = a.1 - h;
    }
    let lead = t.px(6.0) as i32;
    for (y, ly, s, c, _) in at {
        root.draw(&PathElement::new(
            vec![(x, y), (x + lead, ly)],
            t.stroke(c, 1.0),
        ))?;
        text(root, s, (x + lead + 2, ly - h / 2), LABEL, HPos::Left, c, t)?;
    }
    Ok(())
}

/// The two axes: left and bottom of the plot.
fn axes<DB: DrawingBackend>(root: &Area<DB>, chart: &Plot<'_, DB>, t: &Theme) -> Res<DB> {
    let (x, y) = chart.plotting_area().get_pixel_range();
    let (l, b) = (x.start - 1, y.end);
    let style = t.stroke(BLACK, 1.0);
    root.draw(&PathElement::new(vec![(l, y.start), (l, b)], style))?;
    root.draw(&PathElement::new(vec![(l, b), (x.end, b)], style))
}

/// Round ticks from `lo` to `hi`, about `count` of them: steps of 1, 2 or 5
/// times a power of ten (found by multiplying, without `powf`'s code).
fn nice_ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    let range = hi - lo;
    if !(range > 0.0 && range.is_finite()) {
        return vec![lo];
    }
    let raw = range / count.max(1) as f64;
    let mut m = 1.0;
    while m * 10.0 <= raw {
        m *= 10.0;
    }
    while m > raw {
        m /= 10.0;
    }
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|k| k * m)
        .find(|s| *s >= raw)
        .unwrap_or(m * 10.0);
    let mut v = (lo / step).ceil() * step;
    let mut out = Vec::new();
    while v <= hi + step * 1e-9 && out.len() < 25 {
        out.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        v += step;
    }
    // Two ticks at least: an axis with one figure cannot be read.
    if out.len() < 2 && count < 20 {
        return nice_ticks(lo, hi, count * 2);
    }
    out
}

/// Two slanted strokes across the value axis: it does not start at 0.
fn axis_break<DB: DrawingBackend>(
    root: &Area<DB>,
    chart: &Plot<'_, DB>,
    ymin: f64,
    t: &Theme,
) -> Res<DB> {
    let (x, y) = chart.backend_coord(&(-0.5, ymin));
    let (d, g) = (t.px(5.0) as i32, t.px(3.0) as i32);
    root.draw(&Rectangle::new(
        [(x - 1, y - 2 * d), (x + 1, y - d)],
        WHITE.filled(),
    ))?;
    for dy in [d, 2 * d] {
        root.draw(&PathElement::new(
            vec![(x - d, y - dy + g), (x + d, y - dy - g)],
            t.stroke(INK, 1.2),
        ))?;
    }
    Ok(())
}

/// Slot `i`'s column from `from` to `to`, `width` (0–1) of the slot wide,
/// at most `max` pixels.
pub(crate) fn column<DB: DrawingBackend>(
    root: &Area<DB>,
    chart: &Plot<'_, DB>,
    i: usize,
    (from, to): (f64, f64),
    color: RGBColor,
    max: u32,
) -> Res<DB> {
    let x = i as f64;
    let half = half_width(chart, max);
    rect(
        root,
        chart,
        (x - half, from),
        (x + half, to),
        color.filled(),
    )
}

/// A rectangle between two points of the plot, drawn in pixels on the whole
/// chart (one drawing path for every shape: a smaller page).
pub(crate) fn rect<DB: DrawingBackend>(
    root: &Area<DB>,
    chart: &Plot<'_, DB>,
    a: (f64, f64),
    b: (f64, f64),
    style: ShapeStyle,
) -> Res<DB> {
    root.draw(&Rectangle::new(
        [chart.backend_coord(&a), chart.backend_coord(&b)],
        style,
    ))
}

/// Half a column's width, in slots: 0,3 of the slot, at most `max` pixels wide.
pub(crate) fn half_width<DB: DrawingBackend>(chart: &Plot<'_, DB>, max: u32) -> f64 {
    let (l, _) = chart.backend_coord(&(-0.5, 0.0));
    let (r, _) = chart.backend_coord(&(0.5, 0.0));
    let slot = f64::from((r - l).max(1));
    (slot * 0.3).min(f64::from(max) / 2.0) / slot
}

/// Half a row's bar height, in rows: 0,3 of the row, at most `max` pixels high.
pub(crate) fn half_height<DB: DrawingBackend>(chart: &Plot<'_, DB>, max: u32) -> f64 {
    let (_, a) = chart.backend_coord(&(0.0, -0.5));
    let (_, b) = chart.backend_coord(&(0.0, 0.5));
    let row = f64::from((a - b).abs().max(1));
    (row * 0.3).min(f64::from(max) / 2.0) / row
}

/// A line through `pts` (slot, value): solid, or dashed with dashes of
/// `dash` (unscaled) pixels; its pixels are told to the placer.
#[allow(clippy::too_many_arguments)]
pub(crate) fn line<DB: DrawingBackend>(
    root: &Area<DB>,
    chart: &Plot<'_, DB>,
    placer: &mut Placer,
    pts: Vec<(f64, f64)>,
    color: RGBColor,
    width: f64,
    dash: Option<f64>,
    t: &Theme,
) -> Res<DB> {
    let px: Vec<(i32, i32)> = pts.iter().map(|p| chart.backend_coord(p)).collect();
    placer.segments.extend(px.windows(2).map(|w| (w[0], w[1])));
    let style = t.stroke(color, width);
    match dash {
        None => root.draw(&PathElement::new(px, style)),
        Some(d) => {
            let d = t.px(d);
            root.draw(&DashedPathElement::new(px, d, d, style))
        }
    }
}

/// A dot at a point, told to the placer.
pub(crate) fn dot<DB: DrawingBackend>(
    root: &Area<DB>,
    chart: &Plot<'_, DB>,
    placer: &mut Placer,
    at: (f64, f64),
    color: RGBColor,
    t: &Theme,
) -> Res<DB> {
    let (x, y) = chart.backend_coord(&at);
    let r = t.px(4.5);
    let ri = r as i32;
    placer.taken.push(Px {
        l: x - ri,
        t: y - ri,
        r: x + ri,
        b: y + ri,
    });
    root.draw(&Circle::new((x, y), r, color.filled()))
}

/// Where a label may go, relative to its anchor point.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Spot {
    /// Centred above, `n` label heights higher than just above.
    Above(i32),
    /// Centred below.
    Below,
    /// Centred just inside the top of a column (drawn white).
    Inside,
    /// To the right, vertically centred.
    Right,
    /// To the left, vertically centred.
    Left,
    /// To the left over a row's bar that ends at the point, vertically
    /// centred (drawn white).
    Within,
}

/// Whether a label must be drawn.
#[derive(Clone, Copy, PartialEq)]
enum Need {
    Always,
    IfClear,
}

/// Puts labels where they overlap no other label, dot or line, inside the plot.
pub(crate) struct Placer {
    pub taken: Vec<Px>,
    pub segments: Vec<((i32, i32), (i32, i32))>,
    pub bounds: Px,
    /// The whole chart.
    pub canvas: Px,
    /// How wide a figure drawn inside a column may be (its white would
    /// vanish outside the column): 0,6 of a slot, at most the narrowest
    /// column's 90 pixels.
    pub inside: i32,
}

impl Placer {
    pub(crate) fn new<DB: DrawingBackend>(
        root: &Area<DB>,
        chart: &Plot<'_, DB>,
        t: &Theme,
    ) -> Placer {
        let (x, y) = chart.plotting_area().get_pixel_range();
        let (w, h) = root.dim_in_pixel();
        Placer {
            canvas: Px {
                l: 0,
                t: 0,
                r: w as i32,
                b: h as i32,
            },
            inside: {
                let (l, _) = chart.backend_coord(&(-0.5, 0.0));
                let (r, _) = chart.backend_coord(&(0.5, 0.0));
                ((r - l) * 6 / 10).min(t.px(90.0) as i32) - 4
            },
            taken: Vec::new(),
            segments: Vec::new(),
            bounds: Px {
                l: x.start,
                t: y.start,
                r: x.end,
                b: y.end,
            },
        }
    }

    fn free(&self, b: &Px) -> bool {
        self.clear(b) && !self.segments.iter().any(|(p, q)| crosses(b, *p, *q))
    }

    /// Inside the plot and on no other label or dot.
    fn clear(&self, b: &Px) -> bool {
        b.inside(&self.bounds) && !self.taken.iter().any(|o| o.overlaps(b))
    }

    /// Draws `s` at the first spot around the point free of labels, dots
    /// and lines, else the first free of labels and dots (crossing a line),
    /// else the first; text wider than the plot is cut to it. An inside
    /// spot is drawn white.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn label<DB: DrawingBackend>(
        &mut self,
        root: &Area<DB>,
        s: &str,
        at: (i32, i32),
        spots: &[Spot],
        size: f64,
        color: RGBColor,
        t: &Theme,
    ) -> Res<DB> {
        self.place(root, s, at, spots, (size, color), Need::Always, t)
    }

    /// As [`Placer::label`] for words that may be left out (the table has
    /// them): drawn only where they cover no other label.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn extra<DB: DrawingBackend>(
        &mut self,
        root: &Area<DB>,
        s: &str,
        at: (i32, i32),
        spots: &[Spot],
        size: f64,
        color: RGBColor,
        t: &Theme,
    ) -> Res<DB> {
        self.place(root, s, at, spots, (size, color), Need::IfClear, t)
    }

    #[allow(clippy::too_many_arguments)]
    fn place<DB: DrawingBackend>(
        &mut self,
        root: &Area<DB>,
        s: &str,
        (x, y): (i32, i32),
        spots: &[Spot],
        (size, color): (f64, RGBColor),
        need: Need,
        t: &Theme,
    ) -> Res<DB> {
        let g = t.px(3.0) as i32;
        let s = cut(root, s, size, self.bounds.r - self.bounds.l - 2 * g - 1, t);
        let (w, h) = measure(root, &s, size, t);
        let boxed = |spot: Spot| {
            let (l, top) = match spot {
                Spot::Above(k) => (x - w / 2, y - g - h - k * (h + g)),
                Spot::Below => (x - w / 2, y + g + 1),
                Spot::Inside => (x - w / 2, y + g),
                Spot::Right => (x + 2 * g, y - h / 2),
                Spot::Left | Spot::Within => (x - 2 * g - w, y - h / 2),
            };
            Px {
                l,
                t: top,
                r: l + w,
                b: top + h,
            }
        };
        // A figure that must be shown may rise above the plot, never sit
        // on another nor on the names of the axes; where there is no room
        // at all (a tiny embed) it is left out: the table and the sentence
        // above the chart have it.
        let above = Px {
            t: self.canvas.t,
            ..self.bounds
        };
        let apart = |b: &Px| b.inside(&above) && !self.taken.iter().any(|o| o.overlaps(b));
        let fits = |s: &Spot| *s != Spot::Inside || w <= self.inside;
        // A plot under six lines of figures high (an embed of 320 × 240)
        // has no room to move a figure away from its point: one that would
        // sit on a line, below its point (on the column under it), or a
        // line of text or more above it (where it reads as the figure of
        // something else), is left out.
        let short = self.bounds.b - self.bounds.t < 6 * (h + g);
        let near = |s: &Spot| {
            !short || !matches!(s, Spot::Below) && !matches!(s, Spot::Above(k) if *k > 0)
        };
        let spots = || spots.iter().copied().filter(fits).filter(near);
        let pick = spots()
            .find(|s| self.free(&boxed(*s)))
            .or_else(|| spots().find(|s| !short && self.clear(&boxed(*s))))
            .or_else(|| spots().find(|s| !short && apart(&boxed(*s))))
            .filter(|s| need == Need::Always || self.clear(&boxed(*s)));
        let Some(spot) = pick else {
            return Ok(());
        };
        let b = boxed(spot);
        self.taken.push(b);
        let color = if matches!(spot, Spot::Inside | Spot::Within) {
            WHITE
        } else {
            color
        };
        text(root, &s, (b.l, b.t), size, HPos::Left, color, t)
    }
}

/// Whether the segment from `p` to `q` passes through the box.
fn crosses(b: &Px, p: (i32, i32), q: (i32, i32)) -> bool {
    let steps = (p.0 - q.0).abs().max((p.1 - q.1).abs()).max(1);
    (0..=steps).step_by(2).any(|i| {
        let x = p.0 + (q.0 - p.0) * i / steps;
        let y = p.1 + (q.1 - p.1) * i / steps;
        b.hit((x, y))
    })
}

/// A row chart's plot (ranking, achievement): one row per name, the first on
/// top, names wrapped in the space left of the plot; x from 0 to `xmax`.
pub(crate) fn rows<'a, DB: DrawingBackend>(
    root: &Area<DB>,
    area: &'a Area<DB>,
    names: &[String],
    xmax: f64,
    xfmt: Option<&dyn Fn(&f64) -> String>,
    t: &Theme,
) -> Result<Plot<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let n = names.len().max(1) as i32;
    let (aw, _) = area.dim_in_pixel();
    let widest = names
        .iter()
        .map(|s| measure(root, s, LABEL, t).0)
        .max()
        .unwrap_or(0);
    let label_w = (widest + t.px(10.0) as i32).min(aw as i32 * 40 / 100);
    let lh = measure(root, "Ág", LABEL, t).1 + t.px(1.0) as i32;
    let chart = ChartBuilder::on(area)
        .margin_top(t.px(6.0))
        .margin_right(t.px(12.0))
        .x_label_area_size(if xfmt.is_some() {
            t.px(28.0)
        } else {
            t.px(6.0)
        })
        .y_label_area_size(label_w)
        .build_cartesian_2d(0f64..xmax, -0.5..f64::from(n) - 0.5)?;
    axes(root, &chart, t)?;
    if let Some(fmt) = xfmt {
        for v in nice_ticks(0.0, xmax, 5) {
            let (x, y1) = chart.backend_coord(&(v, -0.5));
            let (_, y0) = chart.backend_coord(&(v, f64::from(n) - 0.5));
            root.draw(&PathElement::new(vec![(x, y0), (x, y1 - 1)], GRID))?;
            let d = t.px(5.0) as i32;
            root.draw(&PathElement::new(vec![(x, y1), (x, y1 + d)], BLACK))?;
            text(root, &fmt(&v), (x, y1 + d + 2), LABEL, HPos::Center, INK, t)?;
        }
    }
    // A name has the lines its row holds; where a row is thinner than a line (many units, a small chart), every
    // second or third row is named.
    let (_, py) = chart.plotting_area().get_pixel_range();
    let row_h = (py.end - py.start) / n;
    let max_lines = ((row_h + 1) / lh).clamp(1, 3) as usize;
    let every = ((lh + row_h - 2) / row_h.max(1)).max(1) as usize;
    // Only the names shown are wrapped, and kept apart from each other.
    let shown: Vec<String> = names.iter().step_by(every).cloned().collect();
    let wrapped = wrap_apart(
        root,
        &shown,
        LABEL,
        label_w - t.px(10.0) as i32,
        max_lines,
        t,
    );
    for (k, lines) in wrapped.iter().enumerate() {
        let i = k * every;
        let (x, y) = chart.backend_coord(&(0.0, f64::from(n - 1 - i as i32)));
        let top = y - lines.len() as i32 * lh / 2;
        for (j, l) in lines.iter().enumerate() {
            let at = (x - t.px(6.0) as i32, top + j as i32 * lh);
            text(root, l, at, LABEL, HPos::Right, INK, t)?;
        }
    }
    Ok(chart)
}
