//! The export format, version 1: what a committee's report holds, figure by figure.
//!
//! Every type here is read with `deny_unknown_fields`, so a misspelt field is an
//! error that names it rather than a figure silently missing. Numbers are
//! [`Dec`]: exact, never `f64`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::dec::Dec;
use crate::period::Month;

/// The value of [`Export::format`].
pub const FORMAT_NAME: &str = "chitieu";
/// The version of the format this crate reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// One export: a report's indicators, their targets and actuals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Export {
    /// Always `"chitieu"`.
    pub format: String,
    /// Format version; this is version 1.
    pub version: u32,
    /// What the export is and the date its figures stand at.
    pub dataset: Dataset,
    /// The reports the figures come from.
    pub sources: Vec<Source>,
    /// Every period a figure or a target refers to.
    pub periods: Vec<Period>,
    /// The organisations reporting, each with its sections of indicators.
    pub units: Vec<Unit>,
}

/// What the export is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    /// Short identifier, used in links (`giua-nhiem-ky-2023`).
    pub id: String,
    /// Title as shown in the dashboard.
    pub title: String,
    /// The committee or organisation the report is about.
    pub organisation: String,
    /// The last month the figures cover; progress is measured at its end.
    pub as_of: Month,
    /// Optional longer description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A report a figure is taken from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Identifier used by source notes.
    pub id: String,
    /// Title of the report as printed.
    pub title: String,
    /// Document number as printed (`161-BC/ĐUK`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Issuing body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// Date of the report, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// Where exactly in a report a figure is printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceNote {
    /// The [`Source`] id.
    pub doc: String,
    /// Section, table or paragraph (`Phụ lục, mục II.3`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Footnote number as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footnote: Option<String>,
    /// The words of the report the figure is read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

/// The kind of a period, which fixes which other fields it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// A calendar year: needs `year`.
    Year,
    /// A half-year: needs `year` and `half` (1 or 2).
    Half,
    /// A quarter: needs `year` and `quarter` (1 to 4).
    Quarter,
    /// The first `months` months of `year`, cumulative (6 tháng, 9 tháng).
    YearToDate,
    /// A congress term: needs `start`, `end` and `label` (Nhiệm kỳ 2020–2025).
    Term,
    /// Any other run of months: needs `start`, `end` and `label`.
    Range,
}

/// A period figures or targets refer to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// Identifier used by figures and targets (`2021`, `2023-h1`, `term`).
    pub id: String,
    pub kind: PeriodKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub half: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quarter: Option<u8>,
    /// For `year_to_date`: how many months from January.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months: Option<u8>,
    /// For `term` and `range`: first month covered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Month>,
    /// For `term` and `range`: last month covered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Month>,
    /// Name as printed; required for `term` and `range`, generated otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// An organisation that reports its own figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub id: String,
    pub name: String,
    /// The sections of the unit's report (I–IV), in order.
    pub sections: Vec<Section>,
}

/// A section of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    /// Number as printed (`I`, `II`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    pub title: String,
    pub indicators: Vec<Indicator>,
}

/// What an indicator measures, which decides how it is judged and drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// Counts accumulated over periods against a target (admissions, classes).
    Count,
    /// A rate in % per period, usually with a floor every period must meet.
    Rate,
    /// Money against a plan (revenue, profit, budget, bank capital).
    Money,
    /// Shares of categories per period (quality ratings); targets apply to a sum of categories.
    Distribution,
    /// Done of planned (05/07 cuộc kiểm tra).
    DoneOfPlanned,
    /// Rank among peers (xếp hạng Nhất … Tám, or not ranked).
    Ranking,
    /// Qualitative rating (Hoàn thành xuất sắc nhiệm vụ).
    Rating,
    /// A figure for context with no target (number of organisations, members).
    Context,
    /// A heading that only groups its parts.
    Group,
}

/// The kind of a unit of measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    /// Whole things counted exactly (ĐV, Lớp, cuộc, hộ).
    Count,
    /// Percent.
    Percent,
    /// Money (tỷ đồng, triệu đồng).
    Money,
    /// Any other measured quantity (km, rank).
    Quantity,
}

/// The unit of measure, as printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// As printed: `%`, `ĐV`, `Lớp`, `tỷ đồng`.
    pub unit: String,
    pub kind: MeasureKind,
}

/// Which way is better.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    HigherIsBetter,
    /// Not completed, disciplinary cases, bad debt.
    LowerIsBetter,
}

/// How figures of several periods combine into one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// Flows: the total is the sum of the periods.
    Sum,
    /// Rates: the total is the mean of the periods.
    Average,
    /// Stocks: the total is the latest period's figure.
    Latest,
}

/// How a target is judged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TargetRule {
    /// The combined figure over the horizon against the target.
    #[default]
    Total,
    /// A floor (or ceiling, if lower is better) that every period must meet.
    EachPeriod,
}

/// How a figure was qualified in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// "trên": more than.
    Over,
    /// "gần": nearly.
    Nearly,
    /// "ước": estimated.
    Estimate,
}

/// What a reported change is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeBase {
    /// "so với cùng kỳ": the same period a year earlier.
    SamePeriodLastYear,
    /// "so với đầu nhiệm kỳ": the start of the term.
    TermStart,
}

/// How a reported change is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeForm {
    /// "tăng 16,3%": growth.
    Growth,
    /// "đạt 116,4% so với cùng kỳ": the ratio to the base.
    Ratio,
}

/// A change printed next to a figure (year-on-year growth).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The percentage as printed.
    pub pct: Dec,
    pub form: ChangeForm,
    pub against: ChangeBase,
}

/// One figure for one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    /// The [`Period`] id.
    // Inline (no allocation) for ids up to 24 bytes: a large export holds
    // tens of thousands of these.
    #[schemars(with = "String")]
    pub period: compact_str::CompactString,
    /// The figure as printed; absent for a qualitative rating or a dash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Dec>,
    /// Words as printed: a rank name (`Năm`), a rating, `Không xếp hạng`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Qualifier>,
    // Boxed, like `source`: most figures have neither, and a small
    // `Observation` makes reading a large export markedly faster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Box<Change>>,
    /// Where this figure is printed, if not where the indicator is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Box<SourceNote>>,
}

/// A total as printed in the report ("Thực hiện").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub value: Dec,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Qualifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceNote>,
}

/// What the report says about reaching a target, as printed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reported {
    /// "đạt 79,61%": achievement in % of the target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub achievement_pct: Option<Dec>,
    /// "vượt 2,71%" on a rate, "tăng 2,11%": the excess over the target in the measure's own unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub over_points: Option<Dec>,
    /// "vượt 20%" on a count: the excess in % of the target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub over_pct: Option<Dec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceNote>,
}

/// A target for an indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// As printed: `Chỉ tiêu nghị quyết`, `Chỉ tiêu tỉnh giao`, `Kế hoạch năm 2023`.
    pub label: String,
    /// The target; absent when the report states only the achievement, in
    /// which case the target is derived from it and marked as derived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Dec>,
    /// The [`Period`] id the target is for (the term, a year).
    pub horizon: String,
    #[serde(default)]
    pub rule: TargetRule,
    /// For distributions: the categories whose shares add up to the figure judged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported: Option<Reported>,
}

/// One category of a distribution, with its share per period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub name: String,
    pub values: Vec<Observation>,
}

/// Which figure a restatement repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RestatedFigure {
    /// The indicator's total.
    Total,
    /// The figure of one period (`period` names it).
    Period,
    /// The achievement against a target (`target` names its label).
    Achievement,
}

/// The same figure printed again elsewhere in the report (body text, a footnote).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Restatement {
    pub of: RestatedFigure,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    pub value: Dec,
    pub source: SourceNote,
}

/// One indicator: its figures per period, its targets and where they are printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Identifier, unique within the unit.
    pub id: String,
    /// Number as printed (`1`, `-`, `+`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Name as printed.
    pub name: String,
    pub kind: IndicatorKind,
    /// Required for every kind but `rating` and `group`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<Measure>,
    #[serde(default)]
    pub direction: Direction,
    /// Defaults: `sum` for count, money, done of planned and context;
    /// `average` for rate and distribution; `latest` for ranking and rating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregation: Option<Aggregation>,
    /// The figures per period.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<Observation>,
    /// The total as printed ("Thực hiện").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<Figure>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    /// Distributions: the categories and their shares.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Category>,
    /// Distributions: how many were rated, per period.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub base: Vec<Observation>,
    /// Rankings: how many peers are ranked, when the report says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peers: Option<u32>,
    /// Sub-indicators.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Indicator>,
    /// Whether this indicator's figures are the sum of its parts' figures.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub parts_sum: bool,
    /// The same figures printed again elsewhere.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub restated: Vec<Restatement>,
    /// Where the indicator is printed.
    pub source: SourceNote,
    /// The "Ghi chú" column as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Indicator {
    /// The unit of measure as printed (`%`, `ĐV`, `tỷ đồng`); empty if none.
    pub fn unit(&self) -> &str {
        self.measure.as_ref().map_or("", |m| m.unit.as_str())
    }

    /// The aggregation in force, explicit or by kind.
    pub fn aggregation(&self) -> Aggregation {
        self.aggregation.unwrap_or(match self.kind {
            IndicatorKind::Rate | IndicatorKind::Distribution => Aggregation::Average,
            IndicatorKind::Ranking | IndicatorKind::Rating => Aggregation::Latest,
            _ => Aggregation::Sum,
        })
    }

    /// Whether figures of this indicator are exact whole counts.
    pub fn is_count(&self) -> bool {
        self.measure
            .as_ref()
            .is_some_and(|m| m.kind == MeasureKind::Count)
    }

    /// Whether this kind is judged against targets.
    pub fn takes_targets(&self) -> bool {
        matches!(
            self.kind,
            IndicatorKind::Count
                | IndicatorKind::Rate
                | IndicatorKind::Money
                | IndicatorKind::Distribution
                | IndicatorKind::DoneOfPlanned
        )
    }
}
