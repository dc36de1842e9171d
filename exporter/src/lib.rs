//! A page's tables as an Excel workbook, one sheet per table: figures as
//! real numbers with a display format (`#,##0`, `#,##0.00`, `0.00%`) that
//! Excel shows with the reader's own separators (`1.200`, `79,42%` in
//! Vietnamese: a format code is stored with `,` and `.` and each reader's
//! Excel writes its own, so `#.##0` would mean a decimal point), text as text
//! (never a formula). Each sheet starts with its title lines (the report,
//! the organisation and month, the sources), then the header row in bold.
//!
//! A workbook stores numbers as binary doubles: each figure goes from its
//! exact decimal text to the nearest double once, here, and is never
//! computed with (the same rule as reading a workbook, ARCHITECTURE.md).

pub mod sheets;

use chitieu_core::csv::Cell;
use chitieu_core::load::load;
use chitieu_core::text::Lang;
use chitieu_format::dec::Dec;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// One sheet: its name, the lines above its table and the table, the header first.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub title: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Which of the dashboard's own tables a request asks for, besides the
/// tables the page sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wanted {
    /// Only the tables sent (a chart's figures).
    Sent,
    /// Every indicator as the overview lists it, then the units side by side
    /// when there are several.
    Overview,
    /// The units side by side, then the tables sent (the units charts').
    Units,
}

impl Wanted {
    /// From the page's message: `"overview"`, `"units"`, anything else the tables sent.
    pub fn from_code(code: &str) -> Wanted {
        match code {
            "overview" => Wanted::Overview,
            "units" => Wanted::Units,
            _ => Wanted::Sent,
        }
    }
}

/// The sheets of a request: the export it is about (`export`, its bytes as
/// loaded on the page; none or unreadable: sheets without title lines), the
/// tables asked for and the tables sent, each `(name, rows)`.
pub fn requested(
    export: &[u8],
    lang: Lang,
    wanted: Wanted,
    sent: Vec<(String, Vec<Vec<Cell>>)>,
) -> Vec<Sheet> {
    let loaded = (!export.is_empty())
        .then(|| load("export.json", export).ok())
        .flatten();
    let title = loaded
        .as_ref()
        .map(|l| sheets::title_lines(l, lang))
        .unwrap_or_default();
    let sheet = |name: &str, rows| Sheet {
        name: name.to_string(),
        title: title.clone(),
        rows,
    };
    let mut out = Vec::new();
    if let Some(l) = &loaded {
        let units = || {
            sheet(
                lang.pick("So sánh các đơn vị", "Units"),
                sheets::units(l, lang),
            )
        };
        match wanted {
            Wanted::Overview => {
                out.push(sheet(
                    lang.pick("Tổng quan", "Overview"),
                    sheets::overview(l, lang),
                ));
                if l.export.units.len() > 1 {
                    out.push(units());
                }
            }
            Wanted::Units => out.push(units()),
            Wanted::Sent => {}
        }
    }
    out.extend(sent.into_iter().map(|(name, rows)| sheet(&name, rows)));
    out
}

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
    header: Option<&Format>,
) -> Result<(), XlsxError> {
    let figure = match (cell, header) {
        (Cell::Text(t), Some(bold)) => {
            return sheet
                .write_string_with_format(row, col, t, bold)
                .map(|_| ())
        }
        (Cell::Text(t), None) => return sheet.write_string(row, col, t).map(|_| ()),
        (Cell::Number(d), _) => double(*d).map(|v| (v, number_format(*d, false))),
        // 79.42 points is 0.7942 shown as 79,42%: the division is exact.
        (Cell::Percent(d), _) => d
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

/// The workbook of these sheets: each its title lines (the first larger),
/// an empty row, then its table with the header row in bold and frozen
/// above the rows; its bytes, ready to download.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let heading = Format::new().set_bold().set_font_size(14);
    let mut taken: Vec<String> = Vec::new();
    for s in sheets {
        let name = sheet_name(&s.name, &taken);
        let sheet = book.add_worksheet();
        sheet.set_name(&name)?;
        taken.push(name);
        let lines = u32::try_from(s.title.len().min(10)).unwrap_or(10);
        let top = if lines == 0 { 0 } else { lines + 1 };
        for (r, cells) in s.rows.iter().take(MAX_ROWS).enumerate() {
            let r = u32::try_from(r).unwrap_or(u32::MAX);
            for (c, cell) in cells.iter().take(1000).enumerate() {
                let c = u16::try_from(c).unwrap_or(u16::MAX);
                write_cell(sheet, top + r, c, cell, (r == 0).then_some(&bold))?;
            }
        }
        // Columns fit the table, not the title lines, which run on over
        // the empty cells beside them; a long reason wraps at 400 px.
        sheet.set_autofit_max_width(400).autofit();
        if !s.rows.is_empty() {
            sheet.set_freeze_panes(top + 1, 0)?;
        }
        for (r, line) in s.title.iter().take(10).enumerate() {
            let r = u32::try_from(r).unwrap_or(0);
            let f = if r == 0 { &heading } else { &bold };
            sheet.write_string_with_format(r, 0, line, f)?;
        }
    }
    book.save_to_buffer()
}
