//! Every screen: a phone at 390 × 844 and the 320 px of WCAG's reflow, iframes
//! of an intranet on another origin, a laptop at 1366 × 768, a projector at
//! 1920 × 1080; the keyboard alone; axe-core's WCAG 2.1 A/AA rules. Each
//! test asserts geometry (nothing scrolls sideways, the figures inside the
//! viewport) and writes screenshots to tests/artifacts/.

use chitieu_e2e::*;
use serde_json::json;

/// Elements (the document first) that scroll sideways: their content is wider
/// than their box. `containers` are CSS selectors of the view's key parts.
async fn sideways(b: &Browser, containers: &[&str]) -> Vec<String> {
    let v = b
        .client
        .execute(
            r#"
            const out = [];
            const d = document.documentElement;
            if (d.scrollWidth > d.clientWidth) out.push(`document ${d.scrollWidth} > ${d.clientWidth}`);
            for (const css of arguments[0]) {
                for (const el of document.querySelectorAll(css)) {
                    if (el.scrollWidth > el.clientWidth + 1) out.push(`${css} ${el.scrollWidth} > ${el.clientWidth}`);
                    const r = el.getBoundingClientRect();
                    if (r.width > 0 && (r.left < -0.5 || r.right > d.clientWidth + 0.5)) out.push(`${css} at ${r.left}..${r.right} of ${d.clientWidth}`);
                }
            }
            return out;"#,
            vec![json!(containers)],
        )
        .await
        .expect("overflow script");
    serde_json::from_value(v).unwrap_or_default()
}

/// Elements matching `css` that are not wholly inside the viewport's width
/// (or are not laid out at all); and how many there are.
async fn outside_viewport(b: &Browser, css: &str) -> (Vec<String>, usize) {
    let v = b
        .client
        .execute(
            r#"
            const els = [...document.querySelectorAll(arguments[0])].filter(e => e.textContent.trim() !== '' || e.tagName === 'CANVAS');
            const w = document.documentElement.clientWidth;
            const out = els.filter(e => { const r = e.getBoundingClientRect(); return r.width === 0 || r.left < -0.5 || r.right > w + 0.5 || e.scrollWidth > e.clientWidth + 1; })
                .map(e => `${e.textContent.trim().slice(0, 40)} at ${Math.round(e.getBoundingClientRect().left)}..${Math.round(e.getBoundingClientRect().right)} of ${w}`);
            return [out, els.length];"#,
            vec![json!(css)],
        )
        .await
        .expect("viewport script");
    let out = serde_json::from_value(v[0].clone()).unwrap_or_default();
    (out, v[1].as_u64().unwrap_or(0) as usize)
}

/// Asserts that the view does not scroll sideways and that `figures` are on screen.
async fn assert_fits(b: &Browser, what: &str, containers: &[&str], figures: &[&str]) {
    let over = sideways(b, containers).await;
    assert!(over.is_empty(), "{what}: scrolls sideways: {over:?}");
    for css in figures {
        let (out, n) = outside_viewport(b, css).await;
        assert!(n > 0, "{what}: no {css}");
        assert!(
            out.is_empty(),
            "{what}: {css} off-screen or clipped: {out:?}"
        );
    }
}

/// A screenshot of the whole page, not just the viewport, to tests/artifacts/NAME.png.
/// Clipped to the window's full width and the page's height: left to
/// itself, Chromium sized the image to the width inside the scrollbar
/// (375 of 390 px), then laid the taller page out without a scrollbar at
/// 390 px and cut off its right 15 px (a phone's "EN" button looked clipped).
async fn full_screenshot(b: &Browser, name: &str) {
    use base64::Engine;
    let size = b
        .client
        .execute(
            "return [innerWidth, Math.max(document.documentElement.scrollHeight, innerHeight)]",
            vec![],
        )
        .await
        .expect("page size");
    let shot = b
        .cdp(
            "Page.captureScreenshot",
            json!({ "format": "png", "captureBeyondViewport": true,
                    "clip": { "x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1 } }),
        )
        .await;
    let data = shot["data"].as_str().expect("screenshot data");
    let png = base64::engine::general_purpose::STANDARD
        .decode(data)
        .expect("base64");
    std::fs::write(artifacts_dir().join(format!("{name}.png")), png).expect("write screenshot");
}

const OVERVIEW_PARTS: &[&str] = &[
    "main",
    ".dataset-view",
    "section.unit",
    "table.overview",
    "tr.indicator",
    ".filters",
    "header.top",
];
const FIGURES: &[&str] = &[
    "tr.indicator td.actual",
    "tr.indicator td.pct",
    "tr.indicator .status",
];

/// A browser whose viewport is `w` × `h` CSS pixels: Chromium's window is
/// never narrower than about 500 px, so a phone's width is emulated.
async fn browser(w: u32, h: u32) -> Browser {
    let b = Browser::start_with_size(w.max(800), h).await;
    b.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": w, "height": h, "deviceScaleFactor": 1, "mobile": false }),
    )
    .await;
    b
}

/// The overview of each sample, an indicator, the units and the presentation at `w` × `h`.
async fn every_view_fits(w: u32, h: u32) {
    let server = serve(dist_dir(), "/");
    let b = browser(w, h).await;
    for id in ["giua-nhiem-ky-2023", "quy-3-2023", "huyen-2023"] {
        b.open(&server.base, &format!("?dataset={id}")).await;
        b.wait_for(&format!(".dataset-view[data-dataset='{id}'] tr.indicator"))
            .await;
        assert_fits(&b, &format!("{id} at {w}"), OVERVIEW_PARTS, FIGURES).await;
        let (out, _) = outside_viewport(&b, ".filters select, .filters input").await;
        assert!(out.is_empty(), "{id} at {w}: filters off-screen: {out:?}");
        // Present, print, Excel and the booklet: on screen, each button's words on one line.
        let (out, n) = outside_viewport(&b, ".page-actions button").await;
        assert!(
            n == 4 && out.is_empty(),
            "{id} at {w}: page actions: {n}, {out:?}"
        );
        let wrapped = b.client.execute("return [...document.querySelectorAll('.page-actions button')].filter(x => { const r = document.createRange(); r.selectNodeContents(x); return new Set([...r.getClientRects()].map(q => Math.round(q.top))).size > 1; }).map(x => x.textContent)", vec![]).await.unwrap();
        assert_eq!(
            wrapped,
            json!([]),
            "{id} at {w}: a button's words on two lines"
        );
        b.screenshot(&format!("screens-{w}-overview-{id}")).await;
    }
    full_screenshot(&b, &format!("screens-{w}-overview-full")).await;
    b.open(
        &server.base,
        "?dataset=giua-nhiem-ky-2023&indicator=dang-bo-khoi%2Fket-nap",
    )
    .await;
    b.wait_until(
        "chart drawn",
        "const c = document.querySelector('canvas.chart'); return !!c && c.width > 0",
    )
    .await;
    assert_fits(
        &b,
        &format!("indicator at {w}"),
        &[
            "main",
            ".indicator-page",
            "table.data",
            "figure.chart-figure",
            ".export-bar",
        ],
        &[".facts .achievement", ".facts .status", "canvas.chart"],
    )
    .await;
    full_screenshot(&b, &format!("screens-{w}-indicator")).await;
    b.open(&server.base, "?dataset=huyen-2023&view=units").await;
    b.wait_for("table.units").await;
    assert_fits(
        &b,
        &format!("units at {w}"),
        &["main", ".units-page", "table.units", "figure.chart-figure"],
        &[
            "table.units th[scope='row']",
            "canvas.chart",
            "button.export-workbook",
        ],
    )
    .await;
    // No one-word lines: each unit's name is on at most two lines.
    let worst = b.client.execute("return Math.max(...[...document.querySelectorAll('table.units th[scope=row]')].map(th => { const r = document.createRange(); r.selectNodeContents(th); return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }))", vec![]).await.unwrap();
    assert!(
        worst.as_f64().unwrap() <= 2.0,
        "units at {w}: a unit's name takes {worst} lines"
    );
    full_screenshot(&b, &format!("screens-{w}-units")).await;
    b.open(
        &server.base,
        "?dataset=giua-nhiem-ky-2023&view=present&slide=3",
    )
    .await;
    b.wait_for(".present .slide canvas.chart").await;
    assert_fits(
        &b,
        &format!("presentation at {w}"),
        &[".present", ".present .slide", ".present-bar"],
        &[".present .counter"],
    )
    .await;
    b.screenshot(&format!("screens-{w}-present")).await;
    // The import preview of the appendix, with a choice beside each inference.
    b.open(&server.base, "?dataset=giua-nhiem-ky-2023").await;
    b.wait_for("button.paste-toggle")
        .await
        .click()
        .await
        .unwrap();
    b.wait_for("dialog.paste-box[open] textarea.paste-input")
        .await;
    b.client
        .execute(
            "const t = document.querySelector('textarea.paste-input'); t.value = arguments[0]; t.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![json!(APPENDIX_TSV)],
        )
        .await
        .unwrap();
    b.wait_for("button.paste-import")
        .await
        .click()
        .await
        .unwrap();
    b.wait_for(".import-preview select.import-meaning").await;
    assert_fits(
        &b,
        &format!("import preview at {w}"),
        &[".import-preview", "table.import-unread"],
        &[".import-unit", "button.import-open"],
    )
    .await;
    full_screenshot(&b, &format!("screens-{w}-import-preview")).await;
    // The conference booklet on screen, before it is printed.
    b.open(&server.base, "?dataset=giua-nhiem-ky-2023&view=booklet")
        .await;
    b.wait_for(".booklet .booklet-page.cover").await;
    assert_fits(
        &b,
        &format!("booklet at {w}"),
        &["main", ".booklet", ".booklet .indicator-page"],
        &[".booklet-page.cover h2"],
    )
    .await;
    b.close().await;
}

/// A phone: each indicator one block with its actual, % and status on screen,
/// the filters stacked, nothing wider than the screen.
#[tokio::test(flavor = "multi_thread")]
async fn on_a_390_phone_every_view_fits_and_the_figures_are_on_screen() {
    every_view_fits(390, 844).await;
}

/// WCAG 2.1 reflow: 320 CSS pixels wide, nothing scrolls sideways.
#[tokio::test(flavor = "multi_thread")]
async fn at_320_px_nothing_scrolls_sideways() {
    every_view_fits(320, 640).await;
}

/// A laptop and a projector's screen: the same, the overview's columns
/// line up across the sections of a unit, in a unit without targets the
/// figures keep their units on their line, and each of several targets is
/// on the line of its own achievement.
#[tokio::test(flavor = "multi_thread")]
async fn at_1366_and_1920_the_views_fit_and_columns_line_up_across_sections() {
    every_view_fits(1366, 768).await;
    every_view_fits(1920, 1080).await;
    let server = serve(dist_dir(), "/");
    let b = browser(1366, 768).await;
    b.open(&server.base, "?dataset=giua-nhiem-ky-2023").await;
    b.wait_for("tr.indicator").await;
    let v = b.client.execute(r#"
        return [...document.querySelectorAll('section.unit')].map(u => {
            const sections = u.querySelectorAll('tbody.section').length;
            const lefts = new Set([...u.querySelectorAll('tr.indicator td.actual')].map(td => Math.round(td.getBoundingClientRect().left)));
            const pct = new Set([...u.querySelectorAll('tr.indicator td.pct')].map(td => Math.round(td.getBoundingClientRect().left)));
            return [sections, lefts.size, pct.size];
        });"#, vec![]).await.unwrap();
    // Headings and derived targets ("140 (suy ra)") on one line each: the
    // name column has the room.
    for (w, h) in [(1366, 768), (1920, 1080)] {
        b.client.set_window_size(w, h).await.unwrap();
        b.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": w, "height": h, "deviceScaleFactor": 1, "mobile": false }),
        )
        .await;
        for dataset in ["huyen-2023", "quy-3-2023"] {
            b.open(&server.base, &format!("?dataset={dataset}")).await;
            b.wait_for("tr.indicator").await;
            let wrapped = b.client.execute(r#"
                const lines = e => { const r = document.createRange(); r.selectNodeContents(e); return new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top))).size; };
                return [...document.querySelectorAll('table.overview th, table.overview td.target > div')].filter(e => e.offsetParent && lines(e) > 1).map(e => e.textContent);"#, vec![]).await.unwrap();
            assert_eq!(wrapped, json!([]), "{dataset} at {w}: over two lines");
            // A figure and its unit on one line ("385" once stood above "mô
            // hình"); words as printed in three lines at most (once six).
            let squeezed = b.client.execute(r#"
                // Lines, as boxes one under another (a smaller unit beside a bold figure has another top).
                const lines = r => [...r.getClientRects()].filter(x => x.width > 0).sort((a, b) => a.top - b.top)
                    .reduce(([n, bottom], x) => x.top >= bottom - 2 ? [n + 1, x.bottom] : [n, Math.max(bottom, x.bottom)], [0, -1e9])[0];
                return [...document.querySelectorAll('table.overview td.actual')].filter(td => td.offsetParent).filter(td => {
                    const unit = td.querySelector('.unit-of-measure'), r = document.createRange();
                    // A long unit ("triệu đồng/người/tháng") may wrap after its first word.
                    if (unit && unit.textContent.length <= 12) { r.setStartBefore(td.firstChild); r.setEndAfter(unit); return lines(r) > 1; }
                    if (unit) { r.setStartBefore(td.firstChild); r.setEnd(unit.firstChild, unit.textContent.indexOf(' ', 1) < 0 ? unit.textContent.length : unit.textContent.indexOf(' ', 1)); return lines(r) > 1; }
                    r.selectNodeContents(td);
                    return td.classList.contains('words') && lines(r) > 3;
                }).map(td => td.textContent);"#, vec![]).await.unwrap();
            assert_eq!(
                squeezed,
                json!([]),
                "{dataset} at {w}: a figure's cell squeezed"
            );
        }
    }
    // Several targets: each target on the line of its own achievement (a
    // wrapped "(báo cáo ghi 79,61%)" once put 1.240 beside it and 76,85%
    // beside 1.250). At a laptop's width and at the narrowest table.
    for (w, h) in [(1366, 768), (1920, 1080), (1000, 768)] {
        b.client.set_window_size(w, h).await.unwrap();
        b.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": w, "height": h, "deviceScaleFactor": 1, "mobile": false }),
        )
        .await;
        for dataset in ["giua-nhiem-ky-2023", "huyen-2023", "quy-3-2023"] {
            b.open(&server.base, &format!("?dataset={dataset}")).await;
            b.wait_for("tr.indicator").await;
            let v = b.client.execute(r#"
                const rows = [...document.querySelectorAll('tr.indicator')].filter(tr => tr.querySelectorAll('td.target > div').length > 1);
                return [rows.length, rows.filter(tr => {
                    const t = [...tr.querySelectorAll('td.target > div')], p = [...tr.querySelectorAll('td.pct > div')];
                    return t.length != p.length || t.some((d, i) => Math.abs(d.getBoundingClientRect().top - p[i].getBoundingClientRect().top) > 2
                        || Math.abs(d.getBoundingClientRect().bottom - p[i].getBoundingClientRect().bottom) > 2);
                }).map(tr => tr.querySelector('td.name').textContent)];"#, vec![]).await.unwrap();
            let (rows, apart): (usize, Vec<String>) = serde_json::from_value(v).unwrap();
            assert!(
                dataset != "giua-nhiem-ky-2023" || rows > 0,
                "{dataset}: no row with several targets"
            );
            assert!(
                apart.is_empty(),
                "{dataset} at {w}: targets beside another's achievement: {apart:?}"
            );
        }
    }
    let units: Vec<(usize, usize, usize)> = serde_json::from_value(v).unwrap();
    assert!(
        units.iter().any(|u| u.0 > 1),
        "a unit with several sections: {units:?}"
    );
    for (sections, actual, pct) in units {
        assert_eq!(
            (actual, pct),
            (1, 1),
            "{sections} sections: the actual and % columns each at one place"
        );
    }
    b.close().await;
}

/// Between the phone layout and a laptop (a 1024 px screen, half a wide
/// one): the overview once scrolled sideways (1131 px at 1000, 1239 at 860)
/// because words in the figures' columns did not wrap.
#[tokio::test(flavor = "multi_thread")]
async fn the_overview_between_phone_and_laptop_widths_does_not_scroll_sideways() {
    let server = serve(dist_dir(), "/");
    for w in [860, 1000, 1100] {
        let b = browser(w, 768).await;
        for id in ["giua-nhiem-ky-2023", "quy-3-2023", "huyen-2023"] {
            b.open(&server.base, &format!("?dataset={id}")).await;
            b.wait_for(&format!(".dataset-view[data-dataset='{id}'] tr.indicator"))
                .await;
            assert_fits(&b, &format!("{id} at {w}"), OVERVIEW_PARTS, FIGURES).await;
        }
        b.screenshot(&format!("screens-{w}-overview-huyen-2023"))
            .await;
        b.close().await;
    }
}

/// The intranet, on another origin, embeds the dashboard in iframes of
/// several sizes: each fits without scrollbars, the link to the full view
/// visible, the unit's name once.
#[tokio::test(flavor = "multi_thread")]
async fn embeds_fit_iframes_of_another_origin_from_320_by_240() {
    let app = serve(dist_dir(), "/");
    let frames = [
        (
            "ind-800",
            "indicator=dang-bo-khoi%2Fket-nap&dataset=giua-nhiem-ky-2023",
            800,
            480,
        ),
        ("unit-900", "dataset=huyen-2023&unit=hoi-nong-dan", 900, 500),
        ("overview-800", "dataset=giua-nhiem-ky-2023", 800, 600),
        // Each panel at each of the intranet's sizes (800 × 480, 900 × 500, 320 × 240).
        (
            "ind-900",
            "indicator=dang-bo-khoi%2Fket-nap&dataset=giua-nhiem-ky-2023",
            900,
            500,
        ),
        ("unit-800", "dataset=huyen-2023&unit=hoi-nong-dan", 800, 480),
        ("overview-800x480", "dataset=huyen-2023", 800, 480),
        ("overview-900", "dataset=giua-nhiem-ky-2023", 900, 500),
        ("overview-320", "dataset=quy-3-2023", 320, 240),
        (
            "ind-320",
            "indicator=dang-bo-khoi%2Fket-nap&dataset=giua-nhiem-ky-2023",
            320,
            240,
        ),
        ("unit-320", "dataset=huyen-2023&unit=hoi-nong-dan", 320, 240),
    ];
    let iframes: String = frames
        .iter()
        .map(|(id, q, w, h)| format!(r#"<iframe id="{id}" src="{}?embed=1&{q}" width="{w}" height="{h}" title="{id}"></iframe>"#, app.base))
        .collect();
    let host = format!(
        r#"<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin</title></head><body><h1>Cổng thông tin nội bộ</h1>{iframes}</body></html>"#
    );
    let empty = std::env::temp_dir().join("chitieu-empty-host");
    std::fs::create_dir_all(&empty).unwrap();
    let portal = serve_with(empty, "/", vec![("/cong-thong-tin.html".into(), host)]);
    assert_ne!(portal.base, app.base, "the host is another origin");
    let b = Browser::start_with_size(1400, 1000).await;
    b.client
        .goto(&format!("{}cong-thong-tin.html", portal.base))
        .await
        .unwrap();
    for (id, ..) in &frames {
        b.wait_for(&format!("iframe#{id}")).await;
    }
    for (i, (id, _, w, h)) in frames.iter().enumerate() {
        b.client.enter_frame(Some(i as u16)).await.unwrap();
        b.wait_for(".embedded a.full-view").await;
        b.wait_until("content drawn", "const c = document.querySelector('canvas.chart'); return !!document.querySelector('tr.indicator') || (!!c && c.width > 0)").await;
        let v = b.client.execute(r#"
            const d = document.documentElement;
            const a = document.querySelector('a.full-view').getBoundingClientRect();
            const h = [...document.querySelectorAll('h2, h3')].map(e => e.textContent.trim());
            return [d.scrollWidth, d.clientWidth, d.scrollHeight, d.clientHeight, a.left, a.right, a.top, a.bottom, innerWidth, innerHeight, h];"#, vec![]).await.unwrap();
        let n = |k: usize| v[k].as_f64().unwrap();
        assert_eq!(
            (n(8), n(9)),
            (f64::from(*w), f64::from(*h)),
            "{id}: the iframe's viewport"
        );
        assert!(n(0) <= n(1) && n(2) <= n(3), "{id}: scrollbars: {v}");
        assert!(
            n(4) >= 0.0 && n(5) <= n(8) && n(6) >= 0.0 && n(7) <= n(9),
            "{id}: full-view link off-screen: {v}"
        );
        let headings: Vec<String> = serde_json::from_value(v[10].clone()).unwrap();
        let mut seen = headings.clone();
        seen.dedup();
        assert_eq!(seen, headings, "{id}: a heading twice");
        if id.starts_with("unit") {
            assert_eq!(
                headings,
                vec!["Hội Nông dân huyện".to_string()],
                "{id}: one heading"
            );
        }
        let over = sideways(
            &b,
            &[
                "main",
                ".embedded",
                ".embed-body",
                "table.overview",
                "tr.indicator",
                ".status",
            ],
        )
        .await;
        assert!(over.is_empty(), "{id}: {over:?}");
        if id.starts_with("ind") {
            let c = b.canvas("canvas.chart").await;
            assert!(
                c.css_width > f64::from(*w) * 0.9 && c.css_height > 60.0,
                "{id}: chart {c:?}"
            );
        }
        b.client.enter_parent_frame().await.unwrap();
    }
    b.screenshot("screens-embeds").await;
    // Each frame on its own, as the intranet's visitor sees it.
    for (id, _, _, _) in frames {
        let el = b
            .client
            .find(Locator::Css(&format!("iframe#{id}")))
            .await
            .unwrap();
        b.client
            .execute("arguments[0].scrollIntoView()", vec![json!(el)])
            .await
            .unwrap();
        let png = el.screenshot().await.unwrap();
        std::fs::write(artifacts_dir().join(format!("screens-embed-{id}.png")), png).unwrap();
    }
    b.close().await;
}

/// Opens the mid-term report's deck at its first slide; its number of slides.
async fn open_mid_term_deck(b: &Browser, base: &str) -> usize {
    b.open(base, "?dataset=giua-nhiem-ky-2023&view=present&slide=1")
        .await;
    b.wait_for(".present .counter")
        .await
        .text()
        .await
        .unwrap()
        .split('/')
        .nth(1)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Waits until slide `i` is shown.
async fn on_slide(b: &Browser, i: usize) {
    b.wait_until(&format!("slide {i}"), &format!("const s = document.querySelector('.present .slide'); return !!s && s.dataset.slide === '{i}'")).await;
}

/// What has the focus: tag, classes and text.
async fn focused(b: &Browser) -> String {
    let v = b.client.execute("const e = document.activeElement; return e ? `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${e.textContent.trim().slice(0, 60)}` : ''", vec![]).await.unwrap();
    v.as_str().unwrap_or_default().to_string()
}

/// Presses keys on whatever has the focus, as a keyboard user does.
async fn keys_to_page(b: &Browser, k: &str) {
    b.client
        .active_element()
        .await
        .unwrap()
        .send_keys(k)
        .await
        .unwrap();
}

/// The width of the focus ring on what has the focus, in CSS pixels.
async fn ring(b: &Browser) -> f64 {
    let v = b.client.execute("const s = getComputedStyle(document.activeElement); return s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth)", vec![]).await.unwrap();
    v.as_f64().unwrap_or(0.0)
}

/// The keyboard alone: Tab first reaches a skip link to the content; after
/// following a link the focus is on the new view's heading, not the body;
/// every control shows a 3 px ring.
#[tokio::test(flavor = "multi_thread")]
async fn keyboard_skip_link_focus_on_the_new_heading_and_a_3px_ring() {
    let server = serve(dist_dir(), "/");
    let b = browser(1366, 768).await;
    b.open(&server.base, "?dataset=giua-nhiem-ky-2023").await;
    b.wait_for("tr.indicator").await;
    keys_to_page(&b, "\u{E004}").await;
    let f = focused(&b).await;
    assert!(f.starts_with("a.skip"), "first Tab: {f}");
    let (out, _) = outside_viewport(&b, "a.skip").await;
    assert!(
        out.is_empty(),
        "the skip link is visible when focused: {out:?}"
    );
    assert!(ring(&b).await >= 3.0, "ring on the skip link");
    b.screenshot("screens-skip-link").await;
    keys_to_page(&b, keys::ENTER).await;
    let f = focused(&b).await;
    assert!(
        f.starts_with("h2.dataset-title"),
        "after the skip link: {f}"
    );
    // Every kind of control, reached by Tab, shows the ring.
    let mut kinds = std::collections::BTreeSet::new();
    for _ in 0..40 {
        keys_to_page(&b, "\u{E004}").await;
        let tag = focused(&b).await;
        let w = ring(&b).await;
        assert!(w >= 3.0, "{tag}: a {w} px ring");
        kinds.insert(tag.split('.').next().unwrap_or_default().to_string());
    }
    assert!(
        kinds.contains("button") && kinds.contains("select") && kinds.contains("a"),
        "{kinds:?}"
    );
    // Through the header too (yellow on red).
    b.client
        .execute("document.querySelector('button.dataset').focus()", vec![])
        .await
        .unwrap();
    keys_to_page(&b, "\u{E004}").await;
    assert!(
        ring(&b).await >= 3.0,
        "ring in the header: {}",
        focused(&b).await
    );
    // A link to an indicator, followed with Enter: focus on its heading.
    b.client
        .execute(
            "document.querySelector('tr.indicator[data-id=ket-nap] td.name a').focus()",
            vec![],
        )
        .await
        .unwrap();
    keys_to_page(&b, keys::ENTER).await;
    b.wait_for(".indicator-page h2").await;
    b.wait_until(
        "focus on the heading",
        "return document.activeElement === document.querySelector('.indicator-page h2')",
    )
    .await;
    b.screenshot("screens-focus-indicator-heading").await;
    // Back to the overview: its heading.
    b.client
        .execute("document.querySelector('a.back').focus()", vec![])
        .await
        .unwrap();
    keys_to_page(&b, keys::ENTER).await;
    b.wait_until(
        "focus on the overview's heading",
        "return document.activeElement === document.querySelector('h2.dataset-title')",
    )
    .await;
    // Browser back: the indicator's heading again.
    b.client.back().await.unwrap();
    b.wait_until(
        "focus after back",
        "return document.activeElement === document.querySelector('.indicator-page h2')",
    )
    .await;
    b.close().await;
}

/// axe-core (installed by scripts/setup.sh --browser), injected through
/// chromedriver because the page's CSP refuses foreign scripts; its WCAG 2.1
/// A and AA rules on the page as it is now. Returns each violation with the
/// elements it names.
async fn axe(b: &Browser) -> Vec<String> {
    let home = std::env::var("HOME").unwrap_or_default();
    let path = format!("{home}/.cache/chitieu/axe-core/node_modules/axe-core/axe.min.js");
    let source = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (run scripts/setup.sh --browser)"));
    b.client
        .execute(
            &format!("if (!window.axe) {{ {source} }} return true;"),
            vec![],
        )
        .await
        .expect("inject axe");
    let v = b.run_async(r#"
        const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
           .then(r => done(r.violations.map(v => `${v.id}: ${v.help} — ${v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 160)).join(' | ')}`)))
           .catch(e => done(['axe failed: ' + e]));"#).await;
    serde_json::from_value(v).unwrap_or_default()
}

/// Zero WCAG 2.1 A/AA violations from axe-core on every view: the overview
/// of each sample, an indicator, the units, the presentation and its slide
/// list, an embed, the phone layout and the import preview of a pasted table.
#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_wcag_2_1_a_or_aa_violation_on_any_view() {
    let server = serve(dist_dir(), "/");
    let b = browser(1366, 768).await;
    let views = [
        ("?dataset=giua-nhiem-ky-2023", "tr.indicator"),
        ("?dataset=quy-3-2023", "tr.indicator"),
        ("?dataset=huyen-2023", "tr.indicator"),
        ("?dataset=huyen-2023&status=behind&q=hoi", ".dataset-view"),
        (
            "?dataset=giua-nhiem-ky-2023&indicator=dang-bo-khoi%2Fket-nap",
            "canvas.chart",
        ),
        ("?dataset=quy-3-2023&lang=en", "tr.indicator"),
        ("?dataset=huyen-2023&view=units", "table.units"),
        (
            "?dataset=giua-nhiem-ky-2023&view=present&slide=2",
            ".present canvas.chart",
        ),
        (
            "?embed=1&dataset=huyen-2023&unit=hoi-nong-dan",
            "tr.indicator",
        ),
        (
            "?embed=1&dataset=giua-nhiem-ky-2023&indicator=dang-bo-khoi%2Fket-nap",
            "canvas.chart",
        ),
    ];
    let mut found = Vec::new();
    for (query, wait) in views {
        b.open(&server.base, query).await;
        b.wait_for(wait).await;
        for v in axe(&b).await {
            found.push(format!("{query}: {v}"));
        }
    }
    // The slide list, open.
    b.open(
        &server.base,
        "?dataset=giua-nhiem-ky-2023&view=present&slide=2",
    )
    .await;
    b.wait_for(".present canvas.chart").await;
    keys_to_page(&b, "l").await;
    b.wait_for(".slide-list li").await;
    for v in axe(&b).await {
        found.push(format!("slide list: {v}"));
    }
    // The phone layout.
    b.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": false }),
    )
    .await;
    b.open(&server.base, "?dataset=giua-nhiem-ky-2023").await;
    b.wait_for("tr.indicator").await;
    for v in axe(&b).await {
        found.push(format!("phone: {v}"));
    }
    b.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": false }),
    )
    .await;
    // The import preview of a pasted table.
    b.open(&server.base, "?dataset=giua-nhiem-ky-2023").await;
    b.wait_for("tr.indicator").await;
    b.client
        .find(Locator::Css("button.paste-toggle"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.client
        .execute(
            "const t = document.querySelector('textarea.paste-input'); t.value = arguments[0]; t.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![json!(APPENDIX_TSV.replace("\t98,49\t", "\tchín tám\t"))],
        )
        .await
        .unwrap();
    b.client
        .find(Locator::Css("button.paste-import"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_for(".import-preview").await;
    b.screenshot("screens-axe-import-preview").await;
    for v in axe(&b).await {
        found.push(format!("import preview: {v}"));
    }
    assert!(
        found.is_empty(),
        "axe-core, WCAG 2.1 A/AA:\n{}",
        found.join("\n")
    );
    b.close().await;
}

/// The slide shown: its key and number.
async fn slide(b: &Browser) -> (String, String) {
    let s = b.wait_for(".present .slide").await;
    (
        s.attr("data-key").await.unwrap().unwrap_or_default(),
        s.attr("data-slide").await.unwrap().unwrap_or_default(),
    )
}

/// The font sizes (px) the charts draw the slide's text with: the canvas's
/// `font` setter is watched while the slide is drawn again (as after printing).
async fn chart_font_sizes(b: &Browser) -> Vec<f64> {
    b.client.execute(r#"
        if (!window.__fonts) {
            const d = Object.getOwnPropertyDescriptor(CanvasRenderingContext2D.prototype, 'font');
            Object.defineProperty(CanvasRenderingContext2D.prototype, 'font', { configurable: true, get: d.get, set(v) { const m = /([0-9.]+)px/.exec(v); if (m) window.__fonts.push(parseFloat(m[1])); d.set.call(this, v); } });
        }
        window.__fonts = [];
        // Drawn again at once, as after printing (the font is set each time it changes).
        dispatchEvent(new Event('afterprint'));
        return true;"#, vec![]).await.unwrap();
    b.wait_until("slide drawn again", "return window.__fonts.length > 0")
        .await;
    let v = b
        .client
        .execute("return window.__fonts", vec![])
        .await
        .unwrap();
    serde_json::from_value(v).unwrap_or_default()
}

/// Presenting from an indicator at 1920 × 1080: the deck opens at that
/// indicator; the slide list is numbered, has large controls and its own
/// keys (↑↓ move in it, Enter opens, Esc closes it before leaving); titles
/// fit two lines, the sentence does not repeat them, chart text is 28 px or more.
#[tokio::test(flavor = "multi_thread")]
async fn presentation_opens_at_its_indicator_and_esc_closes_the_list_first() {
    let server = serve(dist_dir(), "/");
    let b = browser(1920, 1080).await;
    b.open(
        &server.base,
        "?dataset=giua-nhiem-ky-2023&indicator=dang-bo-khoi%2Fket-nap",
    )
    .await;
    b.wait_for("button.present-here")
        .await
        .click()
        .await
        .unwrap();
    b.wait_until("the indicator's slide", "const s = document.querySelector('.present .slide'); return !!s && s.dataset.key === 'dang-bo-khoi/ket-nap'").await;
    let (key, n) = slide(&b).await;
    assert_ne!(n, "1", "{key} is not the first slide");
    assert!(b
        .client
        .current_url()
        .await
        .unwrap()
        .as_str()
        .contains(&format!("slide={n}")));
    b.wait_until(
        "projector chart drawn",
        "const c = document.querySelector('.present canvas.chart'); return !!c && c.width > 0",
    )
    .await;
    let sizes = chart_font_sizes(&b).await;
    let smallest = sizes.iter().cloned().fold(f64::MAX, f64::min);
    assert!(
        smallest >= 28.0,
        "chart text from {smallest} px on a 1920 × 1080 slide: {sizes:?}"
    );
    b.screenshot("screens-present-from-indicator").await;
    // The slide list: numbered, the slide shown selected, controls of 44 px or more.
    keys_to_page(&b, "l").await;
    b.wait_for(".slide-list li.selected").await;
    let v = b.client.execute(r#"
        const lis = [...document.querySelectorAll('.slide-list li')];
        const sel = document.querySelector('.slide-list li.selected');
        const small = [...document.querySelectorAll('.slide-list button, .slide-list label, .present-bar button, .present-bar label')]
            .map(e => e.getBoundingClientRect()).filter(r => r.height < 44 || r.width < 44).length;
        return [lis[0].querySelector('.n').textContent, sel.dataset.key, lis.indexOf(sel) + 1, small];"#, vec![]).await.unwrap();
    assert_eq!(v[0], "1.", "numbered: {v}");
    assert_eq!(
        v[1], "dang-bo-khoi/ket-nap",
        "the slide shown is selected: {v}"
    );
    assert_eq!(v[2].as_u64().unwrap().to_string(), n, "{v}");
    assert_eq!(v[3], 0, "controls under 44 px: {v}");
    // ↓ moves in the list, not the slides; Enter opens the selected one.
    keys_to_page(&b, "\u{E015}").await;
    keys_to_page(&b, "\u{E015}").await;
    keys_to_page(&b, "\u{E013}").await;
    let want = b
        .wait_for(".slide-list li.selected")
        .await
        .attr("data-key")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        slide(&b).await,
        (key.clone(), n.clone()),
        "↓ did not change the slide"
    );
    b.screenshot("screens-present-slide-list").await;
    keys_to_page(&b, keys::ENTER).await;
    b.wait_until(
        "list closed",
        "return !document.querySelector('.slide-list')",
    )
    .await;
    assert_eq!(slide(&b).await.0, want, "Enter opened the selected slide");
    // Esc: the list first, then the presentation.
    keys_to_page(&b, "l").await;
    b.wait_for(".slide-list").await;
    keys_to_page(&b, keys::ESCAPE).await;
    b.wait_until(
        "list closed by Esc",
        "return !document.querySelector('.slide-list')",
    )
    .await;
    assert!(
        b.has(".present .slide").await,
        "Esc with the list open stays in the presentation"
    );
    keys_to_page(&b, keys::ESCAPE).await;
    b.wait_for(".overview-page").await;
    // Every slide: the title in two lines at most, nothing cut; the sentence without the title.
    let total = open_mid_term_deck(&b, &server.base).await;
    for i in 1..=total {
        on_slide(&b, i).await;
        let v = b
            .client
            .execute(
                r#"
            const h = document.querySelector('.present .slide h2');
            const r = document.createRange(); r.selectNodeContents(h);
            const lines = new Set([...r.getClientRects()].map(x => Math.round(x.top))).size;
            const s = document.querySelector('.present .sentence');
            const c = document.querySelector('.present canvas.chart').getBoundingClientRect();
            return [h.textContent, lines, s ? s.textContent : '', c.height];"#,
                vec![],
            )
            .await
            .unwrap();
        // A third line would be laid out (and clamped out of sight): two at most means nothing is cut.
        let title = v[0].as_str().unwrap();
        assert!(
            v[1].as_u64().unwrap() <= 2,
            "slide {i}: the title takes {} lines: {title}",
            v[1]
        );
        assert!(
            !v[2].as_str().unwrap().starts_with(title),
            "slide {i}: the sentence repeats the title: {}",
            v[2]
        );
        assert!(
            v[3].as_f64().unwrap() > 500.0,
            "slide {i}: the chart is {} px tall",
            v[3]
        );
        if i < total {
            keys_to_page(&b, keys::RIGHT).await;
        }
    }
    b.close().await;
}

/// On a phone held upright the slides' titles were cut after two lines
/// ("Cấp ủy, tổ chức đảng thực hiện “Học tập và làm theo…"): every title of
/// the mid-term deck is now shown whole, the chart keeps a third of the
/// screen and nothing runs off its side.
#[tokio::test(flavor = "multi_thread")]
async fn on_a_phone_every_slide_title_is_shown_whole() {
    let server = serve(dist_dir(), "/");
    let b = browser(390, 844).await;
    let total = open_mid_term_deck(&b, &server.base).await;
    for i in 1..=total {
        on_slide(&b, i).await;
        let v = b
            .client
            .execute(
                r#"
            const h = document.querySelector('.present .slide h2');
            // Where the title's last letter is laid out: below the heading's box when clamped away.
            const w = document.createTreeWalker(h, NodeFilter.SHOW_TEXT); let last = null; while (w.nextNode()) last = w.currentNode;
            const r = document.createRange(); r.setStart(last, last.length - 1); r.setEnd(last, last.length);
            const c = document.querySelector('.present canvas.chart').getBoundingClientRect();
            const wide = [...document.querySelectorAll('.present *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1).map(e => e.tagName + ' ' + e.textContent.slice(0, 30));
            return [h.textContent, r.getBoundingClientRect().bottom, h.getBoundingClientRect().bottom, c.height, c.bottom, innerHeight, wide];"#,
                vec![],
            )
            .await
            .unwrap();
        let title = v[0].as_str().unwrap();
        let (last, bottom) = (v[1].as_f64().unwrap(), v[2].as_f64().unwrap());
        // A letter's box reaches a little below its line's (Vietnamese marks): half a line is the test.
        assert!(
            last <= bottom + 12.0,
            "slide {i}: the title is cut (its last letter at {last} px, the heading ends at {bottom} px): {title}"
        );
        let (chart, bottom, screen) = (
            v[3].as_f64().unwrap(),
            v[4].as_f64().unwrap(),
            v[5].as_f64().unwrap(),
        );
        assert!(
            chart >= screen / 3.0 && bottom <= screen,
            "slide {i}: the chart is {chart} px tall and ends at {bottom} px of {screen}: {title}"
        );
        assert_eq!(v[6], json!([]), "slide {i}: runs off the side: {title}");
        if i < total {
            keys_to_page(&b, keys::RIGHT).await;
        }
    }
    b.close().await;
}

/// The district's deck leaves out the rows without a target; one tick brings them back.
#[tokio::test(flavor = "multi_thread")]
async fn the_districts_deck_leaves_out_rows_without_a_target_until_ticked() {
    use chitieu_core::evaluate::evaluate_all;
    let dist = dist_dir();
    let l = chitieu_core::load::load(
        "huyen-2023.json",
        &std::fs::read(dist.join("data/huyen-2023.json")).unwrap(),
    )
    .unwrap();
    let untargeted: Vec<String> = evaluate_all(&l)
        .iter()
        .filter(|r| r.eval.targets.is_empty())
        .map(|r| format!("{}/{}", r.unit.id, r.indicator.id))
        .collect();
    let server = serve(dist, "/");
    let b = browser(1366, 768).await;
    b.open(&server.base, "?dataset=huyen-2023&view=present&slide=1")
        .await;
    let count = || async {
        let t = b.wait_for(".present .counter").await.text().await.unwrap();
        t.split('/')
            .nth(1)
            .unwrap()
            .trim()
            .parse::<usize>()
            .unwrap()
    };
    let short = count().await;
    keys_to_page(&b, "l").await;
    b.wait_for(".slide-list li").await;
    let v = b.client.execute("return [...document.querySelectorAll('.slide-list li')].map(li => [li.dataset.key, li.classList.contains('hidden-slide')])", vec![]).await.unwrap();
    let lines: Vec<(String, bool)> = serde_json::from_value(v).unwrap();
    for (key, hidden) in &lines {
        assert_eq!(
            *hidden,
            untargeted.contains(key),
            "{key}: left out exactly when it has no target"
        );
    }
    assert_eq!(lines.iter().filter(|l| !l.1).count(), short);
    keys_to_page(&b, keys::ESCAPE).await;
    b.client
        .find(Locator::Css(".present-bar label.every input"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until("every row", &format!("return document.querySelector('.present .counter').textContent.trim().endsWith('/ {}')", lines.len())).await;
    // Every row of the district's export that has a chart: 77 when the issue
    // was written, 88 since ranking rows draw theirs (issue 15).
    assert_eq!(lines.len(), 88, "the district's every chart");
    assert!(short < lines.len(), "{short}");
    b.screenshot("screens-present-every-row").await;
    b.close().await;
}

/// A local file: its name beside the datasets, none of them pressed; and no
/// request of the page fails (no 404 for the deployment's settings).
#[tokio::test(flavor = "multi_thread")]
async fn a_local_files_name_is_shown_and_no_request_fails() {
    let dist = dist_dir();
    let server = serve(dist.clone(), "/");
    let b = browser(1366, 768).await;
    b.open(&server.base, "?dataset=giua-nhiem-ky-2023").await;
    b.wait_for("tr.indicator").await;
    let failed = b.client.execute("return performance.getEntriesByType('resource').filter(e => e.responseStatus !== 200).map(e => `${e.name} ${e.responseStatus}`)", vec![]).await.unwrap();
    assert_eq!(failed, json!([]), "requests that failed");
    let config = b.client.execute("return performance.getEntriesByType('resource').some(e => e.name.endsWith('data/config.json'))", vec![]).await.unwrap();
    assert_eq!(config, true, "the settings are read");
    let dir = artifacts_dir().join("uploads");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bao-cao-quy-3.json");
    std::fs::copy(dist.join("data/quy-3-2023.json"), &file).unwrap();
    b.choose_file(file.to_str().unwrap()).await;
    let name = b
        .wait_for("nav.datasets .local-file")
        .await
        .text()
        .await
        .unwrap();
    assert!(name.contains("bao-cao-quy-3.json"), "{name}");
    assert!(
        !b.has("button.dataset[aria-pressed='true']").await,
        "no dataset pressed while a local file is shown"
    );
    let (out, _) = outside_viewport(&b, "nav.datasets .local-file").await;
    assert!(out.is_empty(), "{out:?}");
    b.screenshot("screens-local-file").await;
    b.close().await;
}

/// On a phone the indicator page's figures keep their units: "1,200 ĐV"
/// once broke after "1,200" in the English target line, "ĐV" at the start
/// of the next.
#[tokio::test(flavor = "multi_thread")]
async fn on_a_phone_a_figure_keeps_its_unit_on_the_indicator_page() {
    let server = serve(dist_dir(), "/");
    let b = browser(390, 844).await;
    for lang in ["", "&lang=en"] {
        b.open(
            &server.base,
            &format!("?dataset=giua-nhiem-ky-2023&indicator=dang-bo-khoi%2Fket-nap{lang}"),
        )
        .await;
        b.wait_for(".indicator-page .targets li.target").await;
        let v = b.client.execute(r#"
            const lines = e => { const r = document.createRange(); r.selectNodeContents(e); return new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top))).size; };
            const figures = [...document.querySelectorAll('.indicator-page .targets li.target strong:first-of-type')];
            return [figures.length, figures.filter(e => lines(e) > 1).map(e => e.textContent)];"#, vec![]).await.unwrap();
        let (n, split): (usize, Vec<String>) = serde_json::from_value(v).unwrap();
        assert!(n >= 3, "{lang}: {n} targets");
        assert!(
            split.is_empty(),
            "{lang}: a figure apart from its unit: {split:?}"
        );
    }
    b.close().await;
}
