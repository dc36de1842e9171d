//! An export read on the page, without serde: the usual one at once
//! ([`read_whole`]), a large one without freezing the page, a unit at a time
//! between frames (`chitieu_format::fast::Units`), then checked as [`load`]
//! does, also a unit at a time ([`Check`]): an export that passes is the one
//! `load` would give. Only a file the page cannot read is read whole by the
//! import worker (`chitieu_core::import::Reply::read`), whose [`load`] names
//! each problem with its place, or hands the export back as serde writes it.

use std::collections::BTreeMap;

use chitieu_format::model::Export;
use chitieu_format::period::Span;

use super::validate::Validation;
use super::{LoadError, Loaded, MAX_BYTES};

/// [`load`]'s validation of an export read on the page, a unit at a time.
pub struct Check<'a>(Validation<'a>);

/// What [`Check`] found of an export with no problem: its period spans.
pub struct Checked(BTreeMap<String, (Span, usize)>);

impl<'a> Check<'a> {
    /// Checks everything but the units.
    pub fn new(export: &'a Export) -> Check<'a> {
        Check(Validation::new(export))
    }

    /// Checks the next unit; `false` once every unit is checked or a
    /// problem found.
    pub fn step(&mut self) -> bool {
        self.0.step() && !self.0.failed()
    }

    /// The spans if no problem was found.
    pub fn finish(self) -> Option<Checked> {
        let (spans, problems) = self.0.finish();
        problems.is_empty().then_some(Checked(spans))
    }
}

/// The text both sides read: UTF-8 without its byte order mark.
pub fn text_of(bytes: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(bytes).ok()?;
    Some(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// What the page does with the usual export, at once: [`load`]'s result
/// where the page reads it without serde, `None` where [`load`] would have
/// to read it with serde (to name a problem of its JSON, or to read JSON
/// written unusually); the page then asks the worker
/// (`chitieu_core::import::Reply::read`).
pub fn read_whole(file: &str, bytes: &[u8]) -> Option<Result<Loaded, LoadError>> {
    if bytes.len() > MAX_BYTES {
        return Some(Err(super::too_large(file, bytes.len())));
    }
    let export = chitieu_format::fast::read_export(text_of(bytes)?)?;
    Some(super::checked(file, export))
}

/// What the page does with a large export, a part at a time, here without
/// the pauses (for the tests and the fuzz target): `None` where the page
/// would ask the worker.
pub fn read_in_parts(file: &str, bytes: &[u8]) -> Option<Loaded> {
    let mut units = chitieu_format::fast::Units::new(text_of(bytes)?)?;
    while units.step()? {}
    let export = units.finish()?;
    let mut check = Check::new(&export);
    while check.step() {}
    let checked = check.finish()?;
    Some(Loaded::checked(file, export, checked))
}

impl Loaded {
    /// An export read and [`Check`]ed on the page, a part at a time.
    pub fn checked(file: &str, export: Export, checked: Checked) -> Loaded {
        Loaded {
            file: file.to_string(),
            export,
            spans: checked.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::load;
    use super::*;

    /// The page accepts only what `load` accepts, and reads it as `load`
    /// does: every file of the corpus of malformed exports, and the samples.
    #[test]
    fn the_page_accepts_exactly_what_load_accepts() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let mut files: Vec<_> = std::fs::read_dir(format!("{root}/tests/corpus"))
            .unwrap()
            .chain(std::fs::read_dir(format!("{root}/data")).unwrap())
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        let (mut accepted, mut read) = (0, 0);
        for path in files {
            let bytes = std::fs::read(&path).unwrap();
            let loaded = load("a.json", &bytes);
            let whole = loaded.clone().ok();
            let page = read_in_parts("a.json", &bytes);
            if let Some(page) = &page {
                accepted += 1;
                assert_eq!(Some(page), whole.as_ref(), "{}", path.display());
            }
            // At once, problems found by validation included.
            if let Some(at_once) = read_whole("a.json", &bytes) {
                read += 1;
                assert_eq!(at_once, loaded, "{}", path.display());
            }
        }
        assert!(accepted >= 3, "{accepted}");
        assert!(read > accepted, "{read} {accepted}");
    }

    fn sample() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../data/huyen-2023.json"
        ))
        .unwrap()
    }

    /// Read a unit at a time, the export is the one `load` reads whole.
    #[test]
    fn an_export_read_a_unit_at_a_time_is_the_export_read_whole() {
        let bytes = sample();
        assert!(read_whole("a.json", &bytes).is_some_and(|r| r.is_ok()));
        let mut units = chitieu_format::fast::Units::new(text_of(&bytes).unwrap()).unwrap();
        let mut steps = 1;
        while units.step().unwrap() {
            steps += 1;
        }
        assert!(steps > 1, "{steps}");
        let export = units.finish().unwrap();
        let whole = load("a.json", &bytes).unwrap();
        assert_eq!(export, whole.export);
        let mut check = Check::new(&export);
        while check.step() {}
        let checked = check.finish().unwrap();
        let parts = Loaded::checked("a.json", export.clone(), checked);
        assert_eq!(parts, whole);
    }

    /// A byte order mark, fields before and after the units, white space
    /// anywhere JSON allows it: the units are found and the rest is read.
    #[test]
    fn units_between_other_fields_after_a_byte_order_mark() {
        let bytes = sample();
        let text = text_of(&bytes).unwrap();
        let whole = chitieu_format::parse_export(text).unwrap();
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let serde_json::Value::Object(mut fields) = value else {
            panic!("an object")
        };
        // A name that looks like the list of units, and ends in a backslash.
        fields["dataset"]["title"] = "\"units\": [{\"id\": \"x\"}] \\".into();
        let mut whole = whole;
        whole.dataset.title = fields["dataset"]["title"].as_str().unwrap().into();
        // `units` in the middle, spaced out, after a byte order mark.
        let mut parts: Vec<String> = fields
            .iter()
            .filter(|(k, _)| *k != "units")
            .map(|(k, v)| format!("{:?} :\n {v}", k))
            .collect();
        parts.insert(
            2,
            format!(
                "\"units\" : [ {} ]",
                whole
                    .units
                    .iter()
                    .map(|u| serde_json::to_string(u).unwrap())
                    .collect::<Vec<_>>()
                    .join(" ,\n ")
            ),
        );
        let spaced = format!("\u{feff} {{ {} }} ", parts.join(" ,\n"));
        let mut units =
            chitieu_format::fast::Units::new(text_of(spaced.as_bytes()).unwrap()).unwrap();
        while units.step().unwrap() {}
        assert_eq!(units.finish().unwrap(), whole);
        let none = "{\"format\": \"chitieu\", \"units\": [], \"z\": 0}";
        let mut units = chitieu_format::fast::Units::new(none).unwrap();
        assert_eq!(units.step(), Some(false));
    }

    /// A file over the size limit is refused before anything is read, by the
    /// page and by `load` alike, with its size.
    #[test]
    fn a_file_over_the_size_limit_is_refused_unread_by_the_page_and_by_load() {
        let huge = vec![b' '; MAX_BYTES + 1];
        let page = read_whole("huge.json", &huge).expect("refused at once, not sent to the worker");
        assert_eq!(page, load("huge.json", &huge));
        let e = page.unwrap_err();
        assert!(
            e.render(crate::text::Lang::Vi)
                .contains("tệp quá lớn (64,0 MB, tối đa 64,0 MB)"),
            "{e}"
        );
    }

    /// A file `load` refuses gets its problems; the page finds no units
    /// to read where there is no list of units.
    #[test]
    fn an_invalid_export_is_refused_with_its_problems() {
        assert!(
            matches!(load("bad.json", b"{\"units\": [ {} ]}"), Err(e) if !e.problems.is_empty())
        );
        assert!(load("bad.json", b"[1, 2]").is_err());
        assert!(read_whole("bad.json", b"[1, 2]").is_none());
        assert!(chitieu_format::fast::Units::new("[1, 2]").is_none());
        assert!(chitieu_format::fast::Units::new("{\"a\": 1}").is_none());
        let mut units = chitieu_format::fast::Units::new("{\"units\": [ {} ]}").unwrap();
        assert_eq!(units.step(), None);
    }

    /// What an attacker would send: units nested 100.000 deep, or a list of
    /// units that never closes. The worker says so without a panic, and the
    /// page's reading stops without one.
    #[test]
    fn a_hostile_export_is_refused_without_a_panic() {
        let deep = format!("{{\"units\": [{}]}}", "[".repeat(100_000));
        let open = format!("{{\"units\": [{}", "{\"id\": \"u\"}, ".repeat(10_000));
        for text in [deep, open] {
            assert!(load("hostile.json", text.as_bytes()).is_err());
            assert!(read_whole("hostile.json", text.as_bytes()).is_none());
            let mut units = chitieu_format::fast::Units::new(&text).unwrap();
            let mut steps = 0;
            while let Some(true) = units.step() {
                steps += 1;
            }
            assert_eq!(steps, 0);
        }
    }
}
