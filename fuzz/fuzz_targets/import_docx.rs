//! Any bytes as a Word report (.docx: a zip of XML parts), through the
//! importer. Nothing may panic or allocate without bound; seeds are Word
//! documents holding the appendix table.
#![no_main]

use chitieu_core::import::import;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = import("bao-cao.docx", data);
});
