//! The architecture invariants of ARCHITECTURE.md, checked.

use std::path::Path;

fn read(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn sources(dir: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir);
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push((
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                ));
            }
        }
    }
    out
}

const BROWSER_CRATES: [&str; 6] = [
    "leptos",
    "web-sys",
    "js-sys",
    "wasm-bindgen",
    "gloo",
    "web_sys",
];

#[test]
fn core_and_format_know_nothing_of_the_browser() {
    for krate in ["core", "format"] {
        let manifest = read(&format!("{krate}/Cargo.toml"));
        for name in BROWSER_CRATES {
            assert!(
                !manifest.contains(name),
                "{krate}/Cargo.toml depends on {name}"
            );
        }
        for (path, text) in sources(&format!("{krate}/src")) {
            for name in ["leptos", "web_sys", "js_sys", "wasm_bindgen", "gloo"] {
                assert!(!text.contains(&format!("{name}::")), "{path} uses {name}");
            }
        }
    }
}

#[test]
fn charts_know_nothing_of_leptos_or_the_browser() {
    let manifest = read("charts/Cargo.toml");
    for name in BROWSER_CRATES {
        assert!(
            !manifest.contains(name),
            "charts/Cargo.toml depends on {name}"
        );
    }
    for (path, text) in sources("charts/src") {
        for name in ["leptos", "web_sys", "js_sys", "wasm_bindgen", "gloo"] {
            assert!(!text.contains(&format!("{name}::")), "{path} uses {name}");
        }
    }
}

#[test]
fn only_the_app_and_the_browser_tests_touch_the_browser() {
    for krate in ["format", "core", "charts", "cli"] {
        let manifest = read(&format!("{krate}/Cargo.toml"));
        for name in ["web-sys", "wasm-bindgen", "leptos", "fantoccini"] {
            assert!(!manifest.contains(name), "{krate} depends on {name}");
        }
    }
}

#[test]
fn core_never_reads_figures_through_floating_point() {
    for (path, text) in sources("core/src").into_iter().chain(sources("format/src")) {
        for token in ["as f64", "as f32", "to_f64", "from_f64", "parse::<f64>"] {
            assert!(!text.contains(token), "{path} contains {token}");
        }
    }
    assert!(read("Cargo.toml").contains("arbitrary_precision"));
}

#[test]
fn app_never_injects_html_from_data() {
    for (path, text) in sources("app/src") {
        assert!(!text.contains("inner_html"), "{path} uses inner_html");
        assert!(
            !text.contains("set_inner_html"),
            "{path} uses set_inner_html"
        );
    }
}
