//! A large export read without freezing the page. The page reads it a unit
//! at a time between frames (`chitieu_format::Units`), then checks it as
//! [`load`] does, also a part at a time (the brackets of the text, then
//! [`Check`] a unit at a time): an export that passes is the one `load` would
//! give. Only a file that fails is read whole by the import worker, whose
//! [`load`] names each problem with its place (the page's own reading, a unit
//! at a time, cannot say the line and column).

use std::collections::BTreeMap;

use chitieu_format::model::Export;
use chitieu_format::period::Span;

use super::validate::Validation;
use super::{load, LoadError, Loaded};

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

/// The verdict [`PartReply::Valid`] as the worker posts it.
pub const VALID: &str = "valid";

/// What the worker says: its verdict. (The worker posts it as [`VALID`] or
/// the JSON of an import's `Reply::Failed`, which the page already reads.)
#[derive(Debug, Clone, PartialEq)]
pub enum PartReply {
    /// [`load`] found no problem.
    Valid,
    /// [`load`]'s problems.
    Failed(LoadError),
}

/// The text both sides read: UTF-8 without its byte order mark.
pub fn text_of(bytes: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(bytes).ok()?;
    Some(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// The worker's side: the verdict of the full check.
pub fn verdict(file: &str, bytes: &[u8]) -> PartReply {
    match load(file, bytes) {
        Ok(_) => PartReply::Valid,
        Err(e) => PartReply::Failed(e),
    }
}

/// What the page does with a large export, a part at a time, here without
/// the pauses (for the tests and the fuzz target): `None` where the page
/// would ask the worker.
pub fn read_in_parts(file: &str, bytes: &[u8]) -> Option<Loaded> {
    let text = text_of(bytes)?;
    let mut units = chitieu_format::Units::new(text)?;
    while units.step()? {}
    let export = units.finish()?;
    let brackets: usize = text
        .as_bytes()
        .chunks(7)
        .map(chitieu_format::shape::brackets)
        .sum();
    if brackets != chitieu_format::shape::lists_in(&export) {
        return None;
    }
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
        let mut accepted = 0;
        for path in files {
            let bytes = std::fs::read(&path).unwrap();
            let whole = load("a.json", &bytes).ok();
            let page = read_in_parts("a.json", &bytes);
            if let Some(page) = &page {
                accepted += 1;
                assert_eq!(Some(page), whole.as_ref(), "{}", path.display());
            }
        }
        assert!(accepted >= 3, "{accepted}");
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
        assert_eq!(verdict("a.json", &bytes), PartReply::Valid);
        let mut units = chitieu_format::Units::new(text_of(&bytes).unwrap()).unwrap();
        let mut steps = 1;
        while units.step().unwrap() {
            steps += 1;
        }
        assert!(steps > 1, "{steps}");
        let export = units.finish().unwrap();
        let whole = load("a.json", &bytes).unwrap();
        assert_eq!(export, whole.export);
        let text = text_of(&bytes).unwrap();
        let brackets: usize = text
            .as_bytes()
            .chunks(1000)
            .map(chitieu_format::shape::brackets)
            .sum();
        assert_eq!(brackets, chitieu_format::shape::lists_in(&export));
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
        let mut units = chitieu_format::Units::new(text_of(spaced.as_bytes()).unwrap()).unwrap();
        while units.step().unwrap() {}
        assert_eq!(units.finish().unwrap(), whole);
        let none = "{\"format\": \"chitieu\", \"units\": [], \"z\": 0}";
        let mut units = chitieu_format::Units::new(none).unwrap();
        assert_eq!(units.step(), Some(false));
    }

    /// A file the worker refuses gets its problems; the page finds no
    /// units to read where there is no list of units.
    #[test]
    fn an_invalid_export_is_refused_with_its_problems() {
        assert!(
            matches!(verdict("bad.json", b"{\"units\": [ {} ]}"), PartReply::Failed(e) if !e.problems.is_empty())
        );
        assert!(matches!(
            verdict("bad.json", b"[1, 2]"),
            PartReply::Failed(_)
        ));
        assert!(chitieu_format::Units::new("[1, 2]").is_none());
        assert!(chitieu_format::Units::new("{\"a\": 1}").is_none());
        let mut units = chitieu_format::Units::new("{\"units\": [ {} ]}").unwrap();
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
            assert!(matches!(
                verdict("hostile.json", text.as_bytes()),
                PartReply::Failed(_)
            ));
            let mut units = chitieu_format::Units::new(&text).unwrap();
            let mut steps = 0;
            while let Some(true) = units.step() {
                steps += 1;
            }
            assert_eq!(steps, 0);
        }
    }
}
