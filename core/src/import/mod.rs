//! Importing the appendix table people already have (PHỤ LỤC: STT | Nội dung |
//! Đơn vị tính | Chỉ tiêu | periods … | Thực hiện | % so với chỉ tiêu | Ghi chú)
//! from `.xlsx`, `.csv` or text pasted from Word, into an export.
//!
//! Figures are kept as printed: totals and percentages are not recomputed, so
//! the consistency checks apply to an imported table as to a hand-made export.
//! What the importer does not understand is listed with its row, column and
//! cell text, rather than guessed.
//!
//! This module holds the public entry points and types; the stages are in
//! `read` (bytes → grid), `figure` and `period` (cells → figures and periods),
//! `header` (the header row → columns), `rows` (rows → items in a tree) and
//! `assemble` (items → an export, validated by `load`).

mod assemble;
mod figure;
mod header;
mod period;
mod read;
mod rows;

use crate::load::{LoadError, Loaded, Problem};
use chitieu_format::dec::Dec;
use chitieu_format::model::Period;

/// One cell of the table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// Text as typed, in the Vietnamese number format if it is a figure.
    Text(String),
    /// A spreadsheet's numeric cell, as a plain decimal (`98.49`).
    Number(String),
}

impl Cell {
    fn text(&self) -> &str {
        match self {
            Cell::Empty => "",
            Cell::Text(t) | Cell::Number(t) => t.trim(),
        }
    }
}

/// Rows of cells; rows and columns as numbered in the source (1-based).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    pub rows: Vec<(usize, Vec<Cell>)>,
    /// Column number of the first cell of every row (1 unless a sheet starts further right).
    pub first_column: usize,
}

/// Something in the table the importer did not understand, or an assumption it made.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Unread {
    /// Row as numbered in the source (1-based); 0 for the table as a whole.
    pub row: usize,
    /// Column (1-based); 0 for the whole row.
    pub column: usize,
    /// The cell's text.
    pub cell: String,
    pub vi: String,
    pub en: String,
}

impl Unread {
    /// What was not understood, in `lang`.
    pub fn text(&self, lang: crate::text::Lang) -> &str {
        lang.pick(&self.vi, &self.en)
    }

    /// Column as a spreadsheet letter: 1 → A, 27 → AA.
    pub fn column_letter(&self) -> String {
        column_letter(self.column)
    }
}

/// Spreadsheet column letter of a 1-based column number.
pub fn column_letter(mut n: usize) -> String {
    let mut out = Vec::new();
    while let Some(m) = n.checked_sub(1) {
        // m % 26 < 26: a letter from A to Z.
        out.push(char::from(b'A'.saturating_add((m % 26) as u8)));
        n = m / 26;
    }
    out.iter().rev().collect()
}

/// An imported table: the export, validated, and what was not understood.
#[derive(Debug, Clone)]
pub struct Imported {
    pub loaded: Loaded,
    pub unread: Vec<Unread>,
}

/// What the browser's import worker answers: the export as JSON text (read
/// again by the page with [`crate::load::load`]) and the list of what was not understood,
/// or why the table could not be read.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    Imported { export: String, unread: Vec<Unread> },
    Failed(LoadError),
}

impl Reply {
    /// Imports a table and puts the outcome in a reply.
    pub fn of(file: &str, bytes: &[u8]) -> Reply {
        match import(file, bytes) {
            Ok(i) => match serde_json::to_string(&i.loaded.export) {
                Ok(export) => Reply::Imported {
                    export,
                    unread: i.unread,
                },
                Err(e) => Reply::Failed(fatal(
                    file,
                    0,
                    0,
                    format!("lỗi nội bộ: {e}"),
                    format!("internal error: {e}"),
                )),
            },
            Err(e) => Reply::Failed(e),
        }
    }
}

/// The kind of input, from the file name and its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Xlsx,
    /// Comma- or semicolon-separated values.
    Csv,
    /// Tab-separated text, as Word and Excel put on the clipboard.
    Tsv,
}

impl Form {
    /// Guesses the form: a zip file is a workbook; text with tabs is pasted.
    pub fn detect(bytes: &[u8]) -> Form {
        if bytes.starts_with(b"PK\x03\x04") {
            Form::Xlsx
        } else if bytes.iter().take(64 * 1024).any(|&b| b == b'\t') {
            Form::Tsv
        } else {
            Form::Csv
        }
    }
}

/// Whether a file name is one the importer reads (rather than a JSON export).
pub fn is_table_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".xlsx", ".xlsm", ".csv", ".tsv", ".txt"]
        .iter()
        .any(|e| lower.ends_with(e))
}

fn fatal(file: &str, row: usize, column: usize, vi: String, en: String) -> LoadError {
    LoadError {
        file: file.to_string(),
        problems: vec![Problem {
            path: String::new(),
            line: (row > 0).then_some(row),
            column: (column > 0).then_some(column),
            vi,
            en,
        }],
    }
}

/// Reads a table from `.xlsx`, `.csv` or pasted text into a validated export.
pub fn import(file: &str, bytes: &[u8]) -> Result<Imported, LoadError> {
    if bytes.len() > crate::load::MAX_BYTES {
        return Err(fatal(
            file,
            0,
            0,
            "tệp quá lớn để là một bảng chỉ tiêu".into(),
            "the file is too large to be an indicator table".into(),
        ));
    }
    from_grid(file, &read::grid(file, bytes)?)
}

/// Text pasted from Word or Excel: one row per line, cells separated by tabs.
pub fn read_tsv(text: &str) -> Grid {
    read::tsv(text)
}

/// CSV as Excel saves it: comma-separated, or semicolon-separated where the
/// decimal mark is a comma (Vietnamese settings), with quoted cells.
pub fn read_csv(file: &str, text: &str) -> Result<Grid, LoadError> {
    read::csv(file, text)
}

/// The first sheet of a workbook. Without the `xlsx` feature (the
/// dashboard's own bundle, which leaves workbooks to its import worker), a
/// workbook is refused with a reason.
pub fn read_xlsx(file: &str, bytes: &[u8]) -> Result<Grid, LoadError> {
    read::xlsx(file, bytes)
}

/// A cell that should hold a figure but does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAFigure;

/// A figure as printed: `1.200`, `98,49`, `97,11%`, `20.331,5`; none for
/// an empty cell or a dash.
pub fn parse_figure(cell: &Cell) -> Result<Option<Dec>, NotAFigure> {
    figure::parse(cell)
}

/// A period named in Vietnamese: `2021`, `Năm 2021`, `6 tháng 2023`,
/// `6 tháng cuối năm 2023`, `Quý III/2023`, `9 tháng 2023`.
pub fn parse_period(label: &str) -> Option<Period> {
    period::parse(label)
}

/// The export a table describes, validated like any export.
pub fn from_grid(file: &str, grid: &Grid) -> Result<Imported, LoadError> {
    let head = header::Header::find(file, grid)?;
    let mut rows = rows::Builder::new(&head.cols, grid.first_column);
    head.unknown(&mut rows);
    let title_lines = head.title_lines(grid);
    let sections = rows.sections(grid, &head);
    assemble::export(
        file,
        &head.cols,
        head.row,
        &title_lines,
        sections,
        rows.unread,
    )
}
