//! Consistency checks: where a report's own arithmetic does not add up.
//!
//! Every rule is general. A printed figure stands for the values that round to
//! it (± half a unit in its last printed decimal; counts are exact), so a
//! recomputed figure disagrees only when no rounding of the inputs could make
//! it agree. Each warning names the figure as printed and as recomputed.

use serde::Serialize;

use crate::compute::{
    category_sum, combine, cover, interval_of, points, whole_target_for, Actual, ByPeriod, Point,
    Precision, TargetEval,
};
use crate::load::Loaded;
use crate::text::Lang;
use chitieu_format::dec::{Dec, Interval};
use chitieu_format::model::*;

/// One thing in a report that does not add up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    /// Stable machine code: `total_vs_periods`, `parts_vs_whole`,
    /// `achievement_mismatch`, `over_mismatch`, `shares_not_100`,
    /// `restated_differs`, `subperiods_vs_period`, `derived_target_not_whole`,
    /// `derived_target_not_positive`, `rate_over_100`.
    pub code: &'static str,
    pub vi: String,
    pub en: String,
    /// The figure as printed.
    pub reported: Option<Dec>,
    /// The figure as recomputed from the report's other figures.
    pub recomputed: Option<Dec>,
    /// The period concerned, if one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
}

impl Warning {
    /// The warning in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        lang.pick(&self.vi, &self.en)
    }
}

/// Whether two printings are the same figure: equal at the coarser precision.
fn same_figure(a: Dec, b: Dec) -> bool {
    let s = a.scale().min(b.scale());
    a.round_dp(s) == b.round_dp(s)
}

fn where_vi(n: &SourceNote) -> String {
    match (&n.section, &n.footnote) {
        (Some(s), Some(f)) => format!("{s}, chú thích {f}"),
        (Some(s), None) => s.clone(),
        (None, Some(f)) => format!("chú thích {f}"),
        (None, None) => n.doc.clone(),
    }
}

fn where_en(n: &SourceNote) -> String {
    match (&n.section, &n.footnote) {
        (Some(s), Some(f)) => format!("{s}, footnote {f}"),
        (Some(s), None) => s.clone(),
        (None, Some(f)) => format!("footnote {f}"),
        (None, None) => n.doc.clone(),
    }
}

/// Shows a recomputed interval's midpoint at the precision of the printed figure (at least `min_dp`).
fn shown(i: &Interval, like: Dec, min_dp: u32) -> Option<Dec> {
    i.mid().map(|m| m.round_dp(like.scale().max(min_dp)))
}

struct Out<'a> {
    l: &'a Loaded,
    list: Vec<Warning>,
}

impl Out<'_> {
    fn push(
        &mut self,
        code: &'static str,
        vi: String,
        en: String,
        reported: Option<Dec>,
        recomputed: Option<Dec>,
        period: Option<&str>,
    ) {
        self.list.push(Warning {
            code,
            vi,
            en,
            reported,
            recomputed,
            period: period.map(str::to_string),
        });
    }

    fn pv(&self, period: &str) -> String {
        self.l.period_label(period, Lang::Vi)
    }

    fn pe(&self, period: &str) -> String {
        self.l.period_label(period, Lang::En)
    }
}

/// Runs every rule on one indicator.
pub fn check(
    l: &Loaded,
    ind: &Indicator,
    actual: Option<&Actual>,
    evals: &[TargetEval],
) -> Vec<Warning> {
    let mut out = Out {
        l,
        list: Vec::new(),
    };
    total_vs_periods(&mut out, ind);
    parts_vs_whole(&mut out, ind);
    subperiods_vs_period(&mut out, ind);
    shares_not_100(&mut out, ind);
    if let Some(actual) = actual {
        against_targets(&mut out, ind, actual, evals);
    }
    restated(&mut out, ind, actual, evals);
    derived_target_not_positive(&mut out, ind, actual, evals);
    rate_over_100(&mut out, ind);
    out.list
}

fn agg_words(agg: Aggregation) -> (&'static str, &'static str) {
    match agg {
        Aggregation::Sum => ("tổng", "the sum"),
        Aggregation::Average => ("trung bình", "the average"),
        Aggregation::Latest => ("số kỳ gần nhất", "the latest figure"),
    }
}

fn total_vs_periods(out: &mut Out, ind: &Indicator) {
    let Some(total) = &ind.total else { return };
    let pts = match (ind.kind, ind.targets.first()) {
        (IndicatorKind::Distribution, Some(t)) => category_sum(out.l, ind, &t.categories),
        _ => points(out.l, ind, &ind.values),
    };
    let chosen = cover(pts);
    let agg = ind.aggregation();
    let Some((_, computed, _)) = combine(agg, &chosen) else {
        return;
    };
    let printed = interval_of(
        total.value,
        Precision::exact_if(ind.is_count() && total.qualifier.is_none()),
    );
    if computed.intersects(&printed) {
        return;
    }
    let min_dp = if agg == Aggregation::Average { 2 } else { 0 };
    let re = shown(&computed, total.value, min_dp);
    let names_vi: Vec<String> = chosen.iter().map(|p| out.pv(p.period)).collect();
    let names_en: Vec<String> = chosen.iter().map(|p| out.pe(p.period)).collect();
    let (wv, we) = agg_words(agg);
    let rv = re.map(|d| d.fmt_vi()).unwrap_or_default();
    let re_en = re.map(|d| d.fmt_en()).unwrap_or_default();
    out.push(
        "total_vs_periods",
        format!(
            "Cột «Thực hiện» ghi {}, nhưng {wv} các kỳ ({}) là {rv}",
            total.value.fmt_vi(),
            names_vi.join(", ")
        ),
        format!(
            "The total is printed as {}, but {we} of the periods ({}) is {re_en}",
            total.value.fmt_en(),
            names_en.join(", ")
        ),
        Some(total.value),
        re,
        None,
    );
}

fn parts_vs_whole(out: &mut Out, ind: &Indicator) {
    if !ind.parts_sum || ind.parts.is_empty() {
        return;
    }
    let exact = ind.is_count();
    let names = ind
        .parts
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(" + ");
    // Each part's figures by period, looked up once per period and part.
    let by_period: Vec<ByPeriod> = ind.parts.iter().map(|p| ByPeriod::new(&p.values)).collect();
    for o in &ind.values {
        let Some(whole) = o.value else { continue };
        let Some(sum) = sum_of_parts(ind, |i, _| {
            by_period.get(i).and_then(|f| f.get(o.period.as_str()))
        }) else {
            continue;
        };
        if !sum.intersects(&interval_of(whole, Precision::exact_if(exact))) {
            let re = shown(&sum, whole, 0);
            out.push(
                "parts_vs_whole",
                format!(
                    "{}: «{}» ghi {}, nhưng cộng các mục con ({names}) được {}",
                    out.pv(&o.period),
                    ind.name,
                    whole.fmt_vi(),
                    re.map(|d| d.fmt_vi()).unwrap_or_default()
                ),
                format!(
                    "{}: «{}» is printed as {}, but its parts ({names}) add up to {}",
                    out.pe(&o.period),
                    ind.name,
                    whole.fmt_en(),
                    re.map(|d| d.fmt_en()).unwrap_or_default()
                ),
                Some(whole),
                re,
                Some(&o.period),
            );
        }
    }
    if let Some(total) = &ind.total {
        if let Some(sum) = sum_of_parts(ind, |_, part| part.total.as_ref().map(|t| t.value)) {
            if !sum.intersects(&interval_of(total.value, Precision::exact_if(exact))) {
                let re = shown(&sum, total.value, 0);
                out.push(
                    "parts_vs_whole",
                    format!(
                        "Tổng «{}» ghi {}, nhưng cộng tổng các mục con ({names}) được {}",
                        ind.name,
                        total.value.fmt_vi(),
                        re.map(|d| d.fmt_vi()).unwrap_or_default()
                    ),
                    format!(
                        "The total of «{}» is printed as {}, but the totals of its parts ({names}) add up to {}",
                        ind.name,
                        total.value.fmt_en(),
                        re.map(|d| d.fmt_en()).unwrap_or_default()
                    ),
                    Some(total.value),
                    re,
                    None,
                );
            }
        }
    }
}

/// The sum of the parts' figures, each exact if it and the whole are counts
/// (else the values its rounding may stand for); none if a part lacks one.
/// `figure` is given each part's position and the part.
fn sum_of_parts(
    ind: &Indicator,
    figure: impl Fn(usize, &Indicator) -> Option<Dec>,
) -> Option<Interval> {
    let exact = ind.is_count();
    let mut sum = Interval::exact(Dec::ZERO);
    for (i, part) in ind.parts.iter().enumerate() {
        sum = sum.checked_add(interval_of(
            figure(i, part)?,
            Precision::exact_if(exact && part.is_count()),
        ))?;
    }
    Some(sum)
}

/// A period printed with the periods that make it up exactly (disjoint,
/// together its months) checked against their sum.
fn subperiods_vs_period(out: &mut Out, ind: &Indicator) {
    if ind.aggregation() != Aggregation::Sum {
        return;
    }
    let pts = points(out.l, ind, &ind.values);
    let tiles = Tiles::new(&pts);
    for (w, whole) in pts.iter().enumerate() {
        let Some(mut pieces) = tiles.pieces(&pts, w) else {
            continue;
        };
        // Added in the order printed, as they are listed (the one sort of
        // the page: `sort_unstable` here compiled another 3 KB copy).
        crate::order::sort_by_key(&mut pieces, |&i| (i64::try_from(i).unwrap_or(i64::MAX), 0));
        let inside = pieces.iter().filter_map(|&i| pts.get(i));
        let mut sum = Some(Interval::exact(Dec::ZERO));
        for p in inside {
            sum = sum.and_then(|s| s.checked_add(p.interval));
        }
        let Some(sum) = sum else { continue };
        if !sum.intersects(&whole.interval) {
            let re = shown(&sum, whole.value, 0);
            out.push(
                "subperiods_vs_period",
                format!(
                    "{} ghi {}, nhưng cộng các kỳ nằm trong nó được {}",
                    out.pv(whole.period),
                    whole.value.fmt_vi(),
                    re.map(|d| d.fmt_vi()).unwrap_or_default()
                ),
                format!(
                    "{} is printed as {}, but the periods within it add up to {}",
                    out.pe(whole.period),
                    whole.value.fmt_en(),
                    re.map(|d| d.fmt_en()).unwrap_or_default()
                ),
                Some(whole.value),
                re,
                Some(whole.period),
            );
        }
    }
}

/// The figures of an indicator by first month, for finding the figures that
/// make up a period exactly without comparing every pair: a walk from the
/// period's first month, one figure at a time, each found by its first month.
struct Tiles {
    /// Positions of the figures, by first month and then last month.
    order: Vec<usize>,
    /// Each first month, with where its figures are in `order`.
    starts: Vec<(i64, usize, usize)>,
    /// Per figure, the earliest last month of the figures that begin after
    /// its first month and within it (a figure that would overlap it).
    inner_end: Vec<Option<i64>>,
}

impl Tiles {
    fn new(pts: &[Point]) -> Tiles {
        let key = |i: &usize| {
            pts.get(*i)
                .map(|p| (p.span.start.index(), p.span.end.index()))
                .unwrap_or_default()
        };
        let mut order: Vec<usize> = (0..pts.len()).collect();
        crate::order::sort_by_key(&mut order, key);
        let mut starts: Vec<(i64, usize, usize)> = Vec::new();
        for (at, i) in order.iter().enumerate() {
            let s = key(i).0;
            match starts.last_mut() {
                Some(last) if last.0 == s => last.2 = at.saturating_add(1),
                _ => starts.push((s, at, at.saturating_add(1))),
            }
        }
        // The earliest last month per first month: the first in its run.
        let first_end: Vec<i64> = starts
            .iter()
            .map(|&(_, lo, _)| order.get(lo).map_or(i64::MAX, |i| key(i).1))
            .collect();
        let table = MinTable::new(first_end);
        let inner_end = pts
            .iter()
            .map(|p| {
                let (s, e) = (p.span.start.index(), p.span.end.index());
                let lo = starts.partition_point(|x| x.0 <= s);
                let hi = starts.partition_point(|x| x.0 <= e);
                table.min(lo, hi)
            })
            .collect();
        Tiles {
            order,
            starts,
            inner_end,
        }
    }

    /// The figures other than `w` that lie within `w`'s span, if there are at
    /// least two, they do not overlap and together they cover it.
    fn pieces(&self, pts: &[Point], w: usize) -> Option<Vec<usize>> {
        let whole = pts.get(w)?;
        let end = whole.span.end.index();
        let mut at = whole.span.start.index();
        let mut pieces = Vec::new();
        while at <= end {
            let piece = self.only_piece_at(pts, whole, at)?;
            let p = pts.get(piece)?;
            // Nothing else within the whole may begin inside this piece.
            if self
                .inner_end
                .get(piece)
                .copied()
                .flatten()
                .is_some_and(|e| e <= end)
            {
                return None;
            }
            pieces.push(piece);
            at = p.span.end.index().checked_add(1)?;
        }
        (pieces.len() >= 2).then_some(pieces)
    }

    /// The one figure, other than the whole's, that begins at `at` and ends
    /// within the whole; none if there is none or more than one.
    fn only_piece_at(&self, pts: &[Point], whole: &Point, at: i64) -> Option<usize> {
        let k = self.starts.binary_search_by_key(&at, |x| x.0).ok()?;
        let &(_, lo, hi) = self.starts.get(k)?;
        let mut within = self
            .order
            .get(lo..hi)?
            .iter()
            .copied()
            .filter(|&i| pts.get(i).is_some_and(|p| p.period != whole.period));
        let first = within.next()?;
        let fits = |i: usize| pts.get(i).is_some_and(|p| p.span.end <= whole.span.end);
        if !fits(first) || within.next().is_some_and(fits) {
            return None;
        }
        Some(first)
    }
}

/// Range minimums over a fixed list, each answered in constant time.
struct MinTable {
    /// Level k holds the minimum of each run of 2^k entries.
    levels: Vec<Vec<i64>>,
}

impl MinTable {
    fn new(values: Vec<i64>) -> MinTable {
        let mut levels = vec![values];
        let mut width = 1usize;
        while let Some(prev) = levels.last().filter(|l| l.len() > width) {
            let Some(next_width) = width.checked_mul(2) else {
                break;
            };
            let next: Vec<i64> = prev
                .iter()
                .zip(prev.iter().skip(width))
                .map(|(a, b)| *a.min(b))
                .collect();
            levels.push(next);
            width = next_width;
        }
        MinTable { levels }
    }

    /// The minimum of entries `lo..hi`, if the range is not empty.
    fn min(&self, lo: usize, hi: usize) -> Option<i64> {
        let len = hi.checked_sub(lo).filter(|&n| n > 0)?;
        let k = usize::try_from(len.ilog2()).ok()?;
        let level = self.levels.get(k)?;
        let a = level.get(lo)?;
        let b = level.get(hi.checked_sub(1usize.checked_shl(u32::try_from(k).ok()?)?)?)?;
        Some(*a.min(b))
    }
}

fn shares_not_100(out: &mut Out, ind: &Indicator) {
    if ind.kind != IndicatorKind::Distribution {
        return;
    }
    let all: Vec<String> = ind.categories.iter().map(|c| c.id.clone()).collect();
    for p in category_sum(out.l, ind, &all) {
        if p.interval.contains(Dec::ONE_HUNDRED.0) {
            continue;
        }
        out.push(
            "shares_not_100",
            format!(
                "{}: tỷ lệ các loại cộng lại được {}%, không phải 100%",
                out.pv(p.period),
                p.value.fmt_vi()
            ),
            format!(
                "{}: the shares of the categories add up to {}%, not 100%",
                out.pe(p.period),
                p.value.fmt_en()
            ),
            Some(p.value),
            Some(Dec::ONE_HUNDRED),
            Some(p.period),
        );
    }
}

fn against_targets(out: &mut Out, ind: &Indicator, actual: &Actual, evals: &[TargetEval]) {
    for t in &ind.targets {
        let Some(e) = evals.iter().find(|e| e.label == t.label) else {
            continue;
        };
        let reported = t.reported.clone().unwrap_or_default();
        let ratio = actual
            .interval
            .checked_mul_exact(Dec::ONE_HUNDRED.0)
            .and_then(|i| i.checked_div_exact(e.value.0));
        if let (Some(p), false) = (reported.achievement_pct, e.derived) {
            achievement_mismatch(out, t, actual, e, p, ratio);
        }
        // A derived target of 0 or below has its own warning; "not whole" would only repeat it.
        let positive = e.value > Dec::ZERO;
        if let (Some(p), true, true, true) = (
            reported.achievement_pct,
            e.derived,
            ind.is_count(),
            positive,
        ) {
            derived_not_whole(out, t, actual, e, p);
        }
        let derived_from_over = e.derived && reported.achievement_pct.is_none();
        if let (Some(q), false) = (reported.over_points, derived_from_over) {
            // Figures near the decimal limit cannot be compared: no warning
            // rather than an overflow.
            let diff = match ind.direction {
                Direction::HigherIsBetter => actual.interval.minus(e.value.0),
                Direction::LowerIsBetter => actual.interval.subtracted_from(e.value.0),
            };
            let Some(diff) = diff else { return };
            over_warning(
                out,
                t,
                q,
                diff,
                ind.measure.as_ref().map_or("", |m| m.unit.as_str()),
            );
        }
        if let (Some(q), Some(ratio)) = (reported.over_pct, ratio) {
            if let Some(diff) = ratio.minus(Dec::ONE_HUNDRED.0) {
                over_warning(out, t, q, diff, "%");
            }
        }
    }
}

/// A printed achievement that the figures, rounded as printed, cannot give.
fn achievement_mismatch(
    out: &mut Out,
    t: &Target,
    actual: &Actual,
    e: &TargetEval,
    p: Dec,
    ratio: Option<Interval>,
) {
    if let (Some(ratio), Some(printed)) = (ratio, Interval::rounded(p)) {
        if !ratio.intersects(&printed) {
            let re = shown(&ratio, p, 2);
            out.push(
                "achievement_mismatch",
                format!(
                    "«{}»: báo cáo ghi đạt {}%, nhưng {} / {} = {}%",
                    t.label,
                    p.fmt_vi(),
                    actual.value.fmt_vi(),
                    e.value.fmt_vi(),
                    re.map(|d| d.fmt_vi()).unwrap_or_default()
                ),
                format!(
                    "«{}»: the report prints {}% achieved, but {} / {} = {}%",
                    t.label,
                    p.fmt_en(),
                    actual.value.fmt_en(),
                    e.value.fmt_en(),
                    re.map(|d| d.fmt_en()).unwrap_or_default()
                ),
                Some(p),
                re,
                None,
            );
        }
    }
}

/// A target derived from a printed achievement that no whole target gives.
fn derived_not_whole(out: &mut Out, t: &Target, actual: &Actual, e: &TargetEval, p: Dec) {
    if whole_target_for(actual.value, p).is_some() {
        return;
    }
    // The target is shown rounded to whole things (compute::derive_target); the
    // warning names the fraction the printed achievement implies.
    let Some(exact) = actual
        .value
        .checked_mul(Dec::ONE_HUNDRED)
        .and_then(|x| x.checked_div(p))
        .map(|x| x.round_dp(2).normalize())
    else {
        return;
    };
    out.push(
        "derived_target_not_whole",
        format!(
            "«{}»: đạt {}% với {} thì chỉ tiêu là {}, không phải số nguyên: không chỉ tiêu nguyên nào cho ra đúng {}% (hiển thị làm tròn: {})",
            t.label,
            p.fmt_vi(),
            actual.value.fmt_vi(),
            exact.fmt_vi(),
            p.fmt_vi(),
            e.value.fmt_vi()
        ),
        format!(
            "«{}»: {}% achieved with {} implies a target of {}, not a whole number: no whole target gives exactly {}% (shown rounded: {})",
            t.label,
            p.fmt_en(),
            actual.value.fmt_en(),
            exact.fmt_en(),
            p.fmt_en(),
            e.value.fmt_en()
        ),
        Some(p),
        Some(exact),
        None,
    );
}

fn over_warning(out: &mut Out, t: &Target, q: Dec, diff: Interval, unit: &str) {
    let Some(printed) = Interval::rounded(q) else {
        return;
    };
    if diff.intersects(&printed) {
        return;
    }
    let re = shown(&diff, q, 2);
    out.push(
        "over_mismatch",
        format!(
            "«{}»: báo cáo ghi vượt {} {unit}, nhưng phần vượt tính lại là {} {unit}",
            t.label,
            q.fmt_vi(),
            re.map(|d| d.fmt_vi()).unwrap_or_default()
        ),
        format!(
            "«{}»: the report prints an excess of {} {unit}, but it is {} {unit} recomputed",
            t.label,
            q.fmt_en(),
            re.map(|d| d.fmt_en()).unwrap_or_default()
        ),
        Some(q),
        re,
        None,
    );
}

fn restated(out: &mut Out, ind: &Indicator, actual: Option<&Actual>, evals: &[TargetEval]) {
    if ind.restated.is_empty() {
        return;
    }
    let by_period = ByPeriod::new(&ind.values);
    for r in &ind.restated {
        // The figure as the table prints it, or as computed when it prints none.
        let (figure, printed) = match r.of {
            RestatedFigure::Total => match (&ind.total, actual) {
                (Some(t), _) => (Some(t.value), true),
                (None, Some(a)) => (Some(a.value), false),
                _ => (None, false),
            },
            RestatedFigure::Period => (r.period.as_deref().and_then(|p| by_period.get(p)), true),
            RestatedFigure::Achievement => {
                let e = evals.iter().find(|e| Some(&e.label) == r.target.as_ref());
                match e {
                    Some(e) if e.reported_achievement_pct.is_some() => {
                        (e.reported_achievement_pct, true)
                    }
                    Some(e) => (e.achievement_pct, false),
                    None => (None, false),
                }
            }
        };
        let Some(figure) = figure else { continue };
        let agrees = if printed {
            same_figure(figure, r.value)
        } else {
            Interval::rounded(r.value)
                .is_some_and(|i| i.intersects(&interval_of(figure, Precision::Rounded)))
        };
        if agrees {
            continue;
        }
        let what_vi = match r.of {
            RestatedFigure::Total => "tổng".to_string(),
            RestatedFigure::Period => out.pv(r.period.as_deref().unwrap_or("")),
            RestatedFigure::Achievement => {
                format!("tỷ lệ đạt «{}»", r.target.as_deref().unwrap_or(""))
            }
        };
        let what_en = match r.of {
            RestatedFigure::Total => "the total".to_string(),
            RestatedFigure::Period => out.pe(r.period.as_deref().unwrap_or("")),
            RestatedFigure::Achievement => {
                format!("the achievement «{}»", r.target.as_deref().unwrap_or(""))
            }
        };
        out.push(
            "restated_differs",
            format!(
                "«{}», {what_vi}: {} ghi {}, nhưng {} ghi {}",
                ind.name,
                where_vi(&ind.source),
                figure.fmt_vi(),
                where_vi(&r.source),
                r.value.fmt_vi()
            ),
            format!(
                "«{}», {what_en}: {} prints {}, but {} prints {}",
                ind.name,
                where_en(&ind.source),
                figure.fmt_en(),
                where_en(&r.source),
                r.value.fmt_en()
            ),
            Some(r.value),
            Some(figure),
            r.period.as_deref(),
        );
    }
}

/// A target derived from the printed achievement or excess that comes out 0
/// or below: the printed figure cannot be right, and the target is not
/// judged (no achievement, no status).
fn derived_target_not_positive(
    out: &mut Out,
    ind: &Indicator,
    actual: Option<&Actual>,
    evals: &[TargetEval],
) {
    let Some(actual) = actual else { return };
    for e in evals.iter().filter(|e| e.derived && e.value <= Dec::ZERO) {
        let Some(t) = ind.targets.iter().find(|t| t.label == e.label) else {
            continue;
        };
        let reported = t.reported.clone().unwrap_or_default();
        let unit = ind.unit();
        let (vi, en, printed) = match (reported.achievement_pct, reported.over_points) {
            (Some(p), _) => (
                format!(
                    "«{}»: báo cáo ghi đạt {}% với số thực hiện {}, tức chỉ tiêu là {}: chỉ tiêu phải lớn hơn 0, nên tỷ lệ đạt in trong báo cáo không thể đúng; mục tiêu này không được đánh giá",
                    t.label,
                    p.fmt_vi(),
                    actual.value.fmt_vi(),
                    e.value.fmt_vi()
                ),
                format!(
                    "«{}»: the report prints {}% achieved with an actual of {}, which makes the target {}: a target is above 0, so the printed achievement cannot be right; this target is not judged",
                    t.label,
                    p.fmt_en(),
                    actual.value.fmt_en(),
                    e.value.fmt_en()
                ),
                p,
            ),
            (None, Some(q)) => (
                format!(
                    "«{}»: báo cáo ghi vượt {} {unit}, nhưng số thực hiện chỉ là {} {unit}, tức chỉ tiêu là {}: chỉ tiêu phải lớn hơn 0, nên phần vượt in trong báo cáo không thể đúng; mục tiêu này không được đánh giá",
                    t.label,
                    q.fmt_vi(),
                    actual.value.fmt_vi(),
                    e.value.fmt_vi()
                ),
                format!(
                    "«{}»: the report prints an excess of {} {unit}, but the actual is only {} {unit}, which makes the target {}: a target is above 0, so the printed excess cannot be right; this target is not judged",
                    t.label,
                    q.fmt_en(),
                    actual.value.fmt_en(),
                    e.value.fmt_en()
                ),
                q,
            ),
            (None, None) => continue,
        };
        out.push(
            "derived_target_not_positive",
            vi,
            en,
            Some(printed),
            Some(e.value),
            None,
        );
    }
}

/// A rate (an indicator of kind rate, or a distribution's share, in %)
/// printed above 100%: a share of a whole cannot exceed it. Achievements and
/// growth are not rates and may.
fn rate_over_100(out: &mut Out, ind: &Indicator) {
    let percent = ind
        .measure
        .as_ref()
        .is_some_and(|m| m.kind == MeasureKind::Percent);
    if !percent || !matches!(ind.kind, IndicatorKind::Rate | IndicatorKind::Distribution) {
        return;
    }
    let over = |v: &Dec| *v > Dec::ONE_HUNDRED;
    let mut figures: Vec<(Option<&str>, Option<&str>, Dec)> = Vec::new();
    for o in &ind.values {
        if let Some(v) = o.value.filter(over) {
            figures.push((None, Some(&o.period), v));
        }
    }
    if let Some(t) = ind.total.as_ref().filter(|t| over(&t.value)) {
        figures.push((None, None, t.value));
    }
    for c in &ind.categories {
        for o in &c.values {
            if let Some(v) = o.value.filter(over) {
                figures.push((Some(&c.name), Some(&o.period), v));
            }
        }
    }
    for (category, period, v) in figures {
        let (what_vi, what_en) = match category {
            Some(c) => (format!("Tỷ lệ «{c}»"), format!("The share «{c}»")),
            None => ("Tỷ lệ".to_string(), "The rate".to_string()),
        };
        let (when_vi, when_en) = match period {
            Some(p) => (format!("kỳ «{}»", out.pv(p)), format!("for {}", out.pe(p))),
            None => (
                "ở cột «Thực hiện»".to_string(),
                "in the «Thực hiện» column".to_string(),
            ),
        };
        out.push(
            "rate_over_100",
            format!(
                "{what_vi} {when_vi} ghi {}%, trên 100%: một tỷ lệ không thể vượt quá 100%",
                v.fmt_vi()
            ),
            format!(
                "{what_en} {when_en} is printed as {}%, above 100%: a rate cannot exceed 100%",
                v.fmt_en()
            ),
            Some(v),
            None,
            period,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chitieu_format::period::Month;

    fn d(s: &str) -> Dec {
        Dec::parse(s).unwrap()
    }

    #[test]
    fn whole_targets_reproduce_printed_percentages() {
        assert_eq!(whole_target_for(d("261"), d("104.4")), Some(d("250")));
        assert_eq!(whole_target_for(d("150"), d("107.14")), Some(d("140")));
        assert_eq!(whole_target_for(d("3"), d("80")), None);
        assert_eq!(whole_target_for(d("1772"), d("144.07")), Some(d("1230")));
    }

    /// The figures within `w` as first written: every pair compared.
    fn pieces_by_pairs(pts: &[Point], w: usize) -> Option<Vec<usize>> {
        let whole = &pts[w];
        let inside: Vec<usize> = (0..pts.len())
            .filter(|&i| pts[i].period != whole.period && whole.span.contains(&pts[i].span))
            .collect();
        let disjoint = inside.iter().enumerate().all(|(k, &a)| {
            inside[k + 1..]
                .iter()
                .all(|&b| !pts[a].span.overlaps(&pts[b].span))
        });
        let months: i64 = inside.iter().map(|&i| pts[i].span.months()).sum();
        (inside.len() >= 2 && disjoint && months == whole.span.months()).then_some(inside)
    }

    proptest::proptest! {
        #[test]
        fn tiles_find_what_comparing_every_pair_finds(
            spans in proptest::collection::vec((0i64..30, 0i64..12), 0..40)
        ) {
            let ids: Vec<String> = (0..spans.len()).map(|i| format!("p{i}")).collect();
            let month = |k: i64| Month::new(2020 + (k / 12) as i32, (k % 12 + 1) as u8).unwrap();
            let pts: Vec<Point> = spans
                .iter()
                .zip(&ids)
                .map(|(&(s, len), id)| Point {
                    period: id,
                    span: chitieu_format::period::Span { start: month(s), end: month(s + len) },
                    value: Dec::ZERO,
                    interval: Interval::exact(Dec::ZERO),
                })
                .collect();
            let tiles = Tiles::new(&pts);
            for w in 0..pts.len() {
                let mut got = tiles.pieces(&pts, w);
                if let Some(g) = got.as_mut() {
                    g.sort_unstable();
                }
                proptest::prop_assert_eq!(got, pieces_by_pairs(&pts, w), "whole {}", w);
            }
        }

        #[test]
        fn range_minimums_are_the_minimums(v in proptest::collection::vec(-50i64..50, 0..70)) {
            let table = MinTable::new(v.clone());
            for lo in 0..=v.len() {
                for hi in lo..=v.len() {
                    proptest::prop_assert_eq!(table.min(lo, hi), v[lo..hi].iter().min().copied());
                }
            }
        }
    }

    #[test]
    fn same_figure_compares_at_the_coarser_precision() {
        assert!(same_figure(d("96.24"), d("96.24")));
        assert!(!same_figure(d("96.24"), d("96.25")));
        assert!(same_figure(d("101.3"), d("101.30")));
        assert!(same_figure(d("98.5"), d("98.49")));
    }
}
