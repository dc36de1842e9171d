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

/// An export read a unit at a time, so that the page can let the browser
/// paint between units of a large export: [`Units::new`] finds the list of
/// units (skipping the fields before it unread), [`Units::step`] reads the
/// next unit, [`Units::finish`] reads the rest of the export around the units
/// with [`parse_export`]. Each unit is read by the same code as in
/// [`parse_export`], so the result is the export it reads whole. `None`
/// wherever the text is not what a valid export looks like: the caller then
/// reads it whole (the import worker's `load` names the problem).
pub struct Units<'a> {
    text: &'a str,
    /// Where the list of units opens (`[`).
    open: usize,
    /// Where the next unit (or the list's end) is looked for.
    at: usize,
    /// Where the list of units closed (after `]`), once read.
    end: Option<usize>,
    units: Vec<model::Unit>,
}

impl<'a> Units<'a> {
    /// Finds the top-level object's `units`, or `None`. The fields before it
    /// are skipped by their brackets and quotes, unread: [`Units::finish`]
    /// reads them with [`parse_export`], which refuses what is not JSON.
    pub fn new(text: &'a str) -> Option<Units<'a>> {
        let bytes = text.as_bytes();
        let mut at = expect(text, skip_space(text, 0), b'{')?;
        loop {
            let key_at = skip_space(text, at);
            let after = end_of_value(bytes, key_at)?;
            at = skip_space(text, expect(text, skip_space(text, after), b':')?);
            if bytes.get(key_at..after)? == b"\"units\"" {
                let after = expect(text, at, b'[')?;
                return Some(Units {
                    text,
                    open: at,
                    at: after,
                    end: None,
                    units: Vec::new(),
                });
            }
            let after = end_of_value(bytes, at)?;
            at = expect(text, skip_space(text, after), b',')?;
        }
    }

    /// Reads the next unit: `Some(true)` while units remain, `Some(false)`
    /// once the list has closed.
    pub fn step(&mut self) -> Option<bool> {
        if self.end.is_some() {
            return Some(false);
        }
        let at = skip_space(self.text, self.at);
        if self.units.is_empty() && self.text.as_bytes().get(at) == Some(&b']') {
            self.end = Some(at.checked_add(1)?);
            return Some(false);
        }
        let (unit, after) = value_at::<model::Unit>(self.text, at)?;
        self.units.push(unit);
        let after = skip_space(self.text, after);
        match self.text.as_bytes().get(after) {
            Some(b',') => self.at = after.checked_add(1)?,
            Some(b']') => self.end = Some(after.checked_add(1)?),
            _ => return None,
        }
        Some(self.end.is_none())
    }

    /// The export: the text around the list of units read with
    /// [`parse_export`], and the units read one by one.
    pub fn finish(self) -> Option<model::Export> {
        let around = [
            self.text.get(..self.open)?,
            "[]",
            self.text.get(self.end?..)?,
        ]
        .concat();
        let mut export = parse_export(&around).ok()?;
        export.units = self.units;
        Some(export)
    }
}

/// The value of type `T` at byte `at` (after any white space) and where it ends.
fn value_at<'a, T: serde::Deserialize<'a>>(text: &'a str, at: usize) -> Option<(T, usize)> {
    let mut values = serde_json::Deserializer::from_str(text.get(at..)?).into_iter::<T>();
    let value = values.next()?.ok()?;
    Some((value, at.checked_add(values.byte_offset())?))
}

/// Where the JSON value at `at` ends: after its closing quote or bracket,
/// or, for a number or a word, at the first byte that cannot be in one.
/// Nesting is counted, never recursed into.
fn end_of_value(bytes: &[u8], mut at: usize) -> Option<usize> {
    let mut depth = 0usize;
    loop {
        let b = *bytes.get(at)?;
        if depth == 0 && matches!(b, b',' | b':' | b'}' | b']' | b' ' | b'\n' | b'\t' | b'\r') {
            return Some(at);
        }
        at = match b {
            b'"' => end_of_string(bytes, at)?,
            b'{' | b'[' => {
                depth = depth.checked_add(1)?;
                at.checked_add(1)?
            }
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                at.checked_add(1)?
            }
            _ => at.checked_add(1)?,
        };
        if depth == 0 && matches!(b, b'"' | b'}' | b']') {
            return Some(at);
        }
    }
}

/// After the closing quote of the string whose opening quote is at `at`.
fn end_of_string(bytes: &[u8], at: usize) -> Option<usize> {
    let mut at = at.checked_add(1)?;
    loop {
        match *bytes.get(at)? {
            b'\\' => at = at.checked_add(2)?,
            b'"' => return at.checked_add(1),
            _ => at = at.checked_add(1)?,
        }
    }
}

/// The first byte at or after `at` that is not JSON white space.
fn skip_space(text: &str, at: usize) -> usize {
    let rest = text.as_bytes().get(at..).unwrap_or_default();
    let space = rest
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\n' | b'\t' | b'\r'))
        .count();
    at.saturating_add(space)
}

/// The position after byte `b` at `at`, if it is there.
fn expect(text: &str, at: usize, b: u8) -> Option<usize> {
    (text.as_bytes().get(at) == Some(&b)).then(|| at.saturating_add(1))
}
