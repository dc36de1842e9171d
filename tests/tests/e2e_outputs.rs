//! Every output but the screen: paper (one indicator per A4 landscape page,
//! the conference booklet), PNG and SVG with their context, CSV for
//! machines, the Excel workbook from the export worker. PDFs are printed by
//! Chromium itself (CDP `Page.printToPDF`), counted and read back with
//! poppler (`pdfinfo`, `pdftotext`) and turned into PNGs (`pdftoppm`) in
//! tests/artifacts/ to be looked at.

use std::path::PathBuf;
use std::process::Command;

use base64::Engine;
use chitieu_e2e::*;
use serde_json::json;

/// The page printed by Chromium on A4 landscape, as its stylesheet asks;
/// saved as tests/artifacts/NAME.pdf with a PNG per page (NAME-1.png, …).
/// Returns each page's text.
async fn print_pdf(b: &Browser, name: &str) -> Vec<String> {
    let pdf = b
        .cdp(
            "Page.printToPDF",
            serde_json::json!({ "landscape": true, "paperWidth": 11.69, "paperHeight": 8.27, "preferCSSPageSize": true, "printBackground": true }),
        )
        .await;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(pdf["data"].as_str().expect("PDF data"))
        .expect("base64 PDF");
    let path = artifacts_dir().join(format!("{name}.pdf"));
    std::fs::write(&path, bytes).unwrap();
    let pages = pdf_pages(&path);
    let png = artifacts_dir().join(name);
    let ok = Command::new("pdftoppm")
        .args(["-r", "50", "-png"])
        .arg(&path)
        .arg(&png)
        .status()
        .expect("pdftoppm (poppler-utils: scripts/setup.sh --browser)");
    assert!(ok.success());
    (1..=pages)
        .map(|p| {
            let out = Command::new("pdftotext")
                .args(["-layout", "-f", &p.to_string(), "-l", &p.to_string()])
                .arg(&path)
                .arg("-")
                .output()
                .expect("pdftotext");
            String::from_utf8_lossy(&out.stdout).into_owned()
        })
        .collect()
}

/// Words printed in the bottom margin (below 561 pt of A4 landscape's
/// 595, the 12 mm margin), page numbers and their slash left out.
fn footer_words(path: &PathBuf) -> Vec<String> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext");
    let html = String::from_utf8_lossy(&out.stdout);
    html.lines()
        .filter_map(|l| {
            let y: f64 = l.split("yMin=\"").nth(1)?.split('"').next()?.parse().ok()?;
            let word = l.split('>').nth(1)?.split('<').next()?.to_string();
            (y > 555.0 && !word.chars().all(|c| c.is_ascii_digit() || c == '/')).then_some(word)
        })
        .collect()
}

fn pdf_pages(path: &PathBuf) -> usize {
    let out = Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&out.stdout);
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .expect("pdfinfo pages");
    let size = info
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .unwrap_or_default();
    let dims: Vec<f64> = size
        .split_whitespace()
        .filter_map(|t| t.parse().ok())
        .collect();
    assert!(
        dims.len() == 2 && (dims[0] - 842.0).abs() < 1.0 && (dims[1] - 595.0).abs() < 1.0,
        "A4 landscape (842 × 595 pt): {size}"
    );
    pages.trim().parse().unwrap()
}

/// Counts `beforeprint` events and the chart's canvas size at that moment
/// (after the app has drawn it for paper).
const WATCH_PRINT: &str = "window.__printed = []; addEventListener('beforeprint', () => { const c = document.querySelector('canvas.chart'); window.__printed.push(c ? [c.width, c.height] : null); });";

/// The indicators whose print once took three pages, and the longest names:
/// each is one A4 landscape page with its title, organisation, period,
/// chart (drawn for paper, not the screen's canvas stretched), table,
/// source and print date.
#[tokio::test(flavor = "multi_thread")]
async fn print_of_an_indicator_is_one_a4_landscape_page_not_three() {
    let server = serve(dist_dir(), "/");
    let b = Browser::start_with_size(1366, 768).await;
    let year = b
        .client
        .execute("return String(new Date().getFullYear())", vec![])
        .await
        .unwrap();
    let cases = [
        (
            "giua-nhiem-ky-2023",
            "dang-bo-khoi/ket-nap",
            "Kết nạp đảng viên",
        ),
        (
            "giua-nhiem-ky-2023",
            "dang-bo-khoi/chi-tieu-hoan-thanh",
            "Chỉ tiêu định lượng",
        ),
        (
            "giua-nhiem-ky-2023",
            "dang-bo-khoi/dan-van-kheo",
            "dân vận khéo",
        ),
        (
            "giua-nhiem-ky-2023",
            "dang-bo-khoi/thu-nhap",
            "Thu nhập bình quân",
        ),
        ("quy-3-2023", "dang-bo-khoi/doanh-thu", "Tổng doanh thu"),
    ];
    for (i, (dataset, ind, words)) in cases.iter().enumerate() {
        b.open(
            &server.base,
            &format!("?dataset={dataset}&indicator={}", ind.replace('/', "%2F")),
        )
        .await;
        if !b.has("canvas.chart").await {
            panic!("{ind}: no chart");
        }
        b.client.execute(WATCH_PRINT, vec![]).await.unwrap();
        let pages = print_pdf(&b, &format!("print-indicator-{}", i + 1)).await;
        let text = pages.join("\n");
        assert_eq!(pages.len(), 1, "{ind} takes {} pages:\n{text}", pages.len());
        let page = &pages[0];
        assert!(
            page.replace(' ', "").contains("1/1"),
            "{ind}: no page number:\n{page}"
        );
        for want in [
            words.to_string(),
            "Nguồn".to_string(),
            "số liệu đến tháng".to_string(),
            "In ngày".to_string(),
            year.as_str().unwrap().to_string(),
        ] {
            assert!(
                page.contains(&want),
                "{ind}: no {want:?} on the page:\n{page}"
            );
        }
        let printed = b
            .client
            .execute("return window.__printed", vec![])
            .await
            .unwrap();
        assert_eq!(
            printed.as_array().map(Vec::len),
            Some(1),
            "{ind}: beforeprint once: {printed}"
        );
        let (w, h) = (
            printed[0][0].as_f64().unwrap(),
            printed[0][1].as_f64().unwrap(),
        );
        assert!(
            w >= 2000.0 && (w / h - 1000.0 / 320.0).abs() < 0.02,
            "{ind}: drawn for paper at {w}×{h}"
        );
    }
    b.close().await;
}

/// The district's overview (14 units, 90 rows) on paper runs on from unit
/// to unit: fewer pages than units (it took 15), none but the last mostly blank.
#[tokio::test(flavor = "multi_thread")]
async fn overview_of_many_units_prints_without_a_mostly_blank_page_per_unit() {
    let server = serve(dist_dir(), "/");
    let b = Browser::start_with_size(1366, 768).await;
    b.open(&server.base, "?dataset=huyen-2023").await;
    b.wait_for("tr.indicator").await;
    // Laid out for paper: each status's reason is shown, not a "Vì sao?"
    // that paper cannot open; a derived target ("3.112 (suy ra)") and each
    // heading on one line, not three.
    b.emulate_media("print").await;
    let v = b
        .client
        .execute(
            r#"
        const lines = e => { const r = document.createRange(); r.selectNodeContents(e); return new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top))).size; };
        const reasons = [...document.querySelectorAll('details.status-reason')];
        return [
            reasons.length,
            reasons.filter(d => !d.querySelector('p').checkVisibility() || d.querySelector('p').getBoundingClientRect().height === 0).map(d => d.textContent),
            reasons.filter(d => getComputedStyle(d.querySelector('summary')).display !== 'none').length,
            [...document.querySelectorAll('table.overview td.target')].filter(td => /\(suy\sra\)/.test(td.textContent) && lines(td) > 1).map(td => td.textContent),
            [...document.querySelectorAll('table.overview th')].filter(th => th.offsetParent && lines(th) > 1).map(th => th.textContent),
        ];"#,
            vec![],
        )
        .await
        .unwrap();
    // No override: printing lays out for paper again.
    b.emulate_media("").await;
    assert!(
        v[0].as_u64().unwrap() > 0,
        "the district has statuses with reasons"
    );
    assert_eq!(v[1], json!([]), "reasons not shown on paper");
    assert_eq!(v[2], json!(0), "«Vì sao?» toggles printed");
    assert_eq!(
        v[3],
        json!([]),
        "derived targets over several lines on paper"
    );
    assert_eq!(v[4], json!([]), "headings over several lines on paper");
    let pages = print_pdf(&b, "print-overview-huyen").await;
    // A section's rows stay together, so pages end early; but not a page per unit.
    assert!(
        pages.len() <= 12,
        "14 units on {} pages:\n{}",
        pages.len(),
        pages.join("\n=====\n")
    );
    let last = pages.last().unwrap();
    assert!(
        last.lines().filter(|l| !l.trim().is_empty()).count() >= 3,
        "the last page holds only:\n{last}"
    );
    for (i, page) in pages.iter().enumerate().take(pages.len() - 1) {
        let lines = page.lines().filter(|l| !l.trim().is_empty()).count();
        assert!(lines >= 8, "page {} has {lines} lines:\n{page}", i + 1);
    }
    b.close().await;
}

/// The conference booklet: the deck printed as a cover (organisation,
/// period, counts by status) and one page per indicator, numbered.
#[tokio::test(flavor = "multi_thread")]
async fn booklet_prints_a_cover_and_one_numbered_page_per_indicator_of_the_deck() {
    let server = serve(dist_dir(), "/");
    let b = Browser::start_with_size(1366, 768).await;
    let deck = "dang-bo-khoi/ket-nap,dang-bo-khoi/chi-tieu-hoan-thanh,dang-bo-khoi/dan-van-kheo,dang-bo-khoi/thu-nhap,dang-bo-khoi/hoc-tap-lam-theo";
    // From the presentation, as a presenter would.
    b.open(
        &server.base,
        &format!("?dataset=giua-nhiem-ky-2023&view=present&slide=1&deck={deck}"),
    )
    .await;
    b.wait_for("button.booklet-start")
        .await
        .click()
        .await
        .unwrap();
    b.wait_for(".booklet .booklet-page.cover").await;
    let shown = b
        .client
        .execute(
            "return document.querySelectorAll('.booklet .indicator-page').length",
            vec![],
        )
        .await
        .unwrap();
    let slides = shown.as_u64().unwrap() as usize;
    // The group (hoc-tap-lam-theo) has no chart of its own: four pages.
    assert_eq!(slides, 4, "one page per charted indicator of the deck");
    b.wait_until(
        "every chart drawn",
        "const c = [...document.querySelectorAll('.booklet canvas.chart')]; return c.length === 4 && c.every(c => c.width > 0)",
    )
    .await;
    b.screenshot("booklet-screen").await;
    let pages = print_pdf(&b, "booklet").await;
    assert_eq!(
        pages.len(),
        slides + 1,
        "a cover and one page per indicator:\n{}",
        pages.join("\n=====\n")
    );
    let cover = &pages[0];
    for want in ["Đảng bộ Khối", "Số liệu đến tháng", "chỉ tiêu", "In ngày"] {
        assert!(cover.contains(want), "cover without {want:?}:\n{cover}");
    }
    assert!(
        [
            "Vượt",
            "Đạt",
            "Đúng tiến độ",
            "Chậm",
            "Không đạt",
            "Chưa có"
        ]
        .iter()
        .any(|s| cover.contains(s)),
        "cover without counts by status:\n{cover}"
    );
    assert!(
        !cover.contains("· ·"),
        "a doubled dot on the cover:\n{cover}"
    );
    // Four of the report's indicators, as many as the overview counts.
    let file = dist_dir().join("data/giua-nhiem-ky-2023.json");
    let l = chitieu_core::load::load("giua", &std::fs::read(file).unwrap()).unwrap();
    let total = chitieu_core::evaluate::evaluate_all(&l)
        .iter()
        .filter(|r| r.indicator.kind != chitieu_format::model::IndicatorKind::Group)
        .count();
    let said = format!("4 trong {total} chỉ tiêu của báo cáo");
    assert!(
        cover.replace('\n', " ").contains(&said),
        "cover without {said:?}:\n{cover}"
    );
    let total = pages.len();
    for (i, page) in pages.iter().enumerate().skip(1) {
        // The footer's "2 / 5" (pdftotext closes up the spaces).
        let number = format!("{}/{total}", i + 1);
        assert!(
            page.replace(' ', "").contains(&number),
            "page {} without its number:\n{page}",
            i + 1
        );
        assert!(
            page.contains("Nguồn") || page.contains("Source"),
            "page {}: no source\n{page}",
            i + 1
        );
    }
    assert!(pages[1].contains("Kết nạp đảng viên"), "{}", pages[1]);
    // Nothing in the footer band but the page number: no accents of the
    // next page's first line (TỔ, SỞ) painted at the foot of a page.
    assert_eq!(
        footer_words(&artifacts_dir().join("booklet.pdf")),
        Vec::<String>::new(),
        "stray text at the foot of a page"
    );
    b.close().await;
}

/// The booklet of a filtered overview: the indicators the filter shows (the
/// section on inspection and supervision), each with its page, in the
/// booklet's address, and a way back to the overview.
#[tokio::test(flavor = "multi_thread")]
async fn booklet_of_a_filtered_overview_prints_what_the_filter_shows() {
    let server = serve(dist_dir(), "/");
    let b = Browser::start_with_size(1366, 768).await;
    b.open(&server.base, "?dataset=giua-nhiem-ky-2023&section=III")
        .await;
    b.wait_for("tr.indicator").await;
    let shown: Vec<String> = serde_json::from_value(
        b.client
            .execute(
                "return [...document.querySelectorAll('tr.indicator')].map(r => r.dataset.unit + '/' + r.dataset.id)",
                vec![],
            )
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(!shown.is_empty());
    b.wait_for("button.booklet-start")
        .await
        .click()
        .await
        .unwrap();
    b.wait_for(".booklet .booklet-page.cover").await;
    let address = b.client.current_url().await.unwrap();
    let deck: Vec<String> = address
        .query_pairs()
        .find(|(k, _)| k == "deck")
        .map(|(_, v)| v.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    assert!(
        address.as_str().contains("view=booklet") && !deck.is_empty(),
        "the booklet's pages are in its address: {address}"
    );
    for key in &deck {
        assert!(
            shown.contains(key),
            "{key} is not shown by the filter: {shown:?}"
        );
    }
    let pages = b
        .client
        .execute(
            "return document.querySelectorAll('.booklet .indicator-page').length",
            vec![],
        )
        .await
        .unwrap()
        .as_u64()
        .unwrap() as usize;
    assert!(
        pages >= 1 && pages <= deck.len(),
        "{pages} pages for the filter's {} indicators",
        deck.len()
    );
    b.wait_for(".booklet a.back").await.click().await.unwrap();
    b.wait_for(".overview-page tr.indicator").await;
    b.close().await;
}

/// The address the bar's download link follows once the `KIND` button is
/// pressed (the link is named `….KIND` then).
async fn exported(b: &Browser, kind: &str) -> String {
    b.client
        .execute("const a = document.querySelector('a.export-link'); a.removeAttribute('href'); a.removeAttribute('download');", vec![])
        .await
        .unwrap();
    b.client
        .find(Locator::Css(&format!("button.export-{kind}")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until(
        &format!("{kind} ready"),
        &format!("const a = document.querySelector('a.export-link'); return (a.getAttribute('download') || '').endsWith('.{kind}') && (a.getAttribute('href') || '').length > 5"),
    )
    .await;
    b.client
        .execute(
            "return document.querySelector('a.export-link').href",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

/// The bytes behind a blob or data URL, fetched in the page.
async fn fetched(b: &Browser, href: &str) -> Vec<u8> {
    let v = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(r => r.arrayBuffer()).then(buf => done(Array.from(new Uint8Array(buf))));",
            vec![serde_json::json!(href)],
        )
        .await
        .unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap() as u8)
        .collect()
}

/// A long-named indicator's PNG and SVG: the title whole and wrapped inside
/// the image (every line of the SVG within its width), with organisation,
/// period and source; the PNG 2× a 960 × 540 slide.
#[tokio::test(flavor = "multi_thread")]
async fn exported_png_and_svg_carry_the_whole_title_organisation_period_and_source() {
    let server = serve(dist_dir(), "/");
    let b = Browser::start().await;
    b.open(
        &server.base,
        "?dataset=giua-nhiem-ky-2023&indicator=dang-bo-khoi%2Fdan-van-kheo",
    )
    .await;
    let title = b.wait_for(".indicator-page h2").await.text().await.unwrap();
    let svg = String::from_utf8(fetched(&b, &exported(&b, "svg").await).await).unwrap();
    // Laid out by the browser: each text's box (as drawn, the chart's group
    // moved under the heading) inside the 960 × 540 image.
    let boxes = b
        .client
        .execute(
            "const d = document.createElement('div'); d.innerHTML = arguments[0]; document.body.append(d); const s = d.querySelector('svg').getBoundingClientRect(); const out = [...d.querySelectorAll('text')].map(t => { const r = t.getBoundingClientRect(); return [t.textContent, r.left - s.left, r.right - s.left, r.top - s.top, r.bottom - s.top]; }); d.remove(); return out;",
            vec![serde_json::json!(svg)],
        )
        .await
        .unwrap();
    let boxes = boxes.as_array().unwrap();
    let edges =
        |b: &serde_json::Value| -> [f64; 4] { [1, 2, 3, 4].map(|i| b[i].as_f64().unwrap()) };
    for b in boxes {
        let [x0, x1, y0, y1] = edges(b);
        assert!(
            x0 >= 0.0 && x1 <= 960.5 && y0 >= 0.0 && y1 <= 540.5,
            "text outside the image: {b}"
        );
    }
    // The source line at the foot is clear of the chart's labels.
    let source = boxes
        .iter()
        .find(|b| b[0].as_str().unwrap().starts_with("Nguồn"))
        .expect("a source line");
    let [sx0, sx1, sy0, sy1] = edges(source);
    for b in boxes.iter().filter(|b| *b != source) {
        let [x0, x1, y0, y1] = edges(b);
        let apart = x1 <= sx0 || x0 >= sx1 || y1 <= sy0 + 0.5 || y0 >= sy1 - 0.5;
        assert!(apart, "{b} overlaps the source line {source}");
    }
    let all: String = boxes
        .iter()
        .map(|b| b[0].as_str().unwrap().to_string() + " ")
        .collect();
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat(&all).contains(&flat(&title)),
        "the whole title {title:?} in {all}"
    );
    for want in ["Đảng bộ Khối", "số liệu đến tháng 06/2023", "Nguồn: "] {
        assert!(all.contains(want), "no {want:?} in the SVG: {all}");
    }
    let png = exported(&b, "png").await;
    let size = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; const img = new Image(); img.onload = () => done([img.naturalWidth, img.naturalHeight]); img.src = arguments[0];",
            vec![serde_json::json!(png)],
        )
        .await
        .unwrap();
    assert_eq!(size, serde_json::json!([1920, 1080]));
    std::fs::write(artifacts_dir().join("export-long-title.svg"), &svg).unwrap();
    let bytes = fetched(&b, &png).await;
    std::fs::write(artifacts_dir().join("export-long-title.png"), bytes).unwrap();
    b.close().await;
}

/// CSV for machines: a byte order mark, figures plain (`1200`, not
/// `1.200`), and the ranking as numbers with the printed rank beside.
#[tokio::test(flavor = "multi_thread")]
async fn csv_has_plain_numbers_and_ranks_as_numbers_not_vietnamese_text() {
    let server = serve(dist_dir(), "/");
    let b = Browser::start().await;
    b.open(
        &server.base,
        "?dataset=giua-nhiem-ky-2023&indicator=dang-bo-khoi%2Fket-nap",
    )
    .await;
    let href = exported(&b, "csv").await;
    let file = b
        .client
        .execute(
            "return document.querySelector('a.export-link').download",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(file, "giua-nhiem-ky-2023-ket-nap.csv");
    let bytes = fetched(&b, &href).await;
    assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF], "UTF-8 byte order mark");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(
        text.contains("\"Kết nạp đảng viên\",\"Năm 2020\",\"181\",\"ĐV\""),
        "{text}"
    );
    assert!(
        text.contains("\"Chỉ tiêu nghị quyết (Nhiệm kỳ 2020–2025)\",\"1200\""),
        "{text}"
    );
    assert!(!text.contains("1.200"), "{text}");
    b.open(&server.base, "?dataset=huyen-2023&view=units").await;
    b.wait_for("button.export-csv").await;
    let text = String::from_utf8(fetched(&b, &exported(&b, "csv").await).await).unwrap();
    let rows: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert!(rows.len() > 5, "{text}");
    for row in &rows[1..] {
        let fields: Vec<&str> = row.split("\",\"").collect();
        assert_eq!(fields.len(), 3, "unit, rank, rank as printed: {row}");
        let rank = fields[1];
        assert!(
            rank.is_empty() || rank.parse::<u32>().is_ok(),
            "a rank as a number: {row}"
        );
    }
    assert!(
        !rows[1..]
            .iter()
            .any(|r| r.split("\",\"").nth(1).unwrap_or_default().contains("Nh")),
        "{text}"
    );
    b.close().await;
}

/// The Excel export: written by the export worker (fetched only then), it
/// opens in calamine with the page's figures as numbers.
#[tokio::test(flavor = "multi_thread")]
async fn xlsx_from_the_export_worker_opens_back_with_the_same_numbers() {
    use calamine::{Data, Reader, Xlsx};
    let server = serve(dist_dir(), "/");
    let b = Browser::start().await;
    b.open(
        &server.base,
        "?dataset=giua-nhiem-ky-2023&indicator=dang-bo-khoi%2Fket-nap",
    )
    .await;
    b.wait_for("button.export-xlsx").await;
    let before = b
        .client
        .execute("return performance.getEntriesByType('resource').some(e => e.name.includes('chitieu-export'))", vec![])
        .await
        .unwrap();
    assert_eq!(before, false, "the export worker is not part of the page");
    let (file, bytes) = workbook_from(&b, "button.export-xlsx").await;
    assert_eq!(file, "giua-nhiem-ky-2023-ket-nap.xlsx");
    std::fs::write(artifacts_dir().join("export-ket-nap.xlsx"), &bytes).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), vec!["Số liệu"]);
    let range = book.worksheet_range("Số liệu").unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let find = |period: &str| {
        rows.iter()
            .find(|r| r.get(1) == Some(&Data::String(period.into())))
            .and_then(|r| r.get(2).cloned())
    };
    assert_eq!(find("Năm 2020"), Some(Data::Float(181.0)), "{rows:?}");
    assert_eq!(
        find("6 tháng đầu năm 2023"),
        Some(Data::Float(203.0)),
        "{rows:?}"
    );
    assert_eq!(
        find("Chỉ tiêu nghị quyết (Nhiệm kỳ 2020–2025)"),
        Some(Data::Float(1200.0)),
        "{rows:?}"
    );
    // Above the table: the report, the organisation and month, the sources.
    let text = |d: &Data| match d {
        Data::String(s) => s.clone(),
        _ => String::new(),
    };
    assert!(text(&rows[0][0]).contains("giữa nhiệm kỳ"), "{rows:?}");
    assert!(text(&rows[1][0]).contains("06/2023"), "{rows:?}");
    assert!(text(&rows[2][0]).starts_with("Nguồn: "), "{rows:?}");
    assert_eq!(rows[4][0], Data::String("Chỉ tiêu".into()));
    b.close().await;
}

/// Every link the page follows to download is recorded instead
/// (`window.__downloads`: address and file name).
const CATCH_DOWNLOADS: &str = "window.__downloads = []; HTMLAnchorElement.prototype.click = function () { window.__downloads.push([this.href, this.download]); };";

/// The workbook the button `css` downloads: its file name and bytes.
async fn workbook_from(b: &Browser, css: &str) -> (String, Vec<u8>) {
    b.client.execute(CATCH_DOWNLOADS, vec![]).await.unwrap();
    b.wait_for(css).await.click().await.unwrap();
    b.wait_until(
        "workbook written",
        "return window.__downloads.some(d => d[1].endsWith('.xlsx'))",
    )
    .await;
    let d = b
        .client
        .execute(
            "return window.__downloads.find(d => d[1].endsWith('.xlsx'))",
            vec![],
        )
        .await
        .unwrap();
    let (href, file) = (d[0].as_str().unwrap(), d[1].as_str().unwrap());
    (file.to_string(), fetched(b, href).await)
}

/// Each number cell of a sheet with its number format: `(row, column)` →
/// the format code (the built-in ones by their id, as Excel numbers them).
fn number_formats(book: &[u8], sheet: usize) -> Vec<((u32, u32), String)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let styles = read("xl/styles.xml");
    let xml = read(&format!("xl/worksheets/sheet{}.xml", sheet + 1));
    let attr = |tag: &str, name: &str| -> Option<String> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[at..].split('"').next()?.to_string())
    };
    let custom: Vec<(String, String)> = styles
        .split("<numFmt ")
        .skip(1)
        .filter_map(|t| {
            Some((
                attr(&format!(" {t}"), "numFmtId")?,
                attr(&format!(" {t}"), "formatCode")?,
            ))
        })
        .collect();
    let xfs: Vec<String> = styles
        .split("<cellXfs")
        .nth(1)
        .unwrap()
        .split("</cellXfs>")
        .next()
        .unwrap()
        .split("<xf ")
        .skip(1)
        .map(|t| attr(&format!(" {t}"), "numFmtId").unwrap_or_default())
        .collect();
    let code = |id: &str| match id {
        "3" => "#,##0".to_string(),
        "4" => "#,##0.00".to_string(),
        "9" => "0%".to_string(),
        "10" => "0.00%".to_string(),
        other => custom
            .iter()
            .find(|(i, _)| i == other)
            .map(|(_, c)| c.replace("&quot;", "\""))
            .unwrap_or_else(|| format!("id {other}")),
    };
    xml.split("<c ")
        .skip(1)
        .filter(|c| !c.contains("t=\"") && c.contains("<v>"))
        .map(|c| {
            let tag = format!(" {}", c.split('>').next().unwrap());
            let r = attr(&tag, "r").unwrap();
            let col = r
                .chars()
                .take_while(char::is_ascii_uppercase)
                .fold(0, |n, ch| n * 26 + (ch as u32 - 'A' as u32 + 1))
                - 1;
            let row: u32 = r
                .trim_start_matches(|ch: char| ch.is_ascii_uppercase())
                .parse()
                .unwrap();
            let s: usize = attr(&tag, "s").and_then(|s| s.parse().ok()).unwrap_or(0);
            ((row - 1, col), code(&xfs[s]))
        })
        .collect()
}

/// A number as Excel shows it with `code` to a Vietnamese reader: `.`
/// between thousands, `,` before decimals (`1.200`, `79,42%`).
fn shown_in_vietnamese(v: f64, code: &str) -> String {
    let percent = code.ends_with('%');
    let decimals = code
        .split('.')
        .nth(1)
        .map_or(0, |d| d.trim_end_matches('%').len());
    let v = if percent { v * 100.0 } else { v };
    let plain = format!("{:.*}", decimals, v.abs());
    let (whole, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if code.contains(',') && i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    let sign = if v < 0.0 { "-" } else { "" };
    let frac = if frac.is_empty() {
        String::new()
    } else {
        format!(",{frac}")
    };
    format!("{sign}{grouped}{frac}{}", if percent { "%" } else { "" })
}

/// Cell `(row, col)` as Excel shows it in Vietnamese, if it is a number cell.
fn shown(
    formats: &[((u32, u32), String)],
    rows: &[Vec<calamine::Data>],
    at: (usize, usize),
) -> Option<String> {
    let calamine::Data::Float(v) = rows.get(at.0)?.get(at.1)? else {
        return None;
    };
    let code = formats
        .iter()
        .find(|(p, _)| *p == (at.0 as u32, at.1 as u32))?;
    Some(shown_in_vietnamese(*v, &code.1))
}

/// Every table as a workbook: the overview (each indicator's target, actual
/// and achievement), the units side by side and the ranking, downloaded
/// from the page and opened back by calamine. The figures are number cells
/// (not text) whose formats show a Vietnamese reader what the screen shows
/// (`953`, `1.200`, `79,42%`); each sheet is titled with the report, the
/// organisation and month, and its sources.
#[tokio::test(flavor = "multi_thread")]
async fn xlsx_of_every_table_has_the_screens_numbers_as_number_cells_in_vietnamese_formats() {
    use calamine::{Data, Reader, Xlsx};
    let server = serve(dist_dir(), "/");
    let b = Browser::start().await;
    let open = |bytes: &[u8]| -> Xlsx<_> {
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap()
    };
    let text = |d: &Data| match d {
        Data::String(s) => s.clone(),
        _ => String::new(),
    };

    // The overview: what each row shows.
    b.open(&server.base, "?dataset=giua-nhiem-ky-2023").await;
    b.wait_for("tr.indicator").await;
    let screen = b.client.execute(r#"
        return [...document.querySelectorAll('tr.indicator')].map(tr => [
            tr.querySelector('td.name a').textContent.trim(),
            (tr.querySelector('td.actual').firstChild || {textContent: ''}).textContent.trim(),
            [...tr.querySelectorAll('td.target div')].map(d => d.textContent.trim()),
            [...tr.querySelectorAll('td.pct div')].map(d => (d.firstChild || {textContent: ''}).textContent.trim()),
        ]);"#, vec![]).await.unwrap();
    let screen: Vec<(String, String, Vec<String>, Vec<String>)> =
        serde_json::from_value(screen).unwrap();
    let (file, bytes) = workbook_from(&b, ".page-actions button.export-workbook").await;
    assert_eq!(file, "giua-nhiem-ky-2023-overview.xlsx");
    std::fs::write(artifacts_dir().join("export-overview.xlsx"), &bytes).unwrap();
    let mut book = open(&bytes);
    assert_eq!(book.sheet_names(), vec!["Tổng quan"]);
    let rows: Vec<Vec<Data>> = book
        .worksheet_range("Tổng quan")
        .unwrap()
        .rows()
        .map(|r| r.to_vec())
        .collect();
    let formats = number_formats(&bytes, 0);
    assert!(text(&rows[0][0]).contains("giữa nhiệm kỳ"), "{:?}", rows[0]);
    assert!(
        text(&rows[1][0]).contains("số liệu đến tháng 06/2023"),
        "{:?}",
        rows[1]
    );
    assert!(text(&rows[2][0]).starts_with("Nguồn: "), "{:?}", rows[2]);
    let header: Vec<String> = rows[4].iter().map(text).collect();
    assert_eq!(
        (header[6].as_str(), header[7].as_str(), header[8].as_str()),
        ("Chỉ tiêu đặt ra", "Thực hiện", "% đạt")
    );
    let mut compared = 0;
    for (title, actual, targets, pcts) in &screen {
        // The sheet's rows of this indicator, one per target.
        let own: Vec<usize> = (5..rows.len())
            .filter(|&r| {
                let (n, name) = (text(&rows[r][2]), text(&rows[r][3]));
                let numbered = if n.is_empty() || n == "-" || n == "+" {
                    name
                } else {
                    format!("{n}. {name}")
                };
                &numbered == title
                    && (shown(&formats, &rows, (r, 7)).unwrap_or_else(|| text(&rows[r][7]))
                        == *actual)
            })
            .collect();
        assert!(!own.is_empty(), "{title} ({actual}) is not in the workbook");
        for (i, (target, pct)) in targets.iter().zip(pcts).enumerate() {
            let Some(&r) = own.get(i) else {
                panic!("{title}: target {i} missing")
            };
            // "(suy\u{a0}ra)": the two words never split.
            let target = target.trim_end_matches(" (suy\u{a0}ra)");
            assert_eq!(
                shown(&formats, &rows, (r, 6)).as_deref(),
                Some(target),
                "{title}: target, row {r}: {:?}",
                rows[r]
            );
            if !pct.is_empty() {
                assert_eq!(
                    shown(&formats, &rows, (r, 8)).as_deref(),
                    Some(pct.as_str()),
                    "{title}: % achieved, row {r}: {:?}",
                    rows[r]
                );
            }
            compared += 1;
        }
    }
    assert!(compared >= 10, "only {compared} targets compared");
    // The figures of the issue, as numbers.
    let ket_nap = rows
        .iter()
        .position(|r| text(&r[3]) == "Kết nạp đảng viên")
        .unwrap();
    assert_eq!(rows[ket_nap][7], Data::Float(953.0));
    assert_eq!(rows[ket_nap][6], Data::Float(1200.0));
    assert_eq!(
        shown(&formats, &rows, (ket_nap, 6)).as_deref(),
        Some("1.200")
    );
    assert_eq!(
        shown(&formats, &rows, (ket_nap, 8)).as_deref(),
        Some("79,42%")
    );
    assert!(
        formats.iter().any(|(_, c)| c == "#,##0") && formats.iter().any(|(_, c)| c == "0.00%"),
        "{formats:?}"
    );

    // The units side by side, and the ranking, from the units page.
    b.open(&server.base, "?dataset=huyen-2023&view=units").await;
    b.wait_for("table.units").await;
    let achieved = b.client.execute(r#"
        return [...document.querySelectorAll('table.units tr[data-unit]')].flatMap(tr => [...tr.querySelectorAll('li')].map(li => [
            tr.querySelector('th').textContent.trim(), li.firstChild.textContent.trim()]));"#, vec![]).await.unwrap();
    let achieved: Vec<(String, String)> = serde_json::from_value(achieved).unwrap();
    assert!(achieved.len() >= 5, "{achieved:?}");
    let (file, bytes) = workbook_from(&b, ".units-page button.export-workbook").await;
    assert_eq!(file, "huyen-2023-units.xlsx");
    std::fs::write(artifacts_dir().join("export-units.xlsx"), &bytes).unwrap();
    let mut book = open(&bytes);
    let names = book.sheet_names();
    assert_eq!(names, ["So sánh các đơn vị"]);
    let rows: Vec<Vec<Data>> = book
        .worksheet_range(&names[0])
        .unwrap()
        .rows()
        .map(|r| r.to_vec())
        .collect();
    let formats = number_formats(&bytes, 0);
    assert!(
        text(&rows[1][0]).contains("Huyện") || text(&rows[1][0]).contains("huyện"),
        "{:?}",
        rows[1]
    );
    for (unit, line) in &achieved {
        // "Indicator: 79,42%" on screen.
        let (indicator, pct) = line.rsplit_once(": ").unwrap();
        let r = (0..rows.len())
            .find(|&r| text(&rows[r][0]) == *unit && text(&rows[r][3]) == indicator)
            .unwrap_or_else(|| panic!("{unit} – {indicator} is not in the workbook"));
        assert!(
            matches!(rows[r][4], Data::Float(_)),
            "a number cell: {:?}",
            rows[r]
        );
        assert_eq!(
            shown(&formats, &rows, (r, 4)).as_deref(),
            Some(pct),
            "{unit} – {indicator}"
        );
    }
    // The ranking, from the ranking chart's own Excel button.
    let (file, bytes) = workbook_from(&b, ".export-bar button.export-xlsx").await;
    assert_eq!(file, "huyen-2023-ranking.xlsx");
    std::fs::write(artifacts_dir().join("export-ranking.xlsx"), &bytes).unwrap();
    let mut book = open(&bytes);
    assert_eq!(book.sheet_names(), ["Xếp hạng của các đơn vị"]);
    let rows: Vec<Vec<Data>> = book
        .worksheet_range("Xếp hạng của các đơn vị")
        .unwrap()
        .rows()
        .map(|r| r.to_vec())
        .collect();
    let ranks: Vec<f64> = rows
        .iter()
        .filter_map(|r| match r.get(1) {
            Some(Data::Float(f)) => Some(*f),
            _ => None,
        })
        .collect();
    assert!(
        ranks.len() >= 5 && ranks.windows(2).all(|w| w[0] <= w[1]),
        "ranks as numbers, in order: {rows:?}"
    );
    assert!(text(&rows[0][0]).contains("uyện"), "titled: {:?}", rows[0]);
    // The same ranks as the CSV of the same chart.
    let csv = String::from_utf8(fetched(&b, &exported(&b, "csv").await).await).unwrap();
    let csv_ranks: Vec<f64> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split("\",\"").nth(1)?.parse().ok())
        .collect();
    assert_eq!(ranks, csv_ranks, "the ranks of the CSV");

    // A local file: the worker reads it again from the browser, not from a server.
    let dir = artifacts_dir().join("uploads");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bao-cao-quy-3-excel.json");
    std::fs::copy(dist_dir().join("data/quy-3-2023.json"), &file).unwrap();
    b.choose_file(file.to_str().unwrap()).await;
    b.wait_for(".dataset-view[data-dataset='quy-3-2023'] tr.indicator")
        .await;
    let (_, bytes) = workbook_from(&b, ".page-actions button.export-workbook").await;
    let mut book = open(&bytes);
    let rows: Vec<Vec<Data>> = book
        .worksheet_range("Tổng quan")
        .unwrap()
        .rows()
        .map(|r| r.to_vec())
        .collect();
    assert!(
        text(&rows[0][0]).starts_with("Quý III/2023"),
        "{:?}",
        rows[0]
    );
    // A row per indicator on screen, one more per target beyond its first.
    let shown = b
        .client
        .execute("return document.querySelector('button.show-more') ? -1 : [...document.querySelectorAll('tr.indicator')].reduce((n, tr) => n + Math.max(1, tr.querySelectorAll('td.target div').length), 0)", vec![])
        .await
        .unwrap()
        .as_i64()
        .unwrap();
    assert_eq!(
        rows.len() as i64 - 5,
        shown,
        "every indicator of the local file"
    );
    b.close().await;
}

/// Every `.gz` and `.br` copy the release build writes is its file as built:
/// the copies are made after the app's script is minified and its integrity
/// hash rewritten, so a server sending them sends the page that works (a copy
/// of the index from before would carry the old hash, and the browser would
/// refuse the script).
#[test]
fn every_precompressed_copy_is_its_file_as_built_after_minifying() {
    use std::io::Read;
    let dist = dist_dir();
    let mut checked = 0;
    for entry in std::fs::read_dir(&dist).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(original) = name
            .strip_suffix(".gz")
            .or_else(|| name.strip_suffix(".br"))
        else {
            continue;
        };
        let want = std::fs::read(dist.join(original)).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let mut got = Vec::new();
        if name.ends_with(".gz") {
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut got)
                .unwrap();
        } else {
            brotli::Decompressor::new(&bytes[..], 4096)
                .read_to_end(&mut got)
                .unwrap();
        }
        assert!(got == want, "{name} is not {original} as built");
        checked += 1;
    }
    assert!(
        checked >= 4,
        "only {checked} precompressed copies in {}",
        dist.display()
    );
}
