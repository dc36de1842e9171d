//! Any rows of text through the CSV writer: the document read back by the csv
//! crate gives every row and field, and no field starts as a formula.
#![no_main]

use chitieu_core::csv::document;
use libfuzzer_sys::fuzz_target;

fn is_figure(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    body.starts_with(|c: char| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | ' '))
}

fuzz_target!(|rows: Vec<Vec<String>>| {
    let text = document(&rows);
    let body = text.strip_prefix('\u{feff}').expect("a byte order mark");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let back: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("the writer's CSV reads back").iter().map(str::to_string).collect())
        .collect();
    // A row of no fields writes an empty line, which readers skip.
    let written: Vec<&Vec<String>> = rows.iter().filter(|r| !r.is_empty()).collect();
    assert_eq!(back.len(), written.len());
    for (got, want) in back.iter().zip(written) {
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            // Either the field as written, or the same behind the formula guard.
            assert!(g == w || g.strip_prefix('\'') == Some(w.as_str()), "{g:?} vs {w:?}");
            // What a spreadsheet would run as a formula is only ever a figure.
            if g.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                assert!(g == w && is_figure(w), "{g:?} would run as a formula");
            }
        }
    }
});
