//! Any bytes through everything an export goes through: reading and
//! validation, evaluation and checks, CSV, the chart for each indicator and
//! its SVG drawing. Nothing may panic.
#![no_main]

use chitieu_charts::{chart_for, to_svg, unit_charts, Theme};
use chitieu_core::{csv, evaluate_all, load, Lang};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(l) = load("fuzz.json", data) {
        let rows = evaluate_all(&l);
        for r in &rows {
            let _ = csv::indicator_csv(&l, r.indicator, Lang::Vi);
            if let Some(c) = chart_for(&l, r, Lang::En) {
                let _ = to_svg(&c, &Theme::new(1.0, Lang::En), 320, 200);
            }
        }
        for c in unit_charts(&l, Lang::Vi) {
            let _ = to_svg(&c, &Theme::new(2.0, Lang::Vi), 320, 200);
        }
    }
});
