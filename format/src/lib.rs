//! chitieu-format: the export format's model (units, sections, indicators,
//! periods, targets), its exact decimals and months, and reading it from
//! JSON. It knows nothing of the browser.
//!
//! It is a crate of its own so that reading an export can be compiled for
//! speed (`opt-level = 3`, see the workspace's Cargo.toml) while the rest of
//! the page is compiled for size: serde's generic code is compiled where it
//! is used, which is [`parse_export`]. Validation, computations and checks are
//! in `chitieu-core`, which re-exports these modules.

// Every arithmetic on figures and positions read from input is checked: an
// overflow is a refused or skipped figure, never a crash (tests may compute freely).
#![cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]

pub mod dec;
pub mod fast;
pub mod model;
pub mod period;
pub mod shape;

use std::fmt;

/// Separates the Vietnamese and English halves of a message raised inside
/// deserialisation (serde errors carry one string).
pub const LANG_SEP: char = '\u{1f}';

/// A message raised inside deserialisation, carrying both languages.
pub(crate) fn bilingual(vi: impl fmt::Display, en: impl fmt::Display) -> String {
    format!("{vi}{LANG_SEP}{en}")
}

/// Reads an export's JSON into the model, without validating it (that is
/// `chitieu_core::load`). Numbers reach [`dec::Dec`] as their exact text.
pub fn parse_export(text: &str) -> Result<model::Export, serde_json::Error> {
    serde_json::from_str(text)
}
