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

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

/// A static file server on a free loopback port, serving `root` under `prefix`
/// (`/` or a sub-path such as `/portal/chitieu/`). It stops with the test process.
pub struct Server {
    /// Base URL ending in `/`.
    pub base: String,
}

pub fn serve(root: PathBuf, prefix: &str) -> Server {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("bind loopback");
    let port = server.server_addr().to_ip().expect("ip address").port();
    let prefix = prefix.to_string();
    let base = format!("http://127.0.0.1:{port}{prefix}");
    std::thread::spawn(move || {
        for req in server.incoming_requests() {
            let url = req
                .url()
                .split(['?', '#'])
                .next()
                .unwrap_or("/")
                .to_string();
            let response = url
                .strip_prefix(&prefix)
                .map(|rel| if rel.is_empty() { "index.html" } else { rel })
                .filter(|rel| !rel.split('/').any(|seg| seg == ".."))
                .map(|rel| root.join(rel))
                .filter(|p| p.is_file())
                .and_then(|p| std::fs::read(&p).ok().map(|b| (p, b)));
            let _ = match response {
                Some((path, bytes)) => {
                    let header =
                        tiny_http::Header::from_bytes("Content-Type", mime(&path)).expect("header");
                    req.respond(tiny_http::Response::from_data(bytes).with_header(header))
                }
                None => {
                    req.respond(tiny_http::Response::from_string("not found").with_status_code(404))
                }
            };
        }
    });
    Server { base }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

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
        let caps = serde_json::json!({
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--lang=vi-VN",
                    format!("--window-size={width},{height}"),
                    format!("--user-data-dir={}", profile.display()),
                ]
            }
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

    /// Waits up to 30 s for an element.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css} within 30 s: {e}"))
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
