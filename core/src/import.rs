//! Importing the appendix table people already have (PHỤ LỤC: STT | Nội dung |
//! Đơn vị tính | Chỉ tiêu | periods … | Thực hiện | % so với chỉ tiêu | Ghi chú)
//! from `.xlsx`, `.csv` or text pasted from Word, into an export.
//!
//! Figures are kept as printed: totals and percentages are not recomputed, so
//! the consistency checks apply to an imported table as to a hand-made export.
//! What the importer does not understand is listed with its row, column and
//! cell text, rather than guessed.

use std::collections::HashSet;

use crate::load::{load, LoadError, Loaded, Problem};
use crate::text::fold;
use chitieu_format::dec::Dec;
use chitieu_format::model::*;
use chitieu_format::period::Month;

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
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(char::from(b'A' + r as u8));
        n = (n - 1) / 26;
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
/// again by the page with [`load`]) and the list of what was not understood,
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
    let grid = match Form::detect(bytes) {
        Form::Xlsx => read_xlsx(file, bytes)?,
        form => {
            let text = std::str::from_utf8(bytes).map_err(|e| {
                fatal(
                    file,
                    0,
                    0,
                    format!(
                        "bảng không phải văn bản UTF-8 (byte thứ {}); hãy lưu CSV dạng UTF-8",
                        e.valid_up_to() + 1
                    ),
                    format!(
                        "the table is not UTF-8 text (byte {}); save the CSV as UTF-8",
                        e.valid_up_to() + 1
                    ),
                )
            })?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            if form == Form::Tsv {
                read_tsv(text)
            } else {
                read_csv(file, text)?
            }
        }
    };
    from_grid(file, &grid)
}

/// Text pasted from Word or Excel: one row per line, cells separated by tabs.
pub fn read_tsv(text: &str) -> Grid {
    Grid {
        rows: text
            .lines()
            .enumerate()
            .map(|(i, line)| (i + 1, line.split('\t').map(text_cell).collect()))
            .collect(),
        first_column: 1,
    }
}

fn text_cell(s: &str) -> Cell {
    let t = s.trim();
    if t.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(t.to_string())
    }
}

/// CSV as Excel saves it: comma-separated, or semicolon-separated where the
/// decimal mark is a comma (Vietnamese settings), with quoted cells.
pub fn read_csv(file: &str, text: &str) -> Result<Grid, LoadError> {
    // The header row tells the separator: titles above it have none.
    let head = text
        .lines()
        .take(200)
        .find(|l| fold(l).starts_with("stt") || fold(l).starts_with("\"stt"))
        .or_else(|| text.lines().find(|l| !l.trim().is_empty()))
        .unwrap_or("");
    let delimiter = if head.matches(';').count() > head.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let row = e.position().map_or(0, |p| p.line() as usize);
            fatal(
                file,
                row,
                0,
                format!("không đọc được dòng CSV: {e}"),
                format!("a CSV row could not be read: {e}"),
            )
        })?;
        // The line where the record starts, counted from its byte offset.
        let row = record.position().map_or(rows.len() + 1, |p| {
            let bytes = text.as_bytes();
            let mut at = (p.byte() as usize).min(bytes.len());
            // After a CRLF row the next record's offset points at its `\n`.
            while bytes.get(at).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
                at += 1;
            }
            bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1
        });
        rows.push((row, record.iter().map(text_cell).collect()));
    }
    Ok(Grid {
        rows,
        first_column: 1,
    })
}

/// Without the `xlsx` feature (the dashboard's own bundle, which leaves
/// workbooks to its import worker), a workbook is refused with a reason.
#[cfg(not(feature = "xlsx"))]
pub fn read_xlsx(file: &str, _bytes: &[u8]) -> Result<Grid, LoadError> {
    Err(fatal(
        file,
        0,
        0,
        "bản dựng này không đọc được tệp Excel (.xlsx)".into(),
        "this build cannot read Excel workbooks (.xlsx)".into(),
    ))
}

/// The first sheet of a workbook.
#[cfg(feature = "xlsx")]
pub fn read_xlsx(file: &str, bytes: &[u8]) -> Result<Grid, LoadError> {
    use calamine::{Data, Reader, Xlsx};
    let unreadable = |e: &dyn std::fmt::Display| {
        fatal(
            file,
            0,
            0,
            format!("không đọc được tệp Excel (.xlsx): {e}"),
            format!("the Excel workbook (.xlsx) could not be read: {e}"),
        )
    };
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let range = match book.worksheet_range_at(0) {
        Some(Ok(r)) => r,
        Some(Err(e)) => return Err(unreadable(&e)),
        None => return Err(unreadable(&"no sheet")),
    };
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let cells = cells
                .iter()
                .map(|c| match c {
                    Data::Empty => Cell::Empty,
                    Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => text_cell(s),
                    Data::Int(n) => Cell::Number(n.to_string()),
                    // A workbook stores numbers in binary floating point. The
                    // shortest text that reads back as the same number is the
                    // decimal that was typed (up to 15 significant digits), so
                    // the figure is taken from that text, never computed with.
                    Data::Float(f) => Cell::Number(format!("{f}")),
                    Data::Bool(b) => Cell::Text(b.to_string()),
                    Data::DateTime(d) => Cell::Text(d.to_string()),
                    Data::Error(e) => Cell::Text(format!("#{e:?}")),
                })
                .collect();
            (row0 as usize + i + 1, cells)
        })
        .collect();
    Ok(Grid {
        rows,
        first_column: col0 as usize + 1,
    })
}

// ---- figures and period names ----------------------------------------------

/// A cell that should hold a figure but does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAFigure;

/// A figure as printed: `1.200`, `98,49`, `97,11%`, `20.331,5`; none for
/// an empty cell or a dash.
pub fn parse_figure(cell: &Cell) -> Result<Option<Dec>, NotAFigure> {
    let raw = cell.text();
    let t: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    let t = t.trim_end_matches('%');
    if t.is_empty() || matches!(t, "-" | "–" | "—" | "x" | "X") {
        return Ok(None);
    }
    if let Cell::Number(n) = cell {
        return Dec::parse(n).map(Some).map_err(|_| NotAFigure);
    }
    let (sign, body) = match t.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", t),
    };
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(NotAFigure);
    }
    let plain = if body.contains(',') {
        // Vietnamese: dots group thousands, the comma is the decimal mark.
        let (int, frac) = body.split_once(',').ok_or(NotAFigure)?;
        if frac.contains(',') || frac.contains('.') || !thousands_ok(int) {
            return Err(NotAFigure);
        }
        format!("{}.{frac}", int.replace('.', ""))
    } else if body.contains('.') && thousands_ok(body) {
        body.replace('.', "")
    } else {
        body.to_string()
    };
    Dec::parse(&format!("{sign}{plain}"))
        .map(Some)
        .map_err(|_| NotAFigure)
}

/// Dots only between groups of three digits: `1.200`, `20.331`.
fn thousands_ok(int: &str) -> bool {
    let mut groups = int.split('.');
    let first = groups.next().unwrap_or("");
    if !int.contains('.') {
        return !first.is_empty();
    }
    (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3)
}

fn roman_value(s: &str) -> Option<u8> {
    const R: [&str; 20] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
        "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
    ];
    let t = s.trim().trim_end_matches('.');
    R.iter().position(|r| *r == t).map(|i| i as u8 + 1)
}

/// A period named in Vietnamese: `2021`, `Năm 2021`, `6 tháng 2023`,
/// `6 tháng cuối năm 2023`, `Quý III/2023`, `9 tháng 2023`.
pub fn parse_period(label: &str) -> Option<Period> {
    let f = fold(label).replace(['/', '-', '.'], " ");
    let words: Vec<&str> = f.split_whitespace().collect();
    let year = words
        .iter()
        .rev()
        .find_map(|w| w.parse::<i32>().ok().filter(|y| (1900..=2200).contains(y)))?;
    let base = Period {
        id: String::new(),
        kind: PeriodKind::Year,
        year: Some(year),
        half: None,
        quarter: None,
        months: None,
        start: None,
        end: None,
        label: None,
    };
    let rest: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| *w != year.to_string() && !matches!(*w, "nam" | "dau"))
        .collect();
    match rest.as_slice() {
        [] => Some(Period {
            id: year.to_string(),
            ..base
        }),
        ["quy", q] => {
            let q = roman_value(&q.to_uppercase()).or_else(|| q.parse().ok())?;
            (1..=4).contains(&q).then(|| Period {
                id: format!("{year}-q{q}"),
                kind: PeriodKind::Quarter,
                quarter: Some(q),
                ..base
            })
        }
        ["6", "thang", "cuoi"] => Some(Period {
            id: format!("{year}-h2"),
            kind: PeriodKind::Half,
            half: Some(2),
            ..base
        }),
        ["6", "thang"] => Some(Period {
            id: format!("{year}-h1"),
            kind: PeriodKind::Half,
            half: Some(1),
            ..base
        }),
        [m, "thang"] => {
            let m: u8 = m.parse().ok()?;
            (1..=12).contains(&m).then(|| Period {
                id: format!("{year}-{m}t"),
                kind: PeriodKind::YearToDate,
                months: Some(m),
                ..base
            })
        }
        _ => None,
    }
}

// ---- the table -------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Number,
    Name,
    Unit,
    Target,
    Total,
    Achievement,
    Note,
}

/// What each column holds, read from the header rows.
#[derive(Debug, Default)]
struct Columns {
    roles: Vec<(usize, Role)>,
    /// Column index → period.
    periods: Vec<(usize, Period)>,
    /// The target column's heading, as the targets' label (`Chỉ tiêu nghị quyết`).
    target_label: String,
}

impl Columns {
    fn of(&self, role: Role) -> Option<usize> {
        self.roles.iter().find(|(_, r)| *r == role).map(|(i, _)| *i)
    }
}

fn is_header(cells: &[Cell]) -> bool {
    let folded: Vec<String> = cells.iter().map(|c| fold(c.text())).collect();
    folded.iter().any(|c| c == "stt" || c == "tt")
        && folded
            .iter()
            .any(|c| c.contains("noi dung") || c.contains("chi tieu"))
}

fn header_columns(head: &[Cell], sub: Option<&[Cell]>) -> Columns {
    let mut cols = Columns::default();
    for (i, cell) in head.iter().enumerate() {
        let f = fold(cell.text());
        if f.is_empty() {
            continue;
        }
        let mut in_periods = false;
        let role = if f == "stt" || f == "tt" {
            Some(Role::Number)
        } else if f.contains("noi dung") {
            Some(Role::Name)
        } else if f.contains("don vi tinh") || f == "dvt" {
            Some(Role::Unit)
        } else if f.starts_with('%') || f.contains("% so") || f.contains("ty le dat") {
            Some(Role::Achievement)
        } else if f.starts_with("ghi chu") || f.starts_with("ghi chep") {
            Some(Role::Note)
        } else if f.contains("qua cac") {
            in_periods = true;
            None
        } else if f.starts_with("chi tieu") || f.starts_with("ke hoach") {
            if cols.of(Role::Name).is_none() && f == "chi tieu" {
                Some(Role::Name)
            } else {
                Some(Role::Target)
            }
        } else if f.starts_with("thuc hien") || f.starts_with("luy ke") || f.starts_with("tong") {
            Some(Role::Total)
        } else {
            None
        };
        if role == Some(Role::Target) && cols.target_label.is_empty() {
            cols.target_label = sentence_case(cell.text());
        }
        if let Some(p) = parse_period(cell.text()).filter(|_| role.is_none()) {
            cols.periods.push((i, p));
        } else if let Some(r) = role {
            if cols.of(r).is_none() {
                cols.roles.push((i, r));
            }
        }
        if in_periods {
            // The periods are named on the row below, under this heading.
            if let Some(sub) = sub {
                let mut j = i;
                while let Some(c) = sub.get(j) {
                    let named = parse_period(c.text());
                    let heading = head.get(j).map(|h| fold(h.text())).unwrap_or_default();
                    if j > i && !heading.is_empty() {
                        break;
                    }
                    if let Some(p) = named {
                        cols.periods.push((j, p));
                    }
                    j += 1;
                }
            }
        }
    }
    cols
}

/// `Chỉ tiêu Nghị quyết` → `Chỉ tiêu nghị quyết`.
fn sentence_case(s: &str) -> String {
    let mut out = String::new();
    for (i, ch) in s.trim().chars().enumerate() {
        if i == 0 {
            out.push(ch);
        } else {
            out.extend(ch.to_lowercase());
        }
    }
    out
}

/// One row of figures, before it is placed in the tree.
#[derive(Debug, Clone)]
struct RowItem {
    row: usize,
    quote: String,
    marker: Marker,
    number: Option<String>,
    name: String,
    unit: String,
    target: Option<Dec>,
    values: Vec<(String, Dec)>,
    total: Option<Dec>,
    achievement: Option<Dec>,
    /// `tăng 2,11%` in the % column: percentage points above the target.
    over_points: Option<Dec>,
    /// `vượt 20%` in the notes: percent above the target.
    over_pct: Option<Dec>,
    note: Option<String>,
    parts: Vec<RowItem>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Marker {
    Numbered,
    Dash,
    Plus,
    Plain,
}

impl RowItem {
    fn has_figures(&self) -> bool {
        self.target.is_some() || !self.values.is_empty() || self.total.is_some()
    }
}

/// `tăng 2,11%` / `vượt 20%` → the figure.
fn words_then_figure(text: &str, words: &[&str]) -> Option<Dec> {
    let f = fold(text);
    let rest = words.iter().find_map(|w| f.strip_prefix(w))?;
    parse_figure(&Cell::Text(rest.trim().to_string()))
        .ok()
        .flatten()
}

struct Builder<'a> {
    cols: &'a Columns,
    first_column: usize,
    unread: Vec<Unread>,
}

impl Builder<'_> {
    fn unread(&mut self, row: usize, col: usize, cell: &str, vi: String, en: String) {
        self.unread.push(Unread {
            row,
            column: if col == usize::MAX {
                0
            } else {
                col + self.first_column
            },
            cell: cell.to_string(),
            vi,
            en,
        });
    }

    fn figure(&mut self, row: usize, cells: &[Cell], col: Option<usize>) -> Option<Dec> {
        let col = col?;
        let cell = cells.get(col)?;
        match parse_figure(cell) {
            Ok(v) => v,
            Err(NotAFigure) => {
                self.unread(
                    row,
                    col,
                    cell.text(),
                    "không phải một số liệu".into(),
                    "not a figure".into(),
                );
                None
            }
        }
    }

    fn row(&mut self, row: usize, cells: &[Cell]) -> Option<RowItem> {
        let get = |r: Role| {
            self.cols
                .of(r)
                .and_then(|i| cells.get(i))
                .map(|c| c.text().to_string())
                .unwrap_or_default()
        };
        let stt = get(Role::Number);
        let mut name = get(Role::Name);
        let mut marker = Marker::Plain;
        let mut number = None;
        for (m, sign) in [(Marker::Dash, '-'), (Marker::Plus, '+')] {
            if stt == sign.to_string() {
                marker = m;
            } else if let Some(rest) = stt.strip_prefix(sign) {
                if name.is_empty() {
                    // "+ Vững mạnh, khá" typed into the STT column.
                    name = rest.trim().to_string();
                    marker = m;
                }
            }
            if let Some(rest) = name.strip_prefix(sign) {
                if marker == Marker::Plain {
                    marker = m;
                }
                name = rest.trim().to_string();
            }
        }
        if marker == Marker::Plain && !stt.is_empty() {
            marker = Marker::Numbered;
            number = Some(stt.trim_end_matches('.').to_string());
        }
        if marker == Marker::Dash {
            number = Some("-".into());
        } else if marker == Marker::Plus {
            number = Some("+".into());
        }
        // The row as printed; a spreadsheet's number in the Vietnamese format.
        let quote = cells
            .iter()
            .map(|c| match c {
                Cell::Number(n) => Dec::parse(n).map_or_else(|_| n.clone(), |d| d.fmt_vi()),
                c => c.text().to_string(),
            })
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" | ");
        if name.is_empty() {
            if !quote.is_empty() {
                self.unread(
                    row,
                    usize::MAX,
                    &quote,
                    "dòng không có nội dung (tên chỉ tiêu)".into(),
                    "row without a name (Nội dung)".into(),
                );
            }
            return None;
        }
        let mut values = Vec::new();
        let cols = self.cols;
        for (col, p) in &cols.periods {
            if let Some(v) = self.figure(row, cells, Some(*col)) {
                values.push((p.id.clone(), v));
            }
        }
        let target = self.figure(row, cells, self.cols.of(Role::Target));
        let total = self.figure(row, cells, self.cols.of(Role::Total));
        let mut achievement = None;
        let mut over_points = None;
        if let Some(col) = self.cols.of(Role::Achievement) {
            if let Some(cell) = cells.get(col) {
                match parse_figure(cell) {
                    Ok(v) => achievement = v,
                    Err(NotAFigure) => {
                        over_points = words_then_figure(cell.text(), &["tang", "vuot"]);
                        if over_points.is_none() {
                            self.unread(
                                row,
                                col,
                                cell.text(),
                                "không phải tỷ lệ đạt (ví dụ 98,5 hoặc \"tăng 2,11%\")".into(),
                                "not an achievement (e.g. 98,5 or \"tăng 2,11%\")".into(),
                            );
                        }
                    }
                }
            }
        }
        let note = Some(get(Role::Note)).filter(|n| !n.is_empty());
        let over_pct = note
            .as_deref()
            .and_then(|n| words_then_figure(n, &["vuot"]));
        Some(RowItem {
            row,
            quote,
            marker,
            number,
            name,
            unit: get(Role::Unit),
            target,
            values,
            total,
            achievement,
            over_points,
            over_pct,
            note,
            parts: Vec::new(),
        })
    }
}

/// An id from a name: `Kết nạp đảng viên` → `ket-nap-dang-vien`, unique in `taken`.
fn slug(name: &str, taken: &mut HashSet<String>) -> String {
    let folded = fold(name);
    let mut s = String::new();
    for w in folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if s.len() + w.len() > 60 {
            break;
        }
        if !s.is_empty() {
            s.push('-');
        }
        s.push_str(w);
    }
    if s.is_empty() {
        s.push_str("chi-tieu");
    }
    let mut id = s.clone();
    let mut n = 2;
    while !taken.insert(id.clone()) {
        id = format!("{s}-{n}");
        n += 1;
    }
    id
}

fn measure_of(unit: &str, values: &[Dec]) -> Measure {
    let f = fold(unit);
    let kind = if unit.trim() == "%" {
        MeasureKind::Percent
    } else if f.contains("dong") {
        MeasureKind::Money
    } else if values.iter().all(|v| v.is_integer()) {
        MeasureKind::Count
    } else {
        MeasureKind::Quantity
    };
    Measure {
        unit: unit.trim().to_string(),
        kind,
    }
}

fn is_rating_category(name: &str) -> bool {
    let f = fold(name);
    [
        "hoan thanh",
        "vung manh",
        "trung binh",
        "yeu kem",
        "khong xep loai",
        "khong hoan thanh",
        "xuat sac",
        "kha",
        "tot",
    ]
    .iter()
    .any(|w| f.starts_with(w))
}

struct Assemble<'a> {
    source: &'a str,
    label: &'a str,
    horizon: &'a str,
    ids: HashSet<String>,
    unread: &'a mut Vec<Unread>,
}

impl Assemble<'_> {
    fn note(&self, item: &RowItem) -> SourceNote {
        SourceNote {
            doc: self.source.to_string(),
            section: None,
            footnote: None,
            quote: Some(item.quote.clone()),
        }
    }

    fn observations(values: &[(String, Dec)]) -> Vec<Observation> {
        values
            .iter()
            .map(|(p, v)| Observation {
                period: p.as_str().into(),
                value: Some(*v),
                text: None,
                qualifier: None,
                change: None,
                source: None,
            })
            .collect()
    }

    fn target(&self, label: &str, item: &RowItem, categories: Vec<String>) -> Option<Target> {
        let value = item.target?;
        let reported =
            (item.achievement.is_some() || item.over_points.is_some() || item.over_pct.is_some())
                .then_some(Reported {
                    achievement_pct: item.achievement,
                    over_points: item.over_points,
                    over_pct: item.over_pct,
                    source: None,
                });
        Some(Target {
            label: label.to_string(),
            value: Some(value),
            horizon: self.horizon.to_string(),
            rule: TargetRule::Total,
            categories,
            reported,
        })
    }

    fn base(&mut self, item: &RowItem, kind: IndicatorKind) -> Indicator {
        let figures: Vec<Dec> = item
            .values
            .iter()
            .map(|(_, v)| *v)
            .chain(item.total)
            .collect();
        let measure = (kind != IndicatorKind::Group).then(|| measure_of(&item.unit, &figures));
        Indicator {
            id: slug(&item.name, &mut self.ids),
            number: item.number.clone(),
            name: item.name.clone(),
            kind,
            measure,
            direction: Direction::HigherIsBetter,
            aggregation: None,
            values: Vec::new(),
            total: None,
            targets: Vec::new(),
            categories: Vec::new(),
            base: Vec::new(),
            peers: None,
            parts: Vec::new(),
            parts_sum: false,
            restated: Vec::new(),
            source: self.note(item),
            note: item.note.clone(),
        }
    }

    fn figure(v: Option<Dec>) -> Option<Figure> {
        v.map(|value| Figure {
            value,
            qualifier: None,
            source: None,
        })
    }

    fn indicator(&mut self, item: &RowItem) -> Indicator {
        // "Kết nạp đảng viên" over "- Chỉ tiêu nghị quyết / tỉnh giao / phấn
        // đấu": one indicator with several targets.
        if !item.has_figures()
            && item.parts.len() > 1
            && item.parts.iter().all(|p| {
                fold(&p.name).starts_with("chi tieu") && p.target.is_some() && p.parts.is_empty()
            })
        {
            let first = &item.parts[0];
            let mut merged = first.clone();
            merged.name = item.name.clone();
            merged.number = item.number.clone();
            let mut ind = self.base(&merged, IndicatorKind::Count);
            ind.kind = kind_of(&ind, true);
            ind.values = Self::observations(&first.values);
            ind.total = Self::figure(first.total);
            ind.source = self.note(item);
            for p in &item.parts {
                if p.values != first.values || p.total != first.total {
                    self.unread.push(Unread {
                        row: p.row,
                        column: 0,
                        cell: p.quote.clone(),
                        vi: "số liệu khác với dòng chỉ tiêu đầu tiên; chỉ giữ số liệu của dòng đầu".into(),
                        en: "figures differ from the first target's row; only the first row's figures are kept".into(),
                    });
                }
                if let Some(t) = self.target(&p.name, p, Vec::new()) {
                    ind.targets.push(t);
                }
            }
            return ind;
        }
        // "Đánh giá chất lượng …" over shares of rating categories: a distribution.
        if item.parts.len() > 1
            && item.unit.is_empty()
            && item
                .parts
                .iter()
                .all(|p| p.parts.is_empty() && is_rating_category(&p.name))
            && item.parts.iter().any(|p| p.unit == "%")
        {
            let mut ind = self.base(item, IndicatorKind::Distribution);
            ind.measure = Some(Measure {
                unit: "%".into(),
                kind: MeasureKind::Percent,
            });
            ind.base = Self::observations(&item.values);
            let mut cat_ids = HashSet::new();
            let mut total = item.total;
            let mut parent_reported = item.clone();
            for p in &item.parts {
                let id = slug(&p.name, &mut cat_ids);
                ind.categories.push(Category {
                    id: id.clone(),
                    name: p.name.clone(),
                    values: Self::observations(&p.values),
                });
                if p.target.is_some() {
                    total = total.or(p.total);
                    parent_reported.target = p.target;
                    parent_reported.achievement = item.achievement.or(p.achievement);
                    parent_reported.over_points = item.over_points.or(p.over_points);
                    parent_reported.over_pct = item.over_pct.or(p.over_pct);
                    if let Some(t) = self.target(
                        &format!("{} ({})", self.label, p.name),
                        &parent_reported,
                        vec![id.clone()],
                    ) {
                        ind.targets.push(t);
                    }
                    self.unread.push(Unread {
                        row: p.row,
                        column: 0,
                        cell: p.quote.clone(),
                        vi: format!("chỉ tiêu {} được gắn với nhóm \"{}\" như bảng ghi; nếu chỉ tiêu tính gộp nhiều nhóm (ví dụ \"tốt trở lên\"), hãy sửa `categories` của mục tiêu", p.target.map(|d| d.fmt_vi()).unwrap_or_default(), p.name),
                        en: format!("the target {} is attached to the category \"{}\" as the table places it; if it counts several categories (e.g. \"good or better\"), edit the target's `categories`", p.target.map(|d| d.fmt_en()).unwrap_or_default(), p.name),
                    });
                } else if p.total.is_some() {
                    self.unread.push(Unread {
                        row: p.row,
                        column: 0,
                        cell: p.quote.clone(),
                        vi: "tổng của một nhóm không có chỉ tiêu được bỏ qua".into(),
                        en: "a total on a category without a target is left out".into(),
                    });
                }
            }
            ind.total = Self::figure(total);
            return ind;
        }
        let mut ind = self.base(item, IndicatorKind::Context);
        ind.values = Self::observations(&item.values);
        ind.total = Self::figure(item.total);
        if let Some(t) = self.target(self.label, item, Vec::new()) {
            ind.targets.push(t);
        }
        if item.achievement.is_some() && item.target.is_none() {
            self.unread.push(Unread {
                row: item.row,
                column: 0,
                cell: item.quote.clone(),
                vi: "có tỷ lệ đạt nhưng không có chỉ tiêu: tỷ lệ được bỏ qua".into(),
                en: "an achievement without a target: it is left out".into(),
            });
        }
        ind.parts = item.parts.iter().map(|p| self.indicator(p)).collect();
        ind.kind = kind_of(&ind, !ind.targets.is_empty());
        if ind.kind == IndicatorKind::Group {
            ind.measure = None;
        } else if !ind.parts.is_empty() {
            // A count whose parts are counts of the same unit is their sum
            // (632 = 183 + 449), so the checks can say when it is not.
            let unit = ind.unit().to_string();
            ind.parts_sum = ind.parts.iter().all(|p| {
                p.measure.as_ref().is_some_and(|m| {
                    m.kind == MeasureKind::Count && (unit.is_empty() || m.unit == unit)
                })
            }) && ind
                .measure
                .as_ref()
                .is_some_and(|m| m.kind == MeasureKind::Count);
            if ind.parts_sum && unit.is_empty() {
                if let (Some(m), Some(pm)) = (
                    ind.measure.as_mut(),
                    ind.parts.first().and_then(|p| p.measure.clone()),
                ) {
                    m.unit = pm.unit;
                }
            }
        }
        ind
    }
}

fn kind_of(ind: &Indicator, has_target: bool) -> IndicatorKind {
    let own = !ind.values.is_empty() || ind.total.is_some() || has_target;
    if !own && !ind.parts.is_empty() {
        return IndicatorKind::Group;
    }
    match ind.measure.as_ref().map(|m| m.kind) {
        Some(MeasureKind::Percent) => IndicatorKind::Rate,
        Some(MeasureKind::Money) => IndicatorKind::Money,
        Some(MeasureKind::Count) if has_target => IndicatorKind::Count,
        _ => IndicatorKind::Context,
    }
}

/// Places the rows in a tree: numbered items at the top, `-` under the last
/// numbered item, `+` under the last `-` item; an unnumbered row goes under
/// a numbered heading without figures, or beside an item with figures.
fn tree(rows: Vec<RowItem>) -> Vec<RowItem> {
    let mut top: Vec<RowItem> = Vec::new();
    for r in rows {
        let last_is_heading = top
            .last()
            .is_some_and(|t| t.marker == Marker::Numbered && !t.has_figures());
        match r.marker {
            Marker::Numbered => top.push(r),
            Marker::Plain if !last_is_heading => top.push(r),
            Marker::Plain | Marker::Dash => match top.last_mut() {
                Some(t) => t.parts.push(r),
                None => top.push(r),
            },
            Marker::Plus => match top.last_mut() {
                Some(t) => match t.parts.last_mut() {
                    Some(p) if p.marker == Marker::Dash => p.parts.push(r),
                    _ => t.parts.push(r),
                },
                None => top.push(r),
            },
        }
    }
    top
}

/// The export a table describes, validated like any export.
pub fn from_grid(file: &str, grid: &Grid) -> Result<Imported, LoadError> {
    let Some(head_at) = grid.rows.iter().position(|(_, cells)| is_header(cells)) else {
        return Err(fatal(
            file,
            0,
            0,
            "không tìm thấy dòng tiêu đề của bảng (cần các cột \"STT\" và \"Nội dung\")".into(),
            "no header row found (the table needs \"STT\" and \"Nội dung\" columns)".into(),
        ));
    };
    let (head_row, head) = &grid.rows[head_at];
    let sub = grid.rows.get(head_at + 1).map(|(_, c)| c.as_slice());
    let cols = header_columns(head, sub);
    if cols.of(Role::Name).is_none() {
        return Err(fatal(
            file,
            *head_row,
            0,
            "dòng tiêu đề không có cột \"Nội dung\"".into(),
            "the header row has no \"Nội dung\" column".into(),
        ));
    }
    if cols.periods.is_empty() && cols.of(Role::Total).is_none() {
        return Err(fatal(
            file,
            *head_row,
            0,
            "không nhận ra cột kỳ nào (ví dụ \"2021\", \"6 tháng 2023\", \"Quý III/2023\") hay cột \"Thực hiện\"".into(),
            "no period column (e.g. \"2021\", \"6 tháng 2023\", \"Quý III/2023\") nor a \"Thực hiện\" column was recognised".into(),
        ));
    }
    let mut builder = Builder {
        cols: &cols,
        first_column: grid.first_column,
        unread: Vec::new(),
    };
    // Header cells that are neither a known column nor a period.
    let sub_has_periods = sub.is_some_and(|s| s.iter().any(|c| parse_period(c.text()).is_some()));
    for (i, c) in head.iter().enumerate() {
        let known = cols.roles.iter().any(|(j, _)| *j == i)
            || cols.periods.iter().any(|(j, _)| *j == i)
            || fold(c.text()).contains("qua cac");
        if !known && !c.text().is_empty() {
            builder.unread(
                *head_row,
                i,
                c.text(),
                "cột không nhận ra; bỏ qua".into(),
                "column not recognised; left out".into(),
            );
        }
    }
    if let Some(sub) = sub.filter(|_| sub_has_periods) {
        for (i, c) in sub.iter().enumerate() {
            if !c.text().is_empty() && !cols.periods.iter().any(|(j, _)| *j == i) {
                builder.unread(
                    grid.rows[head_at + 1].0,
                    i,
                    c.text(),
                    "tên kỳ không nhận ra (ví dụ \"Năm 2021\", \"6 tháng 2023\", \"Quý III/2023\", \"9 tháng 2023\")".into(),
                    "period name not recognised (e.g. \"Năm 2021\", \"6 tháng 2023\", \"Quý III/2023\", \"9 tháng 2023\")".into(),
                );
            }
        }
    }
    // Title lines above the header: the dataset's title and the term.
    let title_lines: Vec<String> = grid.rows[..head_at]
        .iter()
        .flat_map(|(_, cells)| cells.iter().map(|c| c.text().to_string()))
        .filter(|t| !t.is_empty() && fold(t) != "phu luc")
        .collect();
    let term = title_lines.iter().find_map(|l| term_years(l));

    // Sections and rows.
    let mut sections: Vec<(Option<String>, String, Vec<RowItem>)> = Vec::new();
    let mut i = head_at + 1;
    if sub_has_periods {
        i += 1;
    }
    while let Some((row, cells)) = grid.rows.get(i) {
        i += 1;
        if cells.iter().all(|c| c.text().is_empty()) {
            continue;
        }
        if is_header(cells) {
            // The table broke across pages: skip the repeated header and its period row.
            if grid
                .rows
                .get(i)
                .is_some_and(|(_, c)| c.iter().any(|c| parse_period(c.text()).is_some()))
            {
                i += 1;
            }
            continue;
        }
        let stt = cols
            .of(Role::Number)
            .and_then(|c| cells.get(c))
            .map(|c| c.text().to_string())
            .unwrap_or_default();
        let name_cell = cols
            .of(Role::Name)
            .and_then(|c| cells.get(c))
            .map(|c| c.text().to_string())
            .unwrap_or_default();
        if roman_value(&stt).is_some() && !name_cell.is_empty() {
            sections.push((
                Some(stt.trim_end_matches('.').to_string()),
                name_cell,
                Vec::new(),
            ));
            continue;
        }
        if let Some(item) = builder.row(*row, cells) {
            if sections.is_empty() {
                sections.push((None, "Chỉ tiêu".into(), Vec::new()));
            }
            if let Some(s) = sections.last_mut() {
                s.2.push(item);
            }
        }
    }
    let mut unread = builder.unread;

    // Periods in column order, then the horizon of "Chỉ tiêu Nghị quyết".
    let mut periods: Vec<Period> = Vec::new();
    for (_, p) in &cols.periods {
        if !periods.iter().any(|q| q.id == p.id) {
            periods.push(p.clone());
        }
    }
    let last_end = periods.iter().filter_map(crate::load::period_end).max();
    let horizon = match term {
        Some((from, to)) => {
            periods.push(Period {
                id: "term".into(),
                kind: PeriodKind::Term,
                year: None,
                half: None,
                quarter: None,
                months: None,
                start: Month::new(from, 1),
                end: Month::new(to - 1, 12),
                label: Some(format!("Nhiệm kỳ {from}–{to}")),
            });
            "term".to_string()
        }
        None => {
            let first = periods.first().and_then(crate::load::period_start);
            unread.push(Unread {
                row: *head_row,
                column: 0,
                cell: String::new(),
                vi: "không thấy nhiệm kỳ (ví dụ \"nhiệm kỳ 2020-2025\") ở đầu bảng: chỉ tiêu được tính cho cả các kỳ trong bảng".into(),
                en: "no term (e.g. \"nhiệm kỳ 2020-2025\") above the table: targets are taken over all the periods in the table".into(),
            });
            periods.push(Period {
                id: "ca-giai-doan".into(),
                kind: PeriodKind::Range,
                year: None,
                half: None,
                quarter: None,
                months: None,
                start: first,
                end: last_end,
                label: Some("Cả giai đoạn trong bảng".into()),
            });
            "ca-giai-doan".to_string()
        }
    };
    let as_of = last_end.or_else(|| Month::new(2000, 1)).ok_or_else(|| {
        fatal(
            file,
            0,
            0,
            "không xác định được kỳ số liệu".into(),
            "no period".into(),
        )
    })?;

    let stem = file
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(file)
        .rsplit_once('.')
        .map_or(file, |(s, _)| s);
    let title = if title_lines.is_empty() {
        stem.to_string()
    } else {
        title_lines.join(" ")
    };
    let organisation = title_lines
        .iter()
        .find(|l| {
            let f = fold(l);
            f.contains("dang bo") || f.contains("dang uy") || f.contains("huyen uy")
        })
        .cloned()
        .unwrap_or_else(|| title.clone());
    let mut asm = Assemble {
        source: "bang",
        label: if cols.target_label.is_empty() {
            "Chỉ tiêu"
        } else {
            &cols.target_label
        },
        horizon: &horizon,
        ids: HashSet::new(),
        unread: &mut unread,
    };
    let mut section_ids = HashSet::new();
    let sections: Vec<Section> = sections
        .into_iter()
        .map(|(number, title, rows)| Section {
            id: slug(number.as_deref().unwrap_or(&title), &mut section_ids),
            number,
            title,
            indicators: tree(rows).iter().map(|r| asm.indicator(r)).collect(),
        })
        .collect();
    let mut taken = HashSet::new();
    let export = Export {
        format: FORMAT_NAME.to_string(),
        version: FORMAT_VERSION,
        dataset: Dataset {
            id: slug(stem, &mut taken),
            title: title.clone(),
            organisation: organisation.clone(),
            as_of,
            description: Some(format!("Nhập từ bảng {file}")),
        },
        sources: vec![Source {
            id: "bang".into(),
            title: format!("Bảng {file}"),
            number: None,
            issuer: None,
            date: None,
        }],
        periods,
        units: vec![Unit {
            id: "don-vi".into(),
            name: organisation,
            sections,
        }],
    };
    let json = serde_json::to_vec(&export).map_err(|e| {
        fatal(
            file,
            0,
            0,
            format!("lỗi nội bộ: {e}"),
            format!("internal error: {e}"),
        )
    })?;
    let loaded = load(file, &json)?;
    Ok(Imported { loaded, unread })
}

/// `NHIỆM KỲ 2020-2025` / `nhiệm kỳ 2020 – 2025` → (2020, 2025).
fn term_years(line: &str) -> Option<(i32, i32)> {
    let f = fold(line);
    let at = f.find("nhiem ky")?;
    let years: Vec<i32> = f[at..]
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .filter(|y| (1900..=2200).contains(y))
        .take(2)
        .collect();
    match years.as_slice() {
        [a, b] if b > a => Some((*a, *b)),
        _ => None,
    }
}
