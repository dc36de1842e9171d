//! What a reader sees, checked on the drawing itself: every chart of the
//! three sample reports drawn through the SVG backend from the chart's part
//! of a 320 × 240 embed, a phone's size, an embed's, a 1366-wide page's to
//! a 1920 × 1080 slide's, then read back.
//! Text boxes are estimated as the SVG backend measures text (plotters'
//! estimate: 0,7 em per byte, the em being the drawn size ÷ 1,24) and are
//! as high as the font size the chart asked for (the drawn size × 1,24).

use chitieu_charts::draw::Theme;
use chitieu_charts::spec::{chart_for, unit_charts, Chart};
use chitieu_charts::to_svg;
use chitieu_core::evaluate::evaluate_all;
use chitieu_core::load::{load, Loaded};
use chitieu_core::text::Lang;

/// The chart's part of a 320 × 240 embed (under the sentence), a whole
/// 320 × 240, a phone's, an embed's 800 × 480, a page's, a slide's.
const SIZES: [(u32, u32); 6] = [
    (308, 130),
    (320, 240),
    (348, 320),
    (800, 480),
    (1366, 560),
    (1920, 1080),
];

/// The sizes where every figure has its room (in the chart's part of a
/// 320 × 240 embed, figures that find none are left out, never overlapped).
const READABLE: &[(u32, u32)] = &[
    (320, 240),
    (348, 320),
    (800, 480),
    (1366, 560),
    (1920, 1080),
];

fn sample(name: &str) -> Loaded {
    let path = format!("{}/../data/{name}", env!("CARGO_MANIFEST_DIR"));
    load(name, &std::fs::read(path).unwrap()).unwrap()
}

/// Every chart of the three samples, named "file unit/indicator".
fn all_charts(lang: Lang) -> Vec<(String, Chart)> {
    let mut out = Vec::new();
    for name in [
        "giua-nhiem-ky-2023.json",
        "quy-3-2023.json",
        "huyen-2023.json",
    ] {
        let l = sample(name);
        for r in evaluate_all(&l) {
            if let Some(c) = chart_for(&l, &r, lang) {
                out.push((format!("{name} {}/{}", r.unit.id, r.indicator.id), c));
            }
        }
        for c in unit_charts(&l, lang) {
            out.push((format!("{name} units {}", c.kind()), c));
        }
    }
    out
}

fn chart(file: &str, unit: &str, id: &str) -> Chart {
    let l = sample(file);
    let rows = evaluate_all(&l);
    let r = rows
        .iter()
        .find(|r| r.unit.id == unit && r.indicator.id == id)
        .unwrap();
    chart_for(&l, r, Lang::Vi).unwrap()
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let tag = format!(" {tag}");
    let start = tag.find(&key)? + key.len();
    Some(tag[start..].split('"').next()?.to_string())
}

fn num(tag: &str, name: &str) -> f64 {
    attr(tag, name).and_then(|v| v.parse().ok()).unwrap_or(0.0)
}

#[derive(Debug, Clone)]
struct TextBox {
    text: String,
    l: f64,
    t: f64,
    r: f64,
    b: f64,
    anchor: String,
}

fn texts(svg: &str) -> Vec<TextBox> {
    svg.split("<text ")
        .skip(1)
        .map(|part| {
            let (tag, rest) = part.split_once('>').unwrap();
            let text = rest.split("</text>").next().unwrap().trim().to_string();
            let size = num(tag, "font-size");
            let (x, y) = (num(tag, "x"), num(tag, "y"));
            let w = size / 1.24 * 0.7 * text.len() as f64;
            let h = size * 1.24;
            let anchor = attr(tag, "text-anchor").unwrap_or_default();
            let dy = attr(tag, "dy").unwrap_or_default();
            let l = match anchor.as_str() {
                "middle" => x - w / 2.0,
                "end" => x - w,
                _ => x,
            };
            let t = match dy.as_str() {
                "0.76em" => y,
                "0.5ex" => y - h / 2.0,
                _ => y - h,
            };
            TextBox {
                text: text.replace("&amp;", "&"),
                l,
                t,
                r: l + w,
                b: t + h,
                anchor,
            }
        })
        .collect()
}

/// Polylines as (stroke colour, points).
fn polylines(svg: &str) -> Vec<(String, Vec<(f64, f64)>)> {
    svg.split("<polyline ")
        .skip(1)
        .map(|part| {
            let tag = part.split("/>").next().unwrap();
            let pts = attr(tag, "points")
                .unwrap_or_default()
                .split_whitespace()
                .filter_map(|p| {
                    let (x, y) = p.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect();
            (attr(tag, "stroke").unwrap_or_default(), pts)
        })
        .collect()
}

/// The plot area: left, top, right, bottom, from the two axis lines.
fn plot(svg: &str) -> (f64, f64, f64, f64) {
    let axes: Vec<Vec<(f64, f64)>> = polylines(svg)
        .into_iter()
        .filter(|(c, p)| c == "#000000" && p.len() == 2)
        .map(|(_, p)| p)
        .collect();
    let y_axis = axes
        .iter()
        .filter(|p| p[0].0 == p[1].0)
        .max_by(|a, b| (a[1].1 - a[0].1).abs().total_cmp(&(b[1].1 - b[0].1).abs()))
        .expect("a value axis");
    let x_axis = axes
        .iter()
        .filter(|p| p[0].1 == p[1].1)
        .max_by(|a, b| (a[1].0 - a[0].0).abs().total_cmp(&(b[1].0 - b[0].0).abs()))
        .expect("an x axis");
    let top = y_axis[0].1.min(y_axis[1].1);
    (y_axis[0].0, top, x_axis[0].0.max(x_axis[1].0), x_axis[0].1)
}

/// Value → pixel of the value axis, from two of its tick labels.
fn value_to_y(svg: &str) -> impl Fn(f64) -> f64 {
    let ticks: Vec<(f64, f64)> = texts(svg)
        .into_iter()
        .filter(|t| t.anchor == "end")
        .filter_map(|t| {
            let v = t
                .text
                .trim_end_matches('%')
                .replace('.', "")
                .replace(',', ".");
            Some((v.parse::<f64>().ok()?, (t.t + t.b) / 2.0))
        })
        .collect();
    assert!(ticks.len() >= 2, "the value axis has ticks");
    let (a, b) = (ticks[0], ticks[ticks.len() - 1]);
    move |v| a.1 + (v - a.0) * (b.1 - a.1) / (b.0 - a.0)
}

fn draw(c: &Chart, (w, h): (u32, u32)) -> String {
    to_svg(c, &Theme::new(1.0, Lang::Vi), w, h)
}

#[test]
fn no_text_starts_outside_the_canvas_or_overlaps_another_at_any_size() {
    let mut problems = Vec::new();
    for lang in [Lang::Vi, Lang::En] {
        for (name, c) in all_charts(lang) {
            for (w, h) in SIZES {
                let svg = to_svg(&c, &Theme::new(1.0, lang), w, h);
                let boxes = texts(&svg);
                for b in &boxes {
                    if b.l < -0.5
                        || b.t < -0.5
                        || b.r > f64::from(w) + 0.5
                        || b.b > f64::from(h) + 0.5
                    {
                        problems.push(format!("{name} {w}×{h}: «{}» leaves the canvas", b.text));
                    }
                }
                for (i, a) in boxes.iter().enumerate() {
                    for b in &boxes[i + 1..] {
                        let ox = a.r.min(b.r) - a.l.max(b.l);
                        let oy = a.b.min(b.b) - a.t.max(b.t);
                        if ox > 1.0 && oy > 1.0 {
                            problems.push(format!(
                                "{name} {w}×{h}: «{}» overlaps «{}»",
                                a.text, b.text
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn bars_sit_inside_the_plot_at_any_size() {
    let mut problems = Vec::new();
    for (name, c) in all_charts(Lang::Vi) {
        for size in SIZES {
            let svg = draw(&c, size);
            if !svg.contains("<polyline") {
                continue; // A rank in words: no plot.
            }
            let (l, t, r, b) = plot(&svg);
            for part in svg.split("<rect ").skip(2) {
                let tag = part.split("/>").next().unwrap();
                if attr(tag, "fill").as_deref() == Some("#FFFFFF") {
                    continue;
                }
                let (x, y) = (num(tag, "x"), num(tag, "y"));
                let (x2, y2) = (x + num(tag, "width"), y + num(tag, "height"));
                let touches = x < r && x2 > l && y < b && y2 > t;
                let inside = x >= l - 1.0 && x2 <= r + 1.0 && y >= t - 1.0 && y2 <= b + 1.0;
                if touches && !inside {
                    problems.push(format!("{name} {size:?}: a bar at {x},{y}–{x2},{y2} leaves the plot {l},{t}–{r},{b}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A horizontal line in `colour` at `value` across at least a slot of the
/// plot, solid or dashed (its dashes together).
fn line_at(svg: &str, colour: &str, value: f64) -> bool {
    let y = value_to_y(svg)(value);
    let (l, _, r, _) = plot(svg);
    let drawn: f64 = polylines(svg)
        .iter()
        .filter(|(c, p)| {
            c == colour
                && p.len() >= 2
                && p.iter().all(|(_, py)| (py - y).abs() <= 1.5)
                && p.iter().all(|(px, _)| *px >= l - 1.0 && *px <= r + 1.0)
        })
        .map(|(_, p)| (p[p.len() - 1].0 - p[0].0).abs())
        .sum();
    drawn >= 20.0
}

/// The stroke width of each polyline, in document (drawing) order.
fn stroke_widths(svg: &str) -> Vec<f64> {
    svg.split("<polyline ")
        .skip(1)
        .map(|part| num(part.split("/>").next().unwrap(), "stroke-width"))
        .collect()
}

/// The 1.250 target line, drawn solid two pixels above the 1.240 line, hid
/// it: only the end label said it was there. The later of two close target
/// lines is dashed, and at least a third of the earlier one shows.
#[test]
fn a_target_line_close_to_another_does_not_hide_it_1240_under_1250() {
    let c = chart("giua-nhiem-ky-2023.json", "dang-bo-khoi", "ket-nap");
    for size in SIZES {
        let svg = draw(&c, size);
        let y = value_to_y(&svg)(1240.0);
        let lines = polylines(&svg);
        let widths = stroke_widths(&svg);
        let at_y = |p: &[(f64, f64)]| p.len() >= 2 && p.iter().all(|(_, py)| (py - y).abs() <= 1.5);
        let first = lines
            .iter()
            .position(|(c, p)| c == "#5F3C82" && at_y(p))
            .unwrap_or_else(|| panic!("{size:?}: no 1.240 line"));
        let (l, r) = (
            lines[first].1[0].0,
            lines[first].1[lines[first].1.len() - 1].0,
        );
        // What is drawn over it later: strokes whose width reaches its middle.
        let mut over: Vec<(f64, f64)> = lines
            .iter()
            .zip(&widths)
            .skip(first + 1)
            .filter(|((_, p), w)| {
                p.len() >= 2 && p.iter().all(|(_, py)| (py - y).abs() <= **w / 2.0 + 0.5)
            })
            .map(|((_, p), _)| {
                let xs = p.iter().map(|q| q.0);
                (
                    xs.clone().fold(f64::MAX, f64::min),
                    xs.fold(f64::MIN, f64::max),
                )
            })
            .collect();
        over.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (mut hidden, mut reach) = (0.0, l);
        for (a, b) in over {
            let (a, b) = (a.max(reach), b.min(r));
            if b > a {
                hidden += b - a;
                reach = b;
            }
        }
        let shown = (r - l - hidden) / (r - l);
        assert!(
            shown >= 1.0 / 3.0,
            "{size:?}: {:.0}% of the 1.240 line shows",
            shown * 100.0
        );
    }
}

#[test]
fn target_lines_are_drawn_at_their_value_in_every_kind() {
    let cases = [
        (
            "giua-nhiem-ky-2023.json",
            "chi-tieu-hoan-thanh",
            "#1B1B1B",
            12.0,
        ),
        ("giua-nhiem-ky-2023.json", "ket-nap", "#141414", 1200.0),
        ("giua-nhiem-ky-2023.json", "ket-nap", "#5F3C82", 1240.0),
        ("giua-nhiem-ky-2023.json", "ket-nap", "#006E6E", 1250.0),
        ("giua-nhiem-ky-2023.json", "sinh-hoat", "#B3141B", 95.0),
        (
            "giua-nhiem-ky-2023.json",
            "chat-luong-co-so-dang",
            "#B3141B",
            95.0,
        ),
        ("quy-3-2023.json", "doanh-thu", "#1B1B1B", 31356.3),
    ];
    for (file, id, colour, value) in cases {
        let c = chart(file, "dang-bo-khoi", id);
        for &size in READABLE {
            let svg = draw(&c, size);
            assert!(
                line_at(&svg, colour, value),
                "{id} {size:?}: no line at {value}"
            );
        }
    }
}

#[test]
fn done_of_planned_draws_its_one_bar_inside_the_plot_below_the_target() {
    let c = chart(
        "giua-nhiem-ky-2023.json",
        "dang-bo-khoi",
        "chi-tieu-hoan-thanh",
    );
    for &size in READABLE {
        let svg = draw(&c, size);
        let (l, _, r, b) = plot(&svg);
        let y10 = value_to_y(&svg)(10.0);
        let bar = svg
            .split("<rect ")
            .skip(2)
            .map(|p| p.split("/>").next().unwrap())
            .find(|tag| {
                attr(tag, "fill").as_deref() == Some("#2D5591") && num(tag, "height") > 30.0
            })
            .expect("the bar");
        let (x, y, w) = (num(bar, "x"), num(bar, "y"), num(bar, "width"));
        assert!(
            x > l + 10.0 && x + w < r - 10.0,
            "{size:?}: the bar is clear of the axis"
        );
        assert!((y - y10).abs() <= 1.5 && (y + num(bar, "height") - b).abs() <= 1.5);
        assert!(
            texts(&svg).iter().any(|t| t.text == "10"),
            "its figure is shown"
        );
    }
}

#[test]
fn whole_number_measures_print_no_fractions() {
    for id in ["ket-nap", "lop-dang-vien-moi", "chi-tieu-hoan-thanh"] {
        let c = chart("giua-nhiem-ky-2023.json", "dang-bo-khoi", id);
        for &size in READABLE {
            for t in texts(&draw(&c, size)) {
                let b = t.text.as_bytes();
                let fraction = b
                    .windows(3)
                    .any(|w| w[0].is_ascii_digit() && w[1] == b',' && w[2].is_ascii_digit());
                assert!(!fraction, "{id} {size:?}: «{}» has a fraction", t.text);
            }
        }
    }
}

#[test]
fn close_target_lines_1240_and_1250_are_labelled_apart_at_their_end() {
    let c = chart("giua-nhiem-ky-2023.json", "dang-bo-khoi", "ket-nap");
    for size in SIZES {
        let svg = draw(&c, size);
        let (_, _, r, _) = plot(&svg);
        let boxes = texts(&svg);
        let find = |s: &str| {
            boxes
                .iter()
                .find(|t| t.text == s && t.l >= r)
                .unwrap_or_else(|| panic!("{size:?}: {s} at the lines' end"))
                .clone()
        };
        let (a, b) = (find("1.240"), find("1.250"));
        assert!(a.t >= b.b - 0.5, "{size:?}: 1.250 above 1.240, apart");
        // Neither sits on a bar's figure, a running total or any other text.
        for end in [&a, &b] {
            for o in boxes.iter().filter(|o| o.l != end.l || o.t != end.t) {
                let ox = end.r.min(o.r) - end.l.max(o.l);
                let oy = end.b.min(o.b) - end.t.max(o.t);
                assert!(
                    ox <= 1.0 || oy <= 1.0,
                    "{size:?}: {} on «{}»",
                    end.text,
                    o.text
                );
            }
        }
    }
}

#[test]
fn rate_value_labels_are_not_struck_through_by_the_floor_line_and_the_axis_shows_the_margin() {
    let c = chart("giua-nhiem-ky-2023.json", "dang-bo-khoi", "sinh-hoat");
    for &size in READABLE {
        let svg = draw(&c, size);
        let y95 = value_to_y(&svg)(95.0);
        let (_, _, _, bottom) = plot(&svg);
        for s in ["96,4 ✓", "96,7 ✓", "95,12 ✓"] {
            let t = texts(&svg).into_iter().find(|t| t.text == s).unwrap();
            assert!(
                t.t > y95 + 1.0 || t.b < y95 - 1.0,
                "{size:?}: {s} sits on the floor line"
            );
        }
        // 95 and 96,7 are far apart on the axis, not 1,7 points of 100.
        let y967 = value_to_y(&svg)(96.7);
        assert!(
            (y95 - y967) > (bottom - y95) * 0.2,
            "{size:?}: the margin shows"
        );
    }
}

#[test]
fn long_titles_keep_their_start_cap_uy_to_chuc_dang() {
    let c = chart("giua-nhiem-ky-2023.json", "dang-bo-khoi", "hoc-tap-cap-uy");
    for &size in READABLE {
        let svg = draw(&c, size);
        let first = texts(&svg).into_iter().next().unwrap();
        assert!(
            first.text.starts_with("Cấp ủy,"),
            "{size:?}: {}",
            first.text
        );
    }
}

#[test]
fn legend_labels_are_wrapped_never_cut_tien_do_can_dat_sau_9_12_thang() {
    let c = chart("quy-3-2023.json", "dang-bo-khoi", "doanh-thu");
    for &size in READABLE {
        let words: Vec<String> = texts(&draw(&c, size)).into_iter().map(|t| t.text).collect();
        let all = words.join(" ");
        assert!(
            all.contains("Tiến độ cần đạt sau 9/12 tháng: 23.517,23"),
            "{size:?}: {all}"
        );
        assert!(
            all.contains("Trong kỳ") && all.contains("Lũy kế"),
            "both bars in the legend"
        );
    }
}

#[test]
fn a_ranking_indicator_is_a_chart_with_the_rank_as_a_number_and_its_name() {
    let c = chart("huyen-2023.json", "ban-to-chuc", "xep-hang");
    assert_eq!(c.kind(), "ranking");
    let svg = draw(&c, (800, 480));
    assert!(svg.contains("hạng 5 (Năm)"), "rank and name");
    assert!(svg.contains("Năm 2023"), "its period");
}

#[test]
fn a_ranking_with_one_period_fills_its_space_with_the_rank_not_an_empty_plot() {
    let c = chart("huyen-2023.json", "ban-to-chuc", "xep-hang");
    for &(w, h) in READABLE {
        let svg = draw(&c, (w, h));
        let boxes = texts(&svg);
        let rank = boxes
            .iter()
            .find(|t| t.text == "hạng 5 (Năm)")
            .expect("the rank and its name");
        let title = boxes
            .iter()
            .find(|t| t.text == "Xếp hạng cấp tỉnh")
            .unwrap();
        // The rank in larger type than the title, in the middle of the chart.
        assert!(
            rank.b - rank.t > (title.b - title.t) * 1.3,
            "{w}×{h}: the rank is large"
        );
        let middle = (rank.t + rank.b) / 2.0;
        assert!(
            middle > f64::from(h) * 0.25 && middle < f64::from(h) * 0.75,
            "{w}×{h}: the rank in the middle, not at the edge of an empty plot"
        );
        let words: Vec<&str> = boxes.iter().map(|t| t.text.as_str()).collect();
        assert!(
            words
                .join(" ")
                .contains("không ghi số đơn vị được xếp hạng"),
            "{w}×{h}: of how many is said not known"
        );
        assert!(!svg.contains("<polyline"), "{w}×{h}: no empty axes");
    }
}

/// Dark figures are never written over a dark bar ("hạng 1 (Nhất)" was
/// black on blue at the end of its bar): there they are white.
#[test]
fn no_dark_text_sits_on_a_dark_bar() {
    const DARK: [&str; 5] = ["#2D5591", "#1C407C", "#4676BA", "#2E7D32", "#B3141B"];
    let mut problems = Vec::new();
    for (name, c) in all_charts(Lang::Vi) {
        for &size in READABLE {
            let svg = draw(&c, size);
            let bars: Vec<(f64, f64, f64, f64)> = svg
                .split("<rect ")
                .skip(1)
                .map(|p| p.split("/>").next().unwrap())
                .filter(|tag| {
                    DARK.iter()
                        .any(|d| attr(tag, "fill").as_deref() == Some(*d))
                })
                .map(|tag| {
                    let (x, y) = (num(tag, "x"), num(tag, "y"));
                    (x, y, x + num(tag, "width"), y + num(tag, "height"))
                })
                .collect();
            for part in svg.split("<text ").skip(1) {
                let tag = part.split_once('>').unwrap().0;
                if attr(tag, "fill").as_deref() != Some("#1B1B1B") {
                    continue;
                }
                let t = &texts(&format!("<text {part}"))[0];
                let (cx, cy) = ((t.l + t.r) / 2.0, (t.t + t.b) / 2.0);
                if bars
                    .iter()
                    .any(|(l, tp, r, b)| cx > *l && cx < *r && cy > *tp && cy < *b)
                {
                    problems.push(format!("{name} {size:?}: «{}» dark on a bar", t.text));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// In a tiny embed (the chart's part of 320 × 240, and the whole of it)
/// the running total's line crossed its own figures ("953" on the line,
/// "448" over a bar) and the bars' figures climbed to the top of the plot,
/// far from their bars. A figure there stands on no line, within one line
/// of text of its point, or is left out (the sentence above has it).
#[test]
fn in_a_tiny_embed_no_figure_sits_on_a_line_or_floats_away_from_its_bar() {
    let c = chart("giua-nhiem-ky-2023.json", "dang-bo-khoi", "ket-nap");
    for size in [(308, 130), (320, 240)] {
        let svg = draw(&c, size);
        let (l, top, r, bottom) = plot(&svg);
        let lines: Vec<Vec<(f64, f64)>> = polylines(&svg)
            .into_iter()
            .filter(|(_, p)| p.len() > 2 || p.iter().any(|q| q.1 != p[0].1))
            .filter(|(c, p)| !(c == "#000000" && p.len() == 2))
            .map(|(_, p)| p)
            .collect();
        let on_line = |t: &TextBox| {
            lines.iter().any(|p| {
                p.windows(2).any(|s| {
                    (0..=20).any(|i| {
                        let k = f64::from(i) / 20.0;
                        let (x, y) = (
                            s[0].0 + (s[1].0 - s[0].0) * k,
                            s[0].1 + (s[1].1 - s[0].1) * k,
                        );
                        x > t.l + 1.0 && x < t.r - 1.0 && y > t.t + 1.0 && y < t.b - 1.0
                    })
                })
            })
        };
        let figures: Vec<TextBox> = texts(&svg)
            .into_iter()
            .filter(|t| {
                t.anchor == "start" && t.l >= l && t.r <= r && t.b <= bottom && t.t >= top - 30.0
            })
            .filter(|t| t.text.chars().any(|c| c.is_ascii_digit()))
            .collect();
        for t in &figures {
            assert!(!on_line(t), "{size:?}: {} sits on a line", t.text);
        }
        // The running total's figures (dark red) are not drawn on a column.
        let columns: Vec<(f64, f64, f64, f64)> = svg
            .split("<rect ")
            .skip(1)
            .filter(|p| p.contains("fill=\"#2D5591\"") || p.contains("fill=\"#8CA8D2\""))
            .map(|p| {
                let tag = p.split("/>").next().unwrap();
                let (x, y) = (num(tag, "x"), num(tag, "y"));
                (x, y, x + num(tag, "width"), y + num(tag, "height"))
            })
            .collect();
        assert!(!columns.is_empty(), "{size:?}: columns drawn");
        for t in texts(&svg)
            .iter()
            .filter(|t| ["448", "750", "953"].contains(&t.text.as_str()))
        {
            for &(cl, ct, cr, cb) in &columns {
                assert!(
                    !(t.l < cr - 1.0 && cl < t.r - 1.0 && t.t < cb - 1.0 && ct < t.b - 1.0),
                    "{size:?}: {} is drawn on a column",
                    t.text
                );
            }
        }
        // The bars' figures: each within one line of text above its bar's top.
        let y = value_to_y(&svg);
        for (v, s) in [(181.0, "181"), (267.0, "267"), (302.0, "302")] {
            if let Some(t) = figures.iter().find(|t| t.text == s) {
                let bar_top = y(v);
                assert!(
                    bar_top - t.b < (t.b - t.t) * 1.5,
                    "{size:?}: {s} floats {:.0} px above its bar",
                    bar_top - t.b
                );
            }
        }
    }
}

/// On the district's ranking slide two rows read "Huyện Đoàn – Xếp hạng
/// công …" and two "Ban Dân vận Huyện ủy – Xếp …": names cut to the same
/// words. Names alike in their start keep the end that tells them apart, on
/// screen and on a 1920 px slide.
#[test]
fn rows_cut_to_the_same_words_keep_the_end_that_tells_them_apart_huyen_doan() {
    let l = sample("huyen-2023.json");
    let ranking = &unit_charts(&l, Lang::Vi)[0];
    let mut slide = Theme::new(1.9, Lang::Vi);
    slide.projector = true;
    let cases = [
        (Theme::new(1.0, Lang::Vi), (960, 540)),
        (Theme::new(1.0, Lang::Vi), (800, 480)),
        (slide, (1830, 760)),
    ];
    for (theme, (w, h)) in cases {
        let svg = to_svg(&ranking.untitled(), &theme, w, h);
        let (left, _, _, _) = plot(&svg);
        let cut: Vec<String> = texts(&svg)
            .into_iter()
            .filter(|t| t.r <= left && t.text.contains('…'))
            .map(|t| t.text)
            .collect();
        let mut seen = std::collections::HashSet::new();
        for c in &cut {
            assert!(seen.insert(c), "{w}×{h}: two rows read «{c}»: {cut:?}");
        }
    }
}
