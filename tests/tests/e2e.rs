//! The built dashboard in headless Debian Chromium. One test binary; each test
//! is named after what a user would notice if it broke. Screenshots for a
//! reviewer are written to tests/artifacts/.

use chitieu_core::{evaluate_all, load, IndicatorKind};
use chitieu_e2e::*;

const SAMPLES: [(&str, &str); 3] = [
    ("giua-nhiem-ky-2023", "giua-nhiem-ky-2023.json"),
    ("quy-3-2023", "quy-3-2023.json"),
    ("huyen-2023", "huyen-2023.json"),
];

async fn texts(els: &[fantoccini::elements::Element]) -> Vec<String> {
    let mut out = Vec::new();
    for e in els {
        out.push(e.text().await.unwrap().trim().to_string());
    }
    out
}

/// Every indicator of every sample export is on the overview with the figure
/// the core computes from the report, in Vietnamese number format.
#[tokio::test(flavor = "multi_thread")]
async fn overview_shows_every_indicator_of_each_sample_with_the_reports_figures() {
    let dist = dist_dir();
    let server = serve(dist.clone(), "/");
    let b = Browser::start().await;
    b.open(&server.base, "").await;
    for (i, (id, file)) in SAMPLES.iter().enumerate() {
        if i > 0 {
            b.client
                .find(Locator::Css(&format!(
                    "button.dataset[data-dataset='{id}']"
                )))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
        }
        b.wait_for(&format!(".dataset-view[data-dataset='{id}']"))
            .await;
        let l = load(file, &std::fs::read(dist.join("data").join(file)).unwrap()).unwrap();
        let rows = evaluate_all(&l);
        let shown = b
            .client
            .find_all(Locator::Css("tr.indicator"))
            .await
            .unwrap();
        assert_eq!(shown.len(), rows.len(), "{id}: rows on screen");
        for r in &rows {
            let css = format!(
                "tr.indicator[data-unit='{}'][data-id='{}'] td.actual",
                r.unit.id, r.indicator.id
            );
            let cells = b.client.find_all(Locator::Css(&css)).await.unwrap();
            assert_eq!(cells.len(), 1, "{id}: {} on screen once", r.indicator.id);
            let want = match (&r.eval.actual, r.indicator.kind) {
                (_, IndicatorKind::Ranking) | (None, _) => continue,
                (Some(a), _) => a.value.fmt_vi(),
            };
            assert_eq!(texts(&cells).await[0], want, "{id}/{}", r.indicator.id);
            let status = b
                .client
                .find(Locator::Css(&format!(
                    "tr.indicator[data-unit='{}'][data-id='{}']",
                    r.unit.id, r.indicator.id
                )))
                .await
                .unwrap()
                .attr("data-status")
                .await
                .unwrap();
            assert_eq!(
                status.as_deref(),
                Some(r.eval.status.code()),
                "{id}/{} status",
                r.indicator.id
            );
        }
        let warnings: usize = rows.iter().map(|r| r.eval.warnings.len()).sum();
        let flags = texts(&b.client.find_all(Locator::Css(".warn-flag")).await.unwrap()).await;
        let shown_warnings: usize = flags
            .iter()
            .map(|t| t.trim_start_matches('⚠').trim().parse::<usize>().unwrap())
            .sum();
        assert_eq!(
            shown_warnings, warnings,
            "{id}: warnings flagged on the overview"
        );
        assert!(
            !b.client
                .find_all(Locator::Css(".bullet .bar"))
                .await
                .unwrap()
                .is_empty(),
            "{id}: bullet graphs"
        );
        b.screenshot(&format!("overview-{id}")).await;
    }
    b.close().await;
}

/// The mid-term report's admissions: the figures as printed, the recomputed
/// achievement, the report's own error in words, and the indicator page.
#[tokio::test(flavor = "multi_thread")]
async fn admissions_show_79_42_percent_against_the_printed_79_61_and_open_their_page() {
    let server = serve(dist_dir(), "/");
    let b = Browser::start().await;
    b.open(&server.base, "?dataset=giua-nhiem-ky-2023").await;
    let row = b.wait_for("tr.indicator[data-id='ket-nap']").await;
    let text = row.text().await.unwrap();
    for want in [
        "Kết nạp đảng viên",
        "953",
        "1.200",
        "79,42%",
        "báo cáo ghi 79,61%",
        "Đúng tiến độ",
        "⚠ 1",
    ] {
        assert!(text.contains(want), "row lacks {want}: {text}");
    }
    row.find(Locator::Css("td.name a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_for(".indicator-page[data-id='ket-nap'] canvas[data-chart-kind='cumulative']")
        .await;
    let url = b.client.current_url().await.unwrap();
    assert!(
        url.as_str().contains("indicator=dang-bo-khoi%2Fket-nap"),
        "{url}"
    );
    let page = b.text().await;
    for want in [
        "báo cáo ghi đạt 79,61%, nhưng 953 / 1.200 = 79,42%",
        "Cần thêm 247 ĐV trong 1,5 năm còn lại, bình quân 164,67 ĐV/năm",
        "Báo cáo số 161-BC/ĐUK",
        "6 tháng đầu năm 2023",
        "Chỉ tiêu tỉnh giao",
    ] {
        assert!(page.contains(want), "indicator page lacks {want}");
    }
    let cells = texts(
        &b.client
            .find_all(Locator::Css("table.data tr[data-period='2020'] td"))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(cells[0], "181");
    b.client.back().await.unwrap();
    b.wait_for("tr.indicator[data-id='ket-nap']").await;
    b.close().await;
}

/// Each chart kind draws on its canvas, whose pixels are its CSS size times
/// the device pixel ratio, and is redrawn when the window is resized.
#[tokio::test(flavor = "multi_thread")]
async fn each_chart_kind_draws_pixels_at_the_screens_resolution() {
    let server = serve(dist_dir(), "/");
    let b = Browser::start_with(1280, 900, 2.0).await;
    let pages = [
        (
            "?dataset=giua-nhiem-ky-2023&indicator=dang-bo-khoi%2Fket-nap",
            "cumulative",
        ),
        (
            "?dataset=giua-nhiem-ky-2023&indicator=dang-bo-khoi%2Ftiep-thu-dang-vien",
            "floor",
        ),
        (
            "?dataset=giua-nhiem-ky-2023&indicator=dang-bo-khoi%2Fchat-luong-co-so-dang",
            "distribution",
        ),
        (
            "?dataset=quy-3-2023&indicator=dang-bo-khoi%2Fdoanh-thu",
            "plan",
        ),
        ("?dataset=huyen-2023&view=units", "ranking"),
        ("?dataset=huyen-2023&view=units", "achievement"),
    ];
    for (query, kind) in pages {
        b.open(&server.base, query).await;
        let css = format!("canvas[data-chart-kind='{kind}']");
        b.wait_for(&css).await;
        let probe = format!(
            "const c = document.querySelector(\"{}\"); if (!c || !c.width) return false; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; for (let i = 0; i < d.length; i += 4) {{ if (d[i + 3] > 0 && d[i] < 200) return true; }} return false;",
            css.replace('"', "\\\"")
        );
        b.wait_until(&format!("{kind} drawn"), &probe).await;
        let c = b.canvas(&css).await;
        assert_eq!(c.ratio, 2.0, "device pixel ratio");
        assert_eq!(
            c.width,
            (c.css_width * c.ratio).round(),
            "{kind}: canvas pixels follow its CSS width × ratio"
        );
        assert_eq!(
            c.height,
            (c.css_height * c.ratio).round(),
            "{kind}: canvas pixels follow its CSS height × ratio"
        );
        assert!(
            c.drawn > c.width * c.height * 0.02,
            "{kind}: only {} pixels drawn",
            c.drawn
        );
        b.screenshot(&format!("chart-{kind}")).await;
    }
    // Resizing the window redraws at the new size.
    b.open(&server.base, pages[0].0).await;
    b.wait_for("canvas[data-chart-kind='cumulative']").await;
    let before = b.canvas("canvas.chart").await;
    b.client.set_window_size(800, 900).await.unwrap();
    b.wait_until(
        "redraw after resize",
        &format!("const c = document.querySelector('canvas.chart'); return c.width !== {} && c.width === Math.round(c.clientWidth * devicePixelRatio);", before.width),
    )
    .await;
    b.close().await;
}

/// Search ignores Vietnamese diacritics and lives in the URL.
#[tokio::test(flavor = "multi_thread")]
async fn search_ket_nap_finds_ket_nap_dang_vien_without_diacritics() {
    let server = serve(dist_dir(), "/");
    let b = Browser::start().await;
    b.open(&server.base, "?dataset=giua-nhiem-ky-2023").await;
    b.wait_for("tr.indicator").await;
    let all = b
        .client
        .find_all(Locator::Css("tr.indicator"))
        .await
        .unwrap()
        .len();
    let input = b
        .client
        .find(Locator::Css("input.search-input"))
        .await
        .unwrap();
    input.send_keys("ket nap").await.unwrap();
    b.wait_until(
        "search applied",
        "return document.querySelectorAll('tr.indicator').length < 5",
    )
    .await;
    let names = texts(
        &b.client
            .find_all(Locator::Css("tr.indicator td.name"))
            .await
            .unwrap(),
    )
    .await;
    assert!(
        names.iter().any(|n| n.contains("Kết nạp đảng viên")),
        "{names:?}"
    );
    assert!(names.len() < all);
    // The input keeps focus while typing, so more can be typed.
    input.send_keys(" dang").await.unwrap();
    b.wait_until(
        "typed on",
        "return document.querySelector('input.search-input').value === 'ket nap dang'",
    )
    .await;
    let url = b.client.current_url().await.unwrap();
    assert!(url.as_str().contains("q=ket%20nap%20dang"), "{url}");
    b.close().await;
}

/// Status counts filter the overview; the unit filter narrows to one organisation.
#[tokio::test(flavor = "multi_thread")]
async fn status_and_unit_filters_show_only_matching_indicators() {
    let server = serve(dist_dir(), "/");
    let b = Browser::start().await;
    b.open(&server.base, "?dataset=giua-nhiem-ky-2023").await;
    let button = b.wait_for("button.count[data-status='behind']").await;
    let n: usize = button
        .find(Locator::Css("strong"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .parse()
        .unwrap();
    assert!(n > 0);
    button.click().await.unwrap();
    b.wait_until(
        "status filter",
        &format!("return document.querySelectorAll('tr.indicator').length === {n}"),
    )
    .await;
    for row in b
        .client
        .find_all(Locator::Css("tr.indicator"))
        .await
        .unwrap()
    {
        assert_eq!(
            row.attr("data-status").await.unwrap().as_deref(),
            Some("behind")
        );
    }
    b.screenshot("overview-filtered-behind").await;
    b.open(&server.base, "?dataset=huyen-2023").await;
    b.wait_for("select.filter-unit").await;
    b.client
        .find(Locator::Css("select.filter-unit"))
        .await
        .unwrap()
        .select_by_value("hoi-nong-dan")
        .await
        .unwrap();
    b.wait_until("unit filter", "return [...document.querySelectorAll('tr.indicator')].every(r => r.dataset.unit === 'hoi-nong-dan')").await;
    let rows = b
        .client
        .find_all(Locator::Css("tr.indicator"))
        .await
        .unwrap();
    assert!(rows.len() >= 5, "{} rows", rows.len());
    b.close().await;
}

/// English by a switch that is remembered after a reload, with English number format.
#[tokio::test(flavor = "multi_thread")]
async fn language_switch_to_english_is_remembered() {
    let server = serve(dist_dir(), "/");
    let b = Browser::start().await;
    b.open(&server.base, "?dataset=giua-nhiem-ky-2023").await;
    b.wait_for("tr.indicator[data-id='ket-nap']").await;
    b.client
        .find(Locator::Css("button.lang-button[data-lang='en']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until("English", "return document.documentElement.lang === 'en'")
        .await;
    let row = b
        .wait_for("tr.indicator[data-id='ket-nap']")
        .await
        .text()
        .await
        .unwrap();
    for want in ["1,200", "79.42%", "printed 79.61%", "On track"] {
        assert!(row.contains(want), "English row lacks {want}: {row}");
    }
    b.client.refresh().await.unwrap();
    b.wait_for("tr.indicator[data-id='ket-nap']").await;
    let page = b.text().await;
    assert!(
        page.contains("Resolution indicators") && page.contains("1,200"),
        "English not remembered"
    );
    b.screenshot("overview-english").await;
    b.client
        .find(Locator::Css("button.lang-button[data-lang='vi']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until(
        "Vietnamese",
        "return document.documentElement.lang === 'vi'",
    )
    .await;
    b.close().await;
}

/// A malformed local file names the file, the field path and the problem; the
/// data already on screen stays. A valid local file opens in place.
#[tokio::test(flavor = "multi_thread")]
async fn a_malformed_file_shows_its_error_and_keeps_the_data_on_screen() {
    let dist = dist_dir();
    let server = serve(dist.clone(), "/");
    let dir = artifacts_dir().join("uploads");
    std::fs::create_dir_all(&dir).unwrap();
    let good = std::fs::read_to_string(dist.join("data/quy-3-2023.json")).unwrap();
    let bad = dir.join("bao-cao-loi.json");
    std::fs::write(
        &bad,
        good.replacen("\"value\": 88", "\"value\": \"tám mươi tám\"", 1),
    )
    .unwrap();
    let b = Browser::start().await;
    b.open(&server.base, "?dataset=giua-nhiem-ky-2023").await;
    b.wait_for("tr.indicator[data-id='ket-nap']").await;
    let input = b
        .client
        .find(Locator::Css("label.open-file input[type='file']"))
        .await
        .unwrap();
    input.send_keys(bad.to_str().unwrap()).await.unwrap();
    let banner = b.wait_for(".error").await.text().await.unwrap();
    for want in [
        "bao-cao-loi.json",
        "values[0].value",
        "tám mươi tám",
        "Dữ liệu đang hiển thị vẫn được giữ nguyên",
    ] {
        assert!(banner.contains(want), "error lacks {want}: {banner}");
    }
    assert!(b
        .client
        .find(Locator::Css(
            ".dataset-view[data-dataset='giua-nhiem-ky-2023'] tr.indicator[data-id='ket-nap']"
        ))
        .await
        .is_ok());
    b.screenshot("error-malformed-file").await;
    let ok = dir.join("quy-3-ban-sao.json");
    std::fs::write(&ok, &good).unwrap();
    let input = b
        .client
        .find(Locator::Css("label.open-file input[type='file']"))
        .await
        .unwrap();
    input.send_keys(ok.to_str().unwrap()).await.unwrap();
    b.wait_for(".dataset-view[data-dataset='quy-3-2023']").await;
    assert!(
        b.client
            .find_all(Locator::Css(".error"))
            .await
            .unwrap()
            .is_empty(),
        "the error is cleared"
    );
    b.close().await;
}

/// `?data=` loads an export from the same origin; another origin is refused.
#[tokio::test(flavor = "multi_thread")]
async fn data_url_loads_from_the_same_origin_and_refuses_others() {
    let server = serve(dist_dir(), "/");
    let b = Browser::start().await;
    b.open(&server.base, "?data=data%2Fquy-3-2023.json").await;
    b.wait_for(".dataset-view[data-dataset='quy-3-2023']").await;
    b.open(
        &server.base,
        "?data=http%3A%2F%2F127.0.0.2%3A9%2Fgia-mao.json",
    )
    .await;
    let banner = b.wait_for(".error").await.text().await.unwrap();
    assert!(banner.contains("chỉ nhận dữ liệu cùng nguồn"), "{banner}");
    assert!(b
        .client
        .find_all(Locator::Css(".dataset-view"))
        .await
        .unwrap()
        .is_empty());
    b.close().await;
}
