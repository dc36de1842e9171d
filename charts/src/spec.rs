//! What to draw, chosen from the indicator's kind and built from the core's
//! evaluation. Every label is formatted from the exact figure; only pixel
//! positions are computed in floating point.

use chitieu_core::compute::PeriodOutcome;
use chitieu_core::compute::Status;
use chitieu_core::evaluate::evaluate_all;
use chitieu_core::evaluate::Row;
use chitieu_core::load::Loaded;
use chitieu_core::text::Lang;
use chitieu_format::dec::Dec;
use chitieu_format::model::Aggregation;
use chitieu_format::model::IndicatorKind;
use chitieu_format::model::TargetRule;

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
fn spanned_bars(l: &Loaded, row: &Row, lang: Lang) -> Vec<(chitieu_format::period::Span, Bar)> {
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
                            (chitieu_format::model::ChangeForm::Growth, Lang::Vi) => "tăng",
                            (chitieu_format::model::ChangeForm::Growth, Lang::En) => "+",
                            (chitieu_format::model::ChangeForm::Ratio, Lang::Vi) => "bằng",
                            (chitieu_format::model::ChangeForm::Ratio, Lang::En) => "=",
                        };
                        let base = match (c.against, lang) {
                            (chitieu_format::model::ChangeBase::SamePeriodLastYear, Lang::Vi) => {
                                "so với cùng kỳ"
                            }
                            (chitieu_format::model::ChangeBase::SamePeriodLastYear, Lang::En) => {
                                "year on year"
                            }
                            (chitieu_format::model::ChangeBase::TermStart, Lang::Vi) => {
                                "so với đầu nhiệm kỳ"
                            }
                            (chitieu_format::model::ChangeBase::TermStart, Lang::En) => {
                                "on term start"
                            }
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
        .is_some_and(|p| p.kind == chitieu_format::model::PeriodKind::Term);
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
            let mut cats: Vec<&chitieu_format::model::Category> = ind
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
                lower_is_better: ind.direction == chitieu_format::model::Direction::LowerIsBetter,
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
            let mut kept: Vec<(chitieu_format::period::Span, Bar)> = Vec::new();
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
                needed: chitieu_core::describe::needed_sentence(row, lang),
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
