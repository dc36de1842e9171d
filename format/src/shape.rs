//! What serde does not check of an export's shape: its derived code reads a
//! JSON array where a struct is expected (as the struct's fields in order),
//! so `"dataset": ["id", "title", …]`, or a whole file that is one array,
//! would be read as if it were an object. One linear pass over the text finds
//! every array that is not the value of one of the format's list fields.

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
    // The last significant byte outside strings, the last string's contents,
    // and the key of the value that follows a `:`.
    let (mut last, mut string, mut key) = (b'\0', (0, 0), (0, 0));
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                let start = i.saturating_add(1);
                i = start;
                while i < b.len() && b[i] != b'"' {
                    i = i.saturating_add(if b[i] == b'\\' { 2 } else { 1 });
                }
                string = (start, i.min(b.len()));
                last = b'"';
            }
            b':' => {
                key = string;
                last = b':';
            }
            b'[' => {
                let field = text.get(key.0..key.1).unwrap_or("");
                if last != b':' || !LIST_FIELDS.contains(&field) {
                    return Some(i);
                }
                last = b'[';
            }
            b' ' | b'\n' | b'\r' | b'\t' => {}
            other => last = other,
        }
        i = i.saturating_add(1);
    }
    None
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
