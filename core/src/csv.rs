//! Tables as CSV that Excel opens with Vietnamese text intact: UTF-8 with a
//! byte order mark, every field quoted, CRLF line ends. The one CSV writer of
//! the dashboard: an indicator's data table here, the units charts' rows in
//! the app, both through [`document`].

use crate::load::Loaded;
use crate::text::Lang;
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

/// The indicator's figures per period (and per category for distributions),
/// its printed total and its targets, as printed.
pub fn indicator_csv(l: &Loaded, ind: &Indicator, lang: Lang) -> String {
    let label = |p: &str| l.period_label(p, lang);
    let unit = ind.unit().to_string();
    let mut rows = vec![vec![
        lang.pick("Chỉ tiêu", "Indicator").into(),
        lang.pick("Kỳ", "Period").into(),
        lang.pick("Số liệu", "Figure").into(),
        lang.pick("Đơn vị tính", "Unit").into(),
    ]];
    for o in &ind.values {
        let figure = match (o.value, &o.text) {
            (Some(v), _) => lang.num(v),
            (None, Some(t)) => t.clone(),
            (None, None) => String::new(),
        };
        rows.push(vec![
            ind.name.clone(),
            label(&o.period),
            figure,
            unit.clone(),
        ]);
    }
    for c in &ind.categories {
        for o in &c.values {
            let figure = o.value.map(|v| lang.num(v)).unwrap_or_default();
            rows.push(vec![
                format!("{} – {}", ind.name, c.name),
                label(&o.period),
                figure,
                "%".into(),
            ]);
        }
    }
    if let Some(t) = &ind.total {
        rows.push(vec![
            ind.name.clone(),
            lang.pick("Thực hiện", "Total").into(),
            lang.num(t.value),
            unit.clone(),
        ]);
    }
    for t in &ind.targets {
        let value = t.value.map(|v| lang.num(v)).unwrap_or_default();
        rows.push(vec![
            ind.name.clone(),
            format!("{} ({})", t.label, label(&t.horizon)),
            value,
            unit.clone(),
        ]);
    }
    document(&rows)
}

#[cfg(test)]
mod tests {
    use super::document;

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
