//! Issue 15: every chart kind tells the truth at a glance, and every status
//! its reason. Screenshots of each kind at 1366 and 1920 wide are written to
//! tests/artifacts/chart15-<kind>-<width>.png for a reviewer.

use chitieu_e2e::*;

/// Each kind, on the page of an indicator that has it.
const KINDS: [(&str, &str, &str); 7] = [
    ("cumulative", "giua-nhiem-ky-2023", "dang-bo-khoi%2Fket-nap"),
    ("floor", "giua-nhiem-ky-2023", "dang-bo-khoi%2Fsinh-hoat"),
    (
        "distribution",
        "giua-nhiem-ky-2023",
        "dang-bo-khoi%2Fchat-luong-co-so-dang",
    ),
    ("plan", "quy-3-2023", "dang-bo-khoi%2Fdoanh-thu"),
    (
        "done-of-planned",
        "giua-nhiem-ky-2023",
        "dang-bo-khoi%2Fchi-tieu-hoan-thanh",
    ),
    ("ranking", "huyen-2023", "ban-to-chuc%2Fxep-hang"),
    ("units", "huyen-2023", ""),
];

/// The chart's box and the viewport's width, in CSS pixels.
async fn chart_box(b: &Browser) -> (f64, f64, f64) {
    let v = b
        .client
        .execute(
            "const c = document.querySelector('canvas.chart'); c.scrollIntoView({block: 'center'}); const r = c.getBoundingClientRect(); return [r.left, r.right, document.documentElement.clientWidth];",
            vec![],
        )
        .await
        .unwrap();
    let a = v.as_array().unwrap();
    let n = |i: usize| a[i].as_f64().unwrap();
    (n(0), n(1), n(2))
}

#[tokio::test(flavor = "multi_thread")]
async fn each_chart_kind_is_drawn_inside_the_page_at_1366_and_1920_wide() {
    let server = serve(dist_dir(), "/");
    for (w, h) in [(1366, 900), (1920, 1080)] {
        let b = Browser::start_with_size(w, h).await;
        for (kind, dataset, id) in KINDS {
            let query = if id.is_empty() {
                format!("?dataset={dataset}&view=units")
            } else {
                format!("?dataset={dataset}&indicator={id}")
            };
            b.open(&server.base, &query).await;
            b.wait_for("canvas.chart").await;
            b.wait_until(
                &format!("{kind} drawn"),
                "const c = document.querySelector('canvas.chart'); if (!c || !c.width) return false; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; for (let i = 0; i < d.length; i += 4) { if (d[i + 3] > 0 && d[i] < 200) return true; } return false;",
            )
            .await;
            let (left, right, vw) = chart_box(&b).await;
            assert!(
                left >= 0.0 && right <= vw + 0.5,
                "{kind} at {w}: the chart leaves the page ({left}–{right} of {vw})"
            );
            b.screenshot(&format!("chart15-{kind}-{w}")).await;
        }
        b.close().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_ranking_indicator_has_its_chart_and_export_not_the_word_nam_in_a_box() {
    let server = serve(dist_dir(), "/");
    let b = Browser::start().await;
    b.open(
        &server.base,
        "?dataset=huyen-2023&indicator=ban-to-chuc%2Fxep-hang",
    )
    .await;
    b.wait_for("canvas[data-chart-kind='ranking']").await;
    let page = b.text().await;
    assert!(
        page.contains("Xếp hạng (Năm 2023): 5 (Năm)"),
        "the rank in words"
    );
    assert!(
        !page.contains("5 hạng (tính từ các kỳ)"),
        "no '5 hạng' computed from periods"
    );
    assert!(
        b.has(".export-bar .export-png").await,
        "exportable like every chart"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missed_distribution_says_why_on_the_overview_on_tap_and_on_its_page() {
    let server = serve(dist_dir(), "/");
    let b = Browser::start_with_size(1366, 900).await;
    b.open(&server.base, "?dataset=giua-nhiem-ky-2023").await;
    let row = "tr.indicator[data-unit='dang-bo-khoi'][data-id='chat-luong-co-so-dang']";
    b.wait_for(row).await;
    let reason = "không đạt: năm 2022 đạt 94,23%, dưới 95%";
    let cell = b
        .client
        .find(Locator::Css(&format!("{row} td.status-cell")))
        .await
        .unwrap();
    assert_eq!(
        cell.attr("title").await.unwrap().as_deref(),
        Some(reason),
        "the tooltip"
    );
    let summary = b
        .client
        .find(Locator::Css(&format!(
            "{row} details.status-reason summary"
        )))
        .await
        .unwrap();
    summary.click().await.unwrap();
    let shown = b
        .client
        .find(Locator::Css(&format!("{row} details.status-reason p")))
        .await
        .unwrap();
    assert!(
        shown.is_displayed().await.unwrap(),
        "the reason opens on tap"
    );
    assert_eq!(shown.text().await.unwrap(), reason);
    b.screenshot("chart15-reason-overview").await;
    b.open(
        &server.base,
        "?dataset=giua-nhiem-ky-2023&indicator=dang-bo-khoi%2Fchat-luong-co-so-dang",
    )
    .await;
    b.wait_for("p.status-reason").await;
    assert!(b.text().await.contains(reason), "on the indicator page");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_status_column_holds_only_statuses_not_units_like_hang_or_dv() {
    let server = serve(dist_dir(), "/");
    let b = Browser::start().await;
    for dataset in ["giua-nhiem-ky-2023", "quy-3-2023", "huyen-2023"] {
        b.open(&server.base, &format!("?dataset={dataset}")).await;
        b.wait_for("tr.indicator").await;
        let units = b
            .client
            .find_all(Locator::Css("td.status-cell .unit-of-measure"))
            .await
            .unwrap();
        assert!(units.is_empty(), "{dataset}: units in the status column");
        let only = b
            .client
            .execute(
                "return [...document.querySelectorAll('td.status-cell')].every(td => { const c = td.cloneNode(true); c.querySelectorAll('.status, details').forEach(e => e.remove()); return c.textContent.trim() === ''; });",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            only.as_bool(),
            Some(true),
            "{dataset}: a status cell holds a status and its reason only"
        );
    }
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_data_table_has_no_empty_columns_and_no_empty_unit_header() {
    let server = serve(dist_dir(), "/");
    let b = Browser::start().await;
    for q in [
        "?dataset=giua-nhiem-ky-2023&indicator=dang-bo-khoi%2Fket-nap",
        "?dataset=giua-nhiem-ky-2023&indicator=dang-bo-khoi%2Fsinh-hoat",
        "?dataset=quy-3-2023&indicator=dang-bo-khoi%2Fdoanh-thu",
        "?dataset=huyen-2023&indicator=ban-to-chuc%2Fxep-hang",
    ] {
        b.open(&server.base, q).await;
        b.wait_for("table.data").await;
        let v = b
            .client
            .execute(
                "const t = document.querySelector('table.data'); const heads = [...t.querySelectorAll('thead th')].map(th => th.textContent); const rows = [...t.querySelectorAll('tbody tr')]; const empty = heads.map((_, i) => rows.every(r => (r.children[i]?.textContent || '').trim() === '')); return [heads.join('|'), empty.some(e => e)];",
                vec![],
            )
            .await
            .unwrap();
        let heads = v[0].as_str().unwrap();
        assert!(!heads.contains("()"), "{q}: header {heads}");
        assert_eq!(
            v[1].as_bool(),
            Some(false),
            "{q}: an empty column in {heads}"
        );
    }
    b.close().await;
}
