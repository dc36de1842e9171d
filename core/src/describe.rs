//! What is said about an indicator, in words: the sentence a presenter says on
//! a slide, what is still needed, the pace, the periods that missed their
//! floor. One place for the dashboard, the slides and `chitieu check`.

use chitieu_format::dec::Dec;
use chitieu_format::model::{Direction, MeasureKind, Qualifier};

use crate::compute::{PeriodOutcome, Progress, TargetEval};
use crate::evaluate::Row;
use crate::load::Loaded;
use crate::text::{lower_char, Lang};

/// The years left of a horizon, to two decimals (`1,5`).
fn years_left(p: &Progress) -> Dec {
    Dec::from_i64(p.remaining_months)
        .checked_div(Dec::from_i64(12))
        .map(|y| y.round_dp(2).normalize())
        .unwrap_or(Dec::ZERO)
}

/// "1,5 năm còn lại" / "the remaining 1.5 years": per year over a term, per
/// month within a year.
fn time_left(p: &Progress, lang: Lang) -> String {
    if p.total_months > 12 {
        let years = lang.num(years_left(p));
        lang.pick(
            format!("{years} năm còn lại"),
            format!("the remaining {years} years"),
        )
    } else {
        let months = p.remaining_months;
        lang.pick(
            format!("{months} tháng còn lại"),
            format!("the remaining {months} months"),
        )
    }
}

/// The sentence a presenter would say about what is still needed:
/// "Cần thêm 13 Lớp trong 1,5 năm còn lại, bình quân 8,67 Lớp/năm".
pub fn needed_sentence(row: &Row, lang: Lang) -> Option<String> {
    let t = row.eval.targets.first()?;
    let p = t.progress.as_ref()?;
    if p.remaining <= Dec::ZERO || p.remaining_months <= 0 {
        return None;
    }
    let unit = row.indicator.unit();
    let per = if p.total_months > 12 {
        p.needed_per_year
    } else {
        p.needed_per_month
    }?;
    let each = if p.total_months > 12 {
        lang.pick("năm", "year")
    } else {
        lang.pick("tháng", "month")
    };
    let (remaining, per, span) = (lang.num(p.remaining), lang.num(per), time_left(p, lang));
    Some(lang.pick(
        format!("Cần thêm {remaining} {unit} trong {span}, bình quân {per} {unit}/{each}"),
        format!("{remaining} {unit} more needed in {span}, {per} {unit} per {each} on average"),
    ))
}

/// The target's label with a lower-case first letter, to follow other words.
fn lower_first(label: &str) -> String {
    let mut label = label.to_string();
    if let Some(first) = label.chars().next() {
        let lower = lower_char(first);
        label.replace_range(..first.len_utf8(), lower.encode_utf8(&mut [0; 4]));
    }
    label
}

/// The figure of an indicator without a target: its printed words, or its actual.
fn figure_alone(row: &Row, lang: Lang) -> String {
    let words = row
        .indicator
        .values
        .iter()
        .rev()
        .find_map(|o| o.text.clone());
    match (&row.eval.actual, words) {
        (_, Some(w)) => w,
        (Some(a), None) => lang.amount(a.value, row.indicator.unit()),
        (None, None) => String::new(),
    }
}

/// "96,4% (chỉ tiêu ≥ 95%), đạt …" or "953/1.200 ĐV, đạt 79,42% chỉ tiêu …".
fn against_target(row: &Row, t: &TargetEval, actual: Dec, lang: Lang) -> String {
    let ind = row.indicator;
    let unit = ind.unit();
    let words = lower_first(&t.label);
    let pct = t
        .achievement_pct
        .map(|p| lang.pct(p.normalize()))
        .unwrap_or_default();
    let percent = ind
        .measure
        .as_ref()
        .is_some_and(|m| m.kind == MeasureKind::Percent);
    let cmp = if ind.direction == Direction::LowerIsBetter {
        "≤"
    } else {
        "≥"
    };
    let name = &ind.name;
    if percent {
        // A rate against its floor: the achievement of a rate (99,68% of
        // 100%) would say the figure a second time.
        let (a, v) = (lang.pct(actual), lang.pct(t.value));
        format!("{name}: {a} ({words} {cmp} {v})")
    } else {
        let (a, v) = (lang.num(actual), lang.num(t.value));
        lang.pick(
            format!("{name}: {a}/{v} {unit}, đạt {pct} {words}"),
            format!("{name}: {a}/{v} {unit}, {pct} of the {words}"),
        )
    }
}

/// The one sentence a presenter would say about an indicator, e.g.
/// "Bồi dưỡng lý luận chính trị dành cho đảng viên mới: 12/25 Lớp, đạt 48%
/// chỉ tiêu nghị quyết; cần thêm 13 Lớp trong 1,5 năm còn lại".
pub fn summary_sentence(l: &Loaded, row: &Row, lang: Lang) -> String {
    let (Some(actual), Some(t)) = (row.eval.actual.as_ref(), row.eval.targets.first()) else {
        return format!("{}: {}", row.indicator.name, figure_alone(row, lang));
    };
    let mut s = against_target(row, t, actual.value, lang);
    let missed: Vec<String> = t
        .periods
        .iter()
        .filter(|c| c.outcome == PeriodOutcome::Fail)
        .map(|c| l.period_label(&c.period, lang))
        .collect();
    if !missed.is_empty() {
        let missed = missed.join(", ");
        s.push_str(&lang.pick(
            format!("; không đạt: {missed}"),
            format!("; missed in {missed}"),
        ));
    }
    if let Some(p) = t
        .progress
        .as_ref()
        .filter(|p| p.remaining > Dec::ZERO && p.remaining_months > 0)
    {
        let (remaining, unit, span) = (
            lang.num(p.remaining),
            row.indicator.unit(),
            time_left(p, lang),
        );
        s.push_str(&lang.pick(
            format!("; cần thêm {remaining} {unit} trong {span}"),
            format!("; {remaining} {unit} more needed in {span}"),
        ));
    }
    s
}

/// The pace of a target still open, as `chitieu check` prints it:
/// "; tiến độ cần 1.013,33 sau 43/60 tháng; còn thiếu 247, cần 144,53/năm".
pub fn pace_clause(p: &Progress, lang: Lang) -> String {
    let (expected, elapsed, total) = (lang.num(p.expected), p.elapsed_months, p.total_months);
    let mut s = lang.pick(
        format!("; tiến độ cần {expected} sau {elapsed}/{total} tháng"),
        format!("; pace asks {expected} after {elapsed}/{total} months"),
    );
    let (need, each) = if p.total_months > 12 {
        (p.needed_per_year, lang.pick("năm", "year"))
    } else {
        (p.needed_per_month, lang.pick("tháng", "month"))
    };
    if let Some(n) = need.filter(|_| p.remaining > Dec::ZERO) {
        let (remaining, n) = (lang.num(p.remaining), lang.num(n));
        s.push_str(&lang.pick(
            format!("; còn thiếu {remaining}, cần {n}/{each}"),
            format!("; {remaining} short, {n}/{each} needed"),
        ));
    }
    s
}

/// A period judged against a floor, in words: "✓ Đạt", "✗ Không đạt", "… Kỳ chưa trọn năm".
pub fn outcome_label(outcome: PeriodOutcome, lang: Lang) -> &'static str {
    match outcome {
        PeriodOutcome::Pass => lang.pick("✓ Đạt", "✓ Met"),
        PeriodOutcome::Fail => lang.pick("✗ Không đạt", "✗ Missed"),
        PeriodOutcome::Pending => lang.pick("… Kỳ chưa trọn năm", "… Part-year"),
    }
}

/// The periods that did not pass their floor, with their figures:
/// "2022 94,23 (không đạt)"; empty when every period passed.
pub fn unmet_periods(l: &Loaded, t: &TargetEval, lang: Lang) -> Vec<String> {
    t.periods
        .iter()
        .filter(|c| c.outcome != PeriodOutcome::Pass)
        .map(|c| {
            let word = match c.outcome {
                PeriodOutcome::Fail => lang.pick("không đạt", "missed"),
                _ => lang.pick(
                    "kỳ chưa trọn, chưa đánh giá",
                    "partial period, not judged yet",
                ),
            };
            format!(
                "{} {} ({word})",
                l.period_label(&c.period, lang),
                lang.num(c.value)
            )
        })
        .collect()
}

/// A figure's qualifier as printed before it: "trên ", "gần ", "ước ".
pub fn qualifier(q: Option<Qualifier>, lang: Lang) -> &'static str {
    match q {
        Some(Qualifier::Over) => lang.pick("trên ", "over "),
        Some(Qualifier::Nearly) => lang.pick("gần ", "nearly "),
        Some(Qualifier::Estimate) => lang.pick("ước ", "est. "),
        None => "",
    }
}

/// A figure of the indicator as it is read: "94,23%" for percentages and
/// shares, "953 ĐV" for the rest.
fn figure(ind: &chitieu_format::model::Indicator, v: Dec, lang: Lang) -> String {
    let percent = ind.kind == chitieu_format::model::IndicatorKind::Distribution
        || ind
            .measure
            .as_ref()
            .is_some_and(|m| m.kind == MeasureKind::Percent);
    if percent {
        lang.pct(v)
    } else {
        lang.amount(v, ind.unit())
    }
}

/// Why the indicator has its status, in words, where the figure beside it
/// does not say so: "không đạt: năm 2022 đạt 94,23%, dưới 95%",
/// "chậm tiến độ: 953 ĐV, tiến độ cần 1.013 ĐV sau 43/60 tháng". `None`
/// for a target met or exceeded, or without a target.
pub fn status_reason(l: &Loaded, row: &Row, lang: Lang) -> Option<String> {
    let t = row.eval.targets.first()?;
    let ind = row.indicator;
    let word = lower_first(t.status.label(lang));
    let below = if ind.direction == Direction::LowerIsBetter {
        lang.pick("trên", "above")
    } else {
        lang.pick("dưới", "below")
    };
    let above = lang.pick("đạt", "was");
    let failed: Vec<String> = t
        .periods
        .iter()
        .filter(|c| c.outcome == PeriodOutcome::Fail)
        .map(|c| {
            let label = l.period_label(&c.period, lang);
            let period = lang.pick(lower_first(&label), label);
            let (v, floor) = (figure(ind, c.value, lang), figure(ind, t.value, lang));
            format!("{period} {above} {v}, {below} {floor}")
        })
        .collect();
    if !failed.is_empty() {
        return Some(format!("{word}: {}", failed.join("; ")));
    }
    let actual = row.eval.actual.as_ref()?.value;
    let (a, v) = (figure(ind, actual, lang), figure(ind, t.value, lang));
    match t.status {
        crate::compute::Status::Missed => Some(lang.pick(
            format!("{word}: đạt {a}, {below} mức {v}"),
            format!("{word}: {a}, {below} the {v} set"),
        )),
        crate::compute::Status::Behind => {
            let Some(p) = t.progress.as_ref() else {
                return Some(lang.pick(
                    format!("{word}: {a}, chưa đạt {v}"),
                    format!("{word}: {a}, short of {v}"),
                ));
            };
            let (e, done, total) = (
                figure(ind, p.expected, lang),
                p.elapsed_months,
                p.total_months,
            );
            Some(lang.pick(
                format!("{word}: {a}, tiến độ cần {e} sau {done}/{total} tháng"),
                format!("{word}: {a}, the pace asks {e} after {done}/{total} months"),
            ))
        }
        _ => None,
    }
}
