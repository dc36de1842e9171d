//! What serde does not check of an export's shape: its derived code reads a
//! JSON array where a struct is expected (as the struct's fields in order),
//! so `"dataset": ["id", "title", …]`, or a whole file that is one array,
//! would be read as if it were an object. One linear pass over the text finds
//! every array that is not the value of one of the format's list fields;
//! counting first makes that walk rare.

use crate::model::{Export, Indicator};

/// The fields of the format whose value is a list. A test checks this against
/// the schema generated from the model, so a new list field cannot be missed.
pub const LIST_FIELDS: [&str; 11] = [
    "base",
    "categories",
    "indicators",
    "parts",
    "periods",
    "restated",
    "sections",
    "sources",
    "targets",
    "units",
    "values",
];

/// The byte offset of the first `[` that opens an array where the format
/// has an object or a single value, if any. For a text that parsed as JSON.
pub fn misplaced_array(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    // The last string's contents, and the key of the value after a `:`.
    let (mut string, mut key) = ((0, 0), (0, 0));
    let mut i = 0;
    loop {
        // Most bytes are none of `"`, `:` and `[`: skip them in a tight loop.
        while b.get(i).is_some_and(|c| !matches!(c, b'"' | b':' | b'[')) {
            i = i.saturating_add(1);
        }
        match b.get(i)? {
            b'"' => {
                let start = i.saturating_add(1);
                i = start;
                while let Some(&c) = b.get(i) {
                    if c == b'"' {
                        break;
                    }
                    // A backslash escapes the byte after it.
                    i = i.saturating_add(if c == b'\\' { 2 } else { 1 });
                }
                string = (start, i.min(b.len()));
            }
            b':' => key = string,
            _ => {
                // A list is the value of a key: the byte before it, past
                // spaces, is the `:` after a list field's name.
                let before = b
                    .get(..i)
                    .and_then(|head| head.iter().rev().find(|c| !c.is_ascii_whitespace()));
                let field = text.get(key.0..key.1).unwrap_or("");
                if before != Some(&b':') || !LIST_FIELDS.contains(&field) {
                    return Some(i);
                }
            }
        }
        i = i.saturating_add(1);
    }
}

/// The non-empty lists of a parsed export. Each was read from one `[` of
/// its text, so when the text has as many `[` as this, every `[` is a list
/// where the format has one and [`misplaced_array`]'s walk is not needed. A
/// list this misses only sends reading to the walk, never past it.
pub fn lists_in(e: &Export) -> usize {
    let some = |n: usize| usize::from(n > 0);
    let mut n = some(e.sources.len())
        .saturating_add(some(e.periods.len()))
        .saturating_add(some(e.units.len()));
    for u in &e.units {
        n = n.saturating_add(some(u.sections.len()));
        for s in &u.sections {
            n = n.saturating_add(some(s.indicators.len()));
            for ind in &s.indicators {
                n = n.saturating_add(indicator_lists(ind));
            }
        }
    }
    n
}

fn indicator_lists(ind: &Indicator) -> usize {
    let some = |n: usize| usize::from(n > 0);
    let mut n = some(ind.values.len())
        .saturating_add(some(ind.targets.len()))
        .saturating_add(some(ind.categories.len()))
        .saturating_add(some(ind.base.len()))
        .saturating_add(some(ind.parts.len()))
        .saturating_add(some(ind.restated.len()));
    for t in &ind.targets {
        n = n.saturating_add(some(t.categories.len()));
    }
    for c in &ind.categories {
        n = n.saturating_add(some(c.values.len()));
    }
    for p in &ind.parts {
        n = n.saturating_add(indicator_lists(p));
    }
    n
}

/// Whether the text may hold an array where the format has none: it has
/// more `[` than the export has lists (an empty list, or a `[` inside a
/// string, also makes it more; then the walk decides).
pub fn may_have_misplaced_arrays(text: &str, e: &Export) -> bool {
    brackets(text.as_bytes()) != lists_in(e)
}

/// The `[` in `bytes`: a text's count is the sum of its parts' (the page
/// counts a large export a part at a time).
pub fn brackets(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'[', bytes).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_only_where_the_format_has_lists() {
        assert_eq!(misplaced_array(r#"{"units": [{"sections": []}]}"#), None);
        assert_eq!(misplaced_array(r#"[1, 2]"#), Some(0));
        assert_eq!(misplaced_array(r#"{"dataset": ["a"]}"#), Some(12));
        assert_eq!(misplaced_array(r#"{"units": [[1]]}"#), Some(11));
        // Brackets and quotes inside strings are text.
        assert_eq!(
            misplaced_array(r#"{"name": "Ghi chú [1] \"x\" [", "values": []}"#),
            None
        );
        // A key that merely ends like a list field is not one.
        assert_eq!(misplaced_array(r#"{"xunits": []}"#), Some(11));
    }

    #[test]
    fn every_bracket_of_the_samples_is_one_of_their_lists() {
        // The fast path holds for the bundled samples: no walk needed.
        for name in ["giua-nhiem-ky-2023", "quy-3-2023", "huyen-2023"] {
            let path = format!("{}/../data/{name}.json", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(path).unwrap();
            let e = crate::parse_export(&text).unwrap();
            let brackets = text.bytes().filter(|&b| b == b'[').count();
            assert!(brackets >= lists_in(&e), "{name}");
            assert_eq!(misplaced_array(&text), None, "{name}");
        }
        // A misplaced array always makes one more `[` than lists.
        let forged = r#"{"format":"chitieu","version":1,"dataset":["a"],"sources":[],"periods":[],"units":[]}"#;
        if let Ok(e) = crate::parse_export(forged) {
            assert!(may_have_misplaced_arrays(forged, &e));
        }
    }

    /// Every property of the schema that is an array, in any struct, is in
    /// LIST_FIELDS, and no name in it is anything but an array anywhere.
    #[test]
    fn the_list_fields_are_the_schemas_arrays() {
        let schema = serde_json::to_value(schemars::schema_for!(crate::model::Export)).unwrap();
        let mut arrays = std::collections::BTreeSet::new();
        let mut others = std::collections::BTreeSet::new();
        let mut structs = vec![&schema];
        if let Some(defs) = schema.get("$defs").and_then(|d| d.as_object()) {
            structs.extend(defs.values());
        }
        for s in structs {
            let Some(props) = s.get("properties").and_then(|p| p.as_object()) else {
                continue;
            };
            for (name, p) in props {
                let is_array = match p.get("type") {
                    Some(serde_json::Value::String(t)) => t == "array",
                    Some(serde_json::Value::Array(ts)) => ts.iter().any(|t| t == "array"),
                    _ => false,
                };
                if is_array {
                    arrays.insert(name.clone());
                } else {
                    others.insert(name.clone());
                }
            }
        }
        let listed: std::collections::BTreeSet<String> =
            LIST_FIELDS.iter().map(|s| s.to_string()).collect();
        assert_eq!(arrays, listed);
        assert!(
            arrays.is_disjoint(&others),
            "{:?}",
            arrays.intersection(&others)
        );
    }
}
