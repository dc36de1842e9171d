//! A large export read off the page's thread. The import worker checks the
//! whole text with [`load`] while the page, on its own thread, reads the same
//! text a unit at a time between frames, so neither the read nor the check
//! freezes the page. The page shows what it read only if the worker found the
//! whole text valid: both read the same bytes with the same code.

use std::ops::Range;

use chitieu_format::model::Export;

use super::{load, LoadError, Loaded};

/// The verdict [`PartReply::Valid`] as the worker posts it.
pub const VALID: &str = "valid";

/// What the worker says, in this order: where the units are, then its
/// verdict. (The worker posts the layout as a `Uint32Array` of start and end
/// offsets, the verdict as [`VALID`] or the JSON of an import's
/// `Reply::Failed`, which the page already reads.)
#[derive(Debug, Clone, PartialEq)]
pub enum PartReply {
    /// The byte range of each unit's object in [`text_of`] the bytes, or
    /// `None` if the text has no list of units to cut.
    Layout(Option<Vec<(usize, usize)>>),
    /// [`load`] found no problem.
    Valid,
    /// [`load`]'s problems.
    Failed(LoadError),
}

/// The text both sides cut: UTF-8 without its byte order mark.
pub fn text_of(bytes: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(bytes).ok()?;
    Some(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// The worker's side: the layout first (fast, so the page can start), then
/// the verdict of the full check.
pub fn replies(file: &str, bytes: &[u8], mut send: impl FnMut(PartReply)) {
    send(PartReply::Layout(
        text_of(bytes).and_then(chitieu_format::unit_ranges),
    ));
    send(match load(file, bytes) {
        Ok(_) => PartReply::Valid,
        Err(e) => PartReply::Failed(e),
    });
}

/// The page's side: the export's text with only the units `units` of
/// `layout`, itself an export to read with `chitieu_format::parse_export` (so
/// the page compiles no second reader). `None` if the layout does not fit.
pub fn with_units(text: &str, layout: &[(usize, usize)], units: Range<usize>) -> Option<String> {
    let head = text.get(..layout.first()?.0)?;
    let tail = text.get(layout.last()?.1..)?;
    let body = match units.end.checked_sub(1) {
        Some(last) if !units.is_empty() => {
            text.get(layout.get(units.start)?.0..layout.get(last)?.1)?
        }
        _ => "",
    };
    Some([head, body, tail].concat())
}

/// Consecutive units of `layout` in groups of about `bytes` of text each.
pub fn batches(layout: &[(usize, usize)], bytes: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    for (i, &(_, end)) in layout.iter().enumerate() {
        let start = layout.get(from).map_or(end, |u| u.0);
        if end.saturating_sub(start) >= bytes || i.saturating_add(1) == layout.len() {
            let to = i.saturating_add(1);
            out.push(from..to);
            from = to;
        }
    }
    out
}

impl Loaded {
    /// An export the worker's [`load`] found valid, read again on the page:
    /// only the period index is rebuilt.
    pub fn checked_elsewhere(file: &str, export: Export) -> Loaded {
        // Inserted one by one: collecting would compile a sort into the page.
        let mut spans = std::collections::BTreeMap::new();
        for (i, p) in export.periods.iter().enumerate() {
            if let Ok(span) = super::periods::period_span(p) {
                spans.insert(p.id.to_string(), (span, i));
            }
        }
        Loaded {
            file: file.to_string(),
            export,
            spans,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../data/huyen-2023.json"
        ))
        .unwrap()
    }

    /// Read a unit at a time, the export is the one `load` reads whole.
    #[test]
    fn an_export_read_a_unit_at_a_time_is_the_export_read_whole() {
        let bytes = sample();
        let mut replies_seen = Vec::new();
        replies("a.json", &bytes, |r| replies_seen.push(r));
        let [PartReply::Layout(Some(layout)), PartReply::Valid] = replies_seen.as_slice() else {
            panic!("unexpected replies: {replies_seen:?}");
        };
        let text = text_of(&bytes).unwrap();
        let groups = batches(layout, 2000);
        assert!(groups.len() > 1, "{groups:?}");
        let mut export: Option<Export> = None;
        for group in groups {
            let part = with_units(text, layout, group).unwrap();
            let part = chitieu_format::parse_export(&part).unwrap();
            match export.as_mut() {
                None => export = Some(part),
                Some(e) => e.units.extend(part.units),
            }
        }
        let export = export.unwrap();
        let whole = load("a.json", &bytes).unwrap();
        assert_eq!(export, whole.export);
        let parts = Loaded::checked_elsewhere("a.json", export);
        assert_eq!(parts.spans, whole.spans);
    }

    /// A byte order mark and several units keep their offsets.
    #[test]
    fn layout_of_several_units_after_a_byte_order_mark() {
        let text = "\u{feff}{\"units\": [ {\"a\": 1} , {\"b\": [2, \"]\"]} ], \"z\": 0}";
        let body = text_of(text.as_bytes()).unwrap();
        let layout = chitieu_format::unit_ranges(body).unwrap();
        let cut: Vec<&str> = layout.iter().map(|&(s, e)| &body[s..e]).collect();
        assert_eq!(cut, ["{\"a\": 1}", "{\"b\": [2, \"]\"]}"]);
    }

    /// Batches cover every unit once, in order, each about the size asked.
    #[test]
    fn batches_cover_every_unit_once_in_order() {
        let layout: Vec<(usize, usize)> = (0..10).map(|i| (i * 10, i * 10 + 8)).collect();
        assert_eq!(batches(&layout, 25), vec![0..3, 3..6, 6..9, 9..10]);
        assert_eq!(batches(&layout, 1000), vec![0..10]);
        assert_eq!(
            batches(&layout, 0),
            (0..10).map(|i| i..i + 1).collect::<Vec<_>>()
        );
        assert!(batches(&[], 10).is_empty());
        let text = "{\"units\": [{\"a\": 1}, {\"b\": 2}, {\"c\": 3}], \"z\": 0}";
        let layout = chitieu_format::unit_ranges(text).unwrap();
        assert_eq!(
            with_units(text, &layout, 1..3).unwrap(),
            "{\"units\": [{\"b\": 2}, {\"c\": 3}], \"z\": 0}"
        );
        assert_eq!(
            with_units(text, &layout, 0..0).unwrap(),
            "{\"units\": [], \"z\": 0}"
        );
    }

    /// A file the worker refuses gets its problems, not a layout that lies.
    #[test]
    fn an_invalid_export_is_refused_with_its_problems() {
        let mut seen = Vec::new();
        replies("bad.json", b"{\"units\": [ {} ]}", |r| seen.push(r));
        assert!(matches!(seen.last(), Some(PartReply::Failed(e)) if !e.problems.is_empty()));
        let mut seen = Vec::new();
        replies("bad.json", b"[1, 2]", |r| seen.push(r));
        assert!(matches!(seen.first(), Some(PartReply::Layout(None))));
    }

    /// What an attacker would send: units nested 100.000 deep, or a list of
    /// units that never closes. The worker says so without a panic, and no
    /// layout leads the page to read what the check refused.
    #[test]
    fn a_hostile_export_is_refused_without_a_panic() {
        let deep = format!("{{\"units\": [{}]}}", "[".repeat(100_000));
        let open = format!("{{\"units\": [{}", "{\"id\": \"u\"}, ".repeat(10_000));
        for text in [deep, open] {
            let mut seen = Vec::new();
            replies("hostile.json", text.as_bytes(), |r| seen.push(r));
            assert!(
                matches!(seen.first(), Some(PartReply::Layout(None))),
                "{seen:?}"
            );
            assert!(matches!(seen.last(), Some(PartReply::Failed(_))));
        }
    }
}
