//! The malformed exports under tests/corpus/, each with its expected outcome
//! in expected.json: a clear error naming the field (path) and the problem
//! (Vietnamese text), or a load. Never a panic.

use chitieu_core::text::Lang;
use std::path::Path;

use chitieu_core::evaluate::evaluate_all;
use chitieu_core::load::load;

#[test]
fn every_corpus_file_gets_its_expected_outcome() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("expected.json")).unwrap()).unwrap();
    let cases = expected.as_object().unwrap();
    // Every file in the corpus has an expectation.
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        assert!(
            name == "expected.json" || cases.contains_key(&name),
            "{name} has no expected outcome"
        );
    }
    for (name, want) in cases {
        let bytes = if name == "large-50mb.json" {
            let mut b = b"{\"format\": \"chitieu\", \"version\": 1, \"padding\": \"".to_vec();
            b.resize(50 * 1024 * 1024, b'x');
            b.extend_from_slice(b"\"}");
            b
        } else {
            std::fs::read(dir.join(name)).unwrap()
        };
        let result = load(name, &bytes);
        match want["outcome"].as_str().unwrap() {
            "ok" => {
                let l = result.unwrap_or_else(|e| panic!("{name} should load: {e}"));
                assert!(!evaluate_all(&l).is_empty(), "{name}");
            }
            "error" => {
                let e = result
                    .err()
                    .unwrap_or_else(|| panic!("{name} should be refused"));
                assert_eq!(e.file, *name);
                let first = &e.problems[0];
                if let Some(path) = want.get("path").and_then(|p| p.as_str()) {
                    assert!(
                        e.problems.iter().any(|p| p.path.ends_with(path)),
                        "{name}: path {path} not named in {e}"
                    );
                }
                if let Some(text) = want.get("contains").and_then(|p| p.as_str()) {
                    assert!(
                        e.problems.iter().any(|p| p.vi.contains(text)),
                        "{name}: \"{text}\" not in {e}"
                    );
                }
                assert!(
                    !first.vi.is_empty() && !first.en.is_empty(),
                    "{name}: both languages"
                );
                assert!(
                    e.render(Lang::Vi).starts_with(&format!("{name}:")),
                    "{name}: the message names the file"
                );
            }
            other => panic!("{name}: unknown outcome {other}"),
        }
    }
}

#[test]
fn html_in_labels_stays_text_in_the_model() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
    let l = load(
        "html-labels.json",
        &std::fs::read(dir.join("html-labels.json")).unwrap(),
    )
    .unwrap();
    let names: Vec<String> = evaluate_all(&l)
        .iter()
        .map(|r| r.indicator.name.clone())
        .collect();
    assert!(names.contains(&"<img src=x onerror=alert(1)>".to_string()));
}
