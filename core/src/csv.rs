//! An indicator's data table as CSV that Excel opens with Vietnamese text
//! intact: UTF-8 with a byte order mark, every field quoted.

use crate::load::Loaded;
use crate::text::Lang;
use chitieu_format::model::Indicator;

fn field(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
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

/// The indicator's figures per period (and per category for distributions),
/// its printed total and its targets, as printed.
pub fn indicator_csv(l: &Loaded, ind: &Indicator, lang: Lang) -> String {
    let label = |p: &str| l.period_label(p, lang);
    let unit = ind.unit().to_string();
    let mut out = String::from("\u{feff}");
    out.push_str(&line(&[
        lang.pick("Chỉ tiêu", "Indicator").into(),
        lang.pick("Kỳ", "Period").into(),
        lang.pick("Số liệu", "Figure").into(),
        lang.pick("Đơn vị tính", "Unit").into(),
    ]));
    for o in &ind.values {
        let figure = match (o.value, &o.text) {
            (Some(v), _) => lang.num(v),
            (None, Some(t)) => t.clone(),
            (None, None) => String::new(),
        };
        out.push_str(&line(&[
            ind.name.clone(),
            label(&o.period),
            figure,
            unit.clone(),
        ]));
    }
    for c in &ind.categories {
        for o in &c.values {
            let figure = o.value.map(|v| lang.num(v)).unwrap_or_default();
            out.push_str(&line(&[
                format!("{} – {}", ind.name, c.name),
                label(&o.period),
                figure,
                "%".into(),
            ]));
        }
    }
    if let Some(t) = &ind.total {
        out.push_str(&line(&[
            ind.name.clone(),
            lang.pick("Thực hiện", "Total").into(),
            lang.num(t.value),
            unit.clone(),
        ]));
    }
    for t in &ind.targets {
        let value = t.value.map(|v| lang.num(v)).unwrap_or_default();
        out.push_str(&line(&[
            ind.name.clone(),
            format!("{} ({})", t.label, label(&t.horizon)),
            value,
            unit.clone(),
        ]));
    }
    out
}
