//! `chitieu serve [DIR]`: the built dashboard for a presenter's laptop or a
//! small intranet host. Correct MIME types (`application/wasm`), gzip and
//! brotli (the build's precompressed `.br`/`.gz` copies where present), long caching for Trunk's hashed assets, and security headers: a
//! strict Content-Security-Policy (no `unsafe-inline`, no `unsafe-eval`; only
//! `wasm-unsafe-eval` and the hash of Trunk's loader script), configurable
//! `frame-ancestors` and data origins, `nosniff`, `Referrer-Policy`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

/// How to serve.
#[derive(Clone, Debug)]
pub struct Options {
    /// The built folder (`dist/`).
    pub dir: PathBuf,
    /// Origins allowed to frame the dashboard (the intranet), besides itself.
    pub frame_ancestors: Vec<String>,
    /// Origins exports may be loaded from with `?data=`, besides itself.
    pub data_origins: Vec<String>,
}

/// Why the folder cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{0}/index.html không đọc được (cannot read it): {1}; hãy chạy `trunk build --release` trước (build first)")]
    NoIndex(String, std::io::Error),
    #[error("nguồn không hợp lệ (invalid origin) \"{0}\": cần dạng https://may-chu.vn (scheme://host[:port])")]
    BadOrigin(String),
}

/// `'sha256-…'` of every inline `<script>` in the page (Trunk's module loader).
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains("src=") {
            let digest = Sha256::digest(&body.as_bytes()[..close]);
            out.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &body[close..];
    }
    out
}

fn valid_origin(o: &str) -> bool {
    let Some((scheme, host)) = o.split_once("://") else {
        return false;
    };
    matches!(scheme, "http" | "https")
        && !host.is_empty()
        && !host.contains(['/', ' ', ';', '\'', '"', ','])
}

/// The Content-Security-Policy for a page with these loader hashes.
pub fn content_security_policy(
    hashes: &[String],
    data_origins: &[String],
    frame_ancestors: &[String],
) -> String {
    let extra = |v: &[String]| v.iter().map(|o| format!(" {o}")).collect::<String>();
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{}; style-src 'self'; img-src 'self' data: blob:; \
         font-src 'self'; connect-src 'self'{}; manifest-src 'self'; base-uri 'self'; form-action 'none'; \
         object-src 'none'; frame-ancestors 'self'{}",
        extra(hashes),
        extra(data_origins),
        extra(frame_ancestors)
    )
}

/// Whether a path is one of Trunk's content-hashed files (`name-0123456789abcdef.wasm`).
pub fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let Some((stem, _ext)) = file.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, h)| h.len() >= 12 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The data origins the deployment lists in `data/config.json` (`{"data_origins": [...]}`).
pub fn configured_data_origins(dir: &Path) -> Vec<String> {
    std::fs::read(dir.join("data/config.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .and_then(|v| v.get("data_origins").cloned())
        .and_then(|v| serde_json::from_value::<Vec<String>>(v).ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|o| valid_origin(o))
        .collect()
}

/// The policy for the page as it is on disk: `trunk build` writes a new
/// loader, whose hash the policy must name, or the page stays blank until
/// the server restarts. Recomputed when `index.html` changes.
struct Policy {
    index: PathBuf,
    origins: Vec<String>,
    frame_ancestors: Vec<String>,
    current: Mutex<Option<(Option<SystemTime>, HeaderValue)>>,
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

impl Policy {
    fn header(&self, index: &str) -> Result<HeaderValue, ServeError> {
        let csp = content_security_policy(
            &inline_script_hashes(index),
            &self.origins,
            &self.frame_ancestors,
        );
        HeaderValue::from_str(&csp).map_err(|_| ServeError::BadOrigin(csp.clone()))
    }

    /// The policy for `index.html` now; the last one while it is being rewritten.
    fn now(&self) -> HeaderValue {
        let stamp = modified(&self.index);
        let Ok(mut current) = self.current.lock() else {
            return HeaderValue::from_static("default-src 'none'");
        };
        match current.as_ref() {
            Some((at, value)) if *at == stamp => value.clone(),
            last => {
                let fresh = std::fs::read_to_string(&self.index)
                    .ok()
                    .and_then(|html| self.header(&html).ok());
                match (fresh, last) {
                    (Some(value), _) => {
                        *current = Some((stamp, value.clone()));
                        value
                    }
                    (None, Some((_, value))) => value.clone(),
                    (None, None) => HeaderValue::from_static("default-src 'none'"),
                }
            }
        }
    }
}

/// The router: static files with compression and headers.
pub fn router(opts: &Options) -> Result<Router, ServeError> {
    let dir = opts.dir.display().to_string();
    let index = std::fs::read_to_string(opts.dir.join("index.html"))
        .map_err(|e| ServeError::NoIndex(dir, e))?;
    for o in opts.frame_ancestors.iter().chain(&opts.data_origins) {
        if !valid_origin(o) {
            return Err(ServeError::BadOrigin(o.clone()));
        }
    }
    let mut origins = opts.data_origins.clone();
    origins.extend(configured_data_origins(&opts.dir));
    origins.sort();
    origins.dedup();
    let policy = Arc::new(Policy {
        index: opts.dir.join("index.html"),
        origins,
        frame_ancestors: opts.frame_ancestors.clone(),
        current: Mutex::new(None),
    });
    // Checked once here, so that a bad origin is an error at start.
    let first = policy.header(&index)?;
    if let Ok(mut c) = policy.current.lock() {
        *c = Some((modified(&policy.index), first));
    }
    let headers = move |req: Request, next: Next| {
        let csp = policy.now();
        async move {
            let hashed = is_hashed_asset(req.uri().path());
            let mut res: Response = next.run(req).await;
            let h = res.headers_mut();
            h.insert(header::CONTENT_SECURITY_POLICY, csp);
            h.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            h.insert(
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            );
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static(if hashed {
                    "public, max-age=31536000, immutable"
                } else {
                    "no-cache"
                }),
            );
            res
        }
    };
    Ok(Router::new()
        // The build's .br and .gz copies when the browser takes them (no
        // compression per request); anything else compressed on the way out.
        .fallback_service(
            ServeDir::new(&opts.dir)
                .append_index_html_on_directories(true)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(headers)))
}

/// Serves until Ctrl-C.
pub async fn run(opts: Options, addr: SocketAddr) -> Result<(), Box<dyn std::error::Error>> {
    let app = router(&opts)?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    println!("chitieu serve: http://{local}/ ({})", opts.dir.display());
    if !local.ip().is_loopback() {
        println!("chitieu serve: nghe trên {} — máy khác trong mạng truy cập được (reachable from other machines)", local.ip());
    }
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
