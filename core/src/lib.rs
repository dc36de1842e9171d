//! chitieu-core: validation, exact computations, consistency checks, the
//! sentences said about an indicator, CSV and the table importer, over the
//! export format of `chitieu-format`. It knows nothing of the browser.
//!
//! Every item has one path: its module's (no re-exports at the root).

// Every arithmetic on figures and positions read from input is checked: an
// overflow is a refused or skipped figure, never a crash (tests may compute freely).
#![cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]

pub mod check;
pub mod compute;
pub mod csv;
pub mod describe;
pub mod evaluate;
pub mod import;
pub mod load;
pub mod order;
pub mod text;

/// The JSON Schema of the export format, generated from the Rust types.
/// `data/schema.json` is this, pretty-printed; a test fails when they drift.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(chitieu_format::model::Export);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
