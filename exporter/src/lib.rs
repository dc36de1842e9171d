//! A page's tables as an Excel workbook, one sheet per table: figures as
//! real numbers with a display format (`#,##0`, `#,##0.00`, `0.00%`) that
//! Excel shows with the reader's own separators (`1.200`, `79,42%` in
//! Vietnamese), text as text (never a formula), the header row bold.
//!
//! A workbook stores numbers as binary doubles: each figure goes from its
//! exact decimal text to the nearest double once, here, and is never
//! computed with (the same rule as reading a workbook, ARCHITECTURE.md).

use chitieu_core::csv::Cell;
use chitieu_format::dec::Dec;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// At most this many rows per sheet are written (a province's roll-up has
/// fewer than 40,000 indicators; Excel's own limit is 1,048,576).
pub const MAX_ROWS: usize = 200_000;

/// A sheet's name as Excel accepts it: none of `[]:*?/\`, at most 31
/// characters, never empty, unique within the workbook.
fn sheet_name(wanted: &str, taken: &[String]) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .filter(|c| !c.is_control())
        .take(28)
        .collect();
    let base = match clean.trim().trim_matches('\'') {
        "" => "Sheet".to_string(),
        t => t.to_string(),
    };
    let mut name = base.clone();
    let mut n = 1u32;
    while taken
        .iter()
        .any(|t| t.to_lowercase() == name.to_lowercase())
    {
        n = n.saturating_add(1);
        name = format!("{base} {n}");
    }
    name
}

/// `#,##0` with the figure's own decimals (`#,##0.00` for `20.58`).
fn number_format(d: Dec, percent: bool) -> String {
    let decimals = "0".repeat(d.scale().min(10) as usize);
    let point = if decimals.is_empty() { "" } else { "." };
    if percent {
        format!("0{point}{decimals}%")
    } else {
        format!("#,##0{point}{decimals}")
    }
}

/// A figure's exact text as the double a workbook stores.
fn double(d: Dec) -> Option<f64> {
    d.to_plain().parse::<f64>().ok().filter(|v| v.is_finite())
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    bold: &Format,
) -> Result<(), XlsxError> {
    let figure = match cell {
        Cell::Text(t) if row == 0 => {
            return sheet
                .write_string_with_format(row, col, t, bold)
                .map(|_| ())
        }
        Cell::Text(t) => return sheet.write_string(row, col, t).map(|_| ()),
        Cell::Number(d) => double(*d).map(|v| (v, number_format(*d, false))),
        // 79.42 points is 0.7942 shown as 79,42%: the division is exact.
        Cell::Percent(d) => d
            .checked_div(Dec::ONE_HUNDRED)
            .and_then(double)
            .map(|v| (v, number_format(*d, true))),
    };
    match figure {
        Some((v, fmt)) => {
            sheet.write_number_with_format(row, col, v, &Format::new().set_num_format(fmt))
        }
        None => sheet.write_string(row, col, cell.plain()),
    }
    .map(|_| ())
}

/// The workbook of these tables, each `(name, rows)` a sheet whose first row
/// is the header; its bytes, ready to download.
pub fn workbook(tables: &[(String, Vec<Vec<Cell>>)]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let mut taken: Vec<String> = Vec::new();
    for (name, rows) in tables {
        let name = sheet_name(name, &taken);
        let sheet = book.add_worksheet();
        sheet.set_name(&name)?;
        taken.push(name);
        for (r, cells) in rows.iter().take(MAX_ROWS).enumerate() {
            let r = u32::try_from(r).unwrap_or(u32::MAX);
            for (c, cell) in cells.iter().take(1000).enumerate() {
                let c = u16::try_from(c).unwrap_or(u16::MAX);
                write_cell(sheet, r, c, cell, &bold)?;
            }
        }
        sheet.autofit();
    }
    book.save_to_buffer()
}
