//! Any bytes through everything an export goes through: reading and
//! validation, evaluation and checks, CSV, the chart for each indicator and
//! its SVG drawing, and the page's reading a part at a time. Nothing may panic;
//! the readers with and without serde agree.
#![no_main]

use chitieu_charts::draw::Theme;
use chitieu_charts::spec::{chart_for, unit_charts};
use chitieu_charts::to_svg;
use chitieu_core::csv;
use chitieu_core::evaluate::evaluate_all;
use chitieu_core::load::load;
use chitieu_core::text::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The page's reading of a large export, a part at a time, accepts only
    // what `load` accepts, and reads it alike.
    if let Some(page) = chitieu_core::load::parts::read_in_parts("fuzz.json", data) {
        assert_eq!(Some(page), load("fuzz.json", data).ok());
    }
    // The reader without serde reads only what serde reads, and alike.
    if let Some(text) = chitieu_core::load::parts::text_of(data) {
        if let Some(fast) = chitieu_format::fast::read_export(text) {
            assert_eq!(Ok(fast), chitieu_format::parse_export(text).map_err(|_| ()));
        }
    }
    if let Ok(l) = load("fuzz.json", data) {
        let rows = evaluate_all(&l);
        for r in &rows {
            let _ = csv::cells_document(&csv::indicator_table(&l, r.indicator, Lang::Vi));
            if let Some(c) = chart_for(&l, r, Lang::En) {
                let _ = to_svg(&c, &Theme::new(1.0, Lang::En), 320, 200);
            }
        }
        for c in unit_charts(&l, Lang::Vi) {
            let _ = to_svg(&c, &Theme::new(2.0, Lang::Vi), 320, 200);
        }
    }
});
