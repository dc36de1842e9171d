//! Each chart kind drawn through the SVG backend from the sample reports.
//! The drawing must show the report's figures in the interface's format, and
//! must equal its committed snapshot (`UPDATE_SNAPSHOTS=1` rewrites them after
//! a deliberate change; look at the SVGs before committing).

use chitieu_charts::draw::Theme;
use chitieu_charts::spec::{chart_for, unit_charts, Chart};
use chitieu_charts::to_svg;
use chitieu_core::evaluate::evaluate_all;
use chitieu_core::load::load;
use chitieu_core::load::Loaded;
use chitieu_core::text::Lang;

fn sample(name: &str) -> Loaded {
    let path = format!("{}/../data/{name}", env!("CARGO_MANIFEST_DIR"));
    load(name, &std::fs::read(path).unwrap()).unwrap()
}

fn chart(l: &Loaded, unit: &str, id: &str, lang: Lang) -> Chart {
    let rows = evaluate_all(l);
    let row = rows
        .iter()
        .find(|r| r.unit.id == unit && r.indicator.id == id)
        .unwrap();
    chart_for(l, row, lang).unwrap_or_else(|| panic!("no chart for {id}"))
}

fn check(name: &str, chart: &Chart, lang: Lang, expect: &[&str]) {
    let svg = to_svg(chart, &Theme::new(1.0, lang), 960, 540);
    assert!(svg.starts_with("<svg"), "{name}: not an SVG");
    // Wrapped lines read on as one text.
    let words: Vec<&str> = svg
        .split("<text ")
        .skip(1)
        .filter_map(|p| Some(p.split_once('>')?.1.split("</text>").next()?.trim()))
        .collect();
    let words = words.join(" ");
    for text in expect {
        assert!(
            words.contains(text),
            "{name}: the chart does not show {text:?}"
        );
    }
    let path = format!("{}/tests/snapshots/{name}.svg", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &svg).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{path} is missing: run UPDATE_SNAPSHOTS=1 cargo test -p chitieu-charts and review it"
        )
    });
    assert!(
        committed == svg,
        "{name}: the drawing changed; review and rerun with UPDATE_SNAPSHOTS=1 if intended"
    );
}

#[test]
fn admissions_draw_bars_running_total_three_targets_pace_and_projection() {
    let l = sample("giua-nhiem-ky-2023.json");
    let c = chart(&l, "dang-bo-khoi", "ket-nap", Lang::Vi);
    assert_eq!(c.kind(), "cumulative");
    check(
        "cumulative-ket-nap",
        &c,
        Lang::Vi,
        &[
            "181",
            "267",
            "302",
            "203",
            "953",
            "Chỉ tiêu nghị quyết: 1.200",
            "Chỉ tiêu tỉnh giao: 1.240",
            "Cuối nhiệm kỳ",
            "1.361",
            "6 tháng đầu năm 2023",
            "Kỳ chưa trọn năm",
        ],
    );
}

#[test]
fn admissions_in_english_use_english_number_format() {
    let l = sample("giua-nhiem-ky-2023.json");
    let c = chart(&l, "dang-bo-khoi", "ket-nap", Lang::En);
    check(
        "cumulative-ket-nap-en",
        &c,
        Lang::En,
        &["1,200", "End of term", "1,361", "H1 2023"],
    );
}

#[test]
fn members_studying_resolutions_draw_each_year_against_the_98_percent_floor() {
    let l = sample("giua-nhiem-ky-2023.json");
    let c = chart(&l, "dang-bo-khoi", "tiep-thu-dang-vien", Lang::Vi);
    assert_eq!(c.kind(), "floor");
    check(
        "floor-tiep-thu",
        &c,
        Lang::Vi,
        &["98,49 ✓", "98,5 ✓", "≥ 98%", "Thực hiện: 98,58%"],
    );
}

#[test]
fn inspection_rate_half_year_below_floor_is_drawn_pending() {
    let l = sample("giua-nhiem-ky-2023.json");
    let c = chart(&l, "dang-bo-khoi", "ty-le-kiem-tra", Lang::Vi);
    check(
        "floor-kiem-tra",
        &c,
        Lang::Vi,
        &["37,08 ✓", "4,72 …", "chưa đánh giá", "≥ 30%"],
    );
}

#[test]
fn organisation_ratings_stack_to_100_percent_with_the_95_percent_target() {
    let l = sample("giua-nhiem-ky-2023.json");
    let c = chart(&l, "dang-bo-khoi", "chat-luong-co-so-dang", Lang::Vi);
    assert_eq!(c.kind(), "distribution");
    check(
        "distribution-co-so-dang",
        &c,
        Lang::Vi,
        &[
            "99,04%",
            "98,07%",
            "94,23%",
            "≥ 95%",
            "Hoàn thành tốt nhiệm vụ",
        ],
    );
}

#[test]
fn youth_union_ratings_show_shares_summing_to_102_31_percent() {
    let l = sample("giua-nhiem-ky-2023.json");
    let c = chart(&l, "dang-bo-khoi", "chat-luong-doan", Lang::Vi);
    check("distribution-doan", &c, Lang::Vi, &["Σ 102,31%"]);
}

#[test]
fn quarterly_revenue_draws_quarter_and_nine_months_against_the_plan() {
    let l = sample("quy-3-2023.json");
    let c = chart(&l, "dang-bo-khoi", "doanh-thu", Lang::Vi);
    assert_eq!(c.kind(), "plan");
    check(
        "plan-doanh-thu",
        &c,
        Lang::Vi,
        &[
            "10.213",
            "27.581",
            "31.356,3",
            "Quý III/2023",
            "9 tháng năm 2023",
            "suy ra",
        ],
    );
}

#[test]
fn district_units_side_by_side_by_rank_and_by_achievement() {
    let l = sample("huyen-2023.json");
    let charts = unit_charts(&l, Lang::Vi);
    assert_eq!(
        charts.iter().map(Chart::kind).collect::<Vec<_>>(),
        ["ranking", "achievement"]
    );
    check(
        "ranking-huyen",
        &charts[0],
        Lang::Vi,
        &[
            "Ủy ban Mặt trận Tổ quốc Việt Nam huyện",
            "hạng 1 (Nhất)",
            "hạng 8 (Tám)",
            "Không thuộc đơn vị được xếp hạng cấp Tỉnh",
        ],
    );
    check(
        "achievement-huyen",
        &charts[1],
        Lang::Vi,
        // 100,00% is met, not exceeded: the green's legend names both.
        &[
            "107,14%",
            "27,51%",
            "Hội Chữ thập đỏ huyện",
            "Vượt chỉ tiêu / Đạt chỉ tiêu",
        ],
    );
}

#[test]
fn kinds_shown_as_text_have_no_chart_and_single_unit_exports_no_unit_charts() {
    let l = sample("huyen-2023.json");
    let rows = evaluate_all(&l);
    for r in &rows {
        let c = chart_for(&l, r, Lang::Vi);
        use chitieu_format::model::IndicatorKind::*;
        let ranked = r.indicator.values.iter().any(|o| o.value.is_some());
        match r.indicator.kind {
            Ranking if ranked => assert!(c.is_some(), "{} has no chart", r.indicator.id),
            Ranking | Rating | Group => assert!(c.is_none(), "{}", r.indicator.id),
            _ => assert!(c.is_some(), "{} has no chart", r.indicator.id),
        }
    }
    assert!(unit_charts(&sample("quy-3-2023.json"), Lang::Vi).is_empty());
}

#[test]
fn projector_legend_keeps_the_figure_when_the_label_is_cut() {
    let l = sample("giua-nhiem-ky-2023.json");
    let c = chart(&l, "dang-bo-khoi", "sinh-hoat", Lang::Vi);
    let mut t = Theme::new(1.0, Lang::Vi);
    t.projector = true;
    let svg = to_svg(&c, &t, 800, 300);
    assert!(
        svg.contains("≥ 95%"),
        "the floor's figure stays in the legend"
    );
}

#[test]
fn projector_scale_draws_larger_text() {
    let l = sample("giua-nhiem-ky-2023.json");
    let c = chart(&l, "dang-bo-khoi", "ket-nap", Lang::Vi);
    let normal = to_svg(&c, &Theme::new(1.0, Lang::Vi), 960, 540);
    let mut t = Theme::new(1.0, Lang::Vi);
    t.projector = true;
    let big = to_svg(&c, &t, 960, 540);
    let sizes = |svg: &str| -> Vec<f64> {
        svg.split("font-size=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next()?.parse().ok())
            .collect()
    };
    let (a, b) = (sizes(&normal), sizes(&big));
    assert!(!a.is_empty() && !b.is_empty(), "text at both scales");
    // The title, drawn first.
    let ratio = b[0] / a[0];
    assert!(
        (ratio - 1.5).abs() < 0.01,
        "projector text is 1,5× as large, got {ratio}"
    );
}
