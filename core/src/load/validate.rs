//! Validating a parsed export: ids, references, periods and figures, with
//! each problem's field path; at most a set number of problems per file.

use std::collections::{BTreeMap, HashMap, HashSet};

use chitieu_format::dec::Dec;
use chitieu_format::model::*;
use chitieu_format::period::Span;

use super::periods::{self, period_span};
use super::{excerpt, Problem};

/// Most problems reported for one file; past it the list says how many more.
const MAX_PROBLEMS: usize = 50;

/// Longest id, in characters.
pub(crate) const MAX_ID: usize = 100;
/// Longest one-line text (names, titles, labels, numbers, units), in characters.
pub(crate) const MAX_LINE: usize = 500;
/// Longest free text (descriptions, quotes, notes), in characters.
pub(crate) const MAX_LONG: usize = 5_000;

/// What a text field may hold.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TextKind {
    /// One line of at most [`MAX_LINE`] characters.
    Line,
    /// Free text of at most [`MAX_LONG`] characters; tabs and line breaks allowed.
    Long,
}

impl TextKind {
    fn cap(self) -> usize {
        match self {
            TextKind::Line => MAX_LINE,
            TextKind::Long => MAX_LONG,
        }
    }

    /// Whether `c` is refused: C0 controls (but tab and line breaks in free
    /// text), DEL and the C1 controls U+0080–U+009F.
    fn refuses(self, c: char) -> bool {
        c.is_control() && !(self == TextKind::Long && matches!(c, '\t' | '\n' | '\r'))
    }
}

fn valid_id_chars(id: &str) -> bool {
    id.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// `n` with thousands separators, in Vietnamese and English.
fn count(n: usize) -> (String, String) {
    let d = Dec::from_i64(i64::try_from(n).unwrap_or(i64::MAX));
    (d.fmt_vi(), d.fmt_en())
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
    /// Each period's span and its position in `periods`.
    spans: BTreeMap<String, (Span, usize)>,
    /// Each valid period's position, for the duplicate check.
    period_index: HashMap<&'a str, usize>,
    /// The same ids by their position in `period_index`: figures come in
    /// the order of their periods, so the next one is compared first, and
    /// the hash (SipHash, slow in the browser's first-run code) is the exception.
    period_ids: Vec<&'a str>,
    /// Scratch: which periods an indicator has figures for.
    seen: Vec<bool>,
    /// Scratch: the periods `seen` marks, to unmark them.
    marked: Vec<usize>,
    problems: Vec<Problem>,
    truncated: usize,
}

/// Checks references, ids and figures; returns the period spans and the problems.
pub(super) fn validate(e: &Export) -> (BTreeMap<String, (Span, usize)>, Vec<Problem>) {
    let mut check = Validation::new(e);
    while check.step() {}
    check.finish()
}

/// [`validate`] a unit at a time, so that the page can let the browser paint
/// between units of a large export (`parts`): the same checks in the same
/// order, so the same problems.
pub(super) struct Validation<'a> {
    v: Validator<'a>,
    e: &'a Export,
    unit_ids: HashSet<&'a str>,
    /// The next unit to check.
    next: usize,
}

impl<'a> Validation<'a> {
    /// The checks of everything but the units.
    pub(super) fn new(e: &'a Export) -> Validation<'a> {
        let mut v = Validator {
            sources: HashSet::new(),
            spans: BTreeMap::new(),
            period_index: HashMap::new(),
            period_ids: Vec::new(),
            seen: Vec::new(),
            marked: Vec::new(),
            problems: Vec::new(),
            truncated: 0,
        };
        v.format(e);
        v.sources(e);
        v.periods(e);
        v.no_units(e);
        Validation {
            v,
            e,
            unit_ids: HashSet::new(),
            next: 0,
        }
    }

    /// Checks the next unit; `false` once every unit is checked.
    pub(super) fn step(&mut self) -> bool {
        let Some(u) = self.e.units.get(self.next) else {
            return false;
        };
        self.v.unit(self.next, u, &mut self.unit_ids);
        self.next = self.next.saturating_add(1);
        self.next < self.e.units.len()
    }

    /// Whether a problem has been found so far.
    pub(super) fn failed(&self) -> bool {
        !self.v.problems.is_empty()
    }

    /// The period spans and the problems.
    pub(super) fn finish(self) -> (BTreeMap<String, (Span, usize)>, Vec<Problem>) {
        let mut v = self.v;
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

    /// An id: one problem at most, the control character, the length or
    /// the characters, each quoting only an excerpt.
    fn id(&mut self, path: &str, id: &str) {
        if id.is_empty() {
            self.err(
                &format!("{path}.id"),
                "mã không được để trống".into(),
                "the id must not be empty".into(),
            );
        } else if id.chars().any(|c| TextKind::Line.refuses(c)) {
            // The path is built only for a problem: this runs for every id.
            self.control(&format!("{path}.id"), id, TextKind::Line);
        } else if id.len() > MAX_ID && id.chars().count() > MAX_ID {
            self.too_long(&format!("{path}.id"), id, MAX_ID);
        } else if !valid_id_chars(id) {
            let q = excerpt(id);
            self.err(
                &format!("{path}.id"),
                format!("mã `{q}` không hợp lệ: chỉ dùng chữ không dấu, số, '-', '_' hoặc '.' (tối đa {MAX_ID} ký tự)"),
                format!("id `{q}` is invalid: use only ASCII letters, digits, '-', '_' or '.' (at most {MAX_ID})"),
            );
        }
    }

    /// A required text: not blank, and as [`Self::opt_text`].
    fn text(&mut self, path: &str, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.err(
                &format!("{path}.{field}"),
                "không được để trống".into(),
                "must not be empty".into(),
            );
        } else {
            self.free_text(path, field, value, TextKind::Line);
        }
    }

    /// An optional one-line text.
    fn opt_text(&mut self, path: &str, field: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.free_text(path, field, v, TextKind::Line);
        }
    }

    /// Any text: no control characters, at most its kind's length. The
    /// path is built only for a problem: this runs for every text.
    fn free_text(&mut self, path: &str, field: &str, value: &str, kind: TextKind) {
        let bad_char = value.chars().any(|c| kind.refuses(c));
        // Characters are at most 4 bytes: count them only when it may matter.
        let long = value.len() > kind.cap() && value.chars().count() > kind.cap();
        if bad_char || long {
            let at = format!("{path}.{field}");
            if bad_char {
                self.control(&at, value, kind);
            }
            if long {
                self.too_long(&at, value, kind.cap());
            }
        }
    }

    /// Refuses the first control character of `value`, if any; true if one.
    fn control(&mut self, path: &str, value: &str, kind: TextKind) -> bool {
        let Some((n, c)) = value.chars().enumerate().find(|&(_, c)| kind.refuses(c)) else {
            return false;
        };
        let code = u32::from(c);
        let q = excerpt(value);
        let (n_vi, n_en) = count(n.saturating_add(1));
        self.err(
            path,
            format!("chứa ký tự điều khiển U+{code:04X} (không in được) ở ký tự thứ {n_vi}: «{q}»; hãy xóa ký tự này trong tệp nguồn"),
            format!("contains the control character U+{code:04X} (not printable) at character {n_en}: «{q}»; remove it from the source file"),
        );
        true
    }

    fn too_long(&mut self, path: &str, value: &str, cap: usize) {
        let q = excerpt(value);
        let (n_vi, n_en) = count(value.chars().count());
        let (cap_vi, cap_en) = count(cap);
        self.err(
            path,
            format!("quá dài: {n_vi} ký tự, tối đa {cap_vi}: «{q}»"),
            format!("too long: {n_en} characters, at most {cap_en}: «{q}»"),
        );
    }

    /// A source note's own texts and the source it names.
    fn note_texts(&mut self, path: &str, n: &SourceNote) {
        self.opt_text(path, "section", n.section.as_deref());
        self.opt_text(path, "footnote", n.footnote.as_deref());
        if let Some(q) = &n.quote {
            self.free_text(path, "quote", q, TextKind::Long);
        }
    }

    /// The source note at `{path}.{field}`. The path is built only when
    /// the note has texts or a problem: this runs for every indicator.
    fn note(&mut self, path: &str, field: &str, n: &SourceNote) {
        if !self.sources.contains(n.doc.as_str()) {
            let q = excerpt(&n.doc);
            self.err(
                &format!("{path}.{field}.doc"),
                format!("nguồn `{q}` không có trong danh sách `sources`"),
                format!("source `{q}` is not listed in `sources`"),
            );
        }
        if n.section.is_some() || n.footnote.is_some() || n.quote.is_some() {
            self.note_texts(&format!("{path}.{field}"), n);
        }
    }

    fn period_ref(&mut self, path: &str, id: &str) -> Option<Span> {
        let span = self.spans.get(id).map(|&(s, _)| s);
        if span.is_none() {
            let q = excerpt(id);
            self.err(
                path,
                format!("kỳ `{q}` không có trong danh sách `periods`"),
                format!("period `{q}` is not listed in `periods`"),
            );
        }
        span
    }

    /// `path` and `field` are joined only for a problem: this runs for every
    /// indicator, and building the path each time costs more than the checks.
    fn observations(&mut self, path: &str, field: &str, obs: &[Observation], rules: Rules) {
        // Each period's position in `periods` marks it seen: one lookup per
        // figure instead of a set per indicator.
        // Sized once to the number of periods; each call unmarks only what it
        // marked, so its cost is its own figures, not the number of periods.
        let mut seen = std::mem::take(&mut self.seen);
        seen.resize(self.period_index.len(), false);
        let mut marked = std::mem::take(&mut self.marked);
        let mut expected = 0usize;
        for (i, o) in obs.iter().enumerate() {
            // Paths are built only for a problem: this loop runs once per figure.
            let at = |rest: &str| format!("{path}.{field}[{i}]{rest}");
            let found = if self.period_ids.get(expected) == Some(&o.period.as_str()) {
                Some(expected)
            } else {
                self.period_index.get(o.period.as_str()).copied()
            };
            if let Some(ix) = found {
                expected = ix.saturating_add(1);
            }
            let repeated = match found {
                None => {
                    self.period_ref(&at(".period"), &o.period);
                    false
                }
                Some(ix) => match seen.get_mut(ix) {
                    Some(s) => {
                        let was = std::mem::replace(s, true);
                        if !was {
                            marked.push(ix);
                        }
                        was
                    }
                    None => false,
                },
            };
            if repeated {
                let q = excerpt(&o.period);
                self.err(
                    &at(".period"),
                    format!("kỳ `{q}` có hai số liệu"),
                    format!("period `{q}` has two figures"),
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
            if let Some(t) = &o.text {
                self.free_text(&at(""), "text", t, TextKind::Line);
            }
            if let Some(n) = &o.source {
                self.note(&at(""), "source", n);
            }
        }
        for ix in marked.drain(..) {
            if let Some(s) = seen.get_mut(ix) {
                *s = false;
            }
        }
        self.seen = seen;
        self.marked = marked;
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
            let q = excerpt(&e.format);
            self.err(
                "format",
                format!("`format` phải là \"{FORMAT_NAME}\", gặp \"{q}\""),
                format!("`format` must be \"{FORMAT_NAME}\", got \"{q}\""),
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
        if let Some(d) = &e.dataset.description {
            self.free_text("dataset", "description", d, TextKind::Long);
        }
    }

    /// The sources, remembered for the references to them.
    fn sources(&mut self, e: &'a Export) {
        for (i, s) in e.sources.iter().enumerate() {
            let p = format!("sources[{i}]");
            self.id(&p, &s.id);
            self.text(&p, "title", &s.title);
            self.opt_text(&p, "number", s.number.as_deref());
            self.opt_text(&p, "issuer", s.issuer.as_deref());
            self.opt_text(&p, "date", s.date.as_deref());
            if !self.sources.insert(&s.id) {
                let q = excerpt(&s.id);
                self.err(
                    &format!("{p}.id"),
                    format!("mã nguồn `{q}` bị trùng"),
                    format!("source id `{q}` is used twice"),
                );
            }
        }
    }

    /// The periods, resolved to spans for the references to them.
    fn periods(&mut self, e: &'a Export) {
        // The first period of each span: two periods of one span would have
        // their figures merged, one of them dropped, when combined.
        // Keyed by the span written out, in the map type the spans use (one
        // map type less in the page's code).
        let mut same_span: BTreeMap<String, (Span, usize)> = BTreeMap::new();
        for (i, p) in e.periods.iter().enumerate() {
            let path = format!("periods[{i}]");
            self.id(&path, &p.id);
            self.opt_text(&path, "label", p.label.as_deref());
            match period_span(p) {
                Ok(span) => {
                    let next = self.period_index.len();
                    if let std::collections::hash_map::Entry::Vacant(v) =
                        self.period_index.entry(p.id.as_str())
                    {
                        v.insert(next);
                        self.period_ids.push(p.id.as_str());
                    }
                    if self.spans.insert(p.id.to_string(), (span, i)).is_some() {
                        let q = excerpt(&p.id);
                        self.err(
                            &format!("{path}.id"),
                            format!("mã kỳ `{q}` bị trùng"),
                            format!("period id `{q}` is used twice"),
                        );
                    } else if let Some(&(_, j)) =
                        same_span.get(&format!("{}..{}", span.start, span.end))
                    {
                        let first = e.periods.get(j).map_or("", |q| q.id.as_str());
                        let (a, b) = (excerpt(first), excerpt(&p.id));
                        self.err(
                            &format!("{path}.id"),
                            format!("kỳ `{a}` và kỳ `{b}` cùng là một khoảng thời gian ({}): số liệu của hai kỳ sẽ bị gộp làm một; hãy dùng một kỳ", excerpt(&periods::label_vi(p))),
                            format!("periods `{a}` and `{b}` are the same span of time ({}): their figures would be merged into one; use one period", excerpt(&periods::label_en(p))),
                        );
                    } else {
                        same_span.insert(format!("{}..{}", span.start, span.end), (span, i));
                    }
                }
                Err((vi, en)) => self.err(&path, vi, en),
            }
        }
    }

    fn no_units(&mut self, e: &Export) {
        if e.units.is_empty() {
            self.err(
                "units",
                "tệp không có chỉ tiêu nào: danh sách đơn vị (`units`) trống".into(),
                "the file holds no indicators: the list of units (`units`) is empty".into(),
            );
        }
    }

    /// Unit `ui`; unit ids are unique across the export.
    fn unit(&mut self, ui: usize, u: &'a Unit, unit_ids: &mut HashSet<&'a str>) {
        let up = format!("units[{ui}]");
        self.id(&up, &u.id);
        self.text(&up, "name", &u.name);
        if !unit_ids.insert(u.id.as_str()) {
            let q = excerpt(&u.id);
            self.err(
                &format!("{up}.id"),
                format!("mã đơn vị `{q}` bị trùng"),
                format!("unit id `{q}` is used twice"),
            );
        }
        if u.sections.is_empty() {
            self.err(
                &format!("{up}.sections"),
                "tệp không có chỉ tiêu nào cho đơn vị này: danh sách mục (`sections`) trống".into(),
                "the file holds no indicators for this unit: the list of sections (`sections`) is empty".into(),
            );
        }
        self.sections(&up, u);
    }

    /// A unit's sections; indicator ids are unique across the unit.
    fn sections(&mut self, up: &str, u: &'a Unit) {
        let mut section_ids = HashSet::new();
        let mut ids = HashSet::new();
        for (si, s) in u.sections.iter().enumerate() {
            let sp = format!("{up}.sections[{si}]");
            self.id(&sp, &s.id);
            self.text(&sp, "title", &s.title);
            self.opt_text(&sp, "number", s.number.as_deref());
            if !section_ids.insert(s.id.as_str()) {
                let q = excerpt(&s.id);
                self.err(
                    &format!("{sp}.id"),
                    format!("mã mục `{q}` bị trùng"),
                    format!("section id `{q}` is used twice"),
                );
            }
            if s.indicators.is_empty() {
                self.err(
                    &format!("{sp}.indicators"),
                    "tệp không có chỉ tiêu nào trong mục này: danh sách chỉ tiêu (`indicators`) trống".into(),
                    "the file holds no indicators in this section: the list of indicators (`indicators`) is empty".into(),
                );
            }
            for (ii, ind) in s.indicators.iter().enumerate() {
                self.indicator(&format!("{sp}.indicators[{ii}]"), ind, &mut ids);
            }
        }
    }

    fn indicator(&mut self, path: &str, ind: &'a Indicator, ids: &mut HashSet<&'a str>) {
        self.id(path, &ind.id);
        if !ids.insert(ind.id.as_str()) {
            let q = excerpt(&ind.id);
            self.err(
                &format!("{path}.id"),
                format!("mã chỉ tiêu `{q}` bị trùng trong đơn vị"),
                format!("indicator id `{q}` is used twice in the unit"),
            );
        }
        self.text(path, "name", &ind.name);
        self.opt_text(path, "number", ind.number.as_deref());
        if let Some(m) = &ind.measure {
            self.free_text(path, "measure.unit", &m.unit, TextKind::Line);
        }
        if let Some(n) = &ind.note {
            self.free_text(path, "note", n, TextKind::Long);
        }
        self.note(path, "source", &ind.source);
        self.kind(path, ind);
        let rules = Rules::of(ind);
        self.observations(path, "values", &ind.values, rules);
        self.observations(path, "base", &ind.base, Rules::COUNT);
        self.categories(path, ind, rules);
        if let Some(t) = &ind.total {
            self.value(&format!("{path}.total.value"), t.value, rules);
            if let Some(n) = &t.source {
                self.note(path, "total.source", n);
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
                let q = excerpt(&c.id);
                self.err(
                    &format!("{p}.id"),
                    format!("nhóm `{q}` bị trùng"),
                    format!("category `{q}` is used twice"),
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
        // An indicator has a few targets: a set only for many.
        let mut labels = HashSet::new();
        let few = ind.targets.len() <= 8;
        for (i, t) in ind.targets.iter().enumerate() {
            let p = format!("{path}.targets[{i}]");
            self.text(&p, "label", &t.label);
            let repeated = if few {
                ind.targets.iter().take(i).any(|o| o.label == t.label)
            } else {
                !labels.insert(t.label.as_str())
            };
            if repeated {
                let q = excerpt(&t.label);
                self.err(
                    &format!("{p}.label"),
                    format!("mục tiêu `{q}` bị trùng"),
                    format!("target `{q}` is given twice"),
                );
            }
            if !self.spans.contains_key(t.horizon.as_str()) {
                self.period_ref(&format!("{p}.horizon"), &t.horizon);
            }
            self.target_figures(&p, t, ind.direction);
            self.target_categories(&p, ind, t);
        }
    }

    /// A target's value and the achievement reported for it. A target is
    /// above 0, but a ceiling (lower is better) may be 0: no cases at all.
    fn target_figures(&mut self, p: &str, t: &Target, dir: Direction) {
        if let Some(v) = t.value {
            if v.is_negative() {
                self.err(
                    &format!("{p}.value"),
                    format!("chỉ tiêu phải lớn hơn 0, gặp {v}"),
                    format!("a target must be greater than 0, got {v}"),
                );
            } else if v == Dec::ZERO && dir == Direction::HigherIsBetter {
                self.err(
                    &format!("{p}.value"),
                    "chỉ tiêu phải lớn hơn 0, gặp 0 (chỉ tiêu bằng 0 chỉ dùng được khi càng thấp càng tốt: `\"direction\": \"lower_is_better\"`)".into(),
                    "a target must be greater than 0, got 0 (a target of 0 is only for lower is better: `\"direction\": \"lower_is_better\"`)".into(),
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
            self.note(p, "reported.source", n);
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
                let q = excerpt(c);
                self.err(
                    &format!("{p}.categories"),
                    format!("nhóm `{q}` không có trong `categories` của chỉ tiêu"),
                    format!("category `{q}` is not one of the indicator's `categories`"),
                );
            }
        }
    }

    /// Figures restated by later reports: each names what it restates.
    fn restated(&mut self, path: &str, ind: &Indicator) {
        for (i, r) in ind.restated.iter().enumerate() {
            let p = format!("{path}.restated[{i}]");
            self.note(&p, "source", &r.source);
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
