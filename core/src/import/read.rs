//! Reading a table's bytes into a grid of cells: `.xlsx` workbooks (behind
//! the `xlsx` feature), CSV, and tab-separated text pasted from Word or Excel.

use super::{fatal, Cell, Form, Grid};
use crate::load::LoadError;
use crate::text::fold;

/// The grid of a table in any of the forms the importer reads.
pub(super) fn grid(file: &str, bytes: &[u8]) -> Result<Grid, LoadError> {
    let form = Form::of(file, bytes);
    if form == Form::Docx {
        return docx(file, bytes);
    }
    if form == Form::Xlsx {
        return xlsx(file, bytes);
    }
    if named_as_workbook(file) {
        return Err(not_a_workbook(file));
    }
    // Excel's "Unicode Text" and Notepad's "Unicode" are UTF-16: read them as they are.
    let utf16 = crate::text::decode_utf16(bytes);
    let bytes = utf16.as_deref().map_or(bytes, str::as_bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        if let Some((vi, en)) = crate::text::utf16_problem(bytes) {
            return fatal(file, 0, 0, vi, en);
        }
        fatal(
            file,
            0,
            0,
            format!(
                "bảng không phải văn bản UTF-8 (byte thứ {}); hãy lưu CSV dạng UTF-8",
                e.valid_up_to().saturating_add(1)
            ),
            format!(
                "the table is not UTF-8 text (byte {}); save the CSV as UTF-8",
                e.valid_up_to().saturating_add(1)
            ),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if form == Form::Tsv {
        Ok(tsv(text))
    } else {
        csv(file, text)
    }
}

/// Text pasted from Word or Excel: one row per line, cells separated by tabs.
pub(super) fn tsv(text: &str) -> Grid {
    Grid {
        rows: text
            .lines()
            .enumerate()
            .map(|(i, line)| {
                (
                    i.saturating_add(1),
                    line.split('\t').map(text_cell).collect(),
                )
            })
            .collect(),
        first_column: 1,
    }
}

/// A cell of text; a tab or line break inside it (a CSV cell may hold
/// them) is a space, as the cell reads.
fn text_cell(s: &str) -> Cell {
    let t = s.trim();
    if t.is_empty() {
        Cell::Empty
    } else if t.contains(char::is_control) {
        Cell::Text(t.replace(char::is_control, " "))
    } else {
        Cell::Text(t.to_string())
    }
}

/// CSV as Excel saves it: comma-separated, or semicolon-separated where the
/// decimal mark is a comma (Vietnamese settings), with quoted cells.
pub(super) fn csv(file: &str, text: &str) -> Result<Grid, LoadError> {
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
    // Line numbers counted as the records go, each byte once (counting from
    // the start for every record took 6 s for 30,000 rows).
    let (mut line, mut counted) = (1usize, 0usize);
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
        let row = record.position().map_or(rows.len().saturating_add(1), |p| {
            let bytes = text.as_bytes();
            let mut at = usize::try_from(p.byte())
                .unwrap_or(usize::MAX)
                .min(bytes.len());
            // After a CRLF row the next record's offset points at its `\n`.
            while bytes.get(at).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
                at = at.saturating_add(1);
            }
            if let Some(between) = bytes.get(counted..at) {
                line = line.saturating_add(between.iter().filter(|&&b| b == b'\n').count());
                counted = at;
            }
            line
        });
        if let Some(col) = record.iter().position(|f| swallowed_rows(f, delimiter)) {
            return Err(unbalanced_quote(
                file,
                row,
                col,
                record.get(col).unwrap_or(""),
            ));
        }
        rows.push((row, record.iter().map(text_cell).collect()));
    }
    Ok(Grid {
        rows,
        first_column: 1,
    })
}

/// Whether a CSV field holds lines that look like rows of their own: a quote
/// opened and never closed reads the rest of the file as one cell.
fn swallowed_rows(field: &str, delimiter: u8) -> bool {
    field
        .lines()
        .skip(1)
        .any(|l| l.bytes().filter(|&b| b == delimiter).count() >= 2)
}

fn unbalanced_quote(file: &str, row: usize, col: usize, field: &str) -> LoadError {
    let at = format!("{}{row}", super::column_letter(col.saturating_add(1)));
    let first = crate::load::excerpt(field.lines().next().unwrap_or(""));
    let lines = field.lines().count().saturating_sub(1);
    fatal(
        file,
        row,
        col.saturating_add(1),
        format!(
            "ô {at} («{first}») mở dấu ngoặc kép (\") mà không đóng, nên {lines} dòng sau bị đọc thành một ô: hãy xoá hoặc đóng dấu ngoặc kép đó"
        ),
        format!(
            "cell {at} («{first}») opens a quote (\") that is never closed, so the {lines} lines after it read as one cell: remove or close that quote"
        ),
    )
}

/// A Word report: with the `xlsx` feature (zip and quick-xml), its tables;
/// a zip that is a workbook after all, as a workbook.
#[cfg(feature = "xlsx")]
fn docx(file: &str, bytes: &[u8]) -> Result<Grid, LoadError> {
    if bytes.starts_with(b"PK\x03\x04") && !super::docx::is_docx(bytes) && !named_as_document(file)
    {
        return xlsx(file, bytes);
    }
    super::docx::grid(file, bytes)
}

/// Without the `xlsx` feature (the dashboard's own bundle), a Word report
/// is refused with a reason.
#[cfg(not(feature = "xlsx"))]
fn docx(file: &str, _bytes: &[u8]) -> Result<Grid, LoadError> {
    Err(fatal(
        file,
        0,
        0,
        "bản dựng này không đọc được văn bản Word (.docx)".into(),
        "this build cannot read Word documents (.docx)".into(),
    ))
}

#[cfg(feature = "xlsx")]
fn named_as_document(file: &str) -> bool {
    file.to_ascii_lowercase().ends_with(".docx")
}

/// Without the `xlsx` feature (the dashboard's own bundle, which leaves
/// workbooks to its import worker), a workbook is refused with a reason.
#[cfg(not(feature = "xlsx"))]
pub(super) fn xlsx(file: &str, _bytes: &[u8]) -> Result<Grid, LoadError> {
    Err(fatal(
        file,
        0,
        0,
        "bản dựng này không đọc được tệp Excel (.xlsx)".into(),
        "this build cannot read Excel workbooks (.xlsx)".into(),
    ))
}

/// Caps on what a workbook may hold, checked before anything of its size is
/// allocated (a 2 KB workbook can name a cell at XFD1048576, and a 1.5 MB zip
/// can inflate to gigabytes: either would abort the importer, natively or in
/// its Web Worker). A committee's appendix is a few hundred rows of a dozen
/// columns, and its workbook inflates to a few MB.
#[cfg(feature = "xlsx")]
pub(super) mod caps {
    /// Files in the workbook's zip (a workbook has a few dozen).
    pub(in crate::import) const ENTRIES: usize = 10_000;
    /// Bytes one file of the workbook may inflate to.
    pub(in crate::import) const ENTRY_BYTES: u64 = 100_000_000;
    /// Bytes all the files of the workbook may inflate to together.
    pub(in crate::import) const TOTAL_BYTES: u64 = 200_000_000;
    /// Rows and columns, as Excel numbers them, that may hold content.
    pub(in crate::import) const ROWS: u32 = 10_000;
    pub(in crate::import) const COLUMNS: u32 = 500;
    /// Cells of the grid (the rectangle from the first to the last content).
    pub(in crate::import) const CELLS: usize = 1_000_000;
}

/// Whether a file's name says it is a workbook.
fn named_as_workbook(file: &str) -> bool {
    let lower = file.to_ascii_lowercase();
    lower.ends_with(".xlsx") || lower.ends_with(".xlsm")
}

/// A file named `.xlsx` that is not a zip: an HTML page or an old `.xls`
/// renamed, which Excel opens but is not a workbook.
fn not_a_workbook(file: &str) -> LoadError {
    fatal(
        file,
        0,
        0,
        "tệp này không phải sổ tính Excel (.xlsx): hãy mở bằng Excel rồi lưu lại dạng \
         \"Excel Workbook (.xlsx)\""
            .into(),
        "this is not an Excel workbook (.xlsx): open it in Excel and save it as \
         \"Excel Workbook (.xlsx)\""
            .into(),
    )
}

/// The first sheet of a workbook.
#[cfg(feature = "xlsx")]
pub(super) fn xlsx(file: &str, bytes: &[u8]) -> Result<Grid, LoadError> {
    use calamine::{Reader, Xlsx, XlsxError};
    inflated_size_within_caps(file, bytes, not_a_workbook)?;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| unreadable(file, &e))?;
    let Some(name) = book.sheet_names().into_iter().next() else {
        return Err(unreadable(file, &"no sheet"));
    };
    let mut reader = match book.worksheet_cells_reader(&name) {
        Ok(r) => r,
        // A chart sheet first: no cells, as calamine's own range reads it.
        Err(XlsxError::NotAWorksheet(_)) => {
            return Ok(Grid {
                rows: Vec::new(),
                first_column: 1,
            })
        }
        Err(e) => return Err(unreadable(file, &e)),
    };
    // The cells that hold something, streamed: never a grid of the sheet's
    // declared dimension, nor of cells outside the caps.
    let mut cells: Vec<((u32, u32), Cell)> = Vec::new();
    while let Some(c) = reader.next_cell().map_err(|e| unreadable(file, &e))? {
        let value = c.get_value();
        if *value == calamine::DataRef::Empty {
            continue;
        }
        let cell = cell_of(value.clone().into());
        let (row, col) = c.get_position();
        if row >= caps::ROWS || col >= caps::COLUMNS {
            // Formatted or blank cells far from the table are common: only content counts.
            if cell == Cell::Empty {
                continue;
            }
            return Err(outside_the_caps(file, row, col));
        }
        if cells.len() >= caps::CELLS {
            return Err(too_many_cells(file));
        }
        cells.push(((row, col), cell));
    }
    dense(file, cells)
}

/// The rectangle from the first to the last content, as calamine's range
/// would hold it, from the cells that hold something (at most the caps).
#[cfg(feature = "xlsx")]
fn dense(file: &str, cells: Vec<((u32, u32), Cell)>) -> Result<Grid, LoadError> {
    let Some((row0, col0, row1, col1)) = cells.iter().fold(None, |b, ((r, c), _)| {
        let (r, c) = (*r, *c);
        Some(
            b.map_or((r, c, r, c), |(r0, c0, r1, c1): (u32, u32, u32, u32)| {
                (r0.min(r), c0.min(c), r1.max(r), c1.max(c))
            }),
        )
    }) else {
        return Ok(Grid {
            rows: Vec::new(),
            first_column: 1,
        });
    };
    // Within the caps: at most 10,000 rows of 500 columns.
    let height = row1.saturating_sub(row0).saturating_add(1) as usize;
    let width = col1.saturating_sub(col0).saturating_add(1) as usize;
    if height.checked_mul(width).is_none_or(|n| n > caps::CELLS) {
        return Err(too_many_cells(file));
    }
    let mut rows: Vec<(usize, Vec<Cell>)> = (row0..=row1)
        .map(|r| ((r as usize).saturating_add(1), vec![Cell::Empty; width]))
        .collect();
    for ((r, c), cell) in cells {
        let at = (
            r.saturating_sub(row0) as usize,
            c.saturating_sub(col0) as usize,
        );
        // A cell given twice keeps its last value, as in calamine's range.
        if let Some(slot) = rows.get_mut(at.0).and_then(|(_, row)| row.get_mut(at.1)) {
            *slot = cell;
        }
    }
    Ok(Grid {
        rows,
        first_column: (col0 as usize).saturating_add(1),
    })
}

/// A workbook's cell value as a cell of the grid.
#[cfg(feature = "xlsx")]
fn cell_of(value: calamine::Data) -> Cell {
    use calamine::Data;
    match value {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => text_cell(&s),
        Data::Int(n) => Cell::Number(n.to_string()),
        // A workbook stores numbers in binary floating point. The
        // shortest text that reads back as the same number is the
        // decimal that was typed (up to 15 significant digits), so
        // the figure is taken from that text, never computed with.
        Data::Float(f) => Cell::Number(format!("{f}")),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(d) => Cell::Text(d.to_string()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

/// Refuses a workbook whose zip holds too many files, or inflates to more
/// than the caps: every file is inflated (into nothing) and its bytes
/// counted, since the sizes a zip declares can lie.
#[cfg(feature = "xlsx")]
pub(super) fn inflated_size_within_caps(
    file: &str,
    bytes: &[u8],
    not_a_zip: fn(&str) -> LoadError,
) -> Result<(), LoadError> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| not_a_zip(file))?;
    if zip.len() > caps::ENTRIES {
        return Err(fatal(
            file,
            0,
            0,
            format!(
                "tệp Excel chứa quá nhiều tệp con (trên {}): có thể tệp bị hỏng hoặc không phải bảng số liệu",
                vi_number(caps::ENTRIES as u64)
            ),
            format!(
                "the workbook holds too many files (over {}): it may be damaged or not a table of figures",
                en_number(caps::ENTRIES as u64)
            ),
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|e| unreadable(file, &e))?;
        if entry.size() > caps::ENTRY_BYTES {
            return Err(inflates_too_much(file, caps::ENTRY_BYTES));
        }
        // One byte past what is left shows the cap is passed.
        let left = caps::TOTAL_BYTES.saturating_sub(total);
        let limit = caps::ENTRY_BYTES.min(left).saturating_add(1);
        let n = std::io::copy(&mut entry.take(limit), &mut std::io::sink())
            .map_err(|e| unreadable(file, &e))?;
        if n > caps::ENTRY_BYTES {
            return Err(inflates_too_much(file, caps::ENTRY_BYTES));
        }
        total = total.saturating_add(n);
        if total > caps::TOTAL_BYTES {
            return Err(inflates_too_much(file, caps::TOTAL_BYTES));
        }
    }
    Ok(())
}

#[cfg(feature = "xlsx")]
pub(super) fn unreadable(file: &str, e: &dyn std::fmt::Display) -> LoadError {
    fatal(
        file,
        0,
        0,
        format!("không đọc được tệp Excel (.xlsx): {e}"),
        format!("the Excel workbook (.xlsx) could not be read: {e}"),
    )
}

#[cfg(feature = "xlsx")]
fn inflates_too_much(file: &str, cap: u64) -> LoadError {
    let mb = cap / 1_000_000;
    fatal(
        file,
        0,
        0,
        format!(
            "tệp Excel giải nén ra quá lớn (trên {mb} MB): có thể tệp bị hỏng hoặc không phải bảng số liệu"
        ),
        format!(
            "the workbook inflates to more than {mb} MB: it may be damaged or not a table of figures"
        ),
    )
}

/// A cell with content beyond the rows and columns read, named as Excel names it.
#[cfg(feature = "xlsx")]
fn outside_the_caps(file: &str, row: u32, col: u32) -> LoadError {
    let (row, col) = (
        (row as usize).saturating_add(1),
        (col as usize).saturating_add(1),
    );
    let at = format!("{}{row}", super::column_letter(col));
    let (rows, cols) = (u64::from(caps::ROWS), u64::from(caps::COLUMNS));
    fatal(
        file,
        row,
        col,
        format!(
            "ô {at} nằm ngoài vùng bảng đọc được (tối đa {} dòng, {} cột): hãy xoá nội dung ô đó, \
             hoặc chép bảng sang một trang tính mới",
            vi_number(rows),
            vi_number(cols)
        ),
        format!(
            "cell {at} lies outside the area read as the table (at most {} rows, {} columns): \
             clear that cell, or copy the table to a new sheet",
            en_number(rows),
            en_number(cols)
        ),
    )
}

#[cfg(feature = "xlsx")]
fn too_many_cells(file: &str) -> LoadError {
    let n = caps::CELLS as u64;
    fatal(
        file,
        0,
        0,
        format!(
            "bảng quá lớn: vùng có nội dung trên {} ô; hãy chép riêng bảng chỉ tiêu sang một trang tính mới",
            vi_number(n)
        ),
        format!(
            "the table is too large: its area with content is over {} cells; copy the indicator table alone to a new sheet",
            en_number(n)
        ),
    )
}

/// `10000` → `10.000`.
#[cfg(feature = "xlsx")]
fn vi_number(n: u64) -> String {
    grouped(n, '.')
}

/// `10000` → `10,000`.
#[cfg(feature = "xlsx")]
fn en_number(n: u64) -> String {
    grouped(n, ',')
}

#[cfg(feature = "xlsx")]
fn grouped(n: u64, mark: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && digits.len().saturating_sub(i) % 3 == 0 {
            out.push(mark);
        }
        out.push(d);
    }
    out
}
