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

/// A browser whose viewport is `w` × `h` CSS pixels (Chromium's window is
/// never smaller than about 500 × 300, so smaller screens are emulated).
async fn viewport(w: u32, h: u32) -> Browser {
    let b = Browser::start_with_size(w.max(800), h.max(600)).await;
    b.cdp(
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({ "width": w, "height": h, "deviceScaleFactor": 1, "mobile": false }),
    )
    .await;
    b
}

/// A piece of text the chart drew on its canvas: the text and its ink box
/// in canvas pixels (left, top, right, bottom), as the browser measures it.
#[derive(Debug, Clone)]
struct Drawn {
    text: String,
    l: f64,
    t: f64,
    r: f64,
    b: f64,
}

/// The chart `css` drawn again (as after printing) with every `fillText` recorded: its texts
/// with their boxes, and the canvas's size.
async fn drawn_texts(b: &Browser, css: &str) -> (Vec<Drawn>, f64, f64) {
    let v = b
        .client
        .execute(
            r#"
            const P = CanvasRenderingContext2D.prototype;
            if (!window.__fill) {
                window.__fill = P.fillText;
                P.fillText = function (s, x, y) {
                    const m = this.measureText(s), k = this.getTransform();
                    const X = k.e + x, Y = k.f + y;
                    (window.__texts = window.__texts || []).push({ canvas: this.canvas, s: String(s),
                        l: X - m.actualBoundingBoxLeft, r: X + m.actualBoundingBoxRight,
                        t: Y - m.actualBoundingBoxAscent, b: Y + m.actualBoundingBoxDescent });
                    return window.__fill.call(this, s, x, y);
                };
            }
            window.__texts = [];
            // Drawn again at once for the screen, as after printing (a
            // `resize` that changes nothing no longer redraws: the chart
            // redraws when its box changes size).
            dispatchEvent(new Event('afterprint'));
            return true;"#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(v.as_bool(), Some(true));
    b.wait_until(
        "the chart drawn again",
        &format!("const c = document.querySelector(\"{css}\"); return (window.__texts || []).some(t => t.canvas === c);"),
    )
    .await;
    let v = b
        .client
        .execute(
            &format!("const c = document.querySelector(\"{css}\"); return [c.width, c.height, window.__texts.filter(t => t.canvas === c).map(t => [t.s, t.l, t.t, t.r, t.b])];"),
            vec![],
        )
        .await
        .unwrap();
    let texts = v[2]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| Drawn {
            text: t[0].as_str().unwrap().to_string(),
            l: t[1].as_f64().unwrap(),
            t: t[2].as_f64().unwrap(),
            r: t[3].as_f64().unwrap(),
            b: t[4].as_f64().unwrap(),
        })
        .collect();
    (texts, v[0].as_f64().unwrap(), v[1].as_f64().unwrap())
}

/// Texts that overlap another by more than a pixel each way, or leave the canvas.
fn collisions(texts: &[Drawn], w: f64, h: f64) -> Vec<String> {
    let mut out = Vec::new();
    for (i, a) in texts.iter().enumerate() {
        if a.l < -0.5 || a.t < -0.5 || a.r > w + 0.5 || a.b > h + 0.5 {
            out.push(format!("«{}» leaves the canvas", a.text));
        }
        for b in &texts[i + 1..] {
            let ox = a.r.min(b.r) - a.l.max(b.l);
            let oy = a.b.min(b.b) - a.t.max(b.t);
            if ox > 1.0 && oy > 1.0 {
                out.push(format!("«{}» on «{}»", a.text, b.text));
            }
        }
    }
    out
}

/// Issue 15: in a 320 × 240 embed (and up) the chart's text never overlaps:
/// fewer ticks, shorter titles, figures left out where there is no room.
#[tokio::test(flavor = "multi_thread")]
async fn in_a_320_by_240_embed_and_up_chart_text_does_not_collide() {
    let server = serve(dist_dir(), "/");
    for (w, h) in [(320, 240), (480, 320), (800, 480)] {
        let b = viewport(w, h).await;
        for (kind, dataset, id) in KINDS {
            if id.is_empty() {
                continue;
            }
            b.open(
                &server.base,
                &format!("?embed=1&dataset={dataset}&indicator={id}"),
            )
            .await;
            b.wait_for(".embedded canvas.chart").await;
            let (texts, cw, ch) = drawn_texts(&b, ".embedded canvas.chart").await;
            assert!(
                texts.len() >= 3,
                "{kind} at {w}×{h}: the chart has its words"
            );
            let problems = collisions(&texts, cw, ch);
            if w == 320 {
                b.screenshot(&format!("chart15-embed-{kind}-320x240")).await;
            }
            assert!(
                problems.is_empty(),
                "{kind} at {w}×{h} ({cw}×{ch}): {problems:?}"
            );
        }
        b.close().await;
    }
}

/// Issue 15: on a 390 × 844 phone the units side by side name every unit
/// without one name running into the next, and no rank's words cut short.
#[tokio::test(flavor = "multi_thread")]
async fn on_a_phone_the_units_names_do_not_collide() {
    let server = serve(dist_dir(), "/");
    let b = viewport(390, 844).await;
    b.open(&server.base, "?dataset=huyen-2023&view=units").await;
    for css in ["canvas.chart-ranking", "canvas.chart-achievement"] {
        b.wait_for(css).await;
        let (texts, cw, ch) = drawn_texts(&b, css).await;
        let problems = collisions(&texts, cw, ch);
        assert!(problems.is_empty(), "{css} at 390: {problems:?}");
        let names = texts.iter().filter(|t| t.text.contains("Hội")).count();
        assert!(names >= 3, "{css}: the units are named ({texts:?})");
        // A rank's words are wrapped, not cut ("Không thuộc đơn vị được xếp
        // hạng cấ…"); long indicator names keep their two lines and the table.
        let cut: Vec<&str> = texts
            .iter()
            .filter(|t| css == "canvas.chart-ranking" && t.text.ends_with('…'))
            .map(|t| t.text.as_str())
            .collect();
        assert!(cut.is_empty(), "{css} at 390: cut short: {cut:?}");
    }
    b.screenshot("chart15-units-390").await;
    b.close().await;
}

/// Issue 15: a slide in an 800 × 544 window keeps the chart at half the
/// height or more, in a readable proportion, its text apart.
#[tokio::test(flavor = "multi_thread")]
async fn a_slide_at_800_by_544_is_not_squashed() {
    let server = serve(dist_dir(), "/");
    let b = viewport(800, 544).await;
    for slide in [2, 12] {
        b.open(
            &server.base,
            &format!("?dataset=giua-nhiem-ky-2023&view=present&slide={slide}"),
        )
        .await;
        b.wait_for(".present canvas.chart").await;
        let c = b.canvas(".present canvas.chart").await;
        assert!(
            c.css_height >= 544.0 * 0.5 && c.css_width / c.css_height <= 2.6,
            "slide {slide}: the chart is {}×{} of 800×544",
            c.css_width,
            c.css_height
        );
        let (texts, cw, ch) = drawn_texts(&b, ".present canvas.chart").await;
        let problems = collisions(&texts, cw, ch);
        assert!(problems.is_empty(), "slide {slide}: {problems:?}");
        // The slide's heading says the title; the chart does not repeat it.
        let heading = b.wait_for(".present .slide h2").await.text().await.unwrap();
        let words: Vec<&str> = heading.split_whitespace().take(4).collect();
        let start = words.join(" ");
        assert!(
            !texts.iter().any(|t| t.text.starts_with(&start)),
            "slide {slide}: the chart repeats the title «{heading}»"
        );
        b.screenshot(&format!("chart15-slide-{slide}-800x544"))
            .await;
    }
    b.close().await;
}

/// Issue 15: a ranking with one period is its rank in words, in a short
/// chart, not one bar in an empty plot.
#[tokio::test(flavor = "multi_thread")]
async fn a_one_period_ranking_is_its_rank_and_name_in_a_short_chart() {
    let server = serve(dist_dir(), "/");
    let b = viewport(1366, 768).await;
    b.open(
        &server.base,
        "?dataset=huyen-2023&indicator=ban-to-chuc%2Fxep-hang",
    )
    .await;
    let css = "canvas[data-chart-kind='ranking']";
    b.wait_for(css).await;
    let c = b.canvas(css).await;
    assert!(c.css_height <= 330.0, "a short chart: {c:?}");
    let (texts, cw, ch) = drawn_texts(&b, css).await;
    let rank = texts
        .iter()
        .find(|t| t.text == "hạng 5 (Năm)")
        .unwrap_or_else(|| panic!("the rank and its name: {texts:?}"));
    assert!(rank.b - rank.t >= 24.0, "in large type: {rank:?}");
    assert!(collisions(&texts, cw, ch).is_empty());
    b.screenshot("chart15-ranking-single-1366").await;
    b.close().await;
}

/// Issue 15: at 1366 × 768 the overview's names have the room the figures
/// do not need: the name column is the widest, a long name on three lines at most.
#[tokio::test(flavor = "multi_thread")]
async fn at_1366_the_overview_name_column_is_wide_enough() {
    let server = serve(dist_dir(), "/");
    let b = viewport(1366, 768).await;
    for dataset in ["giua-nhiem-ky-2023", "quy-3-2023", "huyen-2023"] {
        b.open(&server.base, &format!("?dataset={dataset}")).await;
        b.wait_for("tr.indicator").await;
        let v = b
            .client
            .execute(
                r#"const cols = [...document.querySelectorAll('table.overview')[0].querySelectorAll('thead th')].map(th => th.getBoundingClientRect().width);
                const lh = parseFloat(getComputedStyle(document.querySelector('td.name a')).lineHeight) || 22;
                const lines = Math.max(...[...document.querySelectorAll('td.name a')].map(a => Math.round(a.getBoundingClientRect().height / lh)));
                return [cols, lines];"#,
                vec![],
            )
            .await
            .unwrap();
        let cols: Vec<f64> = serde_json::from_value(v[0].clone()).unwrap();
        let lines = v[1].as_f64().unwrap();
        let name = cols[0];
        assert!(
            cols.iter().all(|c| *c <= name),
            "{dataset}: the name column is the widest: {cols:?}"
        );
        assert!(lines <= 3.0, "{dataset}: a name on {lines} lines");
    }
    b.screenshot("chart15-overview-1366x768").await;
    b.close().await;
}

/// The chart's pixels follow its box: drawn once when the page opens,
/// drawn anew at the new width when the window narrows (a phone turned, an
/// iframe resized), and not redrawn by a resize that leaves its box as it was.
#[tokio::test(flavor = "multi_thread")]
async fn the_chart_is_drawn_once_on_opening_and_again_only_when_its_box_changes() {
    let server = serve(dist_dir(), "/");
    let b = viewport(1366, 900).await;
    // Counts, from the document's start, how often a chart canvas is sized
    // for a drawing (every drawing starts by setting its pixel size).
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({ "source": "window.__draws = 0; const d = Object.getOwnPropertyDescriptor(HTMLCanvasElement.prototype, 'width'); Object.defineProperty(HTMLCanvasElement.prototype, 'width', { configurable: true, get: d.get, set(v) { if (this.classList.contains('chart')) window.__draws++; d.set.call(this, v); } });" }),
    )
    .await;
    b.open(
        &server.base,
        "?dataset=giua-nhiem-ky-2023&indicator=dang-bo-khoi%2Fket-nap",
    )
    .await;
    b.wait_until("the chart drawn", "return window.__draws > 0")
        .await;
    // Some frames for the observer to report the size it was drawn at.
    let frames = "const done = arguments[arguments.length - 1]; let n = 0; const f = () => ++n > 5 ? done(window.__draws) : requestAnimationFrame(f); requestAnimationFrame(f);";
    let size = "const c = document.querySelector('canvas.chart'); return [c.width, c.clientWidth];";
    assert_eq!(
        b.run_async(frames).await.as_i64(),
        Some(1),
        "drawn once on opening"
    );
    let wide = b.client.execute(size, vec![]).await.unwrap();
    assert_eq!(wide[0], wide[1], "pixels = CSS width at 1×: {wide}");
    b.client
        .execute("dispatchEvent(new Event('resize'))", vec![])
        .await
        .unwrap();
    assert_eq!(
        b.run_async(frames).await.as_i64(),
        Some(1),
        "a resize that changes nothing draws nothing"
    );
    b.cdp(
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({ "width": 700, "height": 900, "deviceScaleFactor": 1, "mobile": false }),
    )
    .await;
    b.wait_until(
        "the chart drawn at the new width",
        "const c = document.querySelector('canvas.chart'); return c.width == c.clientWidth && c.width < 700;",
    )
    .await;
    let narrow = b.client.execute(size, vec![]).await.unwrap();
    assert!(
        narrow[0].as_i64() < wide[0].as_i64(),
        "narrower: {wide} → {narrow}"
    );
    assert_eq!(
        b.run_async(frames).await.as_i64(),
        Some(2),
        "drawn once more"
    );
    b.close().await;
}
