//! The table's body: each row read into an item (number, name, unit,
//! figures, achievement, notes), rows grouped under their sections, and items
//! placed in a tree by their markers (`1.`, `-`, `+`).

use super::figure::words_then_figure;
use super::header::{is_header, Columns, Header, Role};
use super::{parse_figure, period, Cell, Grid, NotAFigure, Unread};
use chitieu_format::dec::Dec;

/// One row of figures, before it is placed in the tree.
#[derive(Debug, Clone)]
pub(super) struct RowItem {
    pub(super) row: usize,
    pub(super) quote: String,
    pub(super) marker: Marker,
    pub(super) number: Option<String>,
    pub(super) name: String,
    pub(super) unit: String,
    pub(super) target: Option<Dec>,
    /// Figures of the other target columns, with their labels.
    pub(super) other_targets: Vec<(String, Dec)>,
    pub(super) values: Vec<(String, Dec)>,
    pub(super) total: Option<Dec>,
    pub(super) achievement: Option<Dec>,
    /// `tăng 2,11%` in the % column: percentage points above the target.
    pub(super) over_points: Option<Dec>,
    /// `vượt 20%` in the notes: percent above the target.
    pub(super) over_pct: Option<Dec>,
    pub(super) note: Option<String>,
    pub(super) parts: Vec<RowItem>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Marker {
    Numbered,
    Dash,
    Plus,
    Plain,
}

impl RowItem {
    pub(super) fn has_figures(&self) -> bool {
        self.target.is_some()
            || !self.other_targets.is_empty()
            || !self.values.is_empty()
            || self.total.is_some()
    }
}

/// A section of the table (`I`, `II` …) with its rows, in table order.
pub(super) struct SectionRows {
    pub(super) number: Option<String>,
    pub(super) title: String,
    pub(super) rows: Vec<RowItem>,
}

/// The rest of a row once its number is read: its marker, number and name.
struct Numbered {
    marker: Marker,
    number: Option<String>,
    name: String,
}

/// Where in a row something was not understood.
#[derive(Debug, Clone, Copy)]
pub(super) enum At {
    /// The cell at this index in the row.
    Cell(usize),
}

/// Reads rows against the columns, noting what it does not understand.
pub(super) struct Builder<'a> {
    cols: &'a Columns,
    first_column: usize,
    pub(super) unread: Vec<Unread>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(cols: &'a Columns, first_column: usize) -> Builder<'a> {
        Builder {
            cols,
            first_column,
            unread: Vec::new(),
        }
    }

    /// Notes a cell (or a whole row) not understood.
    pub(super) fn unread(&mut self, row: usize, at: At, cell: &str, vi: String, en: String) {
        let At::Cell(col) = at;
        let column = col.saturating_add(self.first_column);
        self.unread.push(Unread::new(row, column, cell, vi, en));
    }

    fn figure(&mut self, row: usize, cells: &[Cell], col: Option<usize>) -> Option<Dec> {
        let col = col?;
        let cell = cells.get(col)?;
        match parse_figure(cell) {
            Ok(v) => v,
            Err(NotAFigure) => {
                self.unread(
                    row,
                    At::Cell(col),
                    cell.text(),
                    "không phải một số liệu".into(),
                    "not a figure".into(),
                );
                None
            }
        }
    }

    /// The table's body, row by row, under the sections it names.
    pub(super) fn sections(&mut self, grid: &Grid, head: &Header) -> Vec<SectionRows> {
        let cols = self.cols;
        let mut sections: Vec<SectionRows> = Vec::new();
        let mut i = head.body_start();
        while let Some((row, cells)) = grid.rows.get(i) {
            i = i.saturating_add(1);
            if cells.iter().all(|c| c.text().is_empty()) {
                continue;
            }
            if is_header(cells) {
                // The table broke across pages: skip the repeated header and its period row.
                if grid
                    .rows
                    .get(i)
                    .is_some_and(|(_, c)| c.iter().any(|c| period::parse(c.text()).is_some()))
                {
                    i = i.saturating_add(1);
                }
                continue;
            }
            if cells.len() > head.width {
                // One cell too many moves every figure right: say so, read none.
                let at = self.cols.of(Role::Name).unwrap_or(0);
                let name = cells.get(at).map(|c| c.text()).unwrap_or("");
                let (n, w) = (cells.len(), head.width);
                self.unread(
                    *row,
                    At::Cell(at),
                    name,
                    format!("dòng có {n} ô, nhiều hơn {w} ô của dòng tiêu đề: số liệu có thể bị lệch cột, nên dòng này không được nhập (hãy xoá ô thừa)"),
                    format!("the row has {n} cells, more than the header's {w}: its figures may be shifted, so the row is not imported (remove the extra cell)"),
                );
                continue;
            }
            let text = |role| {
                cols.of(role)
                    .and_then(|c| cells.get(c))
                    .map(|c| c.text().to_string())
                    .unwrap_or_default()
            };
            let (stt, name_cell) = (text(Role::Number), text(Role::Name));
            if period::roman_value(&stt).is_some() && !name_cell.is_empty() {
                sections.push(SectionRows {
                    number: Some(stt.trim_end_matches('.').to_string()),
                    title: name_cell,
                    rows: Vec::new(),
                });
                continue;
            }
            if let Some(item) = self.row(*row, cells) {
                if sections.is_empty() {
                    sections.push(SectionRows {
                        number: None,
                        title: "Chỉ tiêu".into(),
                        rows: Vec::new(),
                    });
                }
                if let Some(s) = sections.last_mut() {
                    s.rows.push(item);
                }
            }
        }
        sections
    }

    fn row(&mut self, row: usize, cells: &[Cell]) -> Option<RowItem> {
        let get = |r: Role| {
            self.cols
                .of(r)
                .and_then(|i| cells.get(i))
                .map(|c| c.text().to_string())
                .unwrap_or_default()
        };
        let Numbered {
            marker,
            number,
            name,
        } = numbered(&get(Role::Number), get(Role::Name));
        let quote = quote(cells);
        if name.is_empty() {
            if let Some(at) = cells.iter().position(|c| !c.text().is_empty()) {
                self.unread(
                    row,
                    At::Cell(at),
                    &quote,
                    "dòng không có nội dung (tên chỉ tiêu)".into(),
                    "row without a name (Nội dung)".into(),
                );
            }
            return None;
        }
        let mut values = Vec::new();
        let cols = self.cols;
        for (col, p) in &cols.periods {
            if let Some(v) = self.figure(row, cells, Some(*col)) {
                values.push((p.id.clone(), v));
            }
        }
        let target = self.figure(row, cells, self.cols.of(Role::Target));
        let mut other_targets = Vec::new();
        for (col, label) in &cols.other_targets {
            if let Some(v) = self.figure(row, cells, Some(*col)) {
                other_targets.push((label.clone(), v));
            }
        }
        let total = self.figure(row, cells, self.cols.of(Role::Total));
        let (achievement, over_points) = self.achievement(row, cells);
        let note = Some(get(Role::Note)).filter(|n| !n.is_empty());
        let over_pct = note
            .as_deref()
            .and_then(|n| words_then_figure(n, &["vuot"]));
        Some(RowItem {
            row,
            quote,
            marker,
            number,
            name,
            unit: get(Role::Unit),
            target,
            other_targets,
            values,
            total,
            achievement,
            over_points,
            over_pct,
            note,
            parts: Vec::new(),
        })
    }

    /// The % column: an achievement (`98,5`), or points above the target
    /// (`tăng 2,11%`).
    fn achievement(&mut self, row: usize, cells: &[Cell]) -> (Option<Dec>, Option<Dec>) {
        let Some((col, cell)) = self
            .cols
            .of(Role::Achievement)
            .and_then(|col| Some((col, cells.get(col)?)))
        else {
            return (None, None);
        };
        match parse_figure(cell) {
            Ok(v) => (v, None),
            Err(NotAFigure) => {
                let over_points = words_then_figure(cell.text(), &["tang", "vuot"]);
                if over_points.is_none() {
                    self.unread(
                        row,
                        At::Cell(col),
                        cell.text(),
                        "không phải tỷ lệ đạt (ví dụ 98,5 hoặc \"tăng 2,11%\")".into(),
                        "not an achievement (e.g. 98,5 or \"tăng 2,11%\")".into(),
                    );
                }
                (None, over_points)
            }
        }
    }
}

/// The marker, number and name of a row from its STT and name cells: `1.`,
/// `-` or `+` in either column.
fn numbered(stt: &str, mut name: String) -> Numbered {
    let mut marker = Marker::Plain;
    let mut number = None;
    for (m, sign) in [(Marker::Dash, '-'), (Marker::Plus, '+')] {
        if stt == sign.to_string() {
            marker = m;
        } else if let Some(rest) = stt.strip_prefix(sign) {
            if name.is_empty() {
                // "+ Vững mạnh, khá" typed into the STT column.
                name = rest.trim().to_string();
                marker = m;
            }
        }
        if let Some(rest) = name.strip_prefix(sign) {
            if marker == Marker::Plain {
                marker = m;
            }
            name = rest.trim().to_string();
        }
    }
    if marker == Marker::Plain && !stt.is_empty() {
        marker = Marker::Numbered;
        number = Some(stt.trim_end_matches('.').to_string());
    }
    if marker == Marker::Dash {
        number = Some("-".into());
    } else if marker == Marker::Plus {
        number = Some("+".into());
    }
    Numbered {
        marker,
        number,
        name,
    }
}

/// The row as printed; a spreadsheet's number in the Vietnamese format.
fn quote(cells: &[Cell]) -> String {
    cells
        .iter()
        .map(|c| match c {
            Cell::Number(n) => Dec::parse(n).map_or_else(|_| n.clone(), |d| d.fmt_vi()),
            c => c.text().to_string(),
        })
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// a numbered heading without figures, or beside an item with figures.
pub(super) fn tree(rows: Vec<RowItem>) -> Vec<RowItem> {
    let mut top: Vec<RowItem> = Vec::new();
    for r in rows {
        let last_is_heading = top
            .last()
            .is_some_and(|t| t.marker == Marker::Numbered && !t.has_figures());
        match r.marker {
            Marker::Numbered => top.push(r),
            Marker::Plain if !last_is_heading => top.push(r),
            Marker::Plain | Marker::Dash => match top.last_mut() {
                Some(t) => t.parts.push(r),
                None => top.push(r),
            },
            Marker::Plus => match top.last_mut() {
                Some(t) => match t.parts.last_mut() {
                    Some(p) if p.marker == Marker::Dash => p.parts.push(r),
                    _ => t.parts.push(r),
                },
                None => top.push(r),
            },
        }
    }
    top
}
