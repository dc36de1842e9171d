//! Achievement, status, expected progress and what is still needed, computed
//! exactly from a [`Loaded`] export.

use std::collections::{HashMap, HashSet};

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::load::Loaded;
use chitieu_format::dec::{Dec, Interval};
use chitieu_format::model::*;
use chitieu_format::period::{Month, Span};

/// Where an indicator stands against its (first) target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Beyond the target.
    Exceeded,
    /// Exactly at the target, or a ceiling respected.
    Met,
    /// Below the target but at or ahead of the pace the elapsed time asks for.
    OnTrack,
    /// Below the target and behind pace.
    Behind,
    /// The horizon is over below target, or a floor failed in a complete period.
    Missed,
    /// Nothing to judge against.
    NoTarget,
}

impl Status {
    /// The status in words, in `lang`.
    pub fn label(&self, lang: crate::text::Lang) -> &'static str {
        lang.pick(self.label_vi(), self.label_en())
    }

    fn label_vi(&self) -> &'static str {
        match self {
            Status::Exceeded => "Vượt chỉ tiêu",
            Status::Met => "Đạt chỉ tiêu",
            Status::OnTrack => "Đúng tiến độ",
            Status::Behind => "Chậm tiến độ",
            Status::Missed => "Không đạt",
            Status::NoTarget => "Không có chỉ tiêu",
        }
    }

    fn label_en(&self) -> &'static str {
        match self {
            Status::Exceeded => "Exceeded",
            Status::Met => "Met",
            Status::OnTrack => "On track",
            Status::Behind => "Behind pace",
            Status::Missed => "Missed",
            Status::NoTarget => "No target",
        }
    }

    /// Machine name, as in the JSON output and URLs.
    pub fn code(&self) -> &'static str {
        match self {
            Status::Exceeded => "exceeded",
            Status::Met => "met",
            Status::OnTrack => "on_track",
            Status::Behind => "behind",
            Status::Missed => "missed",
            Status::NoTarget => "no_target",
        }
    }

    pub const ALL: [Status; 6] = [
        Status::Exceeded,
        Status::Met,
        Status::OnTrack,
        Status::Behind,
        Status::Missed,
        Status::NoTarget,
    ];

    /// A sign that tells the status without colour.
    pub fn icon(&self) -> &'static str {
        match self {
            Status::Exceeded => "▲",
            Status::Met => "✓",
            Status::OnTrack => "→",
            Status::Behind => "▼",
            Status::Missed => "✗",
            Status::NoTarget => "·",
        }
    }
}

/// One period's figure judged against a per-period floor or ceiling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodOutcome {
    Pass,
    Fail,
    /// Below a yearly floor in a period shorter than the floor's year: not judged yet.
    Pending,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodCheck {
    pub period: String,
    pub value: Dec,
    pub outcome: PeriodOutcome,
    /// Whether the period is shorter than a year while the target is yearly or longer.
    pub partial: bool,
}

/// Pace against a cumulative target at the export's date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub elapsed_months: i64,
    pub total_months: i64,
    /// Share of the horizon elapsed, in %, two decimals.
    pub elapsed_pct: Dec,
    /// What the target asks for by now at an even pace.
    pub expected: Dec,
    /// Where the current pace leads by the end of the horizon.
    pub projection: Option<Dec>,
    /// Still needed to reach the target (zero when reached).
    pub remaining: Dec,
    pub remaining_months: i64,
    /// Needed per remaining year at an even pace.
    pub needed_per_year: Option<Dec>,
    /// Needed per remaining month at an even pace.
    pub needed_per_month: Option<Dec>,
}

/// One target, judged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetEval {
    pub label: String,
    /// The target, stated or derived.
    pub value: Dec,
    /// True when the report gave only the achievement and the target was derived from it.
    pub derived: bool,
    pub horizon: String,
    pub rule: TargetRule,
    /// Achievement in % of the target, two decimals, rounded as the reports round.
    pub achievement_pct: Option<Dec>,
    /// The achievement as the report prints it.
    pub reported_achievement_pct: Option<Dec>,
    pub status: Status,
    pub progress: Option<Progress>,
    pub periods: Vec<PeriodCheck>,
}

/// The combined figure judged against targets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Actual {
    pub value: Dec,
    /// True when the figure is the report's own total; false when added up here.
    pub reported: bool,
    /// The last month the figure covers.
    pub through: Month,
    #[serde(skip)]
    pub interval: Interval,
}

/// A figure with the values it may stand for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Point<'a> {
    pub period: &'a str,
    pub span: Span,
    pub value: Dec,
    pub interval: Interval,
}

/// How a printed figure is read: exactly (a count), or as rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Precision {
    Exact,
    /// ± half a unit of its last printed decimal.
    Rounded,
}

impl Precision {
    /// Exact when `exact` holds (a count as printed), else rounded.
    pub(crate) fn exact_if(exact: bool) -> Precision {
        if exact {
            Precision::Exact
        } else {
            Precision::Rounded
        }
    }
}

/// The values a printed figure may stand for: exact for counts, else ± half a unit.
pub(crate) fn interval_of(v: Dec, precision: Precision) -> Interval {
    interval_at(v, 0, precision)
}

/// As [`interval_of`], for a figure in a column printed with `scale` decimals.
pub(crate) fn interval_at(v: Dec, scale: u32, precision: Precision) -> Interval {
    match precision {
        Precision::Exact => Interval::exact(v),
        Precision::Rounded => Interval::rounded_at(v, scale).unwrap_or(Interval::exact(v)),
    }
}

/// The precision of a column of figures: the most decimals any of them shows.
pub(crate) fn column_scale<'a>(obs: impl IntoIterator<Item = &'a Observation>) -> u32 {
    obs.into_iter()
        .filter_map(|o| o.value.map(|v| v.scale()))
        .max()
        .unwrap_or(0)
}

/// The indicator's figures per period, with their spans.
pub(crate) fn points<'a>(l: &Loaded, ind: &Indicator, obs: &'a [Observation]) -> Vec<Point<'a>> {
    let exact = ind.is_count();
    let scale = column_scale(obs);
    obs.iter()
        .filter_map(|o| {
            let value = o.value?;
            Some(Point {
                period: &o.period,
                span: l.span(&o.period)?,
                value,
                interval: interval_at(
                    value,
                    scale,
                    Precision::exact_if(exact && o.qualifier.is_none()),
                ),
            })
        })
        .collect()
}

/// Per period, the sum of the named categories' shares (distribution targets).
///
/// Each category's figures are indexed by period once: a lookup per period
/// and category, not a search through the category's figures.
pub(crate) fn category_sum<'a>(l: &Loaded, ind: &'a Indicator, cats: &[String]) -> Vec<Point<'a>> {
    let named: HashSet<&str> = cats.iter().map(String::as_str).collect();
    let chosen: Vec<&Category> = ind
        .categories
        .iter()
        .filter(|c| named.contains(c.id.as_str()))
        .collect();
    let Some(first) = chosen.first() else {
        return Vec::new();
    };
    let by_period: Vec<ByPeriod> = chosen.iter().map(|c| ByPeriod::new(&c.values)).collect();
    let scale = column_scale(ind.categories.iter().flat_map(|c| &c.values));
    let mut out = Vec::new();
    for o in &first.values {
        let Some(span) = l.span(&o.period) else {
            continue;
        };
        let mut sum = Some(Interval::exact(Dec::ZERO));
        let mut value = Some(Dec::ZERO);
        for figures in &by_period {
            match figures.get(o.period.as_str()) {
                Some(v) => {
                    value = value.and_then(|a| a.checked_add(v));
                    sum =
                        sum.and_then(|a| a.checked_add(interval_at(v, scale, Precision::Rounded)));
                }
                None => value = None,
            }
        }
        if let (Some(value), Some(interval)) = (value, sum) {
            out.push(Point {
                period: &o.period,
                span,
                value,
                interval,
            });
        }
    }
    out
}

/// Each period's figure (the first given for it), for lookups by period.
/// Indexes positions, in the map type the validator uses (one map type less
/// in the page's code).
pub(crate) struct ByPeriod<'a> {
    obs: &'a [Observation],
    at: HashMap<&'a str, usize>,
}

impl<'a> ByPeriod<'a> {
    pub(crate) fn new(obs: &'a [Observation]) -> ByPeriod<'a> {
        let mut at = HashMap::with_capacity(obs.len());
        for (i, o) in obs.iter().enumerate() {
            at.entry(o.period.as_str()).or_insert(i);
        }
        ByPeriod { obs, at }
    }

    /// The figure of `period`, if one is given.
    pub(crate) fn get(&self, period: &str) -> Option<Dec> {
        self.at
            .get(period)
            .and_then(|&i| self.obs.get(i))
            .and_then(|o| o.value)
    }
}

/// Non-overlapping figures, longest first from the earliest start: a 9-month
/// cumulative figure is chosen over the quarter inside it.
pub(crate) fn cover<'a>(mut pts: Vec<Point<'a>>) -> Vec<Point<'a>> {
    crate::order::sort_by_key(&mut pts, |p| {
        (p.span.start.index(), p.span.months().saturating_neg())
    });
    // Every chosen figure starts at or before this one: it overlaps one of
    // them exactly when it starts before the last month they reach.
    let mut chosen: Vec<Point> = Vec::new();
    let mut reach: Option<Month> = None;
    for p in pts {
        if reach.is_none_or(|end| end < p.span.start) {
            reach = Some(reach.map_or(p.span.end, |end| end.max(p.span.end)));
            chosen.push(p);
        }
    }
    chosen
}

/// Combines figures by the aggregation: value, interval and the last month covered.
pub(crate) fn combine(agg: Aggregation, pts: &[Point]) -> Option<(Dec, Interval, Month)> {
    let through = pts.iter().map(|p| p.span.end).max()?;
    match agg {
        Aggregation::Latest => {
            let p = pts.iter().max_by_key(|p| p.span.end)?;
            Some((p.value, p.interval, through))
        }
        Aggregation::Sum | Aggregation::Average => {
            let mut v = Dec::ZERO;
            let mut i = Interval::exact(Dec::ZERO);
            for p in pts {
                v = v.checked_add(p.value)?;
                i = i.checked_add(p.interval)?;
            }
            if agg == Aggregation::Average {
                let n = Decimal::from(pts.len());
                v = v.checked_div(Dec(n))?;
                i = i.checked_div_exact(n)?;
            }
            Some((v, i, through))
        }
    }
}

/// `v` in % of `of`, two decimals; none of a base of 0 or less, where a
/// percentage means nothing (a ceiling of 0, a derived target gone wrong).
fn pct2(v: Dec, of: Dec) -> Option<Dec> {
    if of <= Dec::ZERO {
        return None;
    }
    v.percent_of(of).map(|p| p.fixed_dp(2))
}

/// Derives a target the report does not state from what it does state. It
/// may come out 0 or below (an excess printed larger than the figure): such
/// a target is kept to be shown, but not judged against.
fn derive_target(t: &Target, actual: &Actual, ind: &Indicator) -> Option<Dec> {
    let reported = t.reported.as_ref()?;
    if let Some(p) = reported.achievement_pct {
        let exact = actual.value.checked_mul(Dec::ONE_HUNDRED)?.checked_div(p)?;
        if ind.is_count() {
            // Whole things have a whole target: the one that gives the printed
            // achievement, else the nearest (check::derived_target_not_whole says so).
            return whole_target_for(actual.value, p).or(Some(exact.round_dp(0).normalize()));
        }
        return Some(exact.round_dp(2).normalize());
    }
    let q = reported.over_points?;
    match ind.direction {
        Direction::HigherIsBetter => actual.value.checked_sub(q),
        Direction::LowerIsBetter => actual.value.checked_add(q),
    }
    .map(Dec::normalize)
}

fn progress(actual: Dec, target: Dec, horizon: Span, as_of: Month) -> Option<Progress> {
    let total = horizon.months();
    let elapsed = horizon.elapsed_at(as_of);
    let total_d = Dec(Decimal::from(total));
    let elapsed_d = Dec(Decimal::from(elapsed));
    let expected = target.checked_mul(elapsed_d)?.checked_div(total_d)?;
    let projection = if elapsed > 0 {
        Some(
            actual
                .checked_mul(total_d)?
                .checked_div(elapsed_d)?
                .round_dp(2)
                .normalize(),
        )
    } else {
        None
    };
    let remaining = target.checked_sub(actual)?.max(Dec::ZERO);
    let remaining_months = total.saturating_sub(elapsed);
    let rm = Dec(Decimal::from(remaining_months));
    let (per_year, per_month) = if remaining_months > 0 {
        (
            Some(
                remaining
                    .checked_mul(Dec::from_i64(12))?
                    .checked_div(rm)?
                    .round_dp(2)
                    .normalize(),
            ),
            Some(remaining.checked_div(rm)?.round_dp(2).normalize()),
        )
    } else {
        (None, None)
    };
    Some(Progress {
        elapsed_months: elapsed,
        total_months: total,
        elapsed_pct: elapsed_d.percent_of(total_d)?.round_dp(2).normalize(),
        expected: expected.round_dp(2).normalize(),
        projection,
        remaining: remaining.normalize(),
        remaining_months,
        needed_per_year: per_year,
        needed_per_month: per_month,
    })
}

/// The pace of whole things in whole things: what is expected by now, still
/// needed and needed per year or month round up (a part of a person is a
/// whole person more), the projection to the nearest whole. The status is
/// unchanged: a whole actual reaches a figure exactly when it reaches its ceiling.
fn whole_progress(mut p: Progress, ind: &Indicator) -> Progress {
    if ind.is_count() {
        // Up to the next whole number, through the rounding the reports use (no `ceil` code).
        let up = |d: Dec| {
            Dec(d
                .0
                .round_dp_with_strategy(0, RoundingStrategy::ToPositiveInfinity))
        };
        p.expected = up(p.expected);
        p.remaining = up(p.remaining);
        p.needed_per_year = p.needed_per_year.map(up);
        p.needed_per_month = p.needed_per_month.map(up);
        p.projection = p.projection.map(|d| d.round_dp(0).normalize());
    }
    p
}

fn better_or_equal(dir: Direction, a: Dec, b: Dec) -> bool {
    match dir {
        Direction::HigherIsBetter => a >= b,
        Direction::LowerIsBetter => a <= b,
    }
}

fn eval_target(
    l: &Loaded,
    ind: &Indicator,
    t: &Target,
    total_actual: Option<&Actual>,
) -> Option<TargetEval> {
    let horizon = l.span(&t.horizon)?;
    let pts = if ind.kind == IndicatorKind::Distribution {
        category_sum(l, ind, &t.categories)
    } else {
        points(l, ind, &ind.values)
    };
    let in_horizon: Vec<Point> = pts
        .into_iter()
        .filter(|p| horizon.contains(&p.span))
        .collect();
    let agg = ind.aggregation();
    let actual = match total_actual {
        Some(a) => a.clone(),
        None => {
            let (value, interval, through) = combine(agg, &cover(in_horizon.clone()))?;
            Actual {
                value,
                reported: false,
                through,
                interval,
            }
        }
    };
    let (value, derived) = match t.value {
        Some(v) => (v, false),
        None => (derive_target(t, &actual, ind)?, true),
    };
    let as_of = l.as_of();
    let dir = ind.direction;
    // A derived target of 0 or below cannot be right: shown, with a
    // warning (check::derived_target_not_positive), but not judged.
    if derived && value <= Dec::ZERO {
        return Some(TargetEval {
            label: t.label.clone(),
            value,
            derived,
            horizon: t.horizon.clone(),
            rule: t.rule,
            achievement_pct: None,
            reported_achievement_pct: t.reported.as_ref().and_then(|r| r.achievement_pct),
            status: Status::NoTarget,
            progress: None,
            periods: Vec::new(),
        });
    }
    let achievement_pct = pct2(actual.value, value);
    let (periods, progress_out, status) = match t.rule {
        TargetRule::EachPeriod => {
            let periods = each_period(&in_horizon, horizon, dir, value);
            let status = each_period_status(&periods, dir, actual.value, value);
            (periods, None, status)
        }
        TargetRule::Total => {
            // A ceiling of 0 asks for none at all: there is no pace to it.
            let progress_out = if agg == Aggregation::Sum && value > Dec::ZERO {
                progress(actual.value, value, horizon, as_of).map(|p| whole_progress(p, ind))
            } else {
                None
            };
            let status = total_status(
                dir,
                actual.value,
                value,
                horizon,
                as_of,
                progress_out.as_ref(),
            );
            (Vec::new(), progress_out, status)
        }
    };
    Some(TargetEval {
        label: t.label.clone(),
        value,
        derived,
        horizon: t.horizon.clone(),
        rule: t.rule,
        achievement_pct,
        reported_achievement_pct: t.reported.as_ref().and_then(|r| r.achievement_pct),
        status,
        progress: progress_out,
        periods,
    })
}

/// Each period in the horizon against a target every period must meet; a
/// period shorter than a year, in a yearly horizon, is pending rather than failed.
fn each_period(
    in_horizon: &[Point],
    horizon: Span,
    dir: Direction,
    value: Dec,
) -> Vec<PeriodCheck> {
    let yearly = horizon.months() >= 12;
    in_horizon
        .iter()
        .map(|p| {
            let partial = yearly && p.span.months() < 12;
            let ok = better_or_equal(dir, p.value, value);
            PeriodCheck {
                period: p.period.to_string(),
                value: p.value,
                outcome: match (ok, partial) {
                    (true, _) => PeriodOutcome::Pass,
                    (false, true) => PeriodOutcome::Pending,
                    (false, false) => PeriodOutcome::Fail,
                },
                partial,
            }
        })
        .collect()
}

/// The status of a target every period must meet: missed once a period fails.
fn each_period_status(periods: &[PeriodCheck], dir: Direction, actual: Dec, value: Dec) -> Status {
    if periods.iter().any(|c| c.outcome == PeriodOutcome::Fail) {
        Status::Missed
    } else if actual == value {
        Status::Met
    } else if better_or_equal(dir, actual, value) {
        Status::Exceeded
    } else {
        Status::Behind
    }
}

/// The status of a target on the total: missed once the horizon is over,
/// else against the expected pace if any.
fn total_status(
    dir: Direction,
    actual: Dec,
    value: Dec,
    horizon: Span,
    as_of: Month,
    progress: Option<&Progress>,
) -> Status {
    let complete = as_of >= horizon.end;
    match dir {
        Direction::HigherIsBetter if actual > value => Status::Exceeded,
        Direction::HigherIsBetter if actual == value => Status::Met,
        Direction::HigherIsBetter if complete => Status::Missed,
        Direction::HigherIsBetter => match progress {
            Some(p) if actual >= p.expected => Status::OnTrack,
            _ => Status::Behind,
        },
        Direction::LowerIsBetter if actual <= value => Status::Met,
        Direction::LowerIsBetter => Status::Missed,
    }
}

/// The indicator's combined figure: its printed total, or its periods combined.
fn overall_actual(l: &Loaded, ind: &Indicator) -> Option<Actual> {
    if let Some(t) = &ind.total {
        let through = points(l, ind, &ind.values)
            .iter()
            .map(|p| p.span.end)
            .max()
            .unwrap_or(l.as_of());
        return Some(Actual {
            value: t.value,
            reported: true,
            through,
            interval: interval_of(
                t.value,
                Precision::exact_if(ind.is_count() && t.qualifier.is_none()),
            ),
        });
    }
    None
}

/// A whole-number target that reproduces the printed achievement, if any.
pub fn whole_target_for(actual: Dec, pct: Dec) -> Option<Dec> {
    let t = actual.checked_mul(Dec::ONE_HUNDRED)?.checked_div(pct)?;
    let floor = Dec(t.0.floor());
    let ceil = Dec(t.0.ceil());
    [floor, ceil].into_iter().find(|n| {
        *n > Dec::ZERO
            && actual
                .percent_of(*n)
                .is_some_and(|p| p.round_dp(pct.scale()) == pct)
    })
}

/// The indicator's actual (printed, or combined from its periods) and each
/// target evaluated against it.
pub fn actual_and_targets(l: &Loaded, ind: &Indicator) -> (Option<Actual>, Vec<TargetEval>) {
    let printed = overall_actual(l, ind);
    let targets: Vec<TargetEval> = ind
        .targets
        .iter()
        .filter_map(|t| eval_target(l, ind, t, printed.as_ref()))
        .collect();
    let actual = printed.or_else(|| {
        let pts = match (ind.kind, ind.targets.first()) {
            (IndicatorKind::Distribution, Some(t)) => category_sum(l, ind, &t.categories),
            _ => points(l, ind, &ind.values),
        };
        let (value, interval, through) = combine(ind.aggregation(), &cover(pts))?;
        Some(Actual {
            value: if ind.aggregation() == Aggregation::Average {
                value.round_dp(2).normalize()
            } else {
                value
            },
            reported: false,
            through,
            interval,
        })
    });
    (actual, targets)
}
