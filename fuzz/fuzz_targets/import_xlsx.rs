//! Any bytes as a workbook (.xlsx: a zip of XML parts), through the importer.
//! Nothing may panic or allocate without bound; seeds are real workbooks.
#![no_main]

use chitieu_core::import::import;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = import("bang.xlsx", data);
});
