//! `chitieu check`: a readable table, or JSON lines, of every indicator.

use std::io::{self, Write};
use std::path::PathBuf;

use chitieu_core::compute::{Progress, Status, TargetEval};
use chitieu_core::describe::{pace_clause, unmet_periods};
use chitieu_core::evaluate::evaluate_all;
use chitieu_core::evaluate::Row;
use chitieu_core::load::load;
use chitieu_core::load::LoadError;
use chitieu_core::load::Loaded;
use chitieu_core::load::Problem;
use chitieu_format::dec::Dec;
use serde_json::{json, Value};

use chitieu_core::text::Lang;
use chitieu_format::model::IndicatorKind;

/// Checks every file; returns whether all were valid.
pub fn run(files: &[PathBuf], json: bool, lang: Lang, out: &mut impl Write) -> io::Result<bool> {
    let mut all_valid = true;
    for path in files {
        let name = path.display().to_string();
        let result = match std::fs::read(path) {
            Ok(bytes) => load(&name, &bytes),
            Err(e) => Err(LoadError {
                file: name.clone(),
                problems: vec![Problem {
                    path: String::new(),
                    line: None,
                    column: None,
                    vi: format!("không đọc được tệp: {e}"),
                    en: format!("cannot read the file: {e}"),
                }],
            }),
        };
        match result {
            Ok(loaded) => {
                if json {
                    json_lines(&loaded, out)?;
                } else {
                    table(&loaded, lang, out)?;
                }
            }
            Err(err) => {
                all_valid = false;
                if json {
                    for p in &err.problems {
                        let line = json!({
                            "file": err.file,
                            "error": {
                                "path": p.path,
                                "line": p.line,
                                "column": p.column,
                                "message": p.vi,
                                "message_en": p.en,
                            }
                        });
                        writeln!(out, "{line}")?;
                    }
                } else {
                    let head = lang.pick("LỖI", "ERROR");
                    for l in err.render(lang).lines() {
                        writeln!(out, "{head} {l}")?;
                    }
                }
            }
        }
    }
    Ok(all_valid)
}

fn s(d: Option<Dec>) -> Value {
    d.map_or(Value::Null, |d| Value::String(d.to_plain()))
}

fn progress_json(p: &Progress) -> Value {
    json!({
        "elapsed_months": p.elapsed_months,
        "total_months": p.total_months,
        "elapsed_pct": p.elapsed_pct.to_plain(),
        "expected": p.expected.to_plain(),
        "projection": s(p.projection),
        "remaining": p.remaining.to_plain(),
        "remaining_months": p.remaining_months,
        "needed_per_year": s(p.needed_per_year),
        "needed_per_month": s(p.needed_per_month),
    })
}

fn row_json(l: &Loaded, r: &Row) -> Value {
    let ind = r.indicator;
    let e = &r.eval;
    json!({
        "file": l.file,
        "dataset": l.export.dataset.id,
        "unit": r.unit.id,
        "unit_name": r.unit.name,
        "section": r.section.id,
        "id": ind.id,
        "name": ind.name,
        "kind": ind.kind,
        "measure": ind.measure.as_ref().map(|m| m.unit.clone()),
        "actual": s(e.actual.as_ref().map(|a| a.value)),
        "actual_is_reported": e.actual.as_ref().map(|a| a.reported),
        "targets": e.targets.iter().map(|t| json!({
            "label": t.label,
            "value": t.value.to_plain(),
            "derived": t.derived,
            "horizon": t.horizon,
            "rule": t.rule,
            "achievement_pct": s(t.achievement_pct),
            "reported_achievement_pct": s(t.reported_achievement_pct),
            "status": t.status,
            "progress": t.progress.as_ref().map(progress_json),
            "periods": t.periods,
        })).collect::<Vec<_>>(),
        "status": e.status,
        "warnings": e.warnings.iter().map(|w| json!({
            "code": w.code,
            "message": w.vi,
            "message_en": w.en,
            "reported": s(w.reported),
            "recomputed": s(w.recomputed),
            "period": w.period,
        })).collect::<Vec<_>>(),
    })
}

fn json_lines(l: &Loaded, out: &mut impl Write) -> io::Result<()> {
    for r in evaluate_all(l) {
        writeln!(out, "{}", row_json(l, &r))?;
    }
    Ok(())
}

/// Cuts a name to `width` characters, padding short ones.
fn fit(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n <= width {
        format!("{text}{}", " ".repeat(width - n))
    } else {
        let mut t: String = text.chars().take(width.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The readable table: a heading, each unit and section, each indicator with
/// its targets and warnings, and a count at the end.
fn table(l: &Loaded, lang: Lang, out: &mut impl Write) -> io::Result<()> {
    let d = &l.export.dataset;
    let as_of = lang.pick("số liệu đến", "figures as of");
    writeln!(out, "== {} — {} ({as_of} {})", l.file, d.title, d.as_of)?;
    let rows = evaluate_all(l);
    let (mut unit, mut section, mut warnings) = ("", "", 0);
    for r in &rows {
        if r.unit.id != unit {
            unit = &r.unit.id;
            section = "";
            writeln!(out, "\n{}", r.unit.name)?;
        }
        if r.section.id != section {
            section = &r.section.id;
            let num = r.section.number.as_deref().map(|n| format!("{n}. "));
            writeln!(out, "  {}{}", num.unwrap_or_default(), r.section.title)?;
        }
        indicator_lines(l, r, lang, out)?;
        warnings += r.eval.warnings.len();
    }
    let n = rows.len();
    writeln!(
        out,
        "\n{}\n",
        lang.pick(
            format!("{n} chỉ tiêu, {warnings} cảnh báo về số liệu không khớp."),
            format!("{n} indicators, {warnings} warnings about figures that do not add up."),
        )
    )
}

/// The indicator's actual as the table shows it: a ranking's words with its rank.
fn actual_text(r: &Row, lang: Lang) -> String {
    let ind = r.indicator;
    let text = ind.values.iter().find_map(|o| o.text.as_deref());
    match (&r.eval.actual, text) {
        (Some(a), Some(t)) if ind.kind == IndicatorKind::Ranking => {
            format!("{t} ({} {})", lang.pick("hạng", "rank"), lang.num(a.value))
        }
        (Some(a), _) => format!("{} {}", lang.num(a.value), ind.unit()),
        (None, Some(t)) => t.to_string(),
        (None, None) => String::new(),
    }
}

/// One indicator: its name, actual and status, then a line per target and per warning.
fn indicator_lines(l: &Loaded, r: &Row, lang: Lang, out: &mut impl Write) -> io::Result<()> {
    let (ind, e) = (r.indicator, &r.eval);
    let indent = "  ".repeat(r.depth + 2);
    let name = match &ind.number {
        Some(n) => format!("{n} {}", ind.name),
        None => ind.name.clone(),
    };
    let width = 56usize.saturating_sub(indent.len());
    let actual = actual_text(r, lang);
    write!(
        out,
        "{indent}{} {:>22}",
        fit(&name, width),
        actual.trim_end()
    )?;
    if e.targets.is_empty() {
        writeln!(out)?;
    } else {
        writeln!(out, "   {} {}", e.status.icon(), e.status.label(lang))?;
    }
    for t in &e.targets {
        writeln!(out, "{indent}    {}", target_line(l, t, lang))?;
    }
    for w in &e.warnings {
        writeln!(out, "{indent}    ⚠ {}", w.text(lang))?;
    }
    Ok(())
}

/// "Chỉ tiêu nghị quyết: 1.200 → 79,42%, báo cáo ghi 79,61%; tiến độ cần …".
fn target_line(l: &Loaded, t: &TargetEval, lang: Lang) -> String {
    // A zero ceiling has no percentage: its status says it.
    let ach = match (t.achievement_pct, t.status) {
        (Some(p), _) => lang.pct(p),
        (None, Status::NoTarget) => String::new(),
        (None, status) => status.label(lang).to_string(),
    };
    let derived = if t.derived {
        lang.pick(" (suy ra)", " (derived)")
    } else {
        ""
    };
    let printed = t
        .reported_achievement_pct
        .map(|p| format!(", {} {}", lang.pick("báo cáo ghi", "printed"), lang.pct(p)))
        .unwrap_or_default();
    let mut s = format!(
        "{}: {}{derived} → {ach}{printed}",
        t.label,
        lang.num(t.value)
    );
    if let Some(p) = t.progress.as_ref().filter(|p| p.remaining_months > 0) {
        s.push_str(&pace_clause(p, lang));
    }
    let unmet = unmet_periods(l, t, lang);
    if !unmet.is_empty() {
        s.push_str("; ");
        s.push_str(&unmet.join(", "));
    }
    s
}
