//! Any bytes as a table: pasted text (tab-separated) and CSV (comma or
//! semicolon), through the importer to a validated export, then evaluated.
//! Nothing may panic, and what is imported must load again.
#![no_main]

use chitieu_core::evaluate::evaluate_all;
use chitieu_core::import::import;
use chitieu_core::load::load;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in ["bang.txt", "bang.csv"] {
        if let Ok(imported) = import(name, data) {
            let _ = evaluate_all(&imported.loaded);
            let json = serde_json::to_vec(&imported.loaded.export).expect("an export serialises");
            assert!(load("again.json", &json).is_ok(), "an imported table loads again");
        }
    }
});
