//! Reading a table's bytes into a grid of cells: `.xlsx` workbooks (behind
//! the `xlsx` feature), CSV, and tab-separated text pasted from Word or Excel.

use super::{fatal, Cell, Form, Grid};
use crate::load::LoadError;
use crate::text::fold;

/// The grid of a table in any of the forms the importer reads.
pub(super) fn grid(file: &str, bytes: &[u8]) -> Result<Grid, LoadError> {
    let form = Form::detect(bytes);
    if form == Form::Xlsx {
        return xlsx(file, bytes);
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
pub(super) fn xlsx(file: &str, _bytes: &[u8]) -> Result<Grid, LoadError> {
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
pub(super) fn xlsx(file: &str, bytes: &[u8]) -> Result<Grid, LoadError> {
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
            ((row0 as usize).saturating_add(i).saturating_add(1), cells)
        })
        .collect();
    Ok(Grid {
        rows,
        first_column: (col0 as usize).saturating_add(1),
    })
}
