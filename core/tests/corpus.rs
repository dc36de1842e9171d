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
        let bytes = if name == "large-65mb.json" {
            let mut b = b"{\"format\": \"chitieu\", \"version\": 1, \"padding\": \"".to_vec();
            b.resize(65 * 1024 * 1024, b'x');
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

/// A corpus file's bytes (the 65 MB case is made here, not stored).
fn corpus_bytes(name: &str) -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
    if name == "large-65mb.json" {
        let mut b = b"{\"format\": \"chitieu\", \"version\": 1, \"padding\": \"".to_vec();
        b.resize(65 * 1024 * 1024, b'x');
        b.extend_from_slice(b"\"}");
        return b;
    }
    std::fs::read(dir.join(name)).unwrap()
}

fn corpus_names() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("expected.json")).unwrap()).unwrap();
    expected.as_object().unwrap().keys().cloned().collect()
}

/// Words of serde_json's English messages that must not reach a Vietnamese one.
const PARSER_WORDS: [&str; 18] = [
    "expected",
    "invalid",
    "while parsing",
    "missing field",
    "unknown",
    "integer",
    "eof",
    "struct",
    "sequence",
    "floating",
    "trailing",
    "duplicate field",
    "out of range",
    "recursion",
    "key must be",
    "found",
    "variant",
    "string",
];

#[test]
fn vietnamese_messages_carry_no_english_parser_words() {
    for name in corpus_names() {
        let Err(e) = load(&name, &corpus_bytes(&name)) else {
            continue;
        };
        for p in &e.problems {
            let vi = p.vi.to_lowercase();
            for w in PARSER_WORDS {
                assert!(
                    !vi.contains(w),
                    "{name}: \"{w}\" in the Vietnamese «{}»",
                    p.vi
                );
            }
        }
    }
}

#[test]
fn every_corpus_error_is_a_short_message() {
    for name in corpus_names() {
        let Err(e) = load(&name, &corpus_bytes(&name)) else {
            continue;
        };
        for p in &e.problems {
            // The path is the file's structure (128 levels deep at most),
            // each key in it already cut to an excerpt.
            for text in [&p.vi, &p.en] {
                assert!(text.chars().count() < 400, "{name}: {text}");
            }
        }
    }
}

/// A small valid export to change one field of.
fn base() -> serde_json::Value {
    serde_json::from_slice(&corpus_bytes("rate-over-100.json")).unwrap()
}

fn load_value(
    v: &serde_json::Value,
) -> Result<chitieu_core::load::Loaded, chitieu_core::load::LoadError> {
    load(
        "t.json",
        serde_json::to_string_pretty(v).unwrap().as_bytes(),
    )
}

/// Sets the value at a JSON pointer (adding the last key if absent).
fn with(pointer: &str, value: serde_json::Value) -> serde_json::Value {
    let mut v = base();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let parent = v
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no {parent}"));
    match key.parse::<usize>() {
        Ok(i) => parent[i] = value,
        Err(_) => parent[key] = value,
    }
    v
}

const IND: &str = "/units/0/sections/0/indicators/0";

#[test]
fn a_megabyte_value_is_quoted_as_a_short_excerpt_in_every_message() {
    let mb = "x".repeat(1 << 20);
    let mut cases = vec![
        with("/dataset/id", mb.clone().into()),
        with("/units/0/name", mb.clone().into()),
        with("/units/0/id", mb.clone().into()),
        with("/format", mb.clone().into()),
        with("/version", mb.clone().into()),
        with("/periods/0/kind", mb.clone().into()),
        with("/dataset/as_of", mb.clone().into()),
        with(&format!("{IND}/values/0/period"), mb.clone().into()),
        with(&format!("{IND}/values/0/value"), "9".repeat(1 << 20).into()),
        with(&format!("{IND}/source/doc"), mb.clone().into()),
        with(&format!("{IND}/source/quote"), mb.clone().into()),
        with(&format!("{IND}/targets/0/horizon"), mb.clone().into()),
    ];
    let mut v = base();
    v["dataset"][mb.as_str()] = 1.into();
    cases.push(v);
    for (i, v) in cases.iter().enumerate() {
        let e = load_value(v).expect_err("refused");
        for lang in [Lang::Vi, Lang::En] {
            let out = e.render(lang);
            assert!(
                out.len() < 1000,
                "case {i}: {} bytes: {}",
                out.len(),
                &out[..300]
            );
            assert!(
                out.contains('…'),
                "case {i}: the excerpt is marked as cut: {out}"
            );
        }
    }
}

#[test]
fn control_characters_are_refused_in_every_text_field() {
    let fields = [
        "/dataset/id",
        "/dataset/title",
        "/dataset/organisation",
        "/dataset/description",
        "/sources/0/id",
        "/sources/0/title",
        "/sources/0/number",
        "/sources/0/issuer",
        "/sources/0/date",
        "/periods/0/label",
        "/units/0/id",
        "/units/0/name",
        "/units/0/sections/0/id",
        "/units/0/sections/0/title",
        "/units/0/sections/0/number",
    ];
    let ind_fields = [
        "id",
        "name",
        "number",
        "note",
        "measure/unit",
        "source/section",
        "source/footnote",
        "source/quote",
        "targets/0/label",
        "values/0/text",
    ];
    let all = fields
        .iter()
        .map(|f| f.to_string())
        .chain(ind_fields.iter().map(|f| format!("{IND}/{f}")));
    for pointer in all {
        for (c, code) in [
            ('\u{0}', "U+0000"),
            ('\u{7f}', "U+007F"),
            ('\u{9f}', "U+009F"),
            ('\u{1b}', "U+001B"),
        ] {
            let mut v = base();
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            v.pointer_mut(parent).unwrap()[key] = format!("ab{c}c").into();
            let e = load_value(&v).expect_err(&pointer);
            let path =
                pointer
                    .trim_start_matches('/')
                    .split('/')
                    .fold(String::new(), |mut s, part| {
                        if part.bytes().all(|b| b.is_ascii_digit()) {
                            s.push_str(&format!("[{part}]"));
                        } else {
                            if !s.is_empty() {
                                s.push('.');
                            }
                            s.push_str(part);
                        }
                        s
                    });
            assert!(
                e.problems
                    .iter()
                    .any(|p| p.path == path && p.vi.contains(code) && p.en.contains(code)),
                "{pointer} with {code}: {e}"
            );
            assert!(
                !e.render(Lang::Vi).contains(c),
                "{pointer}: the character is not echoed"
            );
        }
    }
}

#[test]
fn tabs_and_line_breaks_are_refused_in_one_line_texts_and_kept_in_free_texts() {
    for f in ["/dataset/title", "/units/0/name"] {
        assert!(load_value(&with(f, "a\tb".into())).is_err(), "{f}");
        assert!(load_value(&with(f, "a\nb".into())).is_err(), "{f}");
    }
    for f in [
        "/dataset/description".to_string(),
        format!("{IND}/source/quote"),
        format!("{IND}/note"),
    ] {
        let mut v = base();
        let (parent, key) = f.rsplit_once('/').unwrap();
        v.pointer_mut(parent).unwrap()[key] = "dòng 1\r\n\tdòng 2".into();
        load_value(&v).unwrap_or_else(|e| panic!("{f}: {e}"));
    }
}

#[test]
fn texts_are_capped_ids_at_100_names_at_500_free_texts_at_5000_characters() {
    let cases = [
        ("/units/0/id".to_string(), "a", 100),
        ("/units/0/name".to_string(), "ệ", 500),
        (format!("{IND}/targets/0/label"), "ệ", 500),
        (format!("{IND}/source/quote"), "ệ", 5000),
    ];
    for (pointer, unit, cap) in cases {
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let mut v = base();
        v.pointer_mut(parent).unwrap()[key] = unit.repeat(cap).into();
        load_value(&v).unwrap_or_else(|e| panic!("{pointer} at {cap}: {e}"));
        v.pointer_mut(parent).unwrap()[key] = unit.repeat(cap + 1).into();
        let e = load_value(&v).expect_err(&pointer);
        assert!(e.problems[0].vi.contains("quá dài"), "{e}");
        assert!(e.problems[0].en.contains("too long"), "{e}");
    }
}

#[test]
fn an_id_is_measured_in_characters_not_bytes() {
    // 60 characters, 120 bytes: refused for its letters, not its length.
    let e = load_value(&with("/units/0/id", "đ".repeat(60).into())).unwrap_err();
    assert!(e.problems[0].vi.contains("chỉ dùng chữ không dấu"), "{e}");
}

#[test]
fn a_list_where_an_object_belongs_is_refused_at_its_path() {
    // serde would read ["%", "percent"] as the measure's fields in order.
    let v = with(
        &format!("{IND}/measure"),
        serde_json::json!(["%", "percent"]),
    );
    let e = load_value(&v).expect_err("refused");
    let p = &e.problems[0];
    assert!(p.path.ends_with("indicators[0].measure"), "{e}");
    assert!(p.vi.contains("không phải một danh sách [ … ]"), "{e}");
    assert_eq!(p.en, "expected an object { … } here, not a list [ … ]");
    assert!(p.line.is_some() && p.column.is_some());
}
