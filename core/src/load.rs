//! Reading an export: bytes → [`Loaded`], or every problem found, each naming
//! the file, the field path and what is wrong, in Vietnamese and English.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use chitieu_format::dec::Dec;
use chitieu_format::model::*;
use chitieu_format::period::{Month, Span};

use chitieu_format::LANG_SEP;

use crate::text::Lang;

/// Most problems reported for one file; past it the list says how many more.
const MAX_PROBLEMS: usize = 50;

/// One thing wrong with an export.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// Field path, e.g. `units[0].sections[1].indicators[2].targets[0].horizon`;
    /// empty for the file as a whole.
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub vi: String,
    pub en: String,
}

impl Problem {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        lang.pick(&self.vi, &self.en)
    }

    fn at(path: impl Into<String>, vi: impl Into<String>, en: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            line: None,
            column: None,
            vi: vi.into(),
            en: en.into(),
        }
    }
}

/// Why a file could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LoadError {
    pub file: String,
    pub problems: Vec<Problem>,
}

impl LoadError {
    fn one(file: &str, p: Problem) -> LoadError {
        LoadError {
            file: file.to_string(),
            problems: vec![p],
        }
    }

    /// One line per problem: `file:line:column: path: message`, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        for p in &self.problems {
            out.push_str(&self.file);
            if let (Some(l), Some(c)) = (p.line, p.column) {
                out.push_str(&format!(":{l}:{c}"));
            }
            out.push_str(": ");
            if !p.path.is_empty() {
                out.push_str(&p.path);
                out.push_str(": ");
            }
            out.push_str(p.text(lang));
            out.push('\n');
        }
        out
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.render(Lang::Vi).trim_end())
    }
}

impl std::error::Error for LoadError {}

/// A valid export with its periods resolved to month spans.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The file name it was read from.
    pub file: String,
    pub export: Export,
    spans: BTreeMap<String, Span>,
}

impl Loaded {
    pub fn span(&self, period: &str) -> Option<Span> {
        self.spans.get(period).copied()
    }

    pub fn period(&self, id: &str) -> Option<&Period> {
        self.export.periods.iter().find(|p| p.id == id)
    }

    pub fn as_of(&self) -> Month {
        self.export.dataset.as_of
    }

    /// Period name as the reports write it (`Năm 2021`, `Quý III/2023`,
    /// `6 tháng đầu năm 2023`), or in English (`2021`, `Q3 2023`, `H1 2023`).
    pub fn period_label(&self, id: &str, lang: Lang) -> String {
        self.period(id).map_or_else(
            || id.to_string(),
            |p| lang.pick(period_label_vi as fn(&Period) -> String, period_label_en)(p),
        )
    }
}

fn roman(n: u8) -> &'static str {
    match n {
        1 => "I",
        2 => "II",
        3 => "III",
        4 => "IV",
        _ => "?",
    }
}

/// Vietnamese name of a period.
fn period_label_vi(p: &Period) -> String {
    if let Some(l) = &p.label {
        return l.clone();
    }
    let y = p.year.unwrap_or_default();
    match p.kind {
        PeriodKind::Year => format!("Năm {y}"),
        PeriodKind::Half if p.half == Some(2) => format!("6 tháng cuối năm {y}"),
        PeriodKind::Half => format!("6 tháng đầu năm {y}"),
        PeriodKind::Quarter => format!("Quý {}/{y}", roman(p.quarter.unwrap_or_default())),
        PeriodKind::YearToDate => format!("{} tháng năm {y}", p.months.unwrap_or_default()),
        PeriodKind::Term | PeriodKind::Range => p.id.clone(),
    }
}

/// English name of a period.
fn period_label_en(p: &Period) -> String {
    let y = p.year.unwrap_or_default();
    match p.kind {
        PeriodKind::Year => format!("{y}"),
        PeriodKind::Half => format!("H{} {y}", p.half.unwrap_or_default()),
        PeriodKind::Quarter => format!("Q{} {y}", p.quarter.unwrap_or_default()),
        PeriodKind::YearToDate => format!("{} months of {y}", p.months.unwrap_or_default()),
        PeriodKind::Term | PeriodKind::Range => match (p.start, p.end) {
            (Some(s), Some(e)) if p.kind == PeriodKind::Term => {
                format!("Term {}–{} ({} to {})", s.year, e.year, s, e)
            }
            (Some(s), Some(e)) => format!("{s} to {e}"),
            _ => p.id.clone(),
        },
    }
}

/// The largest export read, in bytes. A committee's export is well under a
/// megabyte (a 50 units × 60 indicators × 20 periods export is about 6 MB);
/// beyond this a file is refused before parsing, rather than freezing the tab.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// Reads and validates an export.
pub fn load(file: &str, bytes: &[u8]) -> Result<Loaded, LoadError> {
    if bytes.len() > MAX_BYTES {
        // Megabytes to one decimal, in integer tenths.
        let mb = |n: usize| {
            let tenths = n.saturating_mul(10) / 1_048_576;
            format!("{},{}", tenths / 10, tenths % 10)
        };
        return Err(LoadError::one(
            file,
            Problem::at(
                "",
                format!(
                    "tệp quá lớn ({} MB, tối đa {} MB): không phải một tệp xuất chỉ tiêu",
                    mb(bytes.len()),
                    mb(MAX_BYTES)
                ),
                format!(
                    "the file is too large ({} MB, at most {} MB): not an indicator export",
                    mb(bytes.len()).replace(',', "."),
                    mb(MAX_BYTES).replace(',', ".")
                ),
            ),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let before = &bytes[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = offset
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1)
            + 1;
        LoadError::one(
            file,
            Problem {
                path: String::new(),
                line: Some(line),
                column: Some(column),
                vi: format!(
                    "tệp không phải văn bản UTF-8 hợp lệ (byte thứ {})",
                    offset + 1
                ),
                en: format!("the file is not valid UTF-8 text (byte {})", offset + 1),
            },
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::one(
            file,
            Problem::at("", "tệp rỗng, không có dữ liệu", "the file is empty"),
        ));
    }
    let export: Export = match chitieu_format::parse_export(text) {
        Ok(export) => export,
        Err(e) => return Err(located(file, text, &e)),
    };
    let (spans, problems) = validate(&export);
    if problems.is_empty() {
        Ok(Loaded {
            file: file.to_string(),
            export,
            spans,
        })
    } else {
        Err(LoadError {
            file: file.to_string(),
            problems,
        })
    }
}

/// A deserialisation error with the field path where it happened.
fn located(file: &str, text: &str, e: &serde_json::Error) -> LoadError {
    let (vi, en) = translate(e);
    let (line, column) = (e.line(), e.column());
    LoadError::one(
        file,
        Problem {
            path: if line == 0 {
                String::new()
            } else {
                json_path_at(text, line, column)
            },
            line: Some(line),
            column: Some(column),
            vi,
            en,
        },
    )
}

/// The field path (`units[0].sections[1].name`) at a 1-based line and a
/// byte column of JSON `text`, found by walking its structure up to there.
///
/// serde_json reports where it stopped reading; reading the path this way,
/// instead of tracking it during deserialisation, keeps the fast path fast
/// and the wasm bundle small. A missing field is reported after its object's
/// `}`, so it names the object; an unknown field after its key, so it names
/// the key.
pub(crate) fn json_path_at(text: &str, line: usize, column: usize) -> String {
    enum Frame<'a> {
        Object(Option<&'a str>),
        Array(usize),
    }
    let bytes = text.as_bytes();
    let line_start = if line <= 1 {
        0
    } else {
        bytes
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .nth(line - 2)
            .map_or(bytes.len(), |(i, _)| i + 1)
    };
    let end = line_start.saturating_add(column).min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut expect_key = false;
    let mut i = 0;
    while i < end {
        match bytes.get(i) {
            Some(b'"') => {
                let start = i + 1;
                let mut j = start;
                while let Some(&b) = bytes.get(j) {
                    match b {
                        b'"' => break,
                        b'\\' => j += 2,
                        _ => j += 1,
                    }
                }
                if expect_key {
                    if let Some(Frame::Object(key)) = stack.last_mut() {
                        *key = text.get(start..j.min(bytes.len()));
                    }
                    expect_key = false;
                }
                i = j + 1;
                continue;
            }
            Some(b'{') => {
                stack.push(Frame::Object(None));
                expect_key = true;
            }
            Some(b'[') => stack.push(Frame::Array(0)),
            Some(b'}' | b']') => {
                stack.pop();
                expect_key = false;
            }
            Some(b',') => match stack.last_mut() {
                Some(Frame::Object(key)) => {
                    *key = None;
                    expect_key = true;
                }
                Some(Frame::Array(n)) => *n += 1,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object(None) => {}
            Frame::Array(n) => {
                path.push('[');
                path.push_str(&n.to_string());
                path.push(']');
            }
        }
    }
    path
}

/// Turns a serde_json error into a Vietnamese and an English sentence.
fn translate(e: &serde_json::Error) -> (String, String) {
    let full = e.to_string();
    let msg = match full.rfind(" at line ") {
        Some(i) => &full[..i],
        None => full.as_str(),
    };
    if let Some((vi, en)) = msg.split_once(LANG_SEP) {
        return (vi.to_string(), en.to_string());
    }
    let en = msg.to_string();
    let between = |s: &str| s.split('`').nth(1).unwrap_or("").to_string();
    let vi = if let Some(rest) = msg.strip_prefix("missing field ") {
        format!("thiếu trường bắt buộc {rest}")
    } else if msg.starts_with("unknown field") {
        let allowed = msg.split_once("expected ").map(|x| x.1).unwrap_or("");
        format!(
            "trường `{}` không có trong định dạng (các trường hợp lệ: {})",
            between(msg),
            allowed.trim_start_matches("one of ")
        )
    } else if msg.starts_with("unknown variant") {
        let allowed = msg.split_once("expected ").map(|x| x.1).unwrap_or("");
        format!(
            "giá trị `{}` không hợp lệ (các giá trị hợp lệ: {})",
            between(msg),
            allowed.trim_start_matches("one of ")
        )
    } else if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, ""));
        format!(
            "sai kiểu dữ liệu: gặp {}, cần {}",
            vi_kind(got),
            vi_kind(want)
        )
    } else if let Some(rest) = msg.strip_prefix("invalid value: ") {
        format!("giá trị không hợp lệ: {rest}")
    } else if msg.starts_with("duplicate field") {
        format!("trường `{}` xuất hiện hai lần", between(msg))
    } else if msg.starts_with("EOF while parsing") {
        "tệp bị cắt cụt: JSON kết thúc giữa chừng".to_string()
    } else if msg.starts_with("recursion limit exceeded") {
        "dữ liệu lồng nhau quá sâu".to_string()
    } else if msg.starts_with("trailing characters") {
        "còn ký tự thừa sau khi kết thúc JSON".to_string()
    } else if msg.starts_with("invalid length") {
        format!("số phần tử không đúng: {msg}")
    } else if e.is_syntax() {
        format!("lỗi cú pháp JSON: {msg}")
    } else {
        format!("dữ liệu không hợp lệ: {msg}")
    };
    (vi, en)
}

fn vi_kind(s: &str) -> String {
    let s = s.trim();
    let map = [
        ("a string", "một chuỗi"),
        ("string ", "chuỗi "),
        ("integer ", "số nguyên "),
        ("floating point ", "số "),
        ("boolean ", "giá trị đúng/sai "),
        ("a sequence", "một danh sách"),
        ("sequence", "danh sách"),
        ("a map", "một đối tượng"),
        ("map", "đối tượng"),
        ("null", "null"),
        ("u32", "số nguyên không âm"),
        ("u8", "số nguyên nhỏ không âm"),
        ("i32", "số nguyên"),
        (
            "a number or a decimal string",
            "một số hoặc chuỗi số thập phân",
        ),
        ("a boolean", "đúng/sai"),
    ];
    for (en, vi) in map {
        if let Some(rest) = s.strip_prefix(en) {
            return format!("{vi}{rest}");
        }
    }
    s.to_string()
}

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

struct Validator<'a> {
    sources: HashSet<&'a str>,
    spans: BTreeMap<String, Span>,
    /// Each valid period's position, for the duplicate check.
    period_index: std::collections::HashMap<&'a str, usize>,
    /// Scratch: which periods an indicator has figures for.
    seen: Vec<bool>,
    problems: Vec<Problem>,
    truncated: usize,
}

impl<'a> Validator<'a> {
    fn push(&mut self, p: Problem) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(p);
        } else {
            self.truncated += 1;
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
        let rules = Rules::of(ind);
        self.observations(path, "values", &ind.values, rules);
        self.observations(path, "base", &ind.base, Rules::COUNT);
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
        if let Some(t) = &ind.total {
            self.value(&format!("{path}.total.value"), t.value, rules);
            if let Some(n) = &t.source {
                self.note(&format!("{path}.total.source"), n);
            }
        }
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
            if t.value.is_none()
                && reported.achievement_pct.is_none()
                && reported.over_points.is_none()
            {
                self.err(
                    &p,
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
            if ind.kind == IndicatorKind::Distribution && t.categories.is_empty() {
                self.err(
                    &format!("{p}.categories"),
                    "mục tiêu của phân loại phải nêu các nhóm được cộng (`categories`)".into(),
                    "a distribution's target must name the categories it adds up (`categories`)"
                        .into(),
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
        for (i, part) in ind.parts.iter().enumerate() {
            self.indicator(&format!("{path}.parts[{i}]"), part, ids);
        }
    }
}

/// First month of a period, if it is well formed.
pub(crate) fn period_start(p: &Period) -> Option<Month> {
    period_span(p).ok().map(|s| s.start)
}

/// Last month of a period, if it is well formed.
pub(crate) fn period_end(p: &Period) -> Option<Month> {
    period_span(p).ok().map(|s| s.end)
}

/// Resolves a period to its months, or says what is missing.
fn period_span(p: &Period) -> Result<Span, (String, String)> {
    let need = |field: &str| {
        (
            format!("kỳ loại `{:?}` cần trường `{field}`", p.kind),
            format!("a period of kind `{:?}` needs `{field}`", p.kind),
        )
    };
    let year = || p.year.ok_or_else(|| need("year"));
    let month = |y: i32, m: u8| {
        Month::new(y, m).ok_or_else(|| {
            (
                format!("năm {y} ngoài phạm vi 1900–2200"),
                format!("year {y} is outside 1900–2200"),
            )
        })
    };
    let (start, end) = match p.kind {
        PeriodKind::Year => {
            let y = year()?;
            (month(y, 1)?, month(y, 12)?)
        }
        PeriodKind::Half => {
            let y = year()?;
            match p.half.ok_or_else(|| need("half"))? {
                1 => (month(y, 1)?, month(y, 6)?),
                2 => (month(y, 7)?, month(y, 12)?),
                h => {
                    return Err((
                        format!("`half` phải là 1 hoặc 2, gặp {h}"),
                        format!("`half` must be 1 or 2, got {h}"),
                    ))
                }
            }
        }
        PeriodKind::Quarter => {
            let y = year()?;
            match p.quarter.ok_or_else(|| need("quarter"))? {
                q @ 1..=4 => (month(y, q * 3 - 2)?, month(y, q * 3)?),
                q => {
                    return Err((
                        format!("`quarter` phải từ 1 đến 4, gặp {q}"),
                        format!("`quarter` must be 1 to 4, got {q}"),
                    ))
                }
            }
        }
        PeriodKind::YearToDate => {
            let y = year()?;
            match p.months.ok_or_else(|| need("months"))? {
                m @ 1..=12 => (month(y, 1)?, month(y, m)?),
                m => {
                    return Err((
                        format!("`months` phải từ 1 đến 12, gặp {m}"),
                        format!("`months` must be 1 to 12, got {m}"),
                    ))
                }
            }
        }
        PeriodKind::Term | PeriodKind::Range => {
            if p.label.as_deref().is_none_or(|l| l.trim().is_empty()) {
                return Err(need("label"));
            }
            (
                p.start.ok_or_else(|| need("start"))?,
                p.end.ok_or_else(|| need("end"))?,
            )
        }
    };
    if end < start {
        return Err((
            format!("tháng kết thúc {end} trước tháng bắt đầu {start}"),
            format!("end month {end} is before start month {start}"),
        ));
    }
    Ok(Span { start, end })
}

/// Checks references, ids and figures; returns the period spans and the problems.
fn validate(e: &Export) -> (BTreeMap<String, Span>, Vec<Problem>) {
    let mut v = Validator {
        sources: HashSet::new(),
        spans: BTreeMap::new(),
        period_index: std::collections::HashMap::new(),
        seen: Vec::new(),
        problems: Vec::new(),
        truncated: 0,
    };
    if e.format != FORMAT_NAME {
        v.err(
            "format",
            format!("`format` phải là \"{FORMAT_NAME}\", gặp \"{}\"", e.format),
            format!("`format` must be \"{FORMAT_NAME}\", got \"{}\"", e.format),
        );
    }
    if e.version != FORMAT_VERSION {
        v.err(
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
    v.id("dataset", &e.dataset.id);
    v.text("dataset", "title", &e.dataset.title);
    v.text("dataset", "organisation", &e.dataset.organisation);
    for (i, s) in e.sources.iter().enumerate() {
        let p = format!("sources[{i}]");
        v.id(&p, &s.id);
        v.text(&p, "title", &s.title);
        if !v.sources.insert(&s.id) {
            v.err(
                &format!("{p}.id"),
                format!("mã nguồn `{}` bị trùng", s.id),
                format!("source id `{}` is used twice", s.id),
            );
        }
    }
    for (i, p) in e.periods.iter().enumerate() {
        let path = format!("periods[{i}]");
        v.id(&path, &p.id);
        match period_span(p) {
            Ok(span) => {
                let next = v.period_index.len();
                v.period_index.entry(p.id.as_str()).or_insert(next);
                if v.spans.insert(p.id.clone(), span).is_some() {
                    v.err(
                        &format!("{path}.id"),
                        format!("mã kỳ `{}` bị trùng", p.id),
                        format!("period id `{}` is used twice", p.id),
                    );
                }
            }
            Err((vi, en)) => v.err(&path, vi, en),
        }
    }
    if e.units.is_empty() {
        v.err(
            "units",
            "không có đơn vị nào".into(),
            "there are no units".into(),
        );
    }
    let mut unit_ids = HashSet::new();
    for (ui, u) in e.units.iter().enumerate() {
        let up = format!("units[{ui}]");
        v.id(&up, &u.id);
        v.text(&up, "name", &u.name);
        if !unit_ids.insert(u.id.as_str()) {
            v.err(
                &format!("{up}.id"),
                format!("mã đơn vị `{}` bị trùng", u.id),
                format!("unit id `{}` is used twice", u.id),
            );
        }
        let mut section_ids = HashSet::new();
        let mut ids = HashSet::new();
        for (si, s) in u.sections.iter().enumerate() {
            let sp = format!("{up}.sections[{si}]");
            v.id(&sp, &s.id);
            v.text(&sp, "title", &s.title);
            if !section_ids.insert(s.id.as_str()) {
                v.err(
                    &format!("{sp}.id"),
                    format!("mã mục `{}` bị trùng", s.id),
                    format!("section id `{}` is used twice", s.id),
                );
            }
            for (ii, ind) in s.indicators.iter().enumerate() {
                v.indicator(&format!("{sp}.indicators[{ii}]"), ind, &mut ids);
            }
        }
    }
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
