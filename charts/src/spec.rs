//! What to draw, chosen from the indicator's kind and built from the core's
//! evaluation. Every label is formatted from the exact figure; only pixel
//! positions are computed in floating point.

use chitieu_core::compute::{PeriodOutcome, Row};
use chitieu_core::{
    evaluate_all, Aggregation, Dec, IndicatorKind, Lang, Loaded, Status, TargetRule,
};

/// One bar: a period's figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The period id.
    pub period: String,
    pub label: String,
    pub value: Dec,
    /// Shorter than the periods around it (6 months, 9 months).
    pub partial: bool,
    /// Extra words under the value (year-on-year change).
    pub note: Option<String>,
}

/// A horizontal reference line: a target, a floor, a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub label: String,
    pub value: Dec,
}

/// Counts accumulated against a term target.
#[derive(Debug, Clone, PartialEq)]
pub struct Cumulative {
    pub title: String,
    pub unit: String,
    pub bars: Vec<Bar>,
    /// Running total at the end of each bar's period.
    pub running: Vec<Dec>,
    pub targets: Vec<Line>,
    /// Expected running total at an even pace, at the end of each bar's period.
    pub pace: Vec<Dec>,
    /// End-of-horizon value at the current pace.
    pub projection: Option<Line>,
    /// Name of the horizon's end slot ("Cuối nhiệm kỳ").
    pub end_label: String,
    /// What the remaining periods need, as a sentence.
    pub needed: Option<String>,
}

/// A rate per period against a floor (or ceiling).
#[derive(Debug, Clone, PartialEq)]
pub struct Floor {
    pub title: String,
    pub unit: String,
    pub bars: Vec<(Bar, PeriodOutcome)>,
    pub floor: Line,
    pub lower_is_better: bool,
    /// The combined value over the horizon (the report's "Thực hiện").
    pub overall: Option<Line>,
}

/// Money (or any flow) per period against a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub title: String,
    pub unit: String,
    pub bars: Vec<Bar>,
    pub plan: Option<Line>,
    /// What the plan asks for by now at an even pace.
    pub expected: Option<Line>,
}

/// Shares of categories per period, stacked to 100%.
#[derive(Debug, Clone, PartialEq)]
pub struct Distribution {
    pub title: String,
    pub periods: Vec<String>,
    /// Category name and its share per period; the target's categories first.
    pub categories: Vec<(String, Vec<Option<Dec>>)>,
    /// How many of the first categories the target adds up.
    pub target_categories: usize,
    pub target: Option<Line>,
}

/// Units side by side: their rank among peers.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub title: String,
    /// Unit and criterion, rank (none: not ranked) and the rank as printed.
    pub rows: Vec<(String, Option<u32>, String)>,
    /// The scale of the bars: the number of peers, or the lowest rank seen.
    pub peers: u32,
    /// Whether the report states how many are ranked (else "1/8" is not shown).
    pub peers_known: bool,
}

/// Units side by side: achievement of their targets.
#[derive(Debug, Clone, PartialEq)]
pub struct Achievement {
    pub title: String,
    /// Unit and indicator, achievement in %, status.
    pub rows: Vec<(String, Dec, Status)>,
}

/// A chart, by kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    Cumulative(Cumulative),
    Floor(Floor),
    Plan(Plan),
    Distribution(Distribution),
    Ranking(Ranking),
    Achievement(Achievement),
}

impl Chart {
    /// Machine name of the kind, for pages and tests.
    pub fn kind(&self) -> &'static str {
        match self {
            Chart::Cumulative(_) => "cumulative",
            Chart::Floor(_) => "floor",
            Chart::Plan(_) => "plan",
            Chart::Distribution(_) => "distribution",
            Chart::Ranking(_) => "ranking",
            Chart::Achievement(_) => "achievement",
        }
    }

    pub fn title(&self) -> &str {
        match self {
            Chart::Cumulative(c) => &c.title,
            Chart::Floor(c) => &c.title,
            Chart::Plan(c) => &c.title,
            Chart::Distribution(c) => &c.title,
            Chart::Ranking(c) => &c.title,
            Chart::Achievement(c) => &c.title,
        }
    }
}

fn label(l: &Loaded, period: &str, lang: Lang) -> String {
    l.period_label(period, lang)
}

fn bars(l: &Loaded, row: &Row, lang: Lang) -> Vec<Bar> {
    spanned_bars(l, row, lang)
        .into_iter()
        .map(|(_, b)| b)
        .collect()
}

/// The indicator's figures as bars in time order, with their spans.
fn spanned_bars(l: &Loaded, row: &Row, lang: Lang) -> Vec<(chitieu_core::Span, Bar)> {
    let mut obs: Vec<_> = row
        .indicator
        .values
        .iter()
        .filter_map(|o| Some((l.span(&o.period)?, o, o.value?)))
        .collect();
    // In time order; a quarter before the 9-month figure that ends with it.
    chitieu_core::order::sort_by_key(&mut obs, |(s, _, _)| (s.end.index(), s.months()));
    let longest = obs.iter().map(|(s, _, _)| s.months()).max().unwrap_or(12);
    obs.into_iter()
        .map(|(span, o, value)| {
            (
                span,
                Bar {
                    period: o.period.to_string(),
                    label: label(l, &o.period, lang),
                    value,
                    partial: span.months() < longest.min(12),
                    note: o.change.as_ref().map(|c| {
                        let form = match (c.form, lang) {
                            (chitieu_core::ChangeForm::Growth, Lang::Vi) => "tăng",
                            (chitieu_core::ChangeForm::Growth, Lang::En) => "+",
                            (chitieu_core::ChangeForm::Ratio, Lang::Vi) => "bằng",
                            (chitieu_core::ChangeForm::Ratio, Lang::En) => "=",
                        };
                        let base = match (c.against, lang) {
                            (chitieu_core::ChangeBase::SamePeriodLastYear, Lang::Vi) => {
                                "so với cùng kỳ"
                            }
                            (chitieu_core::ChangeBase::SamePeriodLastYear, Lang::En) => {
                                "year on year"
                            }
                            (chitieu_core::ChangeBase::TermStart, Lang::Vi) => {
                                "so với đầu nhiệm kỳ"
                            }
                            (chitieu_core::ChangeBase::TermStart, Lang::En) => "on term start",
                        };
                        format!("{form} {} {base}", lang.pct(c.pct))
                    }),
                },
            )
        })
        .collect()
}

fn end_label(l: &Loaded, horizon: &str, lang: Lang) -> String {
    let term = l
        .period(horizon)
        .is_some_and(|p| p.kind == chitieu_core::PeriodKind::Term);
    match (term, lang) {
        (true, Lang::Vi) => "Cuối nhiệm kỳ".into(),
        (true, Lang::En) => "End of term".into(),
        (false, Lang::Vi) => format!(
            "Cuối {}",
            chitieu_core::text::lower(&label(l, horizon, lang))
        ),
        (false, Lang::En) => format!("End of {}", label(l, horizon, lang)),
    }
}

/// The sentence a presenter would say about what is still needed.
pub fn needed_sentence(l: &Loaded, row: &Row, lang: Lang) -> Option<String> {
    let t = row.eval.targets.first()?;
    let p = t.progress.as_ref()?;
    if p.remaining <= Dec::ZERO || p.remaining_months <= 0 {
        return None;
    }
    let unit = row.indicator.unit().to_string();
    let years = Dec::from_i64(p.remaining_months)
        .checked_div(Dec::from_i64(12))?
        .round_dp(2)
        .normalize();
    let per = if p.total_months > 12 {
        p.needed_per_year
    } else {
        p.needed_per_month
    }?;
    let _ = l;
    Some(match lang {
        Lang::Vi => {
            let span = if p.total_months > 12 {
                format!("{} năm còn lại", lang.num(years))
            } else {
                format!("{} tháng còn lại", p.remaining_months)
            };
            let each = if p.total_months > 12 {
                "năm"
            } else {
                "tháng"
            };
            format!(
                "Cần thêm {} {unit} trong {span}, bình quân {} {unit}/{each}",
                lang.num(p.remaining),
                lang.num(per)
            )
        }
        Lang::En => {
            let span = if p.total_months > 12 {
                format!("the remaining {} years", lang.num(years))
            } else {
                format!("the remaining {} months", p.remaining_months)
            };
            let each = if p.total_months > 12 { "year" } else { "month" };
            format!(
                "{} {unit} more needed in {span}, {} {unit} per {each} on average",
                lang.num(p.remaining),
                lang.num(per)
            )
        }
    })
}

/// The chart for an indicator, chosen from its kind; `None` for kinds shown as text.
pub fn chart_for(l: &Loaded, row: &Row, lang: Lang) -> Option<Chart> {
    let ind = row.indicator;
    let unit = ind.unit().to_string();
    let title = ind.name.clone();
    let first = ind.targets.first();
    let eval_first = row.eval.targets.first();
    match ind.kind {
        IndicatorKind::Group | IndicatorKind::Rating | IndicatorKind::Ranking => None,
        IndicatorKind::Distribution => {
            let t = first?;
            let mut periods: Vec<String> = Vec::new();
            for c in &ind.categories {
                for o in &c.values {
                    if !periods.iter().any(|p| p == o.period.as_str()) {
                        periods.push(o.period.to_string());
                    }
                }
            }
            // Periods without a span first, as `Option` orders them.
            chitieu_core::order::sort_by_key(&mut periods, |p| {
                l.span(p).map_or((0, 0), |s| (1, s.start.index()))
            });
            let mut cats: Vec<&chitieu_core::Category> = ind
                .categories
                .iter()
                .filter(|c| t.categories.contains(&c.id))
                .collect();
            let target_categories = cats.len();
            cats.extend(
                ind.categories
                    .iter()
                    .filter(|c| !t.categories.contains(&c.id)),
            );
            let categories = cats
                .iter()
                .map(|c| {
                    let shares = periods
                        .iter()
                        .map(|p| {
                            c.values
                                .iter()
                                .find(|o| &o.period == p)
                                .and_then(|o| o.value)
                        })
                        .collect();
                    (c.name.clone(), shares)
                })
                .collect();
            Some(Chart::Distribution(Distribution {
                title,
                periods: periods.iter().map(|p| label(l, p, lang)).collect(),
                categories,
                target_categories,
                target: eval_first.map(|e| Line {
                    label: e.label.clone(),
                    value: e.value,
                }),
            }))
        }
        _ if first.is_some_and(|t| t.rule == TargetRule::EachPeriod) => {
            let e = eval_first?;
            let outcome = |period: &str| {
                e.periods
                    .iter()
                    .find(|c| c.period == period)
                    .map_or(PeriodOutcome::Pass, |c| c.outcome)
            };
            let bars = bars(l, row, lang)
                .into_iter()
                .map(|b| {
                    let o = outcome(&b.period);
                    (b, o)
                })
                .collect();
            Some(Chart::Floor(Floor {
                title,
                unit,
                bars,
                floor: Line {
                    label: e.label.clone(),
                    value: e.value,
                },
                lower_is_better: ind.direction == chitieu_core::Direction::LowerIsBetter,
                overall: row.eval.actual.as_ref().map(|a| Line {
                    label: lang.pick("Thực hiện", "Actual").to_string(),
                    value: a.value,
                }),
            }))
        }
        IndicatorKind::Count | IndicatorKind::DoneOfPlanned
            if ind.aggregation() == Aggregation::Sum
                && eval_first.is_some_and(|e| e.progress.is_some()) =>
        {
            let e = eval_first?;
            let horizon = l.span(&e.horizon)?;
            let mut spanned: Vec<_> = spanned_bars(l, row, lang)
                .into_iter()
                .filter(|(s, _)| horizon.contains(s))
                .collect();
            chitieu_core::order::sort_by_key(&mut spanned, |(s, _)| (s.start.index(), -s.months()));
            // Only non-overlapping periods accumulate (a 9-month figure replaces its quarters).
            let mut kept: Vec<(chitieu_core::Span, Bar)> = Vec::new();
            for (s, b) in spanned {
                if kept.iter().all(|(k, _)| !k.overlaps(&s)) {
                    kept.push((s, b));
                }
            }
            let mut running = Vec::new();
            let mut sum = Dec::ZERO;
            for (_, b) in &kept {
                sum = sum.checked_add(b.value)?;
                running.push(sum);
            }
            let total = Dec::from_i64(horizon.months());
            let pace = kept
                .iter()
                .map(|(s, _)| {
                    e.value
                        .checked_mul(Dec::from_i64(horizon.elapsed_at(s.end)))
                        .and_then(|x| x.checked_div(total))
                        .map(|x| x.round_dp(2).normalize())
                })
                .collect::<Option<Vec<Dec>>>()?;
            Some(Chart::Cumulative(Cumulative {
                title,
                unit,
                bars: kept.into_iter().map(|(_, b)| b).collect(),
                running,
                targets: row
                    .eval
                    .targets
                    .iter()
                    .map(|t| Line {
                        label: t.label.clone(),
                        value: t.value,
                    })
                    .collect(),
                pace,
                projection: e
                    .progress
                    .as_ref()
                    .and_then(|p| p.projection)
                    .map(|v| Line {
                        label: lang
                            .pick("Dự báo theo nhịp hiện tại", "Projected at current pace")
                            .to_string(),
                        value: v,
                    }),
                end_label: end_label(l, &e.horizon, lang),
                needed: needed_sentence(l, row, lang),
            }))
        }
        _ => {
            let bars = bars(l, row, lang);
            if bars.is_empty() {
                return None;
            }
            Some(Chart::Plan(Plan {
                title,
                unit,
                bars,
                plan: eval_first.map(|e| Line {
                    label: if e.derived {
                        format!("{} ({})", e.label, lang.pick("suy ra", "derived"))
                    } else {
                        e.label.clone()
                    },
                    value: e.value,
                }),
                expected: eval_first
                    .and_then(|e| e.progress.as_ref())
                    .filter(|p| p.remaining_months > 0)
                    .map(|p| Line {
                        label: match lang {
                            Lang::Vi => format!(
                                "Tiến độ cần đạt sau {}/{} tháng",
                                p.elapsed_months, p.total_months
                            ),
                            Lang::En => {
                                format!("Pace after {}/{} months", p.elapsed_months, p.total_months)
                            }
                        },
                        value: p.expected,
                    }),
            }))
        }
    }
}

/// Units side by side, for exports with several units: rankings and achievements.
pub fn unit_charts(l: &Loaded, lang: Lang) -> Vec<Chart> {
    if l.export.units.len() < 2 {
        return Vec::new();
    }
    let rows = evaluate_all(l);
    let multi_rank = |unit: &str| {
        rows.iter()
            .filter(|r| r.unit.id == unit && r.indicator.kind == IndicatorKind::Ranking)
            .count()
            > 1
    };
    let mut ranking = Vec::new();
    let mut peers = 0u32;
    let mut peers_known = true;
    for r in rows
        .iter()
        .filter(|r| r.indicator.kind == IndicatorKind::Ranking)
    {
        let o = r.indicator.values.last();
        let rank = o
            .and_then(|o| o.value)
            .and_then(|v| v.0.to_string().parse::<u32>().ok());
        peers_known &= r.indicator.peers.is_some();
        peers = peers
            .max(r.indicator.peers.unwrap_or(0))
            .max(rank.unwrap_or(0));
        let name = if multi_rank(&r.unit.id) {
            format!("{} – {}", r.unit.name, r.indicator.name)
        } else {
            r.unit.name.clone()
        };
        let printed = o
            .and_then(|o| o.text.clone())
            .unwrap_or_else(|| rank.map(|x| x.to_string()).unwrap_or_default());
        ranking.push((name, rank, printed));
    }
    chitieu_core::order::sort_by_key(&mut ranking, |(_, rank, _)| {
        (i64::from(rank.unwrap_or(u32::MAX)), 0)
    });
    let achievement: Vec<(String, Dec, Status)> = rows
        .iter()
        .filter_map(|r| {
            let t = r.eval.targets.first()?;
            Some((
                format!("{} – {}", r.unit.name, r.indicator.name),
                t.achievement_pct?,
                t.status,
            ))
        })
        .collect();
    let mut out = Vec::new();
    if !ranking.is_empty() {
        out.push(Chart::Ranking(Ranking {
            title: lang
                .pick("Xếp hạng của các đơn vị", "Ranking of the units")
                .to_string(),
            rows: ranking,
            peers: peers.max(1),
            peers_known,
        }));
    }
    if !achievement.is_empty() {
        out.push(Chart::Achievement(Achievement {
            title: lang
                .pick(
                    "Tỷ lệ đạt chỉ tiêu của các đơn vị",
                    "Achievement of the units' targets",
                )
                .to_string(),
            rows: achievement,
        }));
    }
    out
}

/// The one sentence a presenter would say about an indicator, e.g.
/// "Bồi dưỡng lý luận chính trị dành cho đảng viên mới: 12/25 Lớp, đạt 48%
/// chỉ tiêu nghị quyết; cần thêm 13 Lớp trong 1,5 năm còn lại".
pub fn summary_sentence(l: &Loaded, row: &Row, lang: Lang) -> String {
    let ind = row.indicator;
    let unit = ind.unit().to_string();
    let words = ind.values.iter().rev().find_map(|o| o.text.clone());
    let (Some(actual), Some(t)) = (row.eval.actual.as_ref(), row.eval.targets.first()) else {
        let figure = match (&row.eval.actual, words) {
            (_, Some(w)) => w,
            (Some(a), None) => format!("{} {unit}", lang.num(a.value))
                .trim_end()
                .to_string(),
            (None, None) => String::new(),
        };
        return format!("{}: {figure}", ind.name);
    };
    let target_words = {
        let mut label = t.label.clone();
        if let Some(first) = label.chars().next() {
            let lower = chitieu_core::text::lower_char(first);
            label.replace_range(..first.len_utf8(), lower.encode_utf8(&mut [0; 4]));
        }
        label
    };
    let pct = t
        .achievement_pct
        .map(|p| lang.pct(p.normalize()))
        .unwrap_or_default();
    let percent = ind
        .measure
        .as_ref()
        .is_some_and(|m| m.kind == chitieu_core::MeasureKind::Percent);
    let cmp = if ind.direction == chitieu_core::Direction::LowerIsBetter {
        "≤"
    } else {
        "≥"
    };
    let mut s = match (lang, percent) {
        (Lang::Vi, true) => format!(
            "{}: {} ({} {cmp} {}), đạt {pct} {target_words}",
            ind.name,
            lang.pct(actual.value),
            target_words,
            lang.pct(t.value)
        ),
        (Lang::En, true) => format!(
            "{}: {} ({} {cmp} {}), {pct} of it",
            ind.name,
            lang.pct(actual.value),
            target_words,
            lang.pct(t.value)
        ),
        (Lang::Vi, false) => format!(
            "{}: {}/{} {unit}, đạt {pct} {target_words}",
            ind.name,
            lang.num(actual.value),
            lang.num(t.value)
        ),
        (Lang::En, false) => format!(
            "{}: {}/{} {unit}, {pct} of the {target_words}",
            ind.name,
            lang.num(actual.value),
            lang.num(t.value)
        ),
    };
    let missed: Vec<String> = t
        .periods
        .iter()
        .filter(|c| c.outcome == PeriodOutcome::Fail)
        .map(|c| label(l, &c.period, lang))
        .collect();
    if !missed.is_empty() {
        s.push_str(&match lang {
            Lang::Vi => format!("; không đạt: {}", missed.join(", ")),
            Lang::En => format!("; missed in {}", missed.join(", ")),
        });
    }
    if let Some(p) = t
        .progress
        .as_ref()
        .filter(|p| p.remaining > Dec::ZERO && p.remaining_months > 0)
    {
        let years = Dec::from_i64(p.remaining_months)
            .checked_div(Dec::from_i64(12))
            .map(|y| y.round_dp(2).normalize())
            .unwrap_or(Dec::ZERO);
        s.push_str(&match (lang, p.total_months > 12) {
            (Lang::Vi, true) => format!(
                "; cần thêm {} {unit} trong {} năm còn lại",
                lang.num(p.remaining),
                lang.num(years)
            ),
            (Lang::Vi, false) => format!(
                "; cần thêm {} {unit} trong {} tháng còn lại",
                lang.num(p.remaining),
                p.remaining_months
            ),
            (Lang::En, true) => format!(
                "; {} {unit} more needed in the remaining {} years",
                lang.num(p.remaining),
                lang.num(years)
            ),
            (Lang::En, false) => format!(
                "; {} {unit} more needed in the remaining {} months",
                lang.num(p.remaining),
                p.remaining_months
            ),
        });
    }
    s
}
