//! Assembling the rows into an export: indicators (with several targets,
//! distributions over rating categories, parts that add up), the periods and
//! horizon, the dataset's names; the export is then validated by `load`.

use std::collections::{HashMap, HashSet};

use super::header::Columns;
use super::period::term_years;
use super::rows::{tree, RowItem, SectionRows};
use super::{fatal, Choices, Imported, Meaning, Unread};
use crate::load::periods::{period_end, period_start};
use crate::load::{load, LoadError};
use crate::text::fold;
use chitieu_format::dec::Dec;
use chitieu_format::model::*;
use chitieu_format::period::Month;

/// The table as a whole: where it came from, its columns and titles, and
/// what the user chose in place of the inferences.
pub(super) struct Table<'a> {
    pub(super) file: &'a str,
    pub(super) cols: &'a Columns,
    pub(super) head_row: usize,
    /// The name column as the spreadsheet numbers it (B = 2).
    pub(super) name_column: usize,
    pub(super) title_lines: &'a [String],
    pub(super) choices: &'a Choices,
}

impl Table<'_> {
    /// The export the sections describe, validated like any export. `unread`
    /// holds what the earlier stages did not understand; more is added here.
    pub(super) fn export(
        &self,
        sections: Vec<SectionRows>,
        mut unread: Vec<Unread>,
    ) -> Result<Imported, LoadError> {
        let file = self.file;
        let term = self.title_lines.iter().find_map(|l| term_years(l));
        let Horizon {
            periods,
            horizon,
            as_of,
        } = horizon(self, term, &mut unread)?;
        let names = Names::of(file, self.title_lines);
        let organisation = match &self.choices.unit {
            Some(u) => u.clone(),
            None => names.organisation.clone().unwrap_or_else(|| {
                unread.push(Unread::new(
                    0,
                    0,
                    "",
                    "không thấy tên đơn vị ở đầu bảng (ví dụ \"Đảng bộ Khối …\"): hãy thêm dòng tên đơn vị phía trên bảng".into(),
                    "no unit name above the table (e.g. \"Đảng bộ Khối …\"): add a line with the unit's name above the table".into(),
                ));
                "Đơn vị chưa có tên".into()
            }),
        };
        let mut asm = Assemble {
            label: if self.cols.target_label.is_empty() {
                "Chỉ tiêu"
            } else {
                &self.cols.target_label
            },
            horizon: &horizon,
            name_column: self.name_column,
            choices: self.choices,
            ids: Ids::default(),
            rows: Vec::new(),
            unread: &mut unread,
        };
        let sections = asm.sections(sections);
        let rows = std::mem::take(&mut asm.rows);
        let mut taken = Ids::default();
        let export = Export {
            format: FORMAT_NAME.to_string(),
            version: FORMAT_VERSION,
            dataset: Dataset {
                id: slug(names.stem, &mut taken),
                title: names.title.clone(),
                organisation: organisation.clone(),
                as_of,
                description: Some(format!("Nhập từ {}", names.source)),
            },
            sources: vec![Source {
                id: "bang".into(),
                title: names.source.clone(),
                number: None,
                issuer: None,
                date: None,
            }],
            periods,
            units: vec![Unit {
                id: "don-vi".into(),
                name: organisation,
                sections,
            }],
        };
        let internal = |e: serde_json::Error| {
            fatal(
                file,
                0,
                0,
                format!("lỗi nội bộ: {e}"),
                format!("internal error: {e}"),
            )
        };
        let json = serde_json::to_vec(&export).map_err(internal)?;
        let loaded = load(file, &json).map_err(|e| in_table_terms(e, &export, &rows))?;
        // In the table's order, row by row, as a reader goes down it.
        let at = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        crate::order::sort_by_key(&mut unread, |u| (at(u.row), at(u.column)));
        Ok(Imported { loaded, unread })
    }
}

/// A problem the loader found in the export made from the table, told by
/// the row it came from rather than by the export's field path.
fn in_table_terms(
    mut e: LoadError,
    export: &Export,
    rows: &[(String, usize, String)],
) -> LoadError {
    for p in &mut e.problems {
        let id = indicator_at(export, &p.path).map(|i| i.id.as_str());
        let row = rows.iter().find(|(i, _, _)| Some(i.as_str()) == id);
        if let Some((_, row, name)) = row {
            p.vi = format!("dòng {row} («{name}»): {}", p.vi);
            p.en = format!("row {row} («{name}»): {}", p.en);
            p.line = Some(*row);
        }
        p.path = String::new();
        p.column = None;
    }
    e
}

/// The indicator a field path such as `units[0].sections[1].indicators[2].parts[0].targets[0]` names.
fn indicator_at<'e>(export: &'e Export, path: &str) -> Option<&'e Indicator> {
    let index = |part: &str, name: &str| -> Option<usize> {
        part.strip_prefix(name)?
            .strip_prefix('[')?
            .strip_suffix(']')?
            .parse()
            .ok()
    };
    let mut parts = path.split('.');
    let unit = export.units.get(index(parts.next()?, "units")?)?;
    let section = unit.sections.get(index(parts.next()?, "sections")?)?;
    let mut ind = section
        .indicators
        .get(index(parts.next()?, "indicators")?)?;
    for part in parts {
        match index(part, "parts") {
            Some(i) => ind = ind.parts.get(i)?,
            None => break,
        }
    }
    Some(ind)
}

/// The periods of the table and the one its targets are set over.
struct Horizon {
    periods: Vec<Period>,
    /// The id of the targets' horizon.
    horizon: String,
    /// The month the figures are as of.
    as_of: Month,
}

/// Periods in column order, then the horizon of "Chỉ tiêu Nghị quyết": the
/// term named above the table, or else all the periods in the table. The
/// figures are as of the last period's end, or of a date in the titles
/// (`đến 30/6/2023`, `năm 2023`); never of a month made up.
fn horizon(
    table: &Table,
    term: Option<(i32, i32)>,
    unread: &mut Vec<Unread>,
) -> Result<Horizon, LoadError> {
    let mut periods: Vec<Period> = Vec::new();
    for (_, p) in &table.cols.periods {
        if !periods.iter().any(|q| q.id == p.id) {
            periods.push(p.clone());
        }
    }
    let last_end = periods.iter().filter_map(period_end).max();
    let Some(as_of) = last_end.or_else(|| date_in(table.title_lines)) else {
        return Err(fatal(
            table.file,
            table.head_row,
            0,
            "bảng không có cột kỳ (ví dụ \"2021\", \"6 tháng 2023\") và tiêu đề không ghi số liệu tính đến khi nào: hãy thêm dòng \"đến 30/6/2023\" (hoặc \"năm 2023\") phía trên bảng".into(),
            "the table has no period column (e.g. \"2021\", \"6 tháng 2023\") and its title does not say when its figures are as of: add a line \"đến 30/6/2023\" (or \"năm 2023\") above the table".into(),
        ));
    };
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
            let first = periods
                .iter()
                .filter_map(period_start)
                .min()
                .or_else(|| Month::new(as_of.year, 1));
            unread.push(Unread::new(
                0,
                0,
                "",
                "không thấy nhiệm kỳ (ví dụ \"nhiệm kỳ 2020-2025\") ở đầu bảng: chỉ tiêu được tính cho cả các kỳ trong bảng".into(),
                "no term (e.g. \"nhiệm kỳ 2020-2025\") above the table: targets are taken over all the periods in the table".into(),
            ));
            periods.push(Period {
                id: "ca-giai-doan".into(),
                kind: PeriodKind::Range,
                year: None,
                half: None,
                quarter: None,
                months: None,
                start: first,
                end: Some(as_of),
                label: Some("Cả giai đoạn trong bảng".into()),
            });
            "ca-giai-doan".to_string()
        }
    };
    Ok(Horizon {
        periods,
        horizon,
        as_of,
    })
}

/// The month a title line dates the figures to: `đến 30/6/2023` → 2023-06,
/// `tháng 9/2023` → 2023-09, `năm 2023` → 2023-12. The last title line
/// with a date wins; a term's years (`2020-2025`) are not a date.
fn date_in(lines: &[String]) -> Option<Month> {
    lines.iter().rev().find_map(|l| {
        let f = fold(l);
        let f = match f.find("nhiem ky") {
            Some(at) => &f[..at],
            None => f.as_str(),
        };
        let nums: Vec<&str> = f
            .split(|c: char| !c.is_ascii_digit() && c != '/')
            .filter(|w| w.contains(|c: char| c.is_ascii_digit()))
            .collect();
        nums.iter().rev().find_map(|w| {
            let parts: Vec<i32> = w.split('/').filter_map(|p| p.parse().ok()).collect();
            match parts.as_slice() {
                [.., m, y] if (1..=12).contains(m) && (1900..=2200).contains(y) => {
                    Month::new(*y, u8::try_from(*m).ok()?)
                }
                [y] if (1900..=2200).contains(y) => Month::new(*y, 12),
                _ => None,
            }
        })
    })
}

/// The dataset's names: from the title lines, or else the file's name.
struct Names<'a> {
    /// The file name without folders and extension.
    stem: &'a str,
    title: String,
    /// The unit named above the table (`Đảng bộ Khối …`), if one is.
    organisation: Option<String>,
    /// The source as said in a sentence: `tệp phu-luc.xlsx`, `bảng dán`.
    source: String,
}

impl<'a> Names<'a> {
    fn of(file: &'a str, title_lines: &[String]) -> Names<'a> {
        let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
        let (stem, source) = match base.rsplit_once('.') {
            Some((s, _)) => (s, format!("tệp {base}")),
            // Pasted text has no file: the page names it "bảng dán".
            None => (base, base.to_string()),
        };
        let title = if title_lines.is_empty() {
            stem.to_string()
        } else {
            title_lines.join(" ")
        };
        // "ĐẢNG BỘ KHỐI CÁC CƠ QUAN …" is a unit; "ĐẠI HỘI VII ĐẢNG BỘ KHỐI
        // (NHIỆM KỲ …)" names a congress, not the unit.
        let organisation = title_lines
            .iter()
            .find(|l| {
                let f = fold(l);
                [
                    "dang bo", "dang uy", "huyen uy", "tinh uy", "thanh uy", "quan uy", "chi bo",
                ]
                .iter()
                .any(|w| f.starts_with(w))
                    && !["dai hoi", "nhiem ky", "ket qua", "chi tieu"]
                        .iter()
                        .any(|w| f.contains(w))
            })
            .cloned();
        Names {
            stem,
            title,
            organisation,
            source,
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
    label: &'a str,
    horizon: &'a str,
    name_column: usize,
    choices: &'a Choices,
    ids: Ids,
    /// Each indicator's id, row and name: problems are told by row.
    rows: Vec<(String, usize, String)>,
    unread: &'a mut Vec<Unread>,
}

impl Assemble<'_> {
    fn note(&self, item: &RowItem) -> SourceNote {
        SourceNote {
            doc: "bang".to_string(),
            section: None,
            footnote: None,
            quote: Some(item.quote.clone()),
        }
    }

    /// A note on the row of `item`, at its name cell.
    fn on_row(&mut self, item: &RowItem, vi: String, en: String) {
        self.unread
            .push(Unread::new(item.row, self.name_column, &item.name, vi, en));
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

    /// The targets of the other target columns (`Tỉnh giao` beside `Nghị quyết`).
    fn other_targets(&self, item: &RowItem) -> impl Iterator<Item = Target> + '_ {
        let horizon = self.horizon.to_string();
        item.other_targets
            .clone()
            .into_iter()
            .map(move |(label, value)| Target {
                label,
                value: Some(value),
                horizon: horizon.clone(),
                rule: TargetRule::Total,
                categories: Vec::new(),
                reported: None,
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
        let id = slug(&item.name, &mut self.ids);
        self.rows
            .push((id.clone(), item.row, crate::load::excerpt(&item.name)));
        Indicator {
            id,
            number: item.number.clone(),
            name: item.name.clone(),
            kind,
            measure,
            direction: direction_of(&item.name),
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
        merged.row = item.row;
        let mut ind = self.base(&merged, IndicatorKind::Count);
        ind.values = Self::observations(&first.values);
        ind.total = Self::figure(first.total);
        ind.source = self.note(item);
        for p in &item.parts {
            if p.values != first.values || p.total != first.total {
                self.on_row(
                    p,
                    "số liệu khác với dòng chỉ tiêu đầu tiên; chỉ giữ số liệu của dòng đầu".into(),
                    "figures differ from the first target's row; only the first row's figures are kept".into(),
                );
            }
            if let Some(t) = self.target(&p.name, p, Vec::new()) {
                ind.targets.push(t);
            }
        }
        ind.kind = kind_of(&ind);
        self.meaning(&merged, &mut ind);
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
                id,
                name: p.name.clone(),
                values: Self::observations(&p.values),
            });
            if p.target.is_some() {
                total = total.or(p.total);
            } else if p.total.is_some() {
                self.on_row(
                    p,
                    "tổng của một nhóm không có chỉ tiêu được bỏ qua".into(),
                    "a total on a category without a target is left out".into(),
                );
            }
        }
        for (at, p) in item.parts.iter().enumerate() {
            if p.target.is_some() {
                if let Some(t) = self.category_target(item, at, total, &ind.categories) {
                    ind.targets.push(t);
                }
            }
        }
        ind.total = Self::figure(total);
        ind
    }

    /// The target the distribution's category at `at` carries: over that
    /// category and those above it whose shares, averaged over the periods,
    /// make the reported total (20 + 79,04 … → 97,11: "good or better"),
    /// each period held to it; with the achievement reported on the
    /// category or on the whole.
    fn category_target(
        &mut self,
        item: &RowItem,
        at: usize,
        total: Option<Dec>,
        categories: &[Category],
    ) -> Option<Target> {
        let p = item.parts.get(at)?;
        let reported = RowItem {
            target: p.target,
            achievement: item.achievement.or(p.achievement),
            over_points: item.over_points.or(p.over_points),
            over_pct: item.over_pct.or(p.over_pct),
            ..item.clone()
        };
        let upto = (at..categories.len())
            .find(|&k| {
                total.is_some_and(|t| mean_of_shares(&categories[..=k]).is_some_and(|m| near(m, t)))
            })
            .unwrap_or(at);
        let counted = &categories[..=upto];
        let last = &categories[upto];
        let which = if upto > 0 {
            format!("{} trở lên", crate::text::lower(&last.name))
        } else {
            crate::text::lower(&last.name)
        };
        let mut target = self.target(
            &format!("{} ({which})", self.label),
            &reported,
            counted.iter().map(|c| c.id.clone()).collect(),
        )?;
        target.rule = TargetRule::EachPeriod;
        let names = counted
            .iter()
            .map(|c| format!("«{}»", c.name))
            .collect::<Vec<_>>()
            .join(" + ");
        let value = p.target.unwrap_or(Dec::ZERO);
        let (vi, en) = if upto > at
            || total.is_some_and(|t| mean_of_shares(counted).is_some_and(|m| near(m, t)))
        {
            (
                format!("chỉ tiêu {} tính cho {names} (tổng các nhóm này khớp với số thực hiện), kỳ nào cũng phải đạt", value.fmt_vi()),
                format!("the target {} counts {names} (their shares make the reported actual), and each period must reach it", value.fmt_en()),
            )
        } else {
            (
                format!("chỉ tiêu {} được gắn với nhóm {names} như bảng ghi, kỳ nào cũng phải đạt; không thấy nhóm nào cộng lại khớp với số thực hiện", value.fmt_vi()),
                format!("the target {} is attached to {names} as the table places it, each period held to it; no sum of categories makes the reported actual", value.fmt_en()),
            )
        };
        self.on_row(p, vi, en);
        Some(target)
    }

    /// An indicator with its own figures and target, and its parts.
    fn figures(&mut self, item: &RowItem) -> Indicator {
        let mut ind = self.base(item, IndicatorKind::Context);
        ind.values = Self::observations(&item.values);
        ind.total = Self::figure(item.total);
        if let Some(t) = self.target(self.label, item, Vec::new()) {
            ind.targets.push(t);
        }
        ind.targets.extend(self.other_targets(item));
        if item.achievement.is_some() && item.target.is_none() {
            self.on_row(
                item,
                "có tỷ lệ đạt nhưng không có chỉ tiêu: tỷ lệ được bỏ qua".into(),
                "an achievement without a target: it is left out".into(),
            );
        }
        ind.parts = item.parts.iter().map(|p| self.indicator(p)).collect();
        ind.kind = kind_of(&ind);
        if ind.kind == IndicatorKind::Group {
            ind.measure = None;
        } else {
            if !ind.parts.is_empty() {
                sum_of_parts(&mut ind);
            }
            self.meaning(item, &mut ind);
        }
        ind
    }

    /// How the row's figures over the periods make its actual, inferred or
    /// as the user chose, set on the indicator and said in the notes.
    fn meaning(&mut self, item: &RowItem, ind: &mut Indicator) {
        if item.values.is_empty() {
            return;
        }
        let chosen = self.choices.meaning(item.row);
        let meaning = chosen.unwrap_or_else(|| meaning_of(item, ind));
        ind.aggregation = None;
        let default = ind.aggregation();
        let agg = match meaning {
            Meaning::Latest => Aggregation::Latest,
            Meaning::Sum => Aggregation::Sum,
            Meaning::Average => Aggregation::Average,
        };
        ind.aggregation = (agg != default).then_some(agg);
        if meaning == Meaning::Average {
            for t in &mut ind.targets {
                t.rule = TargetRule::EachPeriod;
            }
        }
        let (vi, en) = if chosen.is_some() {
            ("theo lựa chọn của người nhập", "as chosen")
        } else {
            (
                "suy ra từ tên và đơn vị tính",
                "inferred from the name and unit",
            )
        };
        let mut note = Unread::new(
            item.row,
            self.name_column,
            &item.name,
            format!("{} ({vi})", meaning.words(crate::text::Lang::Vi)),
            format!("{} ({en})", meaning.words(crate::text::Lang::En)),
        );
        note.meaning = Some(meaning);
        self.unread.push(note);
    }
}

/// The mean over the periods of the summed shares of `categories`.
fn mean_of_shares(categories: &[Category]) -> Option<Dec> {
    let first = categories.first()?;
    let mut sum = Dec::ZERO;
    let mut n: i64 = 0;
    for v in &first.values {
        let mut at = Dec::ZERO;
        for c in categories {
            let x = c.values.iter().find(|o| o.period == v.period)?.value?;
            at = at.checked_add(x)?;
        }
        sum = sum.checked_add(at)?;
        n = n.checked_add(1)?;
    }
    (n > 0).then(|| sum.checked_div(Dec::from_i64(n))).flatten()
}

/// Whether `x` is `printed` to within one unit of its last printed digit
/// (reports round, and sometimes cut, their averages).
fn near(x: Dec, printed: Dec) -> bool {
    let Some(diff) = x.checked_sub(printed) else {
        return false;
    };
    let mut unit = Dec::from_i64(1);
    for _ in 0..printed.scale().min(10) {
        unit = unit.checked_div(Dec::from_i64(10)).unwrap_or(unit);
    }
    let abs = if diff.is_negative() {
        Dec::ZERO.checked_sub(diff).unwrap_or(diff)
    } else {
        diff
    };
    abs <= unit
}

/// What a row's figures are, from its unit and name: a rate in % is
/// averaged; a count of members, organisations or bases (`Tổng số …`) is a
/// level, its latest figure; anything else (admissions, classes, cases) adds up.
fn meaning_of(item: &RowItem, ind: &Indicator) -> Meaning {
    let f = fold(&item.name);
    if ind
        .measure
        .as_ref()
        .is_some_and(|m| m.kind == MeasureKind::Percent)
    {
        return Meaning::Average;
    }
    let level = [
        "tong so",
        "so luong",
        "so co so",
        "so dang vien",
        "so doan vien",
        "so hoi vien",
        "so to chuc",
        "so chi bo",
    ]
    .iter()
    .any(|w| f.starts_with(w));
    let flow = [
        "ket nap",
        "moi",
        "lop",
        "vu ",
        "vu viec",
        "cuoc",
        "luot",
        "phat sinh",
        "kiem tra",
        "khai tru",
        "xoa ten",
    ]
    .iter()
    .any(|w| f.contains(w));
    if level && !flow {
        Meaning::Latest
    } else {
        Meaning::Sum
    }
}

/// Removals, expulsions, violations and bad debt are better lower.
fn direction_of(name: &str) -> Direction {
    let f = fold(name);
    if [
        "xoa ten",
        "khai tru",
        "ra khoi dang",
        "ky luat",
        "vi pham",
        "no xau",
    ]
    .iter()
    .any(|w| f.contains(w))
    {
        Direction::LowerIsBetter
    } else {
        Direction::HigherIsBetter
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
        // Hectares with decimals against a target add up like a count.
        Some(MeasureKind::Count | MeasureKind::Quantity) if has_target => IndicatorKind::Count,
        _ => IndicatorKind::Context,
    }
}
