//! Finding the header row of a table and what each of its columns holds:
//! number, name, unit, target, periods, total, achievement, notes.

use super::rows::{At, Builder};
use super::{fatal, period, Cell, Grid};
use crate::load::LoadError;
use crate::text::fold;
use chitieu_format::model::Period;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Role {
    Number,
    Name,
    Unit,
    Target,
    Total,
    Achievement,
    Note,
}

/// What each column holds, read from the header rows.
#[derive(Debug, Default)]
pub(super) struct Columns {
    pub(super) roles: Vec<(usize, Role)>,
    /// Column index → period.
    pub(super) periods: Vec<(usize, Period)>,
    /// The target column's heading, as the targets' label (`Chỉ tiêu nghị quyết`).
    pub(super) target_label: String,
    /// Further target columns under a merged `Chỉ tiêu` heading (`Tỉnh
    /// giao` beside `Nghị quyết`), with their labels.
    pub(super) other_targets: Vec<(usize, String)>,
}

impl Columns {
    pub(super) fn of(&self, role: Role) -> Option<usize> {
        self.roles.iter().find(|(_, r)| *r == role).map(|(i, _)| *i)
    }

    /// The periods named on the row below a `… qua các năm` heading at
    /// column `i`, up to the next heading.
    /// The targets named on the row below a merged `Chỉ tiêu` heading at
    /// column `i` (`Nghị quyết | Tỉnh giao`), up to the next heading.
    fn targets_below(&mut self, i: usize, head: &[Cell], sub: &[Cell]) {
        // A body row (a name, or a figure under the heading) names no target.
        let named = self
            .of(Role::Name)
            .and_then(|n| sub.get(n))
            .is_some_and(|c| !c.text().is_empty());
        if named {
            return;
        }
        let mut j = i;
        while let Some(c) = sub.get(j) {
            if j > i && !head.get(j).is_none_or(|h| h.text().is_empty()) {
                break;
            }
            let t = c.text();
            let figure = super::figure::parse(c).is_ok_and(|f| f.is_some());
            if t.is_empty() || figure || period::parse(t).is_some() {
                break;
            }
            let label = format!("Chỉ tiêu {}", crate::text::lower(t));
            if j == i {
                self.target_label = label;
            } else {
                self.other_targets.push((j, label));
            }
            j = j.saturating_add(1);
        }
    }

    fn periods_below(&mut self, i: usize, head: &[Cell], sub: &[Cell]) {
        let mut j = i;
        while let Some(c) = sub.get(j) {
            let named = period::parse(c.text());
            let heading = head.get(j).map(|h| fold(h.text())).unwrap_or_default();
            if j > i && !heading.is_empty() {
                break;
            }
            if let Some(p) = named {
                self.periods.push((j, p));
            }
            j = j.saturating_add(1);
        }
    }
}

/// What a header cell says its column holds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Heading {
    Role(Role),
    /// `Thực hiện qua các năm`: the periods are named on the row below.
    PeriodsBelow,
    Other,
}

/// The header row of a table, the row below it and the columns they name.
pub(super) struct Header<'g> {
    /// Position of the header row in the grid's rows.
    pub(super) at: usize,
    /// The header row's number in the source.
    pub(super) row: usize,
    cells: &'g [Cell],
    /// The row below the header, with its number in the source.
    sub: Option<&'g (usize, Vec<Cell>)>,
    /// Whether the row below the header names periods or targets (it is not a table row).
    pub(super) sub_has_periods: bool,
    pub(super) cols: Columns,
    /// Cells in the header rows, empty ones included: a row with more has
    /// its figures shifted.
    pub(super) width: usize,
}

impl<'g> Header<'g> {
    /// The first header row of `grid`, or why the table cannot be read.
    pub(super) fn find(file: &str, grid: &'g Grid) -> Result<Header<'g>, LoadError> {
        let Some(at) = grid.rows.iter().position(|(_, cells)| is_header(cells)) else {
            return Err(fatal(
                file,
                0,
                0,
                "không tìm thấy dòng tiêu đề của bảng (cần các cột \"STT\" và \"Nội dung\")".into(),
                "no header row found (the table needs \"STT\" and \"Nội dung\" columns)".into(),
            ));
        };
        let (row, cells) = &grid.rows[at];
        let sub = grid.rows.get(at.saturating_add(1));
        let sub_cells = sub.map(|(_, c)| c.as_slice());
        let cols = header_columns(cells, sub_cells);
        if cols.of(Role::Name).is_none() {
            return Err(fatal(
                file,
                *row,
                0,
                "dòng tiêu đề không có cột \"Nội dung\"".into(),
                "the header row has no \"Nội dung\" column".into(),
            ));
        }
        if cols.periods.is_empty() && cols.of(Role::Total).is_none() {
            return Err(fatal(
                file,
                *row,
                0,
                "không nhận ra cột kỳ nào (ví dụ \"2021\", \"6 tháng 2023\", \"Quý III/2023\") hay cột \"Thực hiện\"".into(),
                "no period column (e.g. \"2021\", \"6 tháng 2023\", \"Quý III/2023\") nor a \"Thực hiện\" column was recognised".into(),
            ));
        }
        let sub_has_periods = sub_cells.is_some_and(|s| {
            s.iter().any(|c| period::parse(c.text()).is_some())
                || cols
                    .other_targets
                    .first()
                    .is_some_and(|(j, _)| s.get(*j).is_some_and(|c| !c.text().is_empty()))
        });
        let width = match sub_cells.filter(|_| sub_has_periods) {
            Some(s) => cells.len().max(s.len()),
            None => cells.len(),
        };
        Ok(Header {
            at,
            row: *row,
            cells,
            sub,
            sub_has_periods,
            cols,
            width,
        })
    }

    /// Lists the header cells that are neither a known column nor a period,
    /// and the names on the period row below that are not periods.
    pub(super) fn unknown(&self, out: &mut Builder) {
        let cols = &self.cols;
        for (i, c) in self.cells.iter().enumerate() {
            let known = cols.roles.iter().any(|(j, _)| *j == i)
                || cols.periods.iter().any(|(j, _)| *j == i)
                || fold(c.text()).contains("qua cac");
            if !known && !c.text().is_empty() {
                out.unread(
                    self.row,
                    At::Cell(i),
                    c.text(),
                    "cột không nhận ra; bỏ qua".into(),
                    "column not recognised; left out".into(),
                );
            }
        }
        if let Some((sub_row, sub)) = self.sub.filter(|_| self.sub_has_periods) {
            let target = cols.of(Role::Target);
            for (i, c) in sub.iter().enumerate() {
                let known = cols.periods.iter().any(|(j, _)| *j == i)
                    || cols.other_targets.iter().any(|(j, _)| *j == i)
                    || (Some(i) == target && !cols.other_targets.is_empty());
                if !c.text().is_empty() && !known {
                    out.unread(
                        *sub_row,
                        At::Cell(i),
                        c.text(),
                        "tên kỳ không nhận ra (ví dụ \"Năm 2021\", \"6 tháng 2023\", \"Quý III/2023\", \"9 tháng 2023\")".into(),
                        "period name not recognised (e.g. \"Năm 2021\", \"6 tháng 2023\", \"Quý III/2023\", \"9 tháng 2023\")".into(),
                    );
                }
            }
        }
    }

    /// The title lines just above the header (at most five, up to a blank
    /// line above them): the dataset's title and the term. The rest of a
    /// Word report before its appendix is not the table's title.
    pub(super) fn title_lines(&self, grid: &Grid) -> Vec<String> {
        let text = |cells: &[Cell]| -> Vec<String> {
            cells
                .iter()
                .map(|c| c.text().to_string())
                .filter(|t| !t.is_empty())
                .collect()
        };
        let mut lines: Vec<Vec<String>> = Vec::new();
        for (_, cells) in grid.rows[..self.at].iter().rev() {
            let t = text(cells);
            if t.is_empty() {
                if lines.is_empty() {
                    continue;
                }
                break;
            }
            if lines.len() >= 5 {
                break;
            }
            lines.push(t);
        }
        lines
            .into_iter()
            .rev()
            .flatten()
            .filter(|t| fold(t) != "phu luc")
            .collect()
    }

    /// Position in the grid's rows of the first row of the table's body.
    pub(super) fn body_start(&self) -> usize {
        let header_rows = if self.sub_has_periods { 2 } else { 1 };
        self.at.saturating_add(header_rows)
    }
}

/// Whether a row is a header: an `STT` column and a `Nội dung` or `Chỉ tiêu` one.
pub(super) fn is_header(cells: &[Cell]) -> bool {
    let folded: Vec<String> = cells.iter().map(|c| fold(c.text())).collect();
    folded.iter().any(|c| c == "stt" || c == "tt")
        && folded
            .iter()
            .any(|c| c.contains("noi dung") || c.contains("chi tieu"))
}

/// What a folded header cell `f` names, given the columns found to its left.
fn heading_of(f: &str, cols: &Columns) -> Heading {
    let role = if f == "stt" || f == "tt" {
        Role::Number
    } else if f.contains("noi dung") {
        Role::Name
    } else if f.contains("don vi tinh") || f == "dvt" {
        Role::Unit
    } else if f.starts_with('%') || f.contains("% so") || f.contains("ty le dat") {
        Role::Achievement
    } else if f.starts_with("ghi chu") || f.starts_with("ghi chep") {
        Role::Note
    } else if f.contains("qua cac") {
        return Heading::PeriodsBelow;
    } else if f.starts_with("chi tieu") || f.starts_with("ke hoach") {
        if cols.of(Role::Name).is_none() && f == "chi tieu" {
            Role::Name
        } else {
            Role::Target
        }
    } else if f.starts_with("thuc hien") || f.starts_with("luy ke") || f.starts_with("tong") {
        Role::Total
    } else {
        return Heading::Other;
    };
    Heading::Role(role)
}

fn header_columns(head: &[Cell], sub: Option<&[Cell]>) -> Columns {
    let mut cols = Columns::default();
    for (i, cell) in head.iter().enumerate() {
        let f = fold(cell.text());
        if f.is_empty() {
            continue;
        }
        let heading = heading_of(&f, &cols);
        let role = match heading {
            Heading::Role(r) => Some(r),
            Heading::PeriodsBelow | Heading::Other => None,
        };
        if role == Some(Role::Target) && cols.target_label.is_empty() {
            cols.target_label = sentence_case(cell.text());
        }
        if let Some(p) = period::parse(cell.text()).filter(|_| role.is_none()) {
            cols.periods.push((i, p));
        } else if let Some(r) = role {
            if cols.of(r).is_none() {
                cols.roles.push((i, r));
            }
        }
        if let (Heading::PeriodsBelow, Some(sub)) = (heading, sub) {
            cols.periods_below(i, head, sub);
        }
        if let (Heading::Role(Role::Target), Some(sub)) = (heading, sub) {
            if cols.of(Role::Target) == Some(i) {
                cols.targets_below(i, head, sub);
            }
        }
    }
    cols
}

/// `Chỉ tiêu Nghị quyết` → `Chỉ tiêu nghị quyết`.
fn sentence_case(s: &str) -> String {
    let mut out = String::new();
    for (i, ch) in s.trim().chars().enumerate() {
        if i == 0 {
            out.push(ch);
        } else {
            out.extend(ch.to_lowercase());
        }
    }
    out
}
