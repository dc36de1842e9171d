//! The built dashboard in headless Debian Chromium. One test binary; each test
//! is named after what a user would notice if it broke.

use chitieu_core::{evaluate_all, load, IndicatorKind};
use chitieu_e2e::*;

const SAMPLES: [(&str, &str); 3] = [
    ("giua-nhiem-ky-2023", "giua-nhiem-ky-2023.json"),
    ("quy-3-2023", "quy-3-2023.json"),
    ("huyen-2023", "huyen-2023.json"),
];

/// Every indicator of every sample export is on screen with the figure the
/// core computes from the report, in Vietnamese number format.
#[tokio::test(flavor = "multi_thread")]
async fn overview_shows_every_indicator_of_each_sample_with_the_reports_figures() {
    let dist = dist_dir();
    let server = serve(dist.clone(), "/");
    let b = Browser::start().await;
    b.client.goto(&server.base).await.unwrap();
    for (i, (id, file)) in SAMPLES.iter().enumerate() {
        if i > 0 {
            let buttons = b
                .client
                .find_all(Locator::Css("button.dataset"))
                .await
                .unwrap();
            buttons[i].click().await.unwrap();
        }
        b.wait_for(&format!(".dataset-view[data-dataset='{id}']"))
            .await;
        let bytes = std::fs::read(dist.join("data").join(file)).unwrap();
        let l = load(file, &bytes).unwrap();
        let rows = evaluate_all(&l);
        let shown = b
            .client
            .find_all(Locator::Css("tr.indicator"))
            .await
            .unwrap();
        assert_eq!(shown.len(), rows.len(), "{id}: rows on screen");
        for r in &rows {
            let css = format!("tr.indicator[data-id='{}'] td.actual", r.indicator.id);
            let cells = b.client.find_all(Locator::Css(&css)).await.unwrap();
            assert!(!cells.is_empty(), "{id}: {} not on screen", r.indicator.id);
            let want = match (&r.eval.actual, r.indicator.kind) {
                (_, IndicatorKind::Ranking) | (None, _) => continue,
                (Some(a), _) => a.value.fmt_vi(),
            };
            let texts = futures_text(&cells).await;
            assert!(
                texts.iter().any(|t| t == &want),
                "{id}/{}: shown {texts:?}, expected {want}",
                r.indicator.id
            );
        }
        let warnings: usize = rows.iter().map(|r| r.eval.warnings.len()).sum();
        let shown_warnings = b
            .client
            .find_all(Locator::Css("tr.warnings li"))
            .await
            .unwrap();
        assert_eq!(shown_warnings.len(), warnings, "{id}: warnings on screen");
        b.screenshot(&format!("overview-{id}")).await;
    }
    b.close().await;
}

async fn futures_text(cells: &[fantoccini::elements::Element]) -> Vec<String> {
    let mut out = Vec::new();
    for c in cells {
        out.push(c.text().await.unwrap().trim().to_string());
    }
    out
}

/// The mid-term report's admissions: the figures as printed, the
/// recomputed achievement and the report's own error, said in words.
#[tokio::test(flavor = "multi_thread")]
async fn mid_term_admissions_show_1_200_target_79_42_percent_and_the_printed_79_61() {
    let server = serve(dist_dir(), "/");
    let b = Browser::start().await;
    b.client.goto(&server.base).await.unwrap();
    b.wait_for(".dataset-view[data-dataset='giua-nhiem-ky-2023']")
        .await;
    let row = b.wait_for("tr.indicator[data-id='ket-nap']").await;
    let text = row.text().await.unwrap();
    for want in [
        "Kết nạp đảng viên",
        "1.200",
        "181",
        "267",
        "302",
        "203",
        "953",
        "79,42%",
        "báo cáo ghi 79,61%",
        "Đúng tiến độ",
    ] {
        assert!(text.contains(want), "row lacks {want}: {text}");
    }
    let page = b.text().await;
    assert!(
        page.contains("báo cáo ghi đạt 79,61%, nhưng 953 / 1.200 = 79,42%"),
        "warning missing"
    );
    assert!(
        page.contains("tỷ lệ các loại cộng lại được 102,31%"),
        "shares warning missing"
    );
    assert!(
        page.contains("Sơ kết giữa nhiệm kỳ 2020–2025"),
        "diacritics lost"
    );
    b.close().await;
}
