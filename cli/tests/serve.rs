//! `chitieu serve`: MIME types, compression, caching and security headers.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chitieu::serve::{
    content_security_policy, inline_script_hashes, is_hashed_asset, router, Options,
};
use http_body_util::BodyExt;
use tower::ServiceExt;

const LOADER: &str = "import init from './app-0123456789abcdef.js'; await init();";

fn site() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "chitieu-serve-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::write(dir.join("index.html"), format!("<!DOCTYPE html><html><head><script type=\"module\">{LOADER}</script></head><body></body></html>")).unwrap();
    std::fs::write(dir.join("app-0123456789abcdef_bg.wasm"), vec![0u8; 4096]).unwrap();
    std::fs::write(
        dir.join("data/index.json"),
        "{\"datasets\": []}".repeat(200),
    )
    .unwrap();
    std::fs::write(
        dir.join("data/config.json"),
        r#"{"data_origins": ["https://du-lieu.example"]}"#,
    )
    .unwrap();
    dir
}

async fn get(app: axum::Router, path: &str, encoding: Option<&str>) -> axum::response::Response {
    let mut req = Request::get(path);
    if let Some(e) = encoding {
        req = req.header(header::ACCEPT_ENCODING, e);
    }
    app.oneshot(req.body(Body::empty()).unwrap()).await.unwrap()
}

fn header_of(res: &axum::response::Response, name: header::HeaderName) -> String {
    res.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn wasm_is_served_as_application_wasm_and_cached_for_a_year() {
    let opts = Options {
        dir: site(),
        frame_ancestors: vec![],
        data_origins: vec![],
    };
    let res = get(
        router(&opts).unwrap(),
        "/app-0123456789abcdef_bg.wasm",
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header_of(&res, header::CONTENT_TYPE), "application/wasm");
    assert_eq!(
        header_of(&res, header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
}

#[tokio::test]
async fn index_and_data_are_revalidated_and_compressed() {
    let opts = Options {
        dir: site(),
        frame_ancestors: vec![],
        data_origins: vec![],
    };
    let res = get(router(&opts).unwrap(), "/", Some("br")).await;
    assert_eq!(header_of(&res, header::CACHE_CONTROL), "no-cache");
    let res = get(router(&opts).unwrap(), "/data/index.json", Some("br, gzip")).await;
    assert_eq!(header_of(&res, header::CONTENT_ENCODING), "br");
    let res = get(router(&opts).unwrap(), "/data/index.json", Some("gzip")).await;
    assert_eq!(header_of(&res, header::CONTENT_ENCODING), "gzip");
    let body = res.into_body().collect().await.unwrap().to_bytes();
    assert!(
        body.len() < 3200,
        "gzip shrinks the repeated index: {} bytes",
        body.len()
    );
}

/// The build's precompressed copies are sent as they are (brotli at
/// quality 11 once at build time, not a quick one per request), with the
/// original's type and cache policy; a browser without brotli gets the gzip one.
#[tokio::test]
async fn precompressed_br_and_gz_copies_are_sent_instead_of_compressing_per_request() {
    let dir = site();
    std::fs::write(dir.join("app-0123456789abcdef_bg.wasm.br"), b"brotli copy").unwrap();
    std::fs::write(dir.join("app-0123456789abcdef_bg.wasm.gz"), b"gzip copy").unwrap();
    let opts = Options {
        dir,
        frame_ancestors: vec![],
        data_origins: vec![],
    };
    let path = "/app-0123456789abcdef_bg.wasm";
    for (accept, encoding, body) in [
        ("br, gzip", "br", "brotli copy"),
        ("gzip", "gzip", "gzip copy"),
    ] {
        let res = get(router(&opts).unwrap(), path, Some(accept)).await;
        assert_eq!(header_of(&res, header::CONTENT_ENCODING), encoding);
        assert_eq!(header_of(&res, header::CONTENT_TYPE), "application/wasm");
        assert_eq!(
            header_of(&res, header::CACHE_CONTROL),
            "public, max-age=31536000, immutable"
        );
        let got = res.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(&got[..], body.as_bytes());
    }
}

#[tokio::test]
async fn every_response_carries_a_strict_policy_with_the_loaders_hash() {
    let opts = Options {
        dir: site(),
        frame_ancestors: vec!["https://intranet.example".into()],
        data_origins: vec!["https://kho.example".into()],
    };
    let res = get(router(&opts).unwrap(), "/", None).await;
    let csp = header_of(&res, header::CONTENT_SECURITY_POLICY);
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
        "{csp}"
    );
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{csp}"
    );
    assert!(
        csp.contains("frame-ancestors 'self' https://intranet.example"),
        "{csp}"
    );
    assert!(
        csp.contains("connect-src 'self' https://du-lieu.example https://kho.example"),
        "{csp}"
    );
    assert_eq!(header_of(&res, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(header_of(&res, header::REFERRER_POLICY), "no-referrer");
    let missing = get(router(&opts).unwrap(), "/khong-co.js", None).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(header_of(&missing, header::CONTENT_SECURITY_POLICY).contains("default-src 'none'"));
}

#[test]
fn the_loader_hash_is_the_sha256_of_the_inline_script() {
    let html = format!("<script type=\"module\">{LOADER}</script><script src=\"x.js\"></script>");
    let hashes = inline_script_hashes(&html);
    assert_eq!(hashes.len(), 1, "only inline scripts are hashed");
    // echo -n "$LOADER" | openssl dgst -sha256 -binary | base64
    let want = {
        use base64::Engine;
        use sha2::Digest;
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(LOADER.as_bytes()))
    };
    assert_eq!(hashes[0], format!("'sha256-{want}'"));
    assert!(content_security_policy(&hashes, &[], &[]).contains(&hashes[0]));
}

#[test]
fn hashed_assets_are_told_apart_from_pages_and_data() {
    assert!(is_hashed_asset("/chitieu-app-6db997437343e0bf_bg.wasm"));
    assert!(is_hashed_asset("/chitieu-app-6db997437343e0bf.js"));
    assert!(is_hashed_asset("/style-312deefbae03f050.css"));
    assert!(!is_hashed_asset("/index.html"));
    assert!(!is_hashed_asset("/data/giua-nhiem-ky-2023.json"));
}

#[test]
fn a_missing_build_and_a_bad_origin_are_clear_errors() {
    let opts = Options {
        dir: "/khong/co/thu-muc".into(),
        frame_ancestors: vec![],
        data_origins: vec![],
    };
    let e = router(&opts).err().unwrap().to_string();
    assert!(e.contains("index.html") && e.contains("trunk build"), "{e}");
    let opts = Options {
        dir: site(),
        frame_ancestors: vec!["intranet; script-src *".into()],
        data_origins: vec![],
    };
    assert!(router(&opts)
        .err()
        .unwrap()
        .to_string()
        .contains("nguồn không hợp lệ"));
}

#[tokio::test]
async fn a_rebuilt_page_gets_the_new_loaders_hash_without_a_restart() {
    let dir = site().join("rebuilt");
    std::fs::create_dir_all(&dir).unwrap();
    let page = |script: &str| {
        format!("<!DOCTYPE html><html><head><script type=\"module\">{script}</script></head><body></body></html>")
    };
    std::fs::write(dir.join("index.html"), page(LOADER)).unwrap();
    let opts = Options {
        dir: dir.clone(),
        frame_ancestors: vec![],
        data_origins: vec![],
    };
    let app = router(&opts).unwrap();
    let before = header_of(
        &get(app.clone(), "/", None).await,
        header::CONTENT_SECURITY_POLICY,
    );
    assert!(
        before.contains(&inline_script_hashes(&page(LOADER))[0]),
        "{before}"
    );
    // `trunk build` writes a new loader while the server runs.
    let rebuilt = "import init from './app-fedcba9876543210.js'; await init();";
    std::fs::write(dir.join("index.html"), page(rebuilt)).unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(dir.join("index.html"))
        .unwrap()
        .set_modified(later)
        .unwrap();
    let after = header_of(&get(app, "/", None).await, header::CONTENT_SECURITY_POLICY);
    assert!(
        after.contains(&inline_script_hashes(&page(rebuilt))[0]),
        "{after}"
    );
    assert!(
        !after.contains(&inline_script_hashes(&page(LOADER))[0]),
        "{after}"
    );
}
