//! `chitieu check`: a readable table, or JSON lines, of every indicator.

use std::io::{self, Write};
use std::path::PathBuf;

use chitieu_core::compute::Progress;
use chitieu_core::evaluate::evaluate_all;
use chitieu_core::evaluate::Row;
use chitieu_core::load::load;
use chitieu_core::load::LoadError;
use chitieu_core::load::Loaded;
use chitieu_core::load::Problem;
use chitieu_format::dec::Dec;
use serde_json::{json, Value};

use crate::Lang;

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
                    let text = match lang {
                        Lang::Vi => err.render_vi(),
                        Lang::En => err.render_en(),
                    };
                    let head = match lang {
                        Lang::Vi => "LỖI",
                        Lang::En => "ERROR",
                    };
                    for l in text.lines() {
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

fn fmt(d: Dec, lang: Lang) -> String {
    match lang {
        Lang::Vi => d.fmt_vi(),
        Lang::En => d.fmt_en(),
    }
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

fn table(l: &Loaded, lang: Lang, out: &mut impl Write) -> io::Result<()> {
    let d = &l.export.dataset;
    let vi = lang == Lang::Vi;
    writeln!(
        out,
        "== {} — {} ({} {})",
        l.file,
        d.title,
        if vi {
            "số liệu đến"
        } else {
            "figures as of"
        },
        d.as_of
    )?;
    let rows = evaluate_all(l);
    let mut unit = "";
    let mut section = "";
    let mut warnings = 0;
    for r in &rows {
        if r.unit.id != unit {
            unit = &r.unit.id;
            section = "";
            writeln!(out, "\n{}", r.unit.name)?;
        }
        if r.section.id != section {
            section = &r.section.id;
            let num = r
                .section
                .number
                .as_deref()
                .map(|n| format!("{n}. "))
                .unwrap_or_default();
            writeln!(out, "  {num}{}", r.section.title)?;
        }
        let ind = r.indicator;
        let e = &r.eval;
        let indent = "  ".repeat(r.depth + 2);
        let name = match &ind.number {
            Some(n) => format!("{n} {}", ind.name),
            None => ind.name.clone(),
        };
        let unit_text = ind.unit();
        let text = ind.values.iter().find_map(|o| o.text.as_deref());
        let actual = match (&e.actual, text) {
            (Some(a), Some(t)) if ind.kind == chitieu_format::model::IndicatorKind::Ranking => {
                format!(
                    "{t} ({} {})",
                    if vi { "hạng" } else { "rank" },
                    fmt(a.value, lang)
                )
            }
            (Some(a), _) => format!("{} {unit_text}", fmt(a.value, lang)),
            (None, Some(t)) => t.to_string(),
            (None, None) => String::new(),
        };
        let width = 56usize.saturating_sub(indent.len());
        let status = if vi {
            e.status.label_vi()
        } else {
            e.status.label_en()
        };
        write!(
            out,
            "{indent}{} {:>22}",
            fit(&name, width),
            actual.trim_end()
        )?;
        if e.targets.is_empty() {
            writeln!(out)?;
        } else {
            writeln!(out, "   {} {status}", e.status.icon())?;
        }
        for t in &e.targets {
            let ach = t
                .achievement_pct
                .map(|p| format!("{}%", fmt(p, lang)))
                .unwrap_or_default();
            let derived = match (t.derived, vi) {
                (true, true) => " (suy ra)",
                (true, false) => " (derived)",
                _ => "",
            };
            let printed = match (t.reported_achievement_pct, vi) {
                (Some(p), true) => format!(", báo cáo ghi {}%", fmt(p, lang)),
                (Some(p), false) => format!(", printed {}%", fmt(p, lang)),
                _ => String::new(),
            };
            write!(
                out,
                "{indent}    {}: {}{derived} → {ach}{printed}",
                t.label,
                fmt(t.value, lang)
            )?;
            if let Some(p) = t.progress.as_ref().filter(|p| p.remaining_months > 0) {
                // Per year over a term, per month within a year.
                let (need, per_vi, per_en) = if p.total_months > 12 {
                    (p.needed_per_year, "năm", "year")
                } else {
                    (p.needed_per_month, "tháng", "month")
                };
                if vi {
                    write!(
                        out,
                        "; tiến độ cần {} sau {}/{} tháng",
                        fmt(p.expected, lang),
                        p.elapsed_months,
                        p.total_months
                    )?;
                    if let Some(n) = need.filter(|_| p.remaining > Dec::ZERO) {
                        write!(
                            out,
                            "; còn thiếu {}, cần {}/{per_vi}",
                            fmt(p.remaining, lang),
                            fmt(n, lang)
                        )?;
                    }
                } else {
                    write!(
                        out,
                        "; pace asks {} after {}/{} months",
                        fmt(p.expected, lang),
                        p.elapsed_months,
                        p.total_months
                    )?;
                    if let Some(n) = need.filter(|_| p.remaining > Dec::ZERO) {
                        write!(
                            out,
                            "; {} short, {}/{per_en} needed",
                            fmt(p.remaining, lang),
                            fmt(n, lang)
                        )?;
                    }
                }
            }
            let judged: Vec<String> = t
                .periods
                .iter()
                .filter(|c| c.outcome != chitieu_core::compute::PeriodOutcome::Pass)
                .map(|c| {
                    let name = if vi {
                        l.period_label_vi(&c.period)
                    } else {
                        l.period_label_en(&c.period)
                    };
                    let word = match (c.outcome, vi) {
                        (chitieu_core::compute::PeriodOutcome::Fail, true) => "không đạt",
                        (chitieu_core::compute::PeriodOutcome::Fail, false) => "missed",
                        (_, true) => "kỳ chưa trọn, chưa đánh giá",
                        (_, false) => "partial period, not judged yet",
                    };
                    format!("{name} {} ({word})", fmt(c.value, lang))
                })
                .collect();
            if !judged.is_empty() {
                write!(out, "; {}", judged.join(", "))?;
            }
            writeln!(out)?;
        }
        for w in &e.warnings {
            warnings += 1;
            writeln!(out, "{indent}    ⚠ {}", if vi { &w.vi } else { &w.en })?;
        }
    }
    if vi {
        writeln!(
            out,
            "\n{} chỉ tiêu, {warnings} cảnh báo về số liệu không khớp.\n",
            rows.len()
        )?;
    } else {
        writeln!(
            out,
            "\n{} indicators, {warnings} warnings about figures that do not add up.\n",
            rows.len()
        )?;
    }
    Ok(())
}
