//! Validating a parsed export: ids, references, periods and figures, with
//! each problem's field path; at most a set number of problems per file.

use std::collections::{BTreeMap, HashMap, HashSet};

use chitieu_format::dec::Dec;
use chitieu_format::model::*;
use chitieu_format::period::Span;

use super::periods::period_span;
use super::Problem;

/// Most problems reported for one file; past it the list says how many more.
const MAX_PROBLEMS: usize = 50;

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// What a figure of an indicator may be.
#[derive(Clone, Copy)]
struct Rules {
    allow_negative: bool,
    whole: bool,
    rank: bool,
}

impl Rules {
    const COUNT: Rules = Rules {
        allow_negative: false,
        whole: true,
        rank: false,
    };

    /// Whether `v` passes every rule (the common case, checked without a path).
    fn accepts(self, v: Dec) -> bool {
        (!v.is_negative() || self.allow_negative)
            && (!self.whole || v.is_integer())
            && (!self.rank || (v.is_integer() && v >= Dec::from_i64(1)))
    }

    fn of(ind: &Indicator) -> Rules {
        Rules {
            allow_negative: ind
                .measure
                .as_ref()
                .is_some_and(|m| m.kind == MeasureKind::Money),
            whole: ind.is_count(),
            rank: ind.kind == IndicatorKind::Ranking,
        }
    }
}

/// Checks an export, gathering the period spans and the problems.
struct Validator<'a> {
    sources: HashSet<&'a str>,
    spans: BTreeMap<String, Span>,
    /// Each valid period's position, for the duplicate check.
    period_index: HashMap<&'a str, usize>,
    /// Scratch: which periods an indicator has figures for.
    seen: Vec<bool>,
    problems: Vec<Problem>,
    truncated: usize,
}

/// Checks references, ids and figures; returns the period spans and the problems.
pub(super) fn validate(e: &Export) -> (BTreeMap<String, Span>, Vec<Problem>) {
    let mut v = Validator {
        sources: HashSet::new(),
        spans: BTreeMap::new(),
        period_index: HashMap::new(),
        seen: Vec::new(),
        problems: Vec::new(),
        truncated: 0,
    };
    v.format(e);
    v.sources(e);
    v.periods(e);
    v.units(e);
    if v.truncated > 0 {
        let n = v.truncated;
        v.problems.push(Problem::at(
            "",
            format!("… và {n} lỗi khác"),
            format!("… and {n} more problems"),
        ));
    }
    (v.spans, v.problems)
}

impl<'a> Validator<'a> {
    fn push(&mut self, p: Problem) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(p);
        } else {
            self.truncated = self.truncated.saturating_add(1);
        }
    }

    fn err(&mut self, path: &str, vi: String, en: String) {
        self.push(Problem::at(path, vi, en));
    }

    fn id(&mut self, path: &str, id: &str) {
        if !valid_id(id) {
            self.err(
                &format!("{path}.id"),
                format!("mã `{id}` không hợp lệ: chỉ dùng chữ không dấu, số, '-', '_' hoặc '.' (tối đa 100 ký tự)"),
                format!("id `{id}` is invalid: use only ASCII letters, digits, '-', '_' or '.' (at most 100)"),
            );
        }
    }

    fn text(&mut self, path: &str, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.err(
                &format!("{path}.{field}"),
                "không được để trống".into(),
                "must not be empty".into(),
            );
        }
    }

    fn note(&mut self, path: &str, n: &SourceNote) {
        if !self.sources.contains(n.doc.as_str()) {
            self.err(
                &format!("{path}.doc"),
                format!("nguồn `{}` không có trong danh sách `sources`", n.doc),
                format!("source `{}` is not listed in `sources`", n.doc),
            );
        }
    }

    fn period_ref(&mut self, path: &str, id: &str) -> Option<Span> {
        let span = self.spans.get(id).copied();
        if span.is_none() {
            self.err(
                path,
                format!("kỳ `{id}` không có trong danh sách `periods`"),
                format!("period `{id}` is not listed in `periods`"),
            );
        }
        span
    }

    /// `path` and `field` are joined only for a problem: this runs for every
    /// indicator, and building the path each time costs more than the checks.
    fn observations(&mut self, path: &str, field: &str, obs: &[Observation], rules: Rules) {
        // Each period's position in `periods` marks it seen: one lookup per
        // figure instead of a set per indicator.
        let mut seen = std::mem::take(&mut self.seen);
        seen.clear();
        seen.resize(self.period_index.len(), false);
        for (i, o) in obs.iter().enumerate() {
            // Paths are built only for a problem: this loop runs once per figure.
            let at = |rest: &str| format!("{path}.{field}[{i}]{rest}");
            let repeated = match self.period_index.get(o.period.as_str()) {
                None => {
                    self.period_ref(&at(".period"), &o.period);
                    false
                }
                Some(&ix) => match seen.get_mut(ix) {
                    Some(s) => std::mem::replace(s, true),
                    None => false,
                },
            };
            if repeated {
                self.err(
                    &at(".period"),
                    format!("kỳ `{}` có hai số liệu", o.period),
                    format!("period `{}` has two figures", o.period),
                );
            }
            if o.value.is_none() && o.text.is_none() {
                self.err(
                    &at(""),
                    "cần `value` (số liệu) hoặc `text` (đánh giá bằng lời)".into(),
                    "needs a `value` (figure) or a `text` (rating in words)".into(),
                );
            }
            if let Some(v) = o.value {
                if !rules.accepts(v) {
                    self.value(&at(".value"), v, rules);
                }
            }
            if let Some(n) = o
                .source
                .as_ref()
                .filter(|n| !self.sources.contains(n.doc.as_str()))
            {
                self.note(&at(".source"), n);
            }
        }
        self.seen = seen;
    }

    fn value(&mut self, path: &str, v: Dec, rules: Rules) {
        if v.is_negative() && !rules.allow_negative {
            self.err(
                path,
                format!("số âm ({v}) không hợp lệ cho chỉ tiêu này"),
                format!("negative figure ({v}) is not valid for this indicator"),
            );
        }
        if rules.whole && !v.is_integer() {
            self.err(
                path,
                format!("{v} không phải số nguyên, trong khi đơn vị tính là số đếm"),
                format!("{v} is not a whole number, but the measure is a count"),
            );
        }
        if rules.rank && (!v.is_integer() || v < Dec::from_i64(1)) {
            self.err(
                path,
                format!("thứ hạng phải là số nguyên từ 1 trở lên, gặp {v}"),
                format!("a rank must be a whole number from 1, got {v}"),
            );
        }
    }

    /// The format's name and version, and the dataset's id and names.
    fn format(&mut self, e: &Export) {
        if e.format != FORMAT_NAME {
            self.err(
                "format",
                format!("`format` phải là \"{FORMAT_NAME}\", gặp \"{}\"", e.format),
                format!("`format` must be \"{FORMAT_NAME}\", got \"{}\"", e.format),
            );
        }
        if e.version != FORMAT_VERSION {
            self.err(
                "version",
                format!(
                    "phiên bản định dạng {} chưa được hỗ trợ (chỉ hỗ trợ {FORMAT_VERSION})",
                    e.version
                ),
                format!(
                    "format version {} is not supported (only {FORMAT_VERSION})",
                    e.version
                ),
            );
        }
        self.id("dataset", &e.dataset.id);
        self.text("dataset", "title", &e.dataset.title);
        self.text("dataset", "organisation", &e.dataset.organisation);
    }

    /// The sources, remembered for the references to them.
    fn sources(&mut self, e: &'a Export) {
        for (i, s) in e.sources.iter().enumerate() {
            let p = format!("sources[{i}]");
            self.id(&p, &s.id);
            self.text(&p, "title", &s.title);
            if !self.sources.insert(&s.id) {
                self.err(
                    &format!("{p}.id"),
                    format!("mã nguồn `{}` bị trùng", s.id),
                    format!("source id `{}` is used twice", s.id),
                );
            }
        }
    }

    /// The periods, resolved to spans for the references to them.
    fn periods(&mut self, e: &'a Export) {
        for (i, p) in e.periods.iter().enumerate() {
            let path = format!("periods[{i}]");
            self.id(&path, &p.id);
            match period_span(p) {
                Ok(span) => {
                    let next = self.period_index.len();
                    self.period_index.entry(p.id.as_str()).or_insert(next);
                    if self.spans.insert(p.id.clone(), span).is_some() {
                        self.err(
                            &format!("{path}.id"),
                            format!("mã kỳ `{}` bị trùng", p.id),
                            format!("period id `{}` is used twice", p.id),
                        );
                    }
                }
                Err((vi, en)) => self.err(&path, vi, en),
            }
        }
    }

    fn units(&mut self, e: &Export) {
        if e.units.is_empty() {
            self.err(
                "units",
                "không có đơn vị nào".into(),
                "there are no units".into(),
            );
        }
        let mut unit_ids = HashSet::new();
        for (ui, u) in e.units.iter().enumerate() {
            let up = format!("units[{ui}]");
            self.id(&up, &u.id);
            self.text(&up, "name", &u.name);
            if !unit_ids.insert(u.id.as_str()) {
                self.err(
                    &format!("{up}.id"),
                    format!("mã đơn vị `{}` bị trùng", u.id),
                    format!("unit id `{}` is used twice", u.id),
                );
            }
            self.sections(&up, u);
        }
    }

    /// A unit's sections; indicator ids are unique across the unit.
    fn sections(&mut self, up: &str, u: &Unit) {
        let mut section_ids = HashSet::new();
        let mut ids = HashSet::new();
        for (si, s) in u.sections.iter().enumerate() {
            let sp = format!("{up}.sections[{si}]");
            self.id(&sp, &s.id);
            self.text(&sp, "title", &s.title);
            if !section_ids.insert(s.id.as_str()) {
                self.err(
                    &format!("{sp}.id"),
                    format!("mã mục `{}` bị trùng", s.id),
                    format!("section id `{}` is used twice", s.id),
                );
            }
            for (ii, ind) in s.indicators.iter().enumerate() {
                self.indicator(&format!("{sp}.indicators[{ii}]"), ind, &mut ids);
            }
        }
    }

    fn indicator(&mut self, path: &str, ind: &Indicator, ids: &mut HashSet<String>) {
        self.id(path, &ind.id);
        if !ids.insert(ind.id.clone()) {
            self.err(
                &format!("{path}.id"),
                format!("mã chỉ tiêu `{}` bị trùng trong đơn vị", ind.id),
                format!("indicator id `{}` is used twice in the unit", ind.id),
            );
        }
        self.text(path, "name", &ind.name);
        if !self.sources.contains(ind.source.doc.as_str()) {
            self.note(&format!("{path}.source"), &ind.source);
        }
        self.kind(path, ind);
        let rules = Rules::of(ind);
        self.observations(path, "values", &ind.values, rules);
        self.observations(path, "base", &ind.base, Rules::COUNT);
        self.categories(path, ind, rules);
        if let Some(t) = &ind.total {
            self.value(&format!("{path}.total.value"), t.value, rules);
            if let Some(n) = &t.source {
                self.note(&format!("{path}.total.source"), n);
            }
        }
        self.targets(path, ind);
        self.restated(path, ind);
        for (i, part) in ind.parts.iter().enumerate() {
            self.indicator(&format!("{path}.parts[{i}]"), part, ids);
        }
    }

    /// What the indicator's kind requires or excludes: a measure, parts,
    /// own figures, categories, rating texts.
    fn kind(&mut self, path: &str, ind: &Indicator) {
        let needs_measure = !matches!(ind.kind, IndicatorKind::Rating | IndicatorKind::Group);
        if needs_measure && ind.measure.is_none() {
            self.err(
                &format!("{path}.measure"),
                "thiếu đơn vị tính (`measure`)".into(),
                "the unit of measure (`measure`) is missing".into(),
            );
        }
        if ind.kind == IndicatorKind::Group && ind.parts.is_empty() {
            self.err(
                &format!("{path}.parts"),
                "mục nhóm (`group`) phải có chỉ tiêu con".into(),
                "a `group` must have parts".into(),
            );
        }
        if ind.kind == IndicatorKind::Group && (!ind.values.is_empty() || !ind.targets.is_empty()) {
            self.err(
                path,
                "mục nhóm (`group`) không có số liệu hay chỉ tiêu riêng".into(),
                "a `group` has no figures or targets of its own".into(),
            );
        }
        if ind.kind == IndicatorKind::Distribution && ind.categories.is_empty() {
            self.err(
                &format!("{path}.categories"),
                "phân loại (`distribution`) phải có các nhóm (`categories`)".into(),
                "a `distribution` needs `categories`".into(),
            );
        }
        if ind.kind != IndicatorKind::Distribution && !ind.categories.is_empty() {
            self.err(
                &format!("{path}.categories"),
                "chỉ loại `distribution` mới có `categories`".into(),
                "only a `distribution` has `categories`".into(),
            );
        }
        if ind.kind == IndicatorKind::Rating {
            for (i, o) in ind.values.iter().enumerate() {
                if o.text.is_none() {
                    self.err(
                        &format!("{path}.values[{i}].text"),
                        "đánh giá xếp loại cần `text`".into(),
                        "a rating needs `text`".into(),
                    );
                }
            }
        }
    }

    fn categories(&mut self, path: &str, ind: &Indicator, rules: Rules) {
        let mut cat_ids = HashSet::new();
        for (i, c) in ind.categories.iter().enumerate() {
            let p = format!("{path}.categories[{i}]");
            self.id(&p, &c.id);
            self.text(&p, "name", &c.name);
            if !cat_ids.insert(c.id.as_str()) {
                self.err(
                    &format!("{p}.id"),
                    format!("nhóm `{}` bị trùng", c.id),
                    format!("category `{}` is used twice", c.id),
                );
            }
            self.observations(&p, "values", &c.values, rules);
        }
    }

    fn targets(&mut self, path: &str, ind: &Indicator) {
        if !ind.targets.is_empty() && !ind.takes_targets() {
            self.err(
                &format!("{path}.targets"),
                format!("loại chỉ tiêu `{:?}` không có mục tiêu", ind.kind),
                format!("indicator kind `{:?}` takes no targets", ind.kind),
            );
        }
        let mut labels = HashSet::new();
        for (i, t) in ind.targets.iter().enumerate() {
            let p = format!("{path}.targets[{i}]");
            self.text(&p, "label", &t.label);
            if !labels.insert(t.label.as_str()) {
                self.err(
                    &format!("{p}.label"),
                    format!("mục tiêu `{}` bị trùng", t.label),
                    format!("target `{}` is given twice", t.label),
                );
            }
            if !self.spans.contains_key(t.horizon.as_str()) {
                self.period_ref(&format!("{p}.horizon"), &t.horizon);
            }
            self.target_figures(&p, t);
            self.target_categories(&p, ind, t);
        }
    }

    /// A target's value and the achievement reported for it.
    fn target_figures(&mut self, p: &str, t: &Target) {
        if let Some(v) = t.value {
            if v <= Dec::ZERO {
                self.err(
                    &format!("{p}.value"),
                    format!("chỉ tiêu phải lớn hơn 0, gặp {v}"),
                    format!("a target must be greater than 0, got {v}"),
                );
            }
        }
        let reported = t.reported.clone().unwrap_or_default();
        if t.value.is_none() && reported.achievement_pct.is_none() && reported.over_points.is_none()
        {
            self.err(
                p,
                "cần giá trị chỉ tiêu (`value`) hoặc tỷ lệ đạt báo cáo (`reported.achievement_pct`) để suy ra".into(),
                "needs a target `value`, or a reported `reported.achievement_pct` to derive it from".into(),
            );
        }
        if let Some(pct) = reported.achievement_pct {
            if pct <= Dec::ZERO {
                self.err(
                    &format!("{p}.reported.achievement_pct"),
                    format!("tỷ lệ đạt phải lớn hơn 0, gặp {pct}"),
                    format!("an achievement must be greater than 0, got {pct}"),
                );
            }
        }
        if let Some(n) = &reported.source {
            self.note(&format!("{p}.reported.source"), n);
        }
    }

    /// The categories a target adds up: named, and the indicator's own.
    fn target_categories(&mut self, p: &str, ind: &Indicator, t: &Target) {
        if ind.kind == IndicatorKind::Distribution && t.categories.is_empty() {
            self.err(
                &format!("{p}.categories"),
                "mục tiêu của phân loại phải nêu các nhóm được cộng (`categories`)".into(),
                "a distribution's target must name the categories it adds up (`categories`)".into(),
            );
        }
        for c in &t.categories {
            if !ind.categories.iter().any(|x| &x.id == c) {
                self.err(
                    &format!("{p}.categories"),
                    format!("nhóm `{c}` không có trong `categories` của chỉ tiêu"),
                    format!("category `{c}` is not one of the indicator's `categories`"),
                );
            }
        }
    }

    /// Figures restated by later reports: each names what it restates.
    fn restated(&mut self, path: &str, ind: &Indicator) {
        for (i, r) in ind.restated.iter().enumerate() {
            let p = format!("{path}.restated[{i}]");
            self.note(&format!("{p}.source"), &r.source);
            match r.of {
                RestatedFigure::Period => match &r.period {
                    Some(id) => {
                        self.period_ref(&format!("{p}.period"), id);
                    }
                    None => self.err(
                        &format!("{p}.period"),
                        "cần nêu kỳ (`period`) của số liệu được nhắc lại".into(),
                        "the `period` of the restated figure is missing".into(),
                    ),
                },
                RestatedFigure::Achievement => {
                    if !r
                        .target
                        .as_ref()
                        .is_some_and(|l| ind.targets.iter().any(|t| &t.label == l))
                    {
                        self.err(
                            &format!("{p}.target"),
                            "cần nêu đúng nhãn mục tiêu (`target`) của tỷ lệ được nhắc lại".into(),
                            "`target` must be the label of one of the indicator's targets".into(),
                        );
                    }
                }
                RestatedFigure::Total => {}
            }
        }
    }
}
