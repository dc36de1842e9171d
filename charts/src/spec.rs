//! What to draw, chosen from the indicator's kind: the [`Chart`] enum, the
//! parts several kinds share ([`Bar`], [`Line`]), and the dispatch to each
//! kind's builder in [`crate::kind`]. Every label is formatted from the exact
//! figure; only pixel positions are computed in floating point.

use chitieu_core::evaluate::evaluate_all;
use chitieu_core::evaluate::Row;
use chitieu_core::load::Loaded;
use chitieu_core::text::Lang;
use chitieu_format::dec::Dec;
use chitieu_format::model::Aggregation;
use chitieu_format::model::ChangeBase;
use chitieu_format::model::ChangeForm;
use chitieu_format::model::IndicatorKind;
use chitieu_format::model::TargetRule;
use chitieu_format::period::Span;

use crate::kind::achievement::{self, Achievement};
use crate::kind::cumulative::{self, Cumulative};
use crate::kind::distribution::{self, Distribution};
use crate::kind::floor::{self, Floor};
use crate::kind::plan::{self, Plan};
use crate::kind::ranking::{self, Ranking};

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
    /// The same chart without its one-line title, for a place that writes
    /// the title in full itself (a slide's heading, an exported image's frame).
    pub fn untitled(&self) -> Chart {
        let mut c = self.clone();
        match &mut c {
            Chart::Cumulative(x) => x.title.clear(),
            Chart::Floor(x) => x.title.clear(),
            Chart::Plan(x) => x.title.clear(),
            Chart::Distribution(x) => x.title.clear(),
            Chart::Ranking(x) => x.title.clear(),
            Chart::Achievement(x) => x.title.clear(),
        }
        c
    }

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

impl Bar {
    /// The indicator's figures as bars in time order.
    pub(crate) fn all(l: &Loaded, row: &Row, lang: Lang) -> Vec<Bar> {
        Bar::spanned(l, row, lang)
            .into_iter()
            .map(|(_, b)| b)
            .collect()
    }

    /// The indicator's figures as bars in time order, with their spans.
    pub(crate) fn spanned(l: &Loaded, row: &Row, lang: Lang) -> Vec<(Span, Bar)> {
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
                        label: l.period_label(&o.period, lang),
                        value,
                        partial: span.months() < longest.min(12),
                        note: o.change.as_ref().map(|c| change_note(c, lang)),
                    },
                )
            })
            .collect()
    }
}

/// A reported change as words under a bar ("tăng 5% so với cùng kỳ").
fn change_note(c: &chitieu_format::model::Change, lang: Lang) -> String {
    let form = match (c.form, lang) {
        (ChangeForm::Growth, Lang::Vi) => "tăng",
        (ChangeForm::Growth, Lang::En) => "+",
        (ChangeForm::Ratio, Lang::Vi) => "bằng",
        (ChangeForm::Ratio, Lang::En) => "=",
    };
    let base = match (c.against, lang) {
        (ChangeBase::SamePeriodLastYear, Lang::Vi) => "so với cùng kỳ",
        (ChangeBase::SamePeriodLastYear, Lang::En) => "year on year",
        (ChangeBase::TermStart, Lang::Vi) => "so với đầu nhiệm kỳ",
        (ChangeBase::TermStart, Lang::En) => "on term start",
    };
    format!("{form} {} {base}", lang.pct(c.pct))
}

/// The chart for an indicator, chosen from its kind; `None` for kinds shown as text.
pub fn chart_for(l: &Loaded, row: &Row, lang: Lang) -> Option<Chart> {
    let ind = row.indicator;
    let first = ind.targets.first();
    let eval_first = row.eval.targets.first();
    match ind.kind {
        IndicatorKind::Group | IndicatorKind::Rating => None,
        IndicatorKind::Ranking => ranking::build_one(l, row, lang).map(Chart::Ranking),
        IndicatorKind::Distribution => distribution::build(l, row, lang).map(Chart::Distribution),
        _ if first.is_some_and(|t| t.rule == TargetRule::EachPeriod) => {
            floor::build(l, row, lang).map(Chart::Floor)
        }
        IndicatorKind::Count | IndicatorKind::DoneOfPlanned
            if ind.aggregation() == Aggregation::Sum
                && eval_first.is_some_and(|e| e.progress.is_some()) =>
        {
            cumulative::build(l, row, lang).map(Chart::Cumulative)
        }
        _ => plan::build(l, row, lang).map(Chart::Plan),
    }
}

/// Units side by side, for exports with several units: rankings and achievements.
pub fn unit_charts(l: &Loaded, lang: Lang) -> Vec<Chart> {
    if l.export.units.len() < 2 {
        return Vec::new();
    }
    let rows = evaluate_all(l);
    let ranking = ranking::build(&rows, lang).map(Chart::Ranking);
    let achievement = achievement::build(&rows, lang).map(Chart::Achievement);
    ranking.into_iter().chain(achievement).collect()
}
