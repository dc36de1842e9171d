//! Tables as CSV that Excel opens with Vietnamese text intact and a machine
//! reads as numbers: UTF-8 with a byte order mark, every field quoted, CRLF
//! line ends, figures plain (`1200`, `20.58`). The one CSV writer of the
//! dashboard: an indicator's table here, the units charts' rows in the app,
//! both as [`Cell`]s through [`cells_document`]; the same cells become a
//! workbook's sheets in the export worker.

use crate::load::Loaded;
use crate::text::Lang;
use chitieu_format::dec::Dec;
use chitieu_format::model::Indicator;

/// Whether a cell is a figure as written (`-5`, `+1.200,5`, `-12,5%`), which
/// a spreadsheet reads as a number, never as a formula.
fn is_figure(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    body.starts_with(|c: char| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | ' '))
}

/// A cell as a quoted CSV field. A cell that a spreadsheet would run as a
/// formula (starting with `=`, `+`, `-`, `@`, TAB or CR, and not a figure)
/// gets a leading `'`, as OWASP's CSV-injection guidance says: a name or note
/// from an imported table is shown as text, never executed.
fn field(text: &str) -> String {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_figure(text);
    let quote = if risky { "'" } else { "" };
    format!("\"{quote}{}\"", text.replace('"', "\"\""))
}

fn line(fields: &[String]) -> String {
    let mut s = fields
        .iter()
        .map(|f| field(f))
        .collect::<Vec<_>>()
        .join(",");
    s.push_str("\r\n");
    s
}

/// A CSV document of these rows (the first one the header): a byte order
/// mark, then each row's fields quoted, separated by commas, ended by CRLF.
pub fn document(rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{feff}");
    for r in rows {
        out.push_str(&line(r));
    }
    out
}

/// One cell of a table: text, or a figure written for machines (`1200`,
/// `20.58`: dot decimal, no thousands separator), which a workbook keeps as
/// a number with a display format.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    /// A count, an amount or a rank.
    Number(Dec),
    /// A percentage in points: `79.42` is 79,42%.
    Percent(Dec),
}

impl Cell {
    /// The cell as CSV text: figures plain, as `Dec::to_plain` writes them.
    pub fn plain(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(d) | Cell::Percent(d) => d.to_plain(),
        }
    }
}

/// A table of cells as a CSV document (see [`document`]).
pub fn cells_document(rows: &[Vec<Cell>]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(Cell::plain).collect())
        .collect();
    document(&rows)
}

/// The indicator's figures per period (and per category for distributions),
/// its printed total and its targets, as printed: the header in the
/// interface language, the figures plain.
pub fn indicator_table(l: &Loaded, ind: &Indicator, lang: Lang) -> Vec<Vec<Cell>> {
    let label = |p: &str| Cell::Text(l.period_label(p, lang));
    let text = |t: &str| Cell::Text(t.to_string());
    let name = || text(&ind.name);
    let unit = || text(ind.unit());
    let mut rows = vec![vec![
        text(lang.pick("Chỉ tiêu", "Indicator")),
        text(lang.pick("Kỳ", "Period")),
        text(lang.pick("Số liệu", "Figure")),
        text(lang.pick("Đơn vị tính", "Unit")),
    ]];
    for o in &ind.values {
        let figure = match (o.value, &o.text) {
            (Some(v), _) => Cell::Number(v),
            (None, Some(t)) => text(t),
            (None, None) => text(""),
        };
        rows.push(vec![name(), label(&o.period), figure, unit()]);
    }
    for c in &ind.categories {
        for o in &c.values {
            let figure = o.value.map_or_else(|| text(""), Cell::Percent);
            let who = Cell::Text(format!("{} – {}", ind.name, c.name));
            rows.push(vec![who, label(&o.period), figure, text("%")]);
        }
    }
    if let Some(t) = &ind.total {
        let total = text(lang.pick("Thực hiện", "Total"));
        rows.push(vec![name(), total, Cell::Number(t.value), unit()]);
    }
    for t in &ind.targets {
        let value = t.value.map_or_else(|| text(""), Cell::Number);
        let what = Cell::Text(format!(
            "{} ({})",
            t.label,
            l.period_label(&t.horizon, lang)
        ));
        rows.push(vec![name(), what, value, unit()]);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::{cells_document, document, Cell};
    use chitieu_format::dec::Dec;

    #[test]
    fn csv_figures_are_plain_numbers_for_machines_not_vietnamese_text() {
        let d = |t: &str| Dec::parse(t).unwrap();
        let rows = vec![vec![
            Cell::Text("Doanh thu".into()),
            Cell::Number(d("1200")),
            Cell::Number(d("20.58")),
            Cell::Percent(d("79.42")),
            Cell::Number(d("-5.5")),
        ]];
        assert_eq!(
            cells_document(&rows),
            "\u{feff}\"Doanh thu\",\"1200\",\"20.58\",\"79.42\",\"-5.5\"\r\n"
        );
    }

    #[test]
    fn csv_injection_a_formula_in_a_name_or_note_is_written_as_text() {
        let rows = vec![vec![
            "=HYPERLINK(\"http://x\")".to_string(),
            "+1+1".to_string(),
            "-2+3+cmd|' /C calc'!A0".to_string(),
            "@SUM(A1)".to_string(),
            "\tx".to_string(),
            "\rx".to_string(),
        ]];
        let out = document(&rows);
        for cell in out.trim_start_matches('\u{feff}').trim_end().split("\",\"") {
            assert!(cell.trim_start_matches('"').starts_with('\''), "{cell}");
        }
    }

    #[test]
    fn csv_injection_guard_leaves_negative_and_signed_figures_as_they_are() {
        let rows = vec![vec![
            "-5".to_string(),
            "-1.200,5".to_string(),
            "+2,11%".to_string(),
            "Hội - Đoàn".to_string(),
        ]];
        assert_eq!(
            document(&rows),
            "\u{feff}\"-5\",\"-1.200,5\",\"+2,11%\",\"Hội - Đoàn\"\r\n"
        );
    }

    #[test]
    fn a_document_starts_with_a_byte_order_mark_and_quotes_every_field() {
        let rows = vec![
            vec!["Đơn vị".to_string(), "Xếp hạng".to_string()],
            vec!["Hội \"Nông dân\"".to_string(), "1".to_string()],
        ];
        assert_eq!(
            document(&rows),
            "\u{feff}\"Đơn vị\",\"Xếp hạng\"\r\n\"Hội \"\"Nông dân\"\"\",\"1\"\r\n"
        );
    }
}
