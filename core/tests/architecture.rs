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

/// serde's derived reading of an export is large and slow in a cold tab:
/// the page reads exports with `chitieu_format::fast` (through
/// `load::parts`), and only the import worker and native code call `load`.
#[test]
fn the_page_reads_exports_without_serde() {
    for (path, text) in sources("app/src") {
        for token in [
            "load::load",
            "parse_export",
            "load(name",
            "from_str::<Export",
        ] {
            assert!(!text.contains(token), "{path} contains {token}");
        }
    }
    let reader = read("app/src/reader.rs");
    assert!(reader.contains("read_whole") && reader.contains("fast::Units"));
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

/// Lines from a function's `fn` line to its closing brace, for every function
/// outside `#[cfg(test)]` modules, with its file and name.
fn function_lengths(dir: &str) -> Vec<(usize, String)> {
    use syn::visit::Visit;
    struct Lengths<'a> {
        file: &'a str,
        out: Vec<(usize, String)>,
    }
    impl Lengths<'_> {
        fn add(&mut self, name: &syn::Ident, start: proc_macro2::Span, end: proc_macro2::Span) {
            let lines = end.end().line + 1 - start.start().line;
            self.out.push((lines, format!("{}: fn {name}", self.file)));
        }
    }
    impl<'ast> Visit<'ast> for Lengths<'_> {
        fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
            self.add(
                &f.sig.ident,
                f.sig.fn_token.span,
                f.block.brace_token.span.close(),
            );
            syn::visit::visit_item_fn(self, f);
        }
        fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
            self.add(
                &f.sig.ident,
                f.sig.fn_token.span,
                f.block.brace_token.span.close(),
            );
            syn::visit::visit_impl_item_fn(self, f);
        }
        fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
            let test_only = m.attrs.iter().any(|a| {
                a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "test")
            });
            if !test_only {
                syn::visit::visit_item_mod(self, m);
            }
        }
    }
    let mut out = Vec::new();
    for (path, text) in sources(dir) {
        let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut v = Lengths {
            file: &path,
            out: Vec::new(),
        };
        v.visit_file(&file);
        out.extend(v.out);
    }
    out
}

/// Functions (page components included) longer than `limit` lines.
fn longer_than(dirs: &[&str], limit: usize) -> Vec<String> {
    dirs.iter()
        .flat_map(|d| function_lengths(d))
        .filter(|(n, _)| *n > limit)
        .map(|(n, f)| format!("{f}: {n} lines"))
        .collect()
}

#[test]
fn app_components_and_functions_fit_on_one_screen() {
    let long = longer_than(&["app/src", "importer/src", "exporter/src"], 80);
    assert!(
        long.is_empty(),
        "over 80 lines; split into named components:\n{}",
        long.join("\n")
    );
}

#[test]
fn core_charts_and_cli_functions_stay_short() {
    let long = longer_than(&["format/src", "core/src", "charts/src", "cli/src"], 120);
    assert!(long.is_empty(), "over 120 lines:\n{}", long.join("\n"));
}

#[test]
fn the_length_check_counts_a_function_from_fn_to_its_closing_brace() {
    // Guards the check above against a parser that stops counting.
    let all = function_lengths("core/src");
    let evaluate_all = all
        .iter()
        .find(|(_, f)| f.ends_with("evaluate.rs: fn evaluate_all"))
        .expect("evaluate_all is found");
    assert!(evaluate_all.0 > 20, "{evaluate_all:?}");
}

#[test]
fn every_item_has_one_path_no_re_exports() {
    for dir in [
        "format/src",
        "core/src",
        "charts/src",
        "cli/src",
        "app/src",
        "importer/src",
        "exporter/src",
    ] {
        for (path, text) in sources(dir) {
            for (i, line) in text.lines().enumerate() {
                let t = line.trim_start();
                // `pub(crate) use m;` is how a `macro_rules!` macro gets a path: its only one.
                let macro_path = t
                    .strip_prefix("pub(crate) use ")
                    .and_then(|r| r.strip_suffix(';'))
                    .is_some_and(|m| text.contains(&format!("macro_rules! {m}")));
                assert!(
                    macro_path || !(t.starts_with("pub use ") || t.starts_with("pub(crate) use ")),
                    "{path}:{}: a re-export gives an item a second path: {t}",
                    i + 1
                );
            }
        }
    }
}

/// The modules of `core/src` that a module's source names as `crate::m`.
fn core_module_uses() -> Vec<(String, Vec<String>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut mods: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            let stem = p.file_stem()?.to_str()?.to_string();
            (stem != "lib" && (p.is_dir() || p.extension().is_some_and(|x| x == "rs")))
                .then_some(stem)
        })
        .collect();
    mods.sort();
    mods.dedup();
    let text_of = |m: &str| {
        let mut text = String::new();
        if root.join(m).is_dir() {
            for (_, t) in sources(&format!("core/src/{m}")) {
                text.push_str(&t);
            }
        }
        if let Ok(t) = std::fs::read_to_string(root.join(format!("{m}.rs"))) {
            text.push_str(&t);
        }
        // Tests may look anywhere; the layering is about the code.
        text.split("#[cfg(test)]").next().unwrap_or("").to_string()
    };
    mods.iter()
        .map(|m| {
            let text = text_of(m);
            let uses = mods
                .iter()
                .filter(|o| *o != m && text.contains(&format!("crate::{o}")))
                .cloned()
                .collect();
            (m.clone(), uses)
        })
        .collect()
}

#[test]
fn core_modules_form_no_circle() {
    let graph = core_module_uses();
    let uses = |m: &str| {
        graph
            .iter()
            .find(|(n, _)| n == m)
            .map(|(_, u)| u.clone())
            .unwrap_or_default()
    };
    // Depth-first search from every module for a path back to itself.
    for (start, _) in &graph {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = std::collections::HashSet::new();
        while let Some((m, path)) = stack.pop() {
            for next in uses(&m) {
                assert!(
                    &next != start,
                    "core modules in a circle: {} → {next}",
                    path.join(" → ")
                );
                if seen.insert(next.clone()) {
                    let mut p = path.clone();
                    p.push(next.clone());
                    stack.push((next, p));
                }
            }
        }
    }
    // The layering ARCHITECTURE.md states.
    assert!(uses("evaluate").contains(&"compute".to_string()));
    assert!(uses("evaluate").contains(&"check".to_string()));
    assert!(!uses("compute").contains(&"check".to_string()));
}

#[test]
fn the_code_map_names_every_source_file() {
    let map = read("ARCHITECTURE.md");
    let mut missing = Vec::new();
    for dir in [
        "format/src",
        "core/src",
        "charts/src",
        "cli/src",
        "app/src",
        "importer/src",
        "exporter/src",
    ] {
        for (path, _) in sources(dir) {
            let stem = Path::new(&path)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_string();
            if ["lib", "main", "mod"].contains(&stem.as_str()) {
                continue;
            }
            if !map.contains(&format!("{stem}.rs")) && !map.contains(&format!("`{stem}`")) {
                missing.push(path);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md's code map does not name:\n{}",
        missing.join("\n")
    );
}
