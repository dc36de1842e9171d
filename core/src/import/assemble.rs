//! Assembling the rows into an export: indicators (with several targets,
//! distributions over rating categories, parts that add up), the periods and
//! horizon, the dataset's names; the export is then validated by `load`.

use std::collections::{HashMap, HashSet};

use super::header::Columns;
use super::period::term_years;
use super::rows::{tree, RowItem, SectionRows};
use super::{fatal, Imported, Unread};
use crate::load::periods::{period_end, period_start};
use crate::load::{load, LoadError};
use crate::text::fold;
use chitieu_format::dec::Dec;
use chitieu_format::model::*;
use chitieu_format::period::Month;

/// The export the sections describe, validated like any export. `unread`
/// holds what the earlier stages did not understand; more is added here.
pub(super) fn export(
    file: &str,
    cols: &Columns,
    head_row: usize,
    title_lines: &[String],
    sections: Vec<SectionRows>,
    mut unread: Vec<Unread>,
) -> Result<Imported, LoadError> {
    let term = title_lines.iter().find_map(|l| term_years(l));
    let Horizon {
        periods,
        horizon,
        last_end,
    } = horizon(cols, term, head_row, &mut unread);
    let as_of = last_end.or_else(|| Month::new(2000, 1)).ok_or_else(|| {
        fatal(
            file,
            0,
            0,
            "không xác định được kỳ số liệu".into(),
            "no period".into(),
        )
    })?;
    let names = Names::of(file, title_lines);
    let mut asm = Assemble {
        source: "bang",
        label: if cols.target_label.is_empty() {
            "Chỉ tiêu"
        } else {
            &cols.target_label
        },
        horizon: &horizon,
        ids: Ids::default(),
        unread: &mut unread,
    };
    let sections = asm.sections(sections);
    let mut taken = Ids::default();
    let export = Export {
        format: FORMAT_NAME.to_string(),
        version: FORMAT_VERSION,
        dataset: Dataset {
            id: slug(names.stem, &mut taken),
            title: names.title.clone(),
            organisation: names.organisation.clone(),
            as_of,
            description: Some(format!("Nhập từ bảng {file}")),
        },
        sources: vec![Source {
            id: "bang".into(),
            title: format!("Bảng {file}"),
            number: None,
            issuer: None,
            date: None,
        }],
        periods,
        units: vec![Unit {
            id: "don-vi".into(),
            name: names.organisation,
            sections,
        }],
    };
    let json = serde_json::to_vec(&export).map_err(|e| {
        fatal(
            file,
            0,
            0,
            format!("lỗi nội bộ: {e}"),
            format!("internal error: {e}"),
        )
    })?;
    let loaded = load(file, &json)?;
    Ok(Imported { loaded, unread })
}

/// The periods of the table and the one its targets are set over.
struct Horizon {
    periods: Vec<Period>,
    /// The id of the targets' horizon.
    horizon: String,
    /// The last month of the table's own periods.
    last_end: Option<Month>,
}

/// Periods in column order, then the horizon of "Chỉ tiêu Nghị quyết": the
/// term named above the table, or else all the periods in the table.
fn horizon(
    cols: &Columns,
    term: Option<(i32, i32)>,
    head_row: usize,
    unread: &mut Vec<Unread>,
) -> Horizon {
    let mut periods: Vec<Period> = Vec::new();
    for (_, p) in &cols.periods {
        if !periods.iter().any(|q| q.id == p.id) {
            periods.push(p.clone());
        }
    }
    let last_end = periods.iter().filter_map(period_end).max();
    let horizon = match term {
        Some((from, to)) => {
            periods.push(Period {
                id: "term".into(),
                kind: PeriodKind::Term,
                year: None,
                half: None,
                quarter: None,
                months: None,
                start: Month::new(from, 1),
                end: Month::new(to.saturating_sub(1), 12),
                label: Some(format!("Nhiệm kỳ {from}–{to}")),
            });
            "term".to_string()
        }
        None => {
            let first = periods.first().and_then(period_start);
            unread.push(Unread {
                row: head_row,
                column: 0,
                cell: String::new(),
                vi: "không thấy nhiệm kỳ (ví dụ \"nhiệm kỳ 2020-2025\") ở đầu bảng: chỉ tiêu được tính cho cả các kỳ trong bảng".into(),
                en: "no term (e.g. \"nhiệm kỳ 2020-2025\") above the table: targets are taken over all the periods in the table".into(),
            });
            periods.push(Period {
                id: "ca-giai-doan".into(),
                kind: PeriodKind::Range,
                year: None,
                half: None,
                quarter: None,
                months: None,
                start: first,
                end: last_end,
                label: Some("Cả giai đoạn trong bảng".into()),
            });
            "ca-giai-doan".to_string()
        }
    };
    Horizon {
        periods,
        horizon,
        last_end,
    }
}

/// The dataset's names: from the title lines, or else the file's name.
struct Names<'a> {
    /// The file name without folders and extension.
    stem: &'a str,
    title: String,
    organisation: String,
}

impl<'a> Names<'a> {
    fn of(file: &'a str, title_lines: &[String]) -> Names<'a> {
        let stem = file
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(file)
            .rsplit_once('.')
            .map_or(file, |(s, _)| s);
        let title = if title_lines.is_empty() {
            stem.to_string()
        } else {
            title_lines.join(" ")
        };
        let organisation = title_lines
            .iter()
            .find(|l| {
                let f = fold(l);
                f.contains("dang bo") || f.contains("dang uy") || f.contains("huyen uy")
            })
            .cloned()
            .unwrap_or_else(|| title.clone());
        Names {
            stem,
            title,
            organisation,
        }
    }
}

/// The ids given so far, and for each base id the next number to try, so
/// that a thousand rows of the same name take linear time, not quadratic.
#[derive(Default)]
struct Ids {
    taken: HashSet<String>,
    next: HashMap<String, u64>,
}

/// An id from a name: `Kết nạp đảng viên` → `ket-nap-dang-vien`, unique in `ids`
/// (`ket-nap-dang-vien-2` for the second of that name).
fn slug(name: &str, ids: &mut Ids) -> String {
    let folded = fold(name);
    let mut s = String::new();
    for w in folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if s.len().saturating_add(w.len()) > 60 {
            break;
        }
        if !s.is_empty() {
            s.push('-');
        }
        s.push_str(w);
    }
    if s.is_empty() {
        s.push_str("chi-tieu");
    }
    if ids.taken.insert(s.clone()) {
        return s;
    }
    let n = ids.next.entry(s.clone()).or_insert(2);
    loop {
        let id = format!("{s}-{n}");
        *n = n.saturating_add(1);
        if ids.taken.insert(id.clone()) {
            return id;
        }
    }
}

fn measure_of(unit: &str, values: &[Dec]) -> Measure {
    let f = fold(unit);
    let kind = if unit.trim() == "%" {
        MeasureKind::Percent
    } else if f.contains("dong") {
        MeasureKind::Money
    } else if values.iter().all(|v| v.is_integer()) {
        MeasureKind::Count
    } else {
        MeasureKind::Quantity
    };
    Measure {
        unit: unit.trim().to_string(),
        kind,
    }
}

fn is_rating_category(name: &str) -> bool {
    let f = fold(name);
    [
        "hoan thanh",
        "vung manh",
        "trung binh",
        "yeu kem",
        "khong xep loai",
        "khong hoan thanh",
        "xuat sac",
        "kha",
        "tot",
    ]
    .iter()
    .any(|w| f.starts_with(w))
}

struct Assemble<'a> {
    source: &'a str,
    label: &'a str,
    horizon: &'a str,
    ids: Ids,
    unread: &'a mut Vec<Unread>,
}

impl Assemble<'_> {
    fn note(&self, item: &RowItem) -> SourceNote {
        SourceNote {
            doc: self.source.to_string(),
            section: None,
            footnote: None,
            quote: Some(item.quote.clone()),
        }
    }

    fn observations(values: &[(String, Dec)]) -> Vec<Observation> {
        values
            .iter()
            .map(|(p, v)| Observation {
                period: p.as_str().into(),
                value: Some(*v),
                text: None,
                qualifier: None,
                change: None,
                source: None,
            })
            .collect()
    }

    fn target(&self, label: &str, item: &RowItem, categories: Vec<String>) -> Option<Target> {
        let value = item.target?;
        let reported =
            (item.achievement.is_some() || item.over_points.is_some() || item.over_pct.is_some())
                .then_some(Reported {
                    achievement_pct: item.achievement,
                    over_points: item.over_points,
                    over_pct: item.over_pct,
                    source: None,
                });
        Some(Target {
            label: label.to_string(),
            value: Some(value),
            horizon: self.horizon.to_string(),
            rule: TargetRule::Total,
            categories,
            reported,
        })
    }

    fn base(&mut self, item: &RowItem, kind: IndicatorKind) -> Indicator {
        let figures: Vec<Dec> = item
            .values
            .iter()
            .map(|(_, v)| *v)
            .chain(item.total)
            .collect();
        let measure = (kind != IndicatorKind::Group).then(|| measure_of(&item.unit, &figures));
        Indicator {
            id: slug(&item.name, &mut self.ids),
            number: item.number.clone(),
            name: item.name.clone(),
            kind,
            measure,
            direction: Direction::HigherIsBetter,
            aggregation: None,
            values: Vec::new(),
            total: None,
            targets: Vec::new(),
            categories: Vec::new(),
            base: Vec::new(),
            peers: None,
            parts: Vec::new(),
            parts_sum: false,
            restated: Vec::new(),
            source: self.note(item),
            note: item.note.clone(),
        }
    }

    fn figure(v: Option<Dec>) -> Option<Figure> {
        v.map(|value| Figure {
            value,
            qualifier: None,
            source: None,
        })
    }

    /// The sections with their rows placed in a tree, as indicators.
    fn sections(&mut self, sections: Vec<SectionRows>) -> Vec<Section> {
        let mut section_ids = Ids::default();
        sections
            .into_iter()
            .map(|s| Section {
                id: slug(s.number.as_deref().unwrap_or(&s.title), &mut section_ids),
                number: s.number,
                title: s.title,
                indicators: tree(s.rows).iter().map(|r| self.indicator(r)).collect(),
            })
            .collect()
    }

    fn indicator(&mut self, item: &RowItem) -> Indicator {
        if is_several_targets(item) {
            self.several_targets(item)
        } else if is_distribution(item) {
            self.distribution(item)
        } else {
            self.figures(item)
        }
    }

    /// One indicator whose parts are its targets, with the first part's figures.
    fn several_targets(&mut self, item: &RowItem) -> Indicator {
        let first = &item.parts[0];
        let mut merged = first.clone();
        merged.name = item.name.clone();
        merged.number = item.number.clone();
        let mut ind = self.base(&merged, IndicatorKind::Count);
        ind.values = Self::observations(&first.values);
        ind.total = Self::figure(first.total);
        ind.source = self.note(item);
        for p in &item.parts {
            if p.values != first.values || p.total != first.total {
                self.unread.push(Unread {
                    row: p.row,
                    column: 0,
                    cell: p.quote.clone(),
                    vi: "số liệu khác với dòng chỉ tiêu đầu tiên; chỉ giữ số liệu của dòng đầu".into(),
                    en: "figures differ from the first target's row; only the first row's figures are kept".into(),
                });
            }
            if let Some(t) = self.target(&p.name, p, Vec::new()) {
                ind.targets.push(t);
            }
        }
        ind.kind = kind_of(&ind);
        ind
    }

    /// Shares of rating categories, with the targets set on some of them.
    fn distribution(&mut self, item: &RowItem) -> Indicator {
        let mut ind = self.base(item, IndicatorKind::Distribution);
        ind.measure = Some(Measure {
            unit: "%".into(),
            kind: MeasureKind::Percent,
        });
        ind.base = Self::observations(&item.values);
        let mut cat_ids = Ids::default();
        let mut total = item.total;
        for p in &item.parts {
            let id = slug(&p.name, &mut cat_ids);
            ind.categories.push(Category {
                id: id.clone(),
                name: p.name.clone(),
                values: Self::observations(&p.values),
            });
            if p.target.is_some() {
                total = total.or(p.total);
                if let Some(t) = self.category_target(item, p, id) {
                    ind.targets.push(t);
                }
            } else if p.total.is_some() {
                self.unread.push(Unread {
                    row: p.row,
                    column: 0,
                    cell: p.quote.clone(),
                    vi: "tổng của một nhóm không có chỉ tiêu được bỏ qua".into(),
                    en: "a total on a category without a target is left out".into(),
                });
            }
        }
        ind.total = Self::figure(total);
        ind
    }

    /// The target a distribution's category `p` carries, over that category,
    /// with the achievement reported on the category or on the whole.
    fn category_target(&mut self, item: &RowItem, p: &RowItem, id: String) -> Option<Target> {
        let reported = RowItem {
            target: p.target,
            achievement: item.achievement.or(p.achievement),
            over_points: item.over_points.or(p.over_points),
            over_pct: item.over_pct.or(p.over_pct),
            ..item.clone()
        };
        let target = self.target(&format!("{} ({})", self.label, p.name), &reported, vec![id]);
        self.unread.push(Unread {
            row: p.row,
            column: 0,
            cell: p.quote.clone(),
            vi: format!("chỉ tiêu {} được gắn với nhóm \"{}\" như bảng ghi; nếu chỉ tiêu tính gộp nhiều nhóm (ví dụ \"tốt trở lên\"), hãy sửa `categories` của mục tiêu", p.target.map(|d| d.fmt_vi()).unwrap_or_default(), p.name),
            en: format!("the target {} is attached to the category \"{}\" as the table places it; if it counts several categories (e.g. \"good or better\"), edit the target's `categories`", p.target.map(|d| d.fmt_en()).unwrap_or_default(), p.name),
        });
        target
    }

    /// An indicator with its own figures and target, and its parts.
    fn figures(&mut self, item: &RowItem) -> Indicator {
        let mut ind = self.base(item, IndicatorKind::Context);
        ind.values = Self::observations(&item.values);
        ind.total = Self::figure(item.total);
        if let Some(t) = self.target(self.label, item, Vec::new()) {
            ind.targets.push(t);
        }
        if item.achievement.is_some() && item.target.is_none() {
            self.unread.push(Unread {
                row: item.row,
                column: 0,
                cell: item.quote.clone(),
                vi: "có tỷ lệ đạt nhưng không có chỉ tiêu: tỷ lệ được bỏ qua".into(),
                en: "an achievement without a target: it is left out".into(),
            });
        }
        ind.parts = item.parts.iter().map(|p| self.indicator(p)).collect();
        ind.kind = kind_of(&ind);
        if ind.kind == IndicatorKind::Group {
            ind.measure = None;
        } else if !ind.parts.is_empty() {
            sum_of_parts(&mut ind);
        }
        ind
    }
}

/// "Kết nạp đảng viên" over "- Chỉ tiêu nghị quyết / tỉnh giao / phấn
/// đấu": one indicator with several targets.
fn is_several_targets(item: &RowItem) -> bool {
    !item.has_figures()
        && item.parts.len() > 1
        && item.parts.iter().all(|p| {
            fold(&p.name).starts_with("chi tieu") && p.target.is_some() && p.parts.is_empty()
        })
}

/// "Đánh giá chất lượng …" over shares of rating categories: a distribution.
fn is_distribution(item: &RowItem) -> bool {
    item.parts.len() > 1
        && item.unit.is_empty()
        && item
            .parts
            .iter()
            .all(|p| p.parts.is_empty() && is_rating_category(&p.name))
        && item.parts.iter().any(|p| p.unit == "%")
}

/// A count whose parts are counts of the same unit is their sum
/// (632 = 183 + 449), so the checks can say when it is not.
fn sum_of_parts(ind: &mut Indicator) {
    let unit = ind.unit().to_string();
    ind.parts_sum = ind.parts.iter().all(|p| {
        p.measure
            .as_ref()
            .is_some_and(|m| m.kind == MeasureKind::Count && (unit.is_empty() || m.unit == unit))
    }) && ind
        .measure
        .as_ref()
        .is_some_and(|m| m.kind == MeasureKind::Count);
    if ind.parts_sum && unit.is_empty() {
        if let (Some(m), Some(pm)) = (
            ind.measure.as_mut(),
            ind.parts.first().and_then(|p| p.measure.clone()),
        ) {
            m.unit = pm.unit;
        }
    }
}

/// The kind of an indicator from its measure, figures, targets and parts.
fn kind_of(ind: &Indicator) -> IndicatorKind {
    let has_target = !ind.targets.is_empty();
    let own = !ind.values.is_empty() || ind.total.is_some() || has_target;
    if !own && !ind.parts.is_empty() {
        return IndicatorKind::Group;
    }
    match ind.measure.as_ref().map(|m| m.kind) {
        Some(MeasureKind::Percent) => IndicatorKind::Rate,
        Some(MeasureKind::Money) => IndicatorKind::Money,
        Some(MeasureKind::Count) if has_target => IndicatorKind::Count,
        _ => IndicatorKind::Context,
    }
}
