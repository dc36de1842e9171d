//! Reading an export: bytes → [`Loaded`], or every problem found, each naming
//! the file, the field path and what is wrong, in Vietnamese and English.
//!
//! This module holds the public entry point and types; `validate` checks a
//! parsed export, `json_path` and `translate` turn a parse error into a
//! located problem, `periods` resolves periods to months and names them, and
//! `parts` reads a large export off the page's thread.

mod json_path;
pub mod parts;
pub(crate) mod periods;
mod translate;
mod validate;

use std::collections::BTreeMap;
use std::fmt;

use chitieu_format::model::*;
use chitieu_format::period::{Month, Span};

use crate::text::Lang;

/// One thing wrong with an export.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// Field path, e.g. `units[0].sections[1].indicators[2].targets[0].horizon`;
    /// empty for the file as a whole.
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub vi: String,
    pub en: String,
}

impl Problem {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        lang.pick(&self.vi, &self.en)
    }

    /// A problem at `path` (empty for the file as a whole), with no line or column.
    pub fn at(path: impl Into<String>, vi: impl Into<String>, en: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            line: None,
            column: None,
            vi: vi.into(),
            en: en.into(),
        }
    }
}

/// Why a file could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LoadError {
    pub file: String,
    pub problems: Vec<Problem>,
}

impl LoadError {
    /// The one problem of `file`.
    pub fn one(file: &str, p: Problem) -> LoadError {
        LoadError {
            file: file.to_string(),
            problems: vec![p],
        }
    }

    /// One line per problem: `file:line:column: path: message`, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        for p in &self.problems {
            out.push_str(&self.file);
            if let (Some(l), Some(c)) = (p.line, p.column) {
                out.push_str(&format!(":{l}:{c}"));
            }
            out.push_str(": ");
            if !p.path.is_empty() {
                out.push_str(&p.path);
                out.push_str(": ");
            }
            out.push_str(p.text(lang));
            out.push('\n');
        }
        out
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.render(Lang::Vi).trim_end())
    }
}

impl std::error::Error for LoadError {}

/// A valid export with its periods resolved to month spans.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The file name it was read from.
    pub file: String,
    pub export: Export,
    /// Each period's span and its position in `export.periods`: a warning's
    /// label looks its period up, once per warning.
    spans: BTreeMap<String, (Span, usize)>,
}

impl Loaded {
    pub fn span(&self, period: &str) -> Option<Span> {
        self.spans.get(period).map(|&(s, _)| s)
    }

    pub fn period(&self, id: &str) -> Option<&Period> {
        self.spans
            .get(id)
            .and_then(|&(_, i)| self.export.periods.get(i))
    }

    pub fn as_of(&self) -> Month {
        self.export.dataset.as_of
    }

    /// Period name as the reports write it (`Năm 2021`, `Quý III/2023`,
    /// `6 tháng đầu năm 2023`), or in English (`2021`, `Q3 2023`, `H1 2023`).
    pub fn period_label(&self, id: &str, lang: Lang) -> String {
        self.period(id).map_or_else(
            || id.to_string(),
            |p| {
                lang.pick(
                    periods::label_vi as fn(&Period) -> String,
                    periods::label_en,
                )(p)
            },
        )
    }
}

/// The largest export read, in bytes. A committee's export is well under a
/// megabyte; a province's roll-up of some 25 committees of 25 units each
/// (625 units × 60 indicators × 20 quarters) is about 29 MB, read and
/// validated in well under a second since reading is linear (`tests/scale.rs`).
/// Beyond this a file is refused before parsing, rather than freezing the tab.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// Reads and validates an export.
pub fn load(file: &str, bytes: &[u8]) -> Result<Loaded, LoadError> {
    // Most exports are read as the page reads them, without serde (faster,
    // above all in a cold tab), and a file over the size limit is refused
    // there before anything is read; whatever that reader leaves, serde
    // reads below and names the problem.
    if let Some(result) = parts::read_whole(file, bytes) {
        return result;
    }
    let text = std::str::from_utf8(bytes).map_err(|e| not_utf8(file, bytes, e))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::one(
            file,
            Problem::at("", "tệp rỗng, không có dữ liệu", "the file is empty"),
        ));
    }
    let export: Export = match chitieu_format::parse_export(text) {
        Ok(export) => export,
        Err(e) => {
            // serde reads a list where a struct is expected as the struct's
            // fields in order, and then fails on what follows: the misplaced
            // list, when it comes before the failure, is the real problem. A
            // list where a single value belongs is named well by serde.
            let at = line_column(text, e.line(), e.column());
            let scalar = e.to_string().starts_with("invalid type: sequence");
            return Err(match chitieu_format::shape::misplaced_array(text) {
                Some(i) if e.is_data() && !scalar && at.is_some_and(|at| i < at) => {
                    misplaced_array(file, text, i)
                }
                _ => translate::located(file, text, &e),
            });
        }
    };
    // Read silently as a struct by serde: refused here.
    let misplaced = chitieu_format::shape::may_have_misplaced_arrays(text, &export)
        .then(|| chitieu_format::shape::misplaced_array(text))
        .flatten();
    if let Some(i) = misplaced {
        return Err(misplaced_array(file, text, i));
    }
    checked(file, export)
}

/// An export read (by either reader) and validated.
fn checked(file: &str, export: Export) -> Result<Loaded, LoadError> {
    let (spans, problems) = validate::validate(&export);
    if problems.is_empty() {
        Ok(Loaded {
            file: file.to_string(),
            export,
            spans,
        })
    } else {
        Err(LoadError {
            file: file.to_string(),
            problems,
        })
    }
}

/// Most characters of a value quoted in a message; longer values are cut
/// and end in "…".
pub(crate) const EXCERPT_CHARS: usize = 40;

/// A value as quoted in a message: at most [`EXCERPT_CHARS`] characters and
/// "…" if cut, control characters shown as `�` (tab and line breaks as a
/// space), so a message is one short printable line whatever the input.
pub(crate) fn excerpt(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    for c in chars.by_ref().take(EXCERPT_CHARS) {
        out.push(match c {
            '\t' | '\n' | '\r' => ' ',
            c if c.is_control() => '\u{fffd}',
            c => c,
        });
    }
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// The byte offset of a 1-based line and byte column, as serde_json counts.
fn line_column(text: &str, line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let start = if line == 1 {
        0
    } else {
        text.bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .nth(line.saturating_sub(2))?
            .0
            .saturating_add(1)
    };
    Some(start.saturating_add(column.saturating_sub(1)))
}

/// The 1-based line and column of byte `offset`, as an editor shows them.
fn position_of(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line = before
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        .saturating_add(1);
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i.saturating_add(1));
    (line, offset.saturating_sub(line_start).saturating_add(1))
}

/// A list `[ … ]` at byte `offset` where the format has an object or a value.
fn misplaced_array(file: &str, text: &str, offset: usize) -> LoadError {
    let (line, column) = position_of(text.as_bytes(), offset);
    LoadError::one(
        file,
        Problem {
            // The path of the value the list stands for, not of inside it.
            path: json_path::json_path_at(text, line, column.saturating_sub(1)),
            line: Some(line),
            column: Some(column),
            vi: "cần một đối tượng { … } ở đây, không phải một danh sách [ … ]".into(),
            en: "expected an object { … } here, not a list [ … ]".into(),
        },
    )
}

/// A file of `len` bytes, over [`MAX_BYTES`], refused before parsing.
fn too_large(file: &str, len: usize) -> LoadError {
    // Megabytes to one decimal, in integer tenths.
    let mb = |n: usize| {
        let tenths = n.saturating_mul(10) / 1_048_576;
        format!("{},{}", tenths / 10, tenths % 10)
    };
    LoadError::one(
        file,
        Problem::at(
            "",
            format!(
                "tệp quá lớn ({} MB, tối đa {} MB): không phải một tệp xuất chỉ tiêu",
                mb(len),
                mb(MAX_BYTES)
            ),
            format!(
                "the file is too large ({} MB, at most {} MB): not an indicator export",
                mb(len).replace(',', "."),
                mb(MAX_BYTES).replace(',', ".")
            ),
        ),
    )
}

/// A file that is not UTF-8, with the line and column of its first bad byte.
fn not_utf8(file: &str, bytes: &[u8], e: std::str::Utf8Error) -> LoadError {
    if let Some(p) = crate::text::utf16_problem(bytes) {
        return LoadError::one(file, Problem::at("", p.0, p.1));
    }
    let offset = e.valid_up_to();
    let (line, column) = position_of(bytes, offset);
    LoadError::one(
        file,
        Problem {
            path: String::new(),
            line: Some(line),
            column: Some(column),
            vi: format!(
                "tệp không phải văn bản UTF-8 hợp lệ (byte thứ {})",
                offset.saturating_add(1)
            ),
            en: format!(
                "the file is not valid UTF-8 text (byte {})",
                offset.saturating_add(1)
            ),
        },
    )
}
