//! An indicator evaluated: its figures ([`crate::compute`]) and the report's
//! own inconsistencies ([`crate::check`]). Above both, so that neither needs
//! the other's caller.

use chitieu_format::model::{Indicator, Section, Unit};
use serde::Serialize;

use crate::check::{self, Warning};
use crate::compute::{actual_and_targets, Actual, Status, TargetEval};
use crate::load::Loaded;

/// Everything computed for one indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub actual: Option<Actual>,
    pub targets: Vec<TargetEval>,
    pub status: Status,
    pub warnings: Vec<Warning>,
}

/// Computes everything for one indicator.
pub fn evaluate(l: &Loaded, ind: &Indicator) -> Evaluation {
    let (actual, targets) = actual_and_targets(l, ind);
    let status = targets.first().map_or(Status::NoTarget, |t| t.status);
    let warnings = check::check(l, ind, actual.as_ref(), &targets);
    Evaluation {
        actual,
        targets,
        status,
        warnings,
    }
}

/// An indicator in its place: unit, section and nesting depth.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    pub unit: &'a Unit,
    pub section: &'a Section,
    /// 0 for a section's indicators, 1 for their parts, and so on.
    pub depth: usize,
    pub indicator: &'a Indicator,
    pub eval: Evaluation,
}

/// Every indicator of the export, parts after their parent, evaluated.
pub fn evaluate_all(l: &Loaded) -> Vec<Row<'_>> {
    fn walk<'a>(
        l: &'a Loaded,
        u: &'a Unit,
        s: &'a Section,
        ind: &'a Indicator,
        depth: usize,
        out: &mut Vec<Row<'a>>,
    ) {
        out.push(Row {
            unit: u,
            section: s,
            depth,
            indicator: ind,
            eval: evaluate(l, ind),
        });
        for p in &ind.parts {
            walk(l, u, s, p, depth.saturating_add(1), out);
        }
    }
    let mut out = Vec::new();
    for u in &l.export.units {
        for s in &u.sections {
            for ind in &s.indicators {
                walk(l, u, s, ind, 0, &mut out);
            }
        }
    }
    out
}

/// One indicator in its place (`unit` id and indicator `id`, parts included),
/// evaluated alone: an indicator page of a province's roll-up need not
/// evaluate its 37,500 indicators.
pub fn row_of<'a>(l: &'a Loaded, unit: &str, id: &str) -> Option<Row<'a>> {
    fn find<'a>(inds: &'a [Indicator], id: &str, depth: usize) -> Option<(&'a Indicator, usize)> {
        inds.iter().find_map(|ind| {
            if ind.id == id {
                Some((ind, depth))
            } else {
                find(&ind.parts, id, depth.saturating_add(1))
            }
        })
    }
    let u = l.export.units.iter().find(|u| u.id == unit)?;
    u.sections.iter().find_map(|s| {
        find(&s.indicators, id, 0).map(|(ind, depth)| Row {
            unit: u,
            section: s,
            depth,
            indicator: ind,
            eval: evaluate(l, ind),
        })
    })
}
