//! chitieu-core: the indicator model, the export format, validation, exact
//! arithmetic and consistency checks. It knows nothing of the browser.

pub mod check;
pub mod compute;
pub mod csv;
pub mod import;
pub mod load;
pub mod order;
pub mod text;

pub use chitieu_format::{dec, model, period};

pub use check::Warning;
pub use compute::{evaluate, evaluate_all, Evaluation, Row, Status, TargetEval};
pub use dec::{Dec, Interval};
pub use import::{import, Imported, Unread};
pub use load::{load, LoadError, Loaded, Problem};
pub use model::*;
pub use period::{Month, Span};
pub use text::Lang;

/// The JSON Schema of the export format, generated from the Rust types.
/// `data/schema.json` is this, pretty-printed; a test fails when they drift.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Export);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
