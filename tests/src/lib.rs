//! Harness for the browser tests: a static server over the built `dist/`
//! folder and a headless Debian Chromium driven through chromedriver.
//! Nothing here downloads a browser: it uses /usr/bin/chromium and
//! /usr/bin/chromedriver (scripts/setup.sh installs them).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub use fantoccini::{Client, Locator};

/// The built site; `CHITIEU_DIST` overrides `<workspace>/dist`.
pub fn dist_dir() -> PathBuf {
    let dir = std::env::var_os("CHITIEU_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist"));
    assert!(
        dir.join("index.html").is_file(),
        "{} has no index.html: build the dashboard first (scripts/test.sh runs `trunk build --release`)",
        dir.display()
    );
    dir
}

/// Where tests write screenshots for a reviewer.
pub fn artifacts_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts");
    std::fs::create_dir_all(&dir).expect("create tests/artifacts");
    dir
}

/// A static file server on a free loopback port, serving `root` under `prefix`
/// (`/` or a sub-path such as `/portal/chitieu/`). It stops with the test process.
pub struct Server {
    /// Base URL ending in `/`.
    pub base: String,
}

pub fn serve(root: PathBuf, prefix: &str) -> Server {
    serve_with(root, prefix, Vec::new())
}

/// As [`serve`], plus extra pages at exact paths (an intranet page hosting an iframe).
/// Files are served by tower-http's `ServeDir` (correct MIME types, concurrent
/// requests), as `chitieu serve` does, without its security headers.
pub fn serve_with(root: PathBuf, prefix: &str, extra: Vec<(String, String)>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener
        .set_nonblocking(true)
        .expect("non-blocking listener");
    let port = listener.local_addr().expect("address").port();
    let base = format!("http://127.0.0.1:{port}{prefix}");
    let prefix = prefix.trim_end_matches('/').to_string();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("server runtime");
        runtime.block_on(async move {
            let mut app = axum::Router::new();
            for (path, page) in extra {
                app = app.route(
                    &path,
                    axum::routing::get(move || async move { axum::response::Html(page) }),
                );
            }
            let files =
                tower_http::services::ServeDir::new(root).append_index_html_on_directories(true);
            let app = if prefix.is_empty() {
                app.fallback_service(files)
            } else {
                app.nest_service(&prefix, files)
            };
            let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
            let _ = axum::serve(listener, app).await;
        });
    });
    Server { base }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// Installed at each document's start by [`Browser::watch_first_chart`]: at
/// every frame, whether a chart canvas has a dark, opaque pixel yet (a
/// canvas not drawn on yet is transparent black).
const WATCH_FIRST_CHART: &str = "(() => { const check = () => { \
    const c = document.querySelector('canvas.chart'); \
    if (c && c.width) { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; \
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && d[i] < 150) { window.__first_chart = performance.now(); return; } } \
    requestAnimationFrame(check); }; requestAnimationFrame(check); })();";

/// Headless Chromium behind chromedriver; both end when this is dropped.
pub struct Browser {
    pub client: Client,
    driver: Child,
    profile: PathBuf,
}

impl Browser {
    pub async fn start() -> Browser {
        Browser::start_with_size(1400, 1000).await
    }

    pub async fn start_with_size(width: u32, height: u32) -> Browser {
        Browser::start_with(width, height, 1.0).await
    }

    /// A browser whose screen has `scale` device pixels per CSS pixel (a projector laptop at 2×).
    pub async fn start_with(width: u32, height: u32, scale: f64) -> Browser {
        let port = free_port();
        let driver = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect(
                "start /usr/bin/chromedriver (install chromium-driver: scripts/setup.sh --browser)",
            );
        let profile =
            std::env::temp_dir().join(format!("chitieu-chromium-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        let mut args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--lang=vi-VN".into(),
            format!("--window-size={width},{height}"),
            format!("--force-device-scale-factor={scale}"),
            format!("--user-data-dir={}", profile.display()),
        ];
        // For the benchmark only: what a V8 setting no page can choose would
        // change (`CHITIEU_JS_FLAGS=--no-wasm-lazy-compilation`).
        if let Ok(flags) = std::env::var("CHITIEU_JS_FLAGS") {
            args.push(format!("--js-flags={flags}"));
        }
        let caps = serde_json::json!({
            "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": args }
        });
        let caps = match caps {
            serde_json::Value::Object(m) => m,
            _ => unreachable!(),
        };
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            match fantoccini::ClientBuilder::native()
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("cannot start Chromium through chromedriver: {e}"),
            }
        };
        Browser {
            client,
            driver,
            profile,
        }
    }

    /// Waits up to 60 s for an element (CI runs two browsers on two cores).
    /// Whether an element matching `css` is on the page now.
    pub async fn has(&self, css: &str) -> bool {
        self.client.find(Locator::Css(css)).await.is_ok()
    }

    /// Chooses a local file in the header's "Mở tệp…" input, as a user would.
    pub async fn choose_file(&self, path: &str) {
        self.client
            .find(Locator::Css("label.open-file input[type='file']"))
            .await
            .unwrap()
            .send_keys(path)
            .await
            .unwrap();
    }

    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(60))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css} within 60 s: {e}"))
    }

    /// Opens the dashboard at `base` with a query string and waits for a page.
    pub async fn open(&self, base: &str, query: &str) {
        self.client
            .goto(&format!("{base}{query}"))
            .await
            .expect("navigate");
        self.wait_for(".dataset-view, .indicator-page, .units-page, .present, .error")
            .await;
    }

    /// Waits until `script` (returning a boolean) is true, up to 60 s.
    pub async fn wait_until(&self, what: &str, script: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let v = self.client.execute(script, vec![]).await.expect("script");
            if v.as_bool() == Some(true) {
                return;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// A canvas's pixel size, CSS size, device pixel ratio and count of drawn (non-white) pixels.
    pub async fn canvas(&self, css: &str) -> CanvasInfo {
        let script = r#"
            const c = document.querySelector(arguments[0]);
            if (!c) return null;
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 0; i < d.length; i += 4) {
                if (d[i + 3] > 0 && (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235)) n++;
            }
            return [c.width, c.height, c.clientWidth, c.clientHeight, window.devicePixelRatio, n];
        "#;
        let v = self
            .client
            .execute(script, vec![serde_json::json!(css)])
            .await
            .expect("canvas script");
        let a = v.as_array().unwrap_or_else(|| panic!("no canvas {css}"));
        let n = |i: usize| a[i].as_f64().unwrap_or(0.0);
        CanvasInfo {
            width: n(0),
            height: n(1),
            css_width: n(2),
            css_height: n(3),
            ratio: n(4),
            drawn: n(5),
        }
    }

    /// Sends a Chrome DevTools command.
    pub async fn cdp(&self, cmd: &str, params: serde_json::Value) -> serde_json::Value {
        self.client
            .issue_cmd(Cdp {
                cmd: cmd.into(),
                params,
            })
            .await
            .unwrap_or_else(|e| panic!("{cmd}: {e}"))
    }

    /// Lays the page out for `print` or `screen`, as Chrome's print preview does.
    pub async fn emulate_media(&self, media: &str) {
        self.client
            .issue_cmd(Cdp {
                cmd: "Emulation.setEmulatedMedia".into(),
                params: serde_json::json!({ "media": media }),
            })
            .await
            .expect("emulate media");
    }

    /// From the next navigation on, each page notes in `window.__first_chart`
    /// when its first chart (a `canvas.chart` with a dark pixel) was there,
    /// checked from the document's start at every frame. A check injected
    /// after `goto` returns could only see the chart once WebDriver had
    /// answered (the load event and a round trip, 30–100 ms on this machine),
    /// and would report that instead of the moment it was drawn.
    pub async fn watch_first_chart(&self) {
        self.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({ "source": WATCH_FIRST_CHART }),
        )
        .await;
    }

    /// When the page's first chart was drawn, in ms from navigation
    /// (after [`Browser::watch_first_chart`]); waits for it.
    pub async fn first_chart(&self) -> f64 {
        self.run_async(
            "const done = arguments[arguments.length - 1]; \
             const wait = () => window.__first_chart ? done(window.__first_chart) : setTimeout(wait, 10); wait();",
        )
        .await
        .as_f64()
        .expect("the time of the first chart")
    }

    /// Runs an asynchronous script (the callback is its last argument).
    pub async fn run_async(&self, script: &str) -> serde_json::Value {
        self.client
            .execute_async(script, vec![])
            .await
            .expect("async script")
    }

    /// The page's visible text.
    pub async fn text(&self) -> String {
        self.client
            .find(Locator::Css("body"))
            .await
            .expect("body")
            .text()
            .await
            .expect("body text")
    }

    /// Writes a PNG screenshot of the viewport to tests/artifacts/NAME.png.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("screenshot");
        let path = artifacts_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }
}

/// A Chrome DevTools command sent through chromedriver.
#[derive(Debug)]
struct Cdp {
    cmd: String,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// WebDriver key codes.
pub mod keys {
    pub const RIGHT: &str = "\u{E014}";
    pub const LEFT: &str = "\u{E012}";
    pub const PAGE_DOWN: &str = "\u{E00F}";
    pub const PAGE_UP: &str = "\u{E00E}";
    pub const HOME: &str = "\u{E011}";
    pub const END: &str = "\u{E010}";
    pub const ESCAPE: &str = "\u{E00C}";
    pub const ENTER: &str = "\u{E007}";
}

/// What a canvas holds.
#[derive(Debug, Clone, Copy)]
pub struct CanvasInfo {
    pub width: f64,
    pub height: f64,
    pub css_width: f64,
    pub css_height: f64,
    pub ratio: f64,
    /// Pixels that are not white.
    pub drawn: f64,
}

impl Browser {
    /// Ends the session cleanly.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The session is closed by `close`; this ends chromedriver, and
        // Chromium with it, when a test fails before that.
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Transfer size of the built page, in bytes.
pub struct PageSize {
    /// What the page loads: HTML, script, wasm, stylesheet, icon.
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
    /// The workers (`chitieu-import*`, `chitieu-export*`), fetched only when
    /// a table is imported or a workbook written, and the service worker
    /// (`sw.js`), measured on their own.
    pub worker_raw: usize,
    pub worker_gzip: usize,
}

/// Sizes the files at the top of `dist` (the sample data under `data/` is
/// not the page), each compressed on its own as a server sends it: gzip at
/// its best level, brotli at quality 11.
pub fn page_size(dist: &Path) -> PageSize {
    use std::io::Write;
    let gzip = |bytes: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(bytes).unwrap();
        e.finish().unwrap().len()
    };
    let brotli = |bytes: &[u8]| {
        let mut out = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).unwrap();
        out.len()
    };
    let mut size = PageSize {
        raw: 0,
        gzip: 0,
        brotli: 0,
        worker_raw: 0,
        worker_gzip: 0,
    };
    for entry in std::fs::read_dir(dist).unwrap() {
        let p = entry.unwrap().path();
        if !p.is_file() {
            continue;
        }
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        // The precompressed copies (.br, .gz) are the same files again.
        if name.ends_with(".br") || name.ends_with(".gz") {
            continue;
        }
        let bytes = std::fs::read(&p).unwrap();
        // sw.js, the offline copy's service worker, runs beside the page, not in it.
        let worker = name.starts_with("chitieu-import")
            || name.starts_with("chitieu-export")
            || name == "sw.js";
        if worker {
            size.worker_raw += bytes.len();
            size.worker_gzip += gzip(&bytes);
        } else {
            size.raw += bytes.len();
            size.gzip += gzip(&bytes);
            size.brotli += brotli(&bytes);
        }
    }
    size
}

/// A large export: `units` × `per_unit` indicators × `periods` quarters.
pub fn large_export(units: usize, per_unit: usize, periods: usize) -> String {
    let mut seed: u64 = 0x2023_0930;
    let mut next = move |m: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % m
    };
    let mut out = String::with_capacity(8 << 20);
    out.push_str(r#"{"format":"chitieu","version":1,"dataset":{"id":"bench-large","title":"Bộ dữ liệu lớn để đo","organisation":"Đo hiệu năng","as_of":"2024-12"},"sources":[{"id":"s","title":"Sinh tự động"}],"periods":["#);
    for p in 0..periods {
        let (y, q) = (2020 + p / 4, p % 4 + 1);
        out.push_str(&format!(
            r#"{}{{"id":"q{p}","kind":"quarter","year":{y},"quarter":{q}}}"#,
            if p > 0 { "," } else { "" }
        ));
    }
    out.push_str(r#",{"id":"nk","kind":"term","start":"2020-01","end":"2024-12","label":"Nhiệm kỳ"}],"units":["#);
    for u in 0..units {
        out.push_str(&format!(r#"{}{{"id":"u{u}","name":"Đơn vị số {u}","sections":[{{"id":"s","title":"Chỉ tiêu","indicators":["#, if u > 0 { "," } else { "" }));
        for i in 0..per_unit {
            let rate = i % 3 == 0;
            let values: Vec<String> = (0..periods)
                .map(|p| {
                    if rate {
                        format!(
                            r#"{{"period":"q{p}","value":"{}.{:02}"}}"#,
                            80 + next(20),
                            next(100)
                        )
                    } else {
                        format!(r#"{{"period":"q{p}","value":{}}}"#, 10 + next(90))
                    }
                })
                .collect();
            let (kind, unit, mk, target) = if rate {
                (
                    "rate",
                    "%",
                    "percent",
                    r#"{"label":"Chỉ tiêu","value":90,"horizon":"nk","rule":"each_period"}"#
                        .to_string(),
                )
            } else {
                (
                    "count",
                    "ĐV",
                    "count",
                    format!(
                        r#"{{"label":"Chỉ tiêu","value":{},"horizon":"nk"}}"#,
                        800 + next(800)
                    ),
                )
            };
            out.push_str(&format!(
                r#"{}{{"id":"i{i}","name":"Chỉ tiêu số {i} của đơn vị {u}","kind":"{kind}","measure":{{"unit":"{unit}","kind":"{mk}"}},"values":[{}],"targets":[{target}],"source":{{"doc":"s"}}}}"#,
                if i > 0 { "," } else { "" },
                values.join(",")
            ));
        }
        out.push_str("]}]}");
    }
    out.push_str("]}");
    out
}

/// The mid-term report's appendix table, as pasted from Word (tab-separated).
pub const APPENDIX_TSV: &str = include_str!("../../core/tests/tables/phu-luc.tsv");

/// The appendix table as an Excel workbook: figures as number cells, words
/// and `97,11%` as text, the "Thực hiện qua các năm" heading merged.
pub fn appendix_xlsx() -> Vec<u8> {
    use chitieu_core::import::{parse_figure, Cell};
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, line) in APPENDIX_TSV.lines().enumerate() {
        for (c, text) in line.split('\t').enumerate() {
            let (r, c, text) = (r as u32, c as u16, text.trim());
            if text.is_empty() {
                continue;
            }
            if text == "Thực hiện qua các năm" {
                let _ = sheet.merge_range(r, c, r, c + 3, text, &rust_xlsxwriter::Format::new());
                continue;
            }
            let number = (!text.contains('%') && c >= 3)
                .then(|| parse_figure(&Cell::Text(text.to_string())).ok().flatten())
                .flatten()
                .and_then(|n| n.to_plain().parse::<f64>().ok());
            let _ = match number {
                Some(n) => sheet.write_number(r, c, n).map(|_| ()),
                None => sheet.write_string(r, c, text).map(|_| ()),
            };
        }
    }
    book.save_to_buffer().expect("workbook written")
}

/// Parse + validation of the export at `path` (served beside the page) next
/// to the browser's `JSON.parse` of the same text, measured in pairs: each
/// reading of ours (the page loads the file again, after showing another
/// dataset in between) is followed at once by one `JSON.parse`, so both see
/// the machine in the same state. Returns the medians of ours, of
/// `JSON.parse` and of the pairs' ratios, and our first (cold) reading. The
/// page must already show that export.
pub struct ParseTiming {
    pub ours: f64,
    pub json_parse: f64,
    pub ratio: f64,
    pub cold: f64,
    /// The best of each (the quickest reading and the quickest JSON.parse),
    /// and their ratio: what the code does when the machine lets it, the
    /// steadiest figure on a busy machine.
    pub best_ours: f64,
    pub best_json_parse: f64,
}

pub async fn measure_parse(b: &Browser, path: &str, pairs: usize) -> ParseTiming {
    let file = path.rsplit('/').next().unwrap_or(path).to_string();
    let loaded =
        format!("return !!window.__chitieu_timing && window.__chitieu_timing.file === '{file}'");
    let ours = || async {
        b.client
            .execute("return window.__chitieu_timing.parse_ms", vec![])
            .await
            .unwrap()
            .as_f64()
            .unwrap()
    };
    let json_parse = || async {
        b.client
            .execute("const s = performance.now(); JSON.parse(window.__text); return performance.now() - s;", vec![])
            .await
            .unwrap()
            .as_f64()
            .unwrap()
    };
    b.wait_until("export loaded", &loaded).await;
    let cold = ours().await;
    b.run_async(&format!("const done = arguments[arguments.length - 1]; fetch('{path}').then(r => r.text()).then(t => {{ window.__text = t; done(t.length); }});"))
        .await;
    let query = url::form_urlencoded::byte_serialize(path.as_bytes()).collect::<String>();
    let (mut mine, mut theirs, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..pairs {
        b.client
            .execute("window.__chitieu_timing = null; history.pushState(null, '', '?dataset=giua-nhiem-ky-2023'); dispatchEvent(new PopStateEvent('popstate'));", vec![])
            .await
            .unwrap();
        b.wait_for(".dataset-view[data-dataset='giua-nhiem-ky-2023']")
            .await;
        b.client
            .execute(&format!("window.__chitieu_timing = null; history.pushState(null, '', '?data={query}'); dispatchEvent(new PopStateEvent('popstate'));"), vec![])
            .await
            .unwrap();
        b.wait_until("export loaded again", &loaded).await;
        let (o, j) = (ours().await, json_parse().await);
        mine.push(o);
        theirs.push(j);
        ratios.push(o / j.max(0.001));
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v.get(v.len() / 2).copied().unwrap_or(0.0)
    };
    let best = |v: &[f64]| v.iter().copied().fold(f64::MAX, f64::min);
    ParseTiming {
        best_ours: best(&mine),
        best_json_parse: best(&theirs),
        ours: median(mine),
        json_parse: median(theirs),
        ratio: median(ratios),
        cold,
    }
}

/// The longest task (ms, 0 if none over 50 ms) while someone filters the
/// overview on screen: a search typed one key every 120 ms, as a fast typist
/// types (WebDriver's own send_keys delivers a whole word in one task, which
/// is not a filter change anyone makes), then a status chosen.
pub async fn measure_filtering(b: &Browser) -> f64 {
    b.client.execute("window.__long = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) window.__long = Math.max(window.__long, e.duration); }).observe({ type: 'longtask' });", vec![]).await.unwrap();
    let input = b
        .client
        .find(Locator::Css("input.search-input"))
        .await
        .unwrap();
    for key in "chi tieu so 1".chars() {
        input.send_keys(&key.to_string()).await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(120)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    b.client
        .find(Locator::Css("select.filter-status"))
        .await
        .unwrap()
        .select_by_value("behind")
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    b.client
        .execute("return window.__long", vec![])
        .await
        .unwrap()
        .as_f64()
        .unwrap_or(0.0)
}
