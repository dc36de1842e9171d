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
#[cfg(feature = "xlsx")]
mod docx;
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
    /// The cell's text, cut to 40 characters.
    pub cell: String,
    pub vi: String,
    pub en: String,
    /// For a row's note on how its figures make the actual: what was
    /// inferred, which the user may change (the page's preview offers the
    /// other meanings beside the note and imports again with
    /// [`Reply`]'s `choices` and the change).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meaning: Option<Meaning>,
}

impl Unread {
    /// A note at `row` and `column` (1-based, 0 for none) on `cell`, quoted short.
    pub fn new(row: usize, column: usize, cell: &str, vi: String, en: String) -> Unread {
        Unread {
            row,
            column,
            cell: crate::load::excerpt(cell),
            vi,
            en,
            meaning: None,
        }
    }

    /// Where in the table: `D6`, `dòng 6` (`row 6`) for a whole row, or nothing.
    pub fn place(&self, lang: crate::text::Lang) -> String {
        match (self.row, self.column) {
            (0, _) => String::new(),
            (r, 0) => format!("{}{r}", lang.pick("dòng ", "row ")),
            (r, _) => format!("{}{r}", self.column_letter()),
        }
    }

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

/// How a row's figures over the periods make its actual: what the importer
/// infers, and the user may change in the preview or with `chitieu import --row`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Meaning {
    /// A level at a date (members, organisations, bases): the latest figure.
    Latest,
    /// A flow (admissions, classes, cases): the periods added up.
    Sum,
    /// A rate: the periods averaged, and each period held to the target.
    Average,
}

impl Meaning {
    pub const ALL: [Meaning; 3] = [Meaning::Latest, Meaning::Sum, Meaning::Average];

    /// What it means, in words for office staff.
    pub fn words(self, lang: crate::text::Lang) -> &'static str {
        match self {
            Meaning::Latest => lang.pick(
                "số tại một thời điểm: lấy số cuối kỳ",
                "a level at a date: the latest figure",
            ),
            Meaning::Sum => lang.pick(
                "số phát sinh: cộng dồn các năm",
                "a flow: the periods added up",
            ),
            Meaning::Average => lang.pick(
                "tỷ lệ: trung bình các kỳ, kỳ nào cũng phải đạt chỉ tiêu",
                "a rate: the periods averaged, each must reach the target",
            ),
        }
    }

    /// Its name in a mapping file and on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Meaning::Latest => "cuoi-ky",
            Meaning::Sum => "cong-don",
            Meaning::Average => "trung-binh",
        }
    }

    pub fn from_code(code: &str) -> Option<Meaning> {
        Meaning::ALL.into_iter().find(|m| m.code() == code.trim())
    }
}

/// What the user decided in place of the importer's inferences: the unit's
/// name and, per row, how its figures make the actual. Written as a small
/// mapping text, one choice a line: `don-vi: Đảng bộ Khối …` and
/// `12: cuoi-ky` (row 12 takes its latest figure; `cong-don`, `trung-binh`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choices {
    /// The unit's name, instead of the one read above the table.
    pub unit: Option<String>,
    /// Row (as numbered in the table) and its meaning.
    pub rows: Vec<(usize, Meaning)>,
}

impl Choices {
    /// Reads a mapping text; `#` starts a comment. A line not understood is
    /// an error naming it.
    pub fn parse(text: &str) -> Result<Choices, (String, String)> {
        let mut out = Choices::default();
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let (key, value) = line.split_once([':', '=']).unwrap_or((line, ""));
            let (key, value) = (key.trim(), value.trim());
            if key == "don-vi" && !value.is_empty() {
                out.unit = Some(value.to_string());
            } else if let (Ok(row), Some(m)) = (key.parse(), Meaning::from_code(value)) {
                out.rows.push((row, m));
            } else {
                let n = i.saturating_add(1);
                return Err((
                    format!("dòng {n} của tệp lựa chọn không hiểu được: «{}» (viết \"don-vi: Tên đơn vị\" hoặc \"12: cuoi-ky\", \"12: cong-don\", \"12: trung-binh\")", crate::load::excerpt(line)),
                    format!("line {n} of the choices is not understood: «{}» (write \"don-vi: Unit name\" or \"12: cuoi-ky\", \"12: cong-don\", \"12: trung-binh\")", crate::load::excerpt(line)),
                ));
            }
        }
        Ok(out)
    }

    /// The mapping text [`Choices::parse`] reads.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        if let Some(u) = &self.unit {
            out.push_str("don-vi: ");
            out.push_str(u);
            out.push('\n');
        }
        for (row, m) in &self.rows {
            out.push_str(&format!("{row}: {}\n", m.code()));
        }
        out
    }

    /// Sets row `row`'s meaning, replacing an earlier choice for it.
    pub fn set(&mut self, row: usize, meaning: Meaning) {
        self.rows.retain(|(r, _)| *r != row);
        self.rows.push((row, meaning));
    }

    fn meaning(&self, row: usize) -> Option<Meaning> {
        self.rows
            .iter()
            .rev()
            .find(|(r, _)| *r == row)
            .map(|(_, m)| *m)
    }
}

/// An imported table: the export, validated, and what was not understood.
#[derive(Debug, Clone)]
pub struct Imported {
    pub loaded: Loaded,
    pub unread: Vec<Unread>,
}

impl Imported {
    /// The choices this export was made with, as the mapping text
    /// [`Choices::parse`] reads: `don-vi: …`, then `ROW: meaning  # name`
    /// for each row whose figures are combined over the periods.
    pub fn choices_text(&self) -> String {
        let mut out = String::new();
        if let Some(u) = self.loaded.export.units.first() {
            out.push_str(&format!("don-vi: {}\n", u.name));
        }
        for u in &self.unread {
            if let Some(m) = u.meaning {
                out.push_str(&format!(
                    "{}: {}  # {}\n",
                    u.row,
                    m.code(),
                    u.cell.replace('#', " ")
                ));
            }
        }
        out
    }
}

/// What the browser's import worker answers: the export as JSON text (read
/// again by the page with [`crate::load::parts::read_whole`]) and the list
/// of what was not understood, or why the table could not be read. It
/// answers so too for an export the page could not read ([`Reply::read`]).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    Imported {
        export: String,
        unread: Vec<Unread>,
        /// The choices the export was made with, as the mapping text the
        /// user edits: the unit's name and each row's meaning, inferred or chosen.
        choices: String,
    },
    Failed(LoadError),
}

impl Reply {
    /// The worker's side, for an export the page could not read itself
    /// ([`crate::load::parts::read_whole`] gave `None`): [`crate::load::load`]'s
    /// problems, or the export as serde writes it, which the page reads, under
    /// the file's own name.
    pub fn read(file: &str, bytes: &[u8]) -> Reply {
        match crate::load::load(file, bytes) {
            Ok(loaded) => Reply::written(file, &loaded, String::new(), Vec::new()),
            Err(e) => Reply::Failed(e),
        }
    }

    /// An export read or imported, as the worker hands it to the page.
    fn written(file: &str, loaded: &Loaded, choices: String, unread: Vec<Unread>) -> Reply {
        match serde_json::to_string(&loaded.export) {
            Ok(export) => Reply::Imported {
                export,
                choices,
                unread,
            },
            Err(e) => Reply::Failed(fatal(
                file,
                0,
                0,
                format!("lỗi nội bộ: {e}"),
                format!("internal error: {e}"),
            )),
        }
    }

    /// Imports a table with the user's choices (a mapping text, see
    /// [`Choices`]) and puts the outcome in a reply.
    pub fn of(file: &str, bytes: &[u8], choices: &str) -> Reply {
        let choices = match Choices::parse(choices) {
            Ok(c) => c,
            Err((vi, en)) => return Reply::Failed(fatal(file, 0, 0, vi, en)),
        };
        match import_with(file, bytes, &choices) {
            Ok(i) => Reply::written(file, &i.loaded, i.choices_text(), i.unread),
            Err(e) => Reply::Failed(e),
        }
    }
}

/// The kind of input, from the file name and its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Xlsx,
    /// A Word report (`.docx`): its paragraphs and tables.
    Docx,
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

impl Form {
    /// The form a file's name says (`.csv` is CSV even with a tab in a
    /// cell), or else the one its bytes show: for text, whether the header
    /// row (`STT …`) is tab-separated.
    pub fn of(file: &str, bytes: &[u8]) -> Form {
        let lower = file.to_ascii_lowercase();
        let detected = Form::detect(bytes);
        if lower.ends_with(".docx") {
            return Form::Docx;
        }
        if detected == Form::Xlsx {
            return detected;
        }
        if lower.ends_with(".csv") {
            return Form::Csv;
        }
        if lower.ends_with(".tsv") {
            return Form::Tsv;
        }
        let head = bytes.split(|&b| b == b'\n').take(200).find(|l| {
            let l = l.strip_prefix(b"\xef\xbb\xbf").unwrap_or(l);
            l.starts_with(b"STT") || l.starts_with(b"\"STT") || l.starts_with(b"TT")
        });
        match head {
            Some(l) if l.contains(&b'\t') => Form::Tsv,
            Some(_) => Form::Csv,
            None => detected,
        }
    }
}

/// Whether a file name is one the importer reads (rather than a JSON export).
pub fn is_table_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".xlsx", ".xlsm", ".docx", ".csv", ".tsv", ".txt"]
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

/// Reads a table from `.xlsx`, `.docx`, `.csv` or pasted text into a validated export.
pub fn import(file: &str, bytes: &[u8]) -> Result<Imported, LoadError> {
    import_with(file, bytes, &Choices::default())
}

/// [`import`] with the user's choices in place of what would be inferred.
pub fn import_with(file: &str, bytes: &[u8], choices: &Choices) -> Result<Imported, LoadError> {
    if bytes.len() > crate::load::MAX_BYTES {
        return Err(fatal(
            file,
            0,
            0,
            "tệp quá lớn để là một bảng chỉ tiêu".into(),
            "the file is too large to be an indicator table".into(),
        ));
    }
    from_grid_with(file, &read::grid(file, bytes)?, choices)
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
    from_grid_with(file, grid, &Choices::default())
}

fn from_grid_with(file: &str, grid: &Grid, choices: &Choices) -> Result<Imported, LoadError> {
    let head = header::Header::find(file, grid)?;
    let mut rows = rows::Builder::new(&head.cols, grid.first_column);
    head.unknown(&mut rows);
    let title_lines = head.title_lines(grid);
    let sections = rows.sections(grid, &head);
    let table = assemble::Table {
        file,
        cols: &head.cols,
        head_row: head.row,
        name_column: head
            .cols
            .of(header::Role::Name)
            .unwrap_or(0)
            .saturating_add(grid.first_column),
        title_lines: &title_lines,
        choices,
    };
    table.export(sections, rows.unread)
}
