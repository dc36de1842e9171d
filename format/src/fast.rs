//! Reading an export without serde: one small function per type of the
//! model, over the bytes, with no allocation but the model's own strings and
//! lists. It reads the usual export several times faster than serde's
//! derived code, above all in a cold browser tab: V8 first runs a function
//! as unoptimised code and swaps in optimised code only at its next call, so
//! a few small functions called thousands of times (a figure, a string) are
//! optimised within the first milliseconds, where serde's large ones are not
//! optimised before the reading is over.
//!
//! It is strict: it gives an export only where serde would read the same
//! text to the same export, and `None` for anything else: a misspelt or
//! repeated field, a wrong type, an escape it cannot decode, nesting deeper
//! than [`MAX_DEPTH`], a number serde would refuse or read differently. The
//! caller then reads the text with serde ([`crate::parse_export`]), which
//! names the problem; on the page, the import worker does. Tests and the
//! fuzz target check that whatever it reads, serde reads alike.

use std::borrow::Cow;

use compact_str::CompactString;
use serde::de::value::{Error as ValueError, StrDeserializer};
use serde::de::DeserializeOwned;

use crate::dec::Dec;
use crate::model::*;
use crate::period::Month;

/// Brackets open at once, at most: below serde_json's limit of 128, so that
/// nothing serde refuses for its depth is read here, and the reading's own
/// recursion stays shallow.
pub const MAX_DEPTH: u32 = 100;

/// An export read whole, or `None` (see the module's text).
pub fn read_export(text: &str) -> Option<Export> {
    let mut units = Units::new(text)?;
    while units.step()? {}
    units.finish()
}

/// An export read a unit at a time, so that the page can let the browser
/// paint between units of a large export: [`Units::new`] reads the fields
/// before the list of units, [`Units::step`] reads the next unit,
/// [`Units::finish`] the fields after the list. The result is the export
/// [`read_export`] reads (which is this, without pauses). `None` wherever
/// [`read_export`] would give `None`.
pub struct Units<'a> {
    r: Reader<'a>,
    top: Top,
    /// Whether the list of units has closed.
    closed: bool,
}

impl<'a> Units<'a> {
    /// Reads up to the list of units; `None` if there is none or what comes
    /// before it is not read here.
    pub fn new(text: &'a str) -> Option<Units<'a>> {
        let mut r = Reader::new(text);
        let mut top = Top::default();
        r.open(b'{')?;
        if r.peek()? == b'}' {
            return None;
        }
        loop {
            let key = r.key()?;
            if key == "units" {
                top.seen.once(5)?;
                r.open(b'[')?;
                let closed = r.peek()? == b']';
                if closed {
                    r.bump();
                    r.leave();
                }
                return Some(Units { r, top, closed });
            }
            top.field(&mut r, &key)?;
            r.next_or(b'}')?.then_some(())?;
        }
    }

    /// Reads the next unit: `Some(true)` while units remain, `Some(false)`
    /// once the list has closed.
    pub fn step(&mut self) -> Option<bool> {
        if self.closed {
            return Some(false);
        }
        let unit = unit(&mut self.r)?;
        self.top.units.push(unit);
        if !self.r.next_or(b']')? {
            self.closed = true;
            self.r.leave();
        }
        Some(!self.closed)
    }

    /// The export: the fields after the list of units read, and nothing but
    /// white space after the export.
    pub fn finish(mut self) -> Option<Export> {
        if !self.closed {
            return None;
        }
        let r = &mut self.r;
        while r.next_or(b'}')? {
            let key = r.key()?;
            self.top.field(r, &key)?;
        }
        r.leave();
        r.end()?;
        let t = self.top;
        Some(Export {
            format: t.format?,
            version: t.version?,
            dataset: t.dataset?,
            sources: t.sources?,
            periods: t.periods?,
            units: t.units,
        })
    }
}

/// The top-level fields read so far.
#[derive(Default)]
struct Top {
    format: Option<String>,
    version: Option<u32>,
    dataset: Option<Dataset>,
    sources: Option<Vec<Source>>,
    periods: Option<Vec<Period>>,
    units: Vec<Unit>,
    seen: Seen,
}

impl Top {
    /// Reads the value of the top-level field `key` (not `units`).
    fn field(&mut self, r: &mut Reader, key: &str) -> Option<()> {
        match key {
            "format" => self.format = Some(self.seen.read(0, r, Reader::owned)?),
            "version" => self.version = Some(self.seen.read(1, r, Reader::u32)?),
            "dataset" => self.dataset = Some(self.seen.read(2, r, dataset)?),
            "sources" => self.sources = Some(self.seen.read(3, r, |r| r.list(source))?),
            "periods" => self.periods = Some(self.seen.read(4, r, |r| r.list(period))?),
            _ => return None,
        }
        Some(())
    }
}

/// The fields of an object already read: a repeated one is refused, as serde does.
#[derive(Default, Clone, Copy)]
struct Seen(u32);

impl Seen {
    /// The value of field number `field`, read by `read`; `None` if the
    /// field was already read.
    fn read<'a, T>(
        &mut self,
        field: u32,
        r: &mut Reader<'a>,
        read: impl FnOnce(&mut Reader<'a>) -> Option<T>,
    ) -> Option<T> {
        self.once(field)?;
        read(r)
    }

    fn once(&mut self, field: u32) -> Option<()> {
        let bit = 1u32.checked_shl(field)?;
        if self.0 & bit != 0 {
            return None;
        }
        self.0 |= bit;
        Some(())
    }
}

/// The text and where reading is.
struct Reader<'a> {
    text: &'a str,
    at: usize,
    depth: u32,
    /// Figures read before they are moved into a list of their exact size:
    /// a list grown a figure at a time is reallocated four times for the
    /// usual twenty, and the allocator was most of a cold reading's time.
    figures: Vec<Observation>,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Reader<'a> {
        Reader {
            text,
            at: 0,
            depth: 0,
            figures: Vec::new(),
        }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// Past one byte already looked at (so `at` stays within the text).
    fn bump(&mut self) {
        self.at = self.at.saturating_add(1);
    }

    /// The next byte that is not JSON white space, not consumed.
    fn peek(&mut self) -> Option<u8> {
        let b = self.bytes();
        while let Some(&c) = b.get(self.at) {
            if !matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(c);
            }
            self.bump();
        }
        None
    }

    /// Consumes `c`, the next byte past white space.
    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.bump())
    }

    /// Consumes `{` or `[`, one level deeper.
    fn open(&mut self, c: u8) -> Option<()> {
        self.eat(c)?;
        self.depth = self.depth.saturating_add(1);
        (self.depth <= MAX_DEPTH).then_some(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// After a value in an object or a list: `true` past a `,`, `false`
    /// past the closing `close`.
    fn next_or(&mut self, close: u8) -> Option<bool> {
        let c = self.peek()?;
        self.bump();
        match c {
            b',' => Some(true),
            c if c == close => Some(false),
            _ => None,
        }
    }

    /// Nothing but white space is left.
    fn end(&mut self) -> Option<()> {
        self.peek().is_none().then_some(())
    }

    /// A key and its colon.
    fn key(&mut self) -> Option<Cow<'a, str>> {
        let key = self.string()?;
        self.eat(b':')?;
        Some(key)
    }

    /// An object's fields, each read by `field` given its key; `None` from
    /// `field` (an unknown key, a bad value) ends the reading.
    fn object(&mut self, mut field: impl FnMut(&mut Self, &str) -> Option<()>) -> Option<()> {
        self.open(b'{')?;
        if self.peek()? == b'}' {
            self.bump();
        } else {
            loop {
                let key = self.key()?;
                field(self, &key)?;
                if !self.next_or(b'}')? {
                    break;
                }
            }
        }
        self.leave();
        Some(())
    }

    /// A list, each element read by `item`.
    fn list<T>(&mut self, item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let mut out = Vec::new();
        self.list_into(&mut out, item)?;
        Some(out)
    }

    /// A list's elements, each read by `item`, pushed onto `out`.
    fn list_into<T>(
        &mut self,
        out: &mut Vec<T>,
        mut item: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<()> {
        self.open(b'[')?;
        if self.peek()? == b']' {
            self.bump();
        } else {
            loop {
                out.push(item(self)?);
                if !self.next_or(b']')? {
                    break;
                }
            }
        }
        self.leave();
        Some(())
    }

    /// A list of figures, in a list of its exact size (see `figures`).
    fn observations(&mut self) -> Option<Vec<Observation>> {
        let mut figures = std::mem::take(&mut self.figures);
        figures.clear();
        let read = self.list_into(&mut figures, observation);
        let out = read.map(|()| {
            let mut out = Vec::with_capacity(figures.len());
            out.append(&mut figures);
            out
        });
        self.figures = figures;
        out
    }

    /// `null` as `None`, else the value `read` reads.
    fn opt<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.peek()? == b'n' {
            self.word(b"null")?;
            return Some(None);
        }
        read(self).map(Some)
    }

    /// The word `w` (`null`, `true`, `false`).
    fn word(&mut self, w: &[u8]) -> Option<()> {
        self.peek()?;
        let end = self.at.checked_add(w.len())?;
        (self.bytes().get(self.at..end)? == w).then(|| self.at = end)
    }

    fn boolean(&mut self) -> Option<bool> {
        match self.peek()? {
            b't' => self.word(b"true").map(|()| true),
            _ => self.word(b"false").map(|()| false),
        }
    }

    /// A string's contents, borrowed from the text when it has no escape.
    #[inline(never)]
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.eat(b'"')?;
        let start = self.at;
        let b = self.bytes();
        loop {
            let c = *b.get(self.at)?;
            if c == b'"' {
                let s = self.text.get(start..self.at)?;
                self.bump();
                return Some(Cow::Borrowed(s));
            }
            if c == b'\\' {
                return self.escaped(start).map(Cow::Owned);
            }
            // serde_json refuses control characters in a string.
            if c < 0x20 {
                return None;
            }
            self.bump();
        }
    }

    /// The rest of a string from its first escape; `start` is where its
    /// contents began. A lone surrogate is refused (serde refuses it too).
    /// Out of line: [`Reader::string`], the hottest function, stays small.
    #[cold]
    #[inline(never)]
    fn escaped(&mut self, start: usize) -> Option<String> {
        let mut out = String::from(self.text.get(start..self.at)?);
        let b = self.bytes();
        loop {
            let run = self.at;
            while let Some(&c) = b.get(self.at) {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.bump();
            }
            out.push_str(self.text.get(run..self.at)?);
            match *b.get(self.at)? {
                b'"' => {
                    self.bump();
                    return Some(out);
                }
                b'\\' => {
                    self.bump();
                    let e = *b.get(self.at)?;
                    self.bump();
                    out.push(match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode()?,
                        _ => return None,
                    });
                }
                _ => return None,
            }
        }
    }

    /// The character of a `\u` escape (its `\u` read), a surrogate pair whole.
    fn unicode(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if !(0xD800..0xDC00).contains(&first) {
            return char::from_u32(first);
        }
        self.word(b"\\u")?;
        let second = self.hex4()?;
        if !(0xDC00..0xE000).contains(&second) {
            return None;
        }
        let high = first.checked_sub(0xD800)?.checked_shl(10)?;
        let low = second.checked_sub(0xDC00)?;
        char::from_u32(high.checked_add(low)?.checked_add(0x1_0000)?)
    }

    fn hex4(&mut self) -> Option<u32> {
        let end = self.at.checked_add(4)?;
        let digits = self.text.get(self.at..end)?;
        if !digits.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        self.at = end;
        u32::from_str_radix(digits, 16).ok()
    }

    /// A JSON number's exact text: `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`.
    #[inline(never)]
    fn number(&mut self) -> Option<&'a str> {
        self.peek()?;
        let b = self.bytes();
        let start = self.at;
        let digits = |r: &mut Self| {
            let from = r.at;
            while b.get(r.at).is_some_and(u8::is_ascii_digit) {
                r.bump();
            }
            r.at > from
        };
        if b.get(self.at) == Some(&b'-') {
            self.bump();
        }
        match b.get(self.at)? {
            b'0' => self.bump(),
            b'1'..=b'9' => {
                digits(self);
            }
            _ => return None,
        }
        if b.get(self.at) == Some(&b'.') {
            self.bump();
            digits(self).then_some(())?;
        }
        if matches!(b.get(self.at), Some(b'e' | b'E')) {
            self.bump();
            if matches!(b.get(self.at), Some(b'+' | b'-')) {
                self.bump();
            }
            digits(self).then_some(())?;
        }
        self.text.get(start..self.at)
    }

    /// A whole number without sign, fraction or exponent.
    fn uint(&mut self) -> Option<u64> {
        let t = self.number()?;
        if !t.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    }

    /// A whole number, maybe negative (not `-0`), without fraction or exponent.
    fn int(&mut self) -> Option<i64> {
        let t = self.number()?;
        let body = t.strip_prefix('-').unwrap_or(t);
        if !body.bytes().all(|c| c.is_ascii_digit()) || t == "-0" {
            return None;
        }
        t.parse().ok()
    }

    /// A figure, written as a number or as a string, as [`Dec`]'s serde
    /// reading reads it ([`Dec::parse`], whose first step is
    /// `Dec::parse_plain`, called here directly for the usual figure).
    fn dec(&mut self) -> Option<Dec> {
        if self.peek()? == b'"' {
            let text = self.string()?;
            Dec::parse_plain(&text).or_else(|| Dec::parse(&text).ok())
        } else {
            let text = self.number()?;
            Dec::parse_plain(text).or_else(|| Dec::parse(text).ok())
        }
    }

    /// A month, `"2023-06"`.
    fn month(&mut self) -> Option<Month> {
        Month::parse(&self.string()?)
    }

    /// A unit variant of one of the model's enums, named by its string as
    /// serde names it (the enum's own derived reading matches the name).
    fn variant<T: DeserializeOwned>(&mut self) -> Option<T> {
        let name = self.string()?;
        T::deserialize(StrDeserializer::<ValueError>::new(&name)).ok()
    }

    fn small(&mut self) -> Option<u8> {
        u8::try_from(self.uint()?).ok()
    }

    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.uint()?).ok()
    }

    fn owned(&mut self) -> Option<String> {
        self.string().map(Cow::into_owned)
    }
}

#[inline(never)]
fn dataset(r: &mut Reader) -> Option<Dataset> {
    let (mut id, mut title, mut organisation, mut as_of, mut description) =
        (None, None, None, None, None);
    let mut seen = Seen::default();
    r.object(|r, key| {
        match key {
            "id" => id = Some(seen.read(0, r, Reader::owned)?),
            "title" => title = Some(seen.read(1, r, Reader::owned)?),
            "organisation" => organisation = Some(seen.read(2, r, Reader::owned)?),
            "as_of" => as_of = Some(seen.read(3, r, Reader::month)?),
            "description" => description = seen.read(4, r, |r| r.opt(Reader::owned))?,
            _ => return None,
        }
        Some(())
    })?;
    Some(Dataset {
        id: id?,
        title: title?,
        organisation: organisation?,
        as_of: as_of?,
        description,
    })
}

#[inline(never)]
fn source(r: &mut Reader) -> Option<Source> {
    let (mut id, mut title, mut number, mut issuer, mut date) = (None, None, None, None, None);
    let mut seen = Seen::default();
    r.object(|r, key| {
        match key {
            "id" => id = Some(seen.read(0, r, Reader::owned)?),
            "title" => title = Some(seen.read(1, r, Reader::owned)?),
            "number" => number = seen.read(2, r, |r| r.opt(Reader::owned))?,
            "issuer" => issuer = seen.read(3, r, |r| r.opt(Reader::owned))?,
            "date" => date = seen.read(4, r, |r| r.opt(Reader::owned))?,
            _ => return None,
        }
        Some(())
    })?;
    Some(Source {
        id: id?,
        title: title?,
        number,
        issuer,
        date,
    })
}

#[inline(never)]
fn source_note(r: &mut Reader) -> Option<SourceNote> {
    let (mut doc, mut section, mut footnote, mut quote) = (None, None, None, None);
    let mut seen = Seen::default();
    r.object(|r, key| {
        match key {
            "doc" => doc = Some(seen.read(0, r, Reader::owned)?),
            "section" => section = seen.read(1, r, |r| r.opt(Reader::owned))?,
            "footnote" => footnote = seen.read(2, r, |r| r.opt(Reader::owned))?,
            "quote" => quote = seen.read(3, r, |r| r.opt(Reader::owned))?,
            _ => return None,
        }
        Some(())
    })?;
    Some(SourceNote {
        doc: doc?,
        section,
        footnote,
        quote,
    })
}

#[inline(never)]
fn period(r: &mut Reader) -> Option<Period> {
    let mut p = Period {
        id: String::new(),
        kind: PeriodKind::Year,
        year: None,
        half: None,
        quarter: None,
        months: None,
        start: None,
        end: None,
        label: None,
    };
    let mut seen = Seen::default();
    r.object(|r, key| {
        match key {
            "id" => p.id = seen.read(0, r, Reader::owned)?,
            "kind" => p.kind = seen.read(1, r, Reader::variant)?,
            "year" => p.year = seen.read(2, r, |r| r.opt(|r| i32::try_from(r.int()?).ok()))?,
            "half" => p.half = seen.read(3, r, |r| r.opt(Reader::small))?,
            "quarter" => p.quarter = seen.read(4, r, |r| r.opt(Reader::small))?,
            "months" => p.months = seen.read(5, r, |r| r.opt(Reader::small))?,
            "start" => p.start = seen.read(6, r, |r| r.opt(Reader::month))?,
            "end" => p.end = seen.read(7, r, |r| r.opt(Reader::month))?,
            "label" => p.label = seen.read(8, r, |r| r.opt(Reader::owned))?,
            _ => return None,
        }
        Some(())
    })?;
    // `id` and `kind` are required.
    (seen.0 & 0b11 == 0b11).then_some(p)
}

#[inline(never)]
fn unit(r: &mut Reader) -> Option<Unit> {
    let (mut id, mut name, mut sections) = (None, None, None);
    let mut seen = Seen::default();
    r.object(|r, key| {
        match key {
            "id" => id = Some(seen.read(0, r, Reader::owned)?),
            "name" => name = Some(seen.read(1, r, Reader::owned)?),
            "sections" => sections = Some(seen.read(2, r, |r| r.list(section))?),
            _ => return None,
        }
        Some(())
    })?;
    Some(Unit {
        id: id?,
        name: name?,
        sections: sections?,
    })
}

#[inline(never)]
fn section(r: &mut Reader) -> Option<Section> {
    let (mut id, mut number, mut title, mut indicators) = (None, None, None, None);
    let mut seen = Seen::default();
    r.object(|r, key| {
        match key {
            "id" => id = Some(seen.read(0, r, Reader::owned)?),
            "number" => number = seen.read(1, r, |r| r.opt(Reader::owned))?,
            "title" => title = Some(seen.read(2, r, Reader::owned)?),
            "indicators" => indicators = Some(seen.read(3, r, |r| r.list(indicator))?),
            _ => return None,
        }
        Some(())
    })?;
    Some(Section {
        id: id?,
        number,
        title: title?,
        indicators: indicators?,
    })
}

#[inline(never)]
fn measure(r: &mut Reader) -> Option<Measure> {
    let (mut unit, mut kind) = (None, None);
    let mut seen = Seen::default();
    r.object(|r, key| {
        match key {
            "unit" => unit = Some(seen.read(0, r, Reader::owned)?),
            "kind" => kind = Some(seen.read(1, r, Reader::variant)?),
            _ => return None,
        }
        Some(())
    })?;
    Some(Measure {
        unit: unit?,
        kind: kind?,
    })
}

#[inline(never)]
fn change(r: &mut Reader) -> Option<Change> {
    let (mut pct, mut form, mut against) = (None, None, None);
    let mut seen = Seen::default();
    r.object(|r, key| {
        match key {
            "pct" => pct = Some(seen.read(0, r, Reader::dec)?),
            "form" => form = Some(seen.read(1, r, Reader::variant)?),
            "against" => against = Some(seen.read(2, r, Reader::variant)?),
            _ => return None,
        }
        Some(())
    })?;
    Some(Change {
        pct: pct?,
        form: form?,
        against: against?,
    })
}

/// One figure: the most frequent object of an export.
#[inline(never)]
fn observation(r: &mut Reader) -> Option<Observation> {
    let mut o = Observation {
        period: CompactString::default(),
        value: None,
        text: None,
        qualifier: None,
        change: None,
        source: None,
    };
    let mut seen = Seen::default();
    r.object(|r, key| {
        match key {
            "period" => o.period = seen.read(0, r, |r| r.string().map(CompactString::from))?,
            "value" => o.value = seen.read(1, r, |r| r.opt(Reader::dec))?,
            "text" => o.text = seen.read(2, r, |r| r.opt(Reader::owned))?,
            "qualifier" => o.qualifier = seen.read(3, r, |r| r.opt(Reader::variant))?,
            "change" => o.change = seen.read(4, r, |r| r.opt(|r| change(r).map(Box::new)))?,
            "source" => o.source = seen.read(5, r, |r| r.opt(|r| source_note(r).map(Box::new)))?,
            _ => return None,
        }
        Some(())
    })?;
    // `period` is required.
    (seen.0 & 1 == 1).then_some(o)
}

#[inline(never)]
fn figure(r: &mut Reader) -> Option<Figure> {
    let (mut value, mut qualifier, mut source) = (None, None, None);
    let mut seen = Seen::default();
    r.object(|r, key| {
        match key {
            "value" => value = Some(seen.read(0, r, Reader::dec)?),
            "qualifier" => qualifier = seen.read(1, r, |r| r.opt(Reader::variant))?,
            "source" => source = seen.read(2, r, |r| r.opt(source_note))?,
            _ => return None,
        }
        Some(())
    })?;
    Some(Figure {
        value: value?,
        qualifier,
        source,
    })
}

#[inline(never)]
fn reported(r: &mut Reader) -> Option<Reported> {
    let mut out = Reported::default();
    let mut seen = Seen::default();
    r.object(|r, key| {
        match key {
            "achievement_pct" => out.achievement_pct = seen.read(0, r, |r| r.opt(Reader::dec))?,
            "over_points" => out.over_points = seen.read(1, r, |r| r.opt(Reader::dec))?,
            "over_pct" => out.over_pct = seen.read(2, r, |r| r.opt(Reader::dec))?,
            "source" => out.source = seen.read(3, r, |r| r.opt(source_note))?,
            _ => return None,
        }
        Some(())
    })?;
    Some(out)
}

#[inline(never)]
fn target(r: &mut Reader) -> Option<Target> {
    let (mut label, mut value, mut horizon, mut rule) = (None, None, None, TargetRule::default());
    let (mut categories, mut reported_) = (Vec::new(), None);
    let mut seen = Seen::default();
    r.object(|r, key| {
        match key {
            "label" => label = Some(seen.read(0, r, Reader::owned)?),
            "value" => value = seen.read(1, r, |r| r.opt(Reader::dec))?,
            "horizon" => horizon = Some(seen.read(2, r, Reader::owned)?),
            "rule" => rule = seen.read(3, r, Reader::variant)?,
            "categories" => categories = seen.read(4, r, |r| r.list(Reader::owned))?,
            "reported" => reported_ = seen.read(5, r, |r| r.opt(reported))?,
            _ => return None,
        }
        Some(())
    })?;
    Some(Target {
        label: label?,
        value,
        horizon: horizon?,
        rule,
        categories,
        reported: reported_,
    })
}

#[inline(never)]
fn category(r: &mut Reader) -> Option<Category> {
    let (mut id, mut name, mut values) = (None, None, None);
    let mut seen = Seen::default();
    r.object(|r, key| {
        match key {
            "id" => id = Some(seen.read(0, r, Reader::owned)?),
            "name" => name = Some(seen.read(1, r, Reader::owned)?),
            "values" => values = Some(seen.read(2, r, Reader::observations)?),
            _ => return None,
        }
        Some(())
    })?;
    Some(Category {
        id: id?,
        name: name?,
        values: values?,
    })
}

#[inline(never)]
fn restatement(r: &mut Reader) -> Option<Restatement> {
    let (mut of, mut period, mut target, mut value, mut source) = (None, None, None, None, None);
    let mut seen = Seen::default();
    r.object(|r, key| {
        match key {
            "of" => of = Some(seen.read(0, r, Reader::variant)?),
            "period" => period = seen.read(1, r, |r| r.opt(Reader::owned))?,
            "target" => target = seen.read(2, r, |r| r.opt(Reader::owned))?,
            "value" => value = Some(seen.read(3, r, Reader::dec)?),
            "source" => source = Some(seen.read(4, r, |r| source_note(r))?),
            _ => return None,
        }
        Some(())
    })?;
    Some(Restatement {
        of: of?,
        period,
        target,
        value: value?,
        source: source?,
    })
}

#[inline(never)]
fn indicator(r: &mut Reader) -> Option<Indicator> {
    let mut i = Indicator {
        id: String::new(),
        number: None,
        name: String::new(),
        kind: IndicatorKind::Context,
        measure: None,
        direction: Direction::default(),
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
        source: SourceNote {
            doc: String::new(),
            section: None,
            footnote: None,
            quote: None,
        },
        note: None,
    };
    let mut seen = Seen::default();
    r.object(|r, key| {
        match key {
            "id" => i.id = seen.read(0, r, Reader::owned)?,
            "name" => i.name = seen.read(1, r, Reader::owned)?,
            "kind" => i.kind = seen.read(2, r, Reader::variant)?,
            "source" => i.source = seen.read(3, r, |r| source_note(r))?,
            "number" => i.number = seen.read(4, r, |r| r.opt(Reader::owned))?,
            "measure" => i.measure = seen.read(5, r, |r| r.opt(measure))?,
            "direction" => i.direction = seen.read(6, r, Reader::variant)?,
            "aggregation" => i.aggregation = seen.read(7, r, |r| r.opt(Reader::variant))?,
            "values" => i.values = seen.read(8, r, Reader::observations)?,
            "total" => i.total = seen.read(9, r, |r| r.opt(figure))?,
            "targets" => i.targets = seen.read(10, r, |r| r.list(target))?,
            "categories" => i.categories = seen.read(11, r, |r| r.list(category))?,
            "base" => i.base = seen.read(12, r, Reader::observations)?,
            "peers" => i.peers = seen.read(13, r, |r| r.opt(Reader::u32))?,
            "parts" => i.parts = seen.read(14, r, |r| r.list(indicator))?,
            "parts_sum" => i.parts_sum = seen.read(15, r, Reader::boolean)?,
            "restated" => i.restated = seen.read(16, r, |r| r.list(restatement))?,
            "note" => i.note = seen.read(17, r, |r| r.opt(Reader::owned))?,
            _ => return None,
        }
        Some(())
    })?;
    // `id`, `name`, `kind` and `source` are required.
    (seen.0 & 0b1111 == 0b1111).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples() -> Vec<(String, String)> {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let mut files: Vec<_> = ["data", "tests/corpus"]
            .iter()
            .flat_map(|d| std::fs::read_dir(format!("{root}/{d}")).unwrap())
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        files
            .into_iter()
            .filter_map(|p| Some((p.display().to_string(), std::fs::read_to_string(&p).ok()?)))
            .collect()
    }

    /// Whatever is read here, serde reads alike; the bundled exports are read here.
    #[test]
    fn what_is_read_without_serde_serde_reads_alike() {
        let mut read = 0;
        for (name, text) in samples() {
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            if let Some(fast) = read_export(text) {
                read += 1;
                assert_eq!(Some(fast), crate::parse_export(text).ok(), "{name}");
            }
        }
        assert!(read >= 3, "{read}");
    }

    /// What serde writes is read here: the worker hands the page an export
    /// the page could not read as serde writes it.
    #[test]
    fn what_serde_writes_is_read_without_serde() {
        for (name, text) in samples() {
            let Ok(e) = crate::parse_export(&text) else {
                continue;
            };
            let written = serde_json::to_string(&e).unwrap();
            assert_eq!(read_export(&written).as_ref(), Some(&e), "{name}");
            let pretty = serde_json::to_string_pretty(&e).unwrap();
            assert_eq!(read_export(&pretty).as_ref(), Some(&e), "{name}");
        }
    }

    fn base(values: &str) -> String {
        format!(
            r#"{{"format":"chitieu","version":1,"dataset":{{"id":"d","title":"T","organisation":"O","as_of":"2023-06"}},"sources":[],"periods":[{{"id":"2023","kind":"year","year":2023}}],"units":[{{"id":"u","name":"U","sections":[{{"id":"s","title":"S","indicators":[{{"id":"i","name":"I","kind":"count","measure":{{"unit":"ĐV","kind":"count"}},"values":[{values}],"source":{{"doc":"d"}}}}]}}]}}]}}"#
        )
    }

    /// Edge cases of JSON and of the model, each read here only if serde
    /// reads it alike (else left to serde).
    #[test]
    fn edge_cases_are_read_alike_or_left_to_serde() {
        let cases = [
            r#"{"period":"2023","value":953}"#,
            r#"{"period":"2023","value":1,"text":"x"}"#,
            r#"{"value":1,"period":"2023"}"#,
            r#"{ "period" : "2023" , "value" : "1.50" }"#,
            r#"{"period":"2023","value":1 ,}"#,
            r#"{"period":"2023","value":"79.61"}"#,
            r#"{"period":"2023","value":" 79.61 "}"#,
            r#"{"period":"2023","value":1.5e3}"#,
            r#"{"period":"2023","value":1.5E-3}"#,
            r#"{"period":"2023","value":-0}"#,
            r#"{"period":"2023","value":-0.0}"#,
            r#"{"period":"2023","value":01}"#,
            r#"{"period":"2023","value":1.}"#,
            r#"{"period":"2023","value":.5}"#,
            r#"{"period":"2023","value":null}"#,
            r#"{"period":"2023","value":true}"#,
            r#"{"period":"2023","value":{"$serde_json::private::Number":"953"}}"#,
            r#"{"period":"2023","value":12345678901234567890123456789012}"#,
            r#"{"period":"2023","value":1,"value":2}"#,
            r#"{"period":"2023","value":null,"value":2}"#,
            r#"{"period":"2023","valeu":1}"#,
            r#"{"value":1}"#,
            r#"{"period":"2\u0030\u00323","text":"\ud83d\ude00 \"x\" \\ \/ \b\f\n\r\t"}"#,
            r#"{"period":"2023","text":"\ud83d"}"#,
            r#"{"period":"2023","text":"\ude00"}"#,
            r#"{"period":"2023","text":"\ud83dx"}"#,
            r#"{"period":"2023","text":"\x"}"#,
            "{\"period\":\"2023\",\"text\":\"a\tb\"}",
            r#"{"\u0070eriod":"2023"}"#,
            r#"{"period":"2023","qualifier":"over"}"#,
            r#"{"period":"2023","qualifier":{"over":null}}"#,
            r#"{"period":"2023","qualifier":"Over"}"#,
            r#"{"period":"2023","change":{"pct":"16.3","form":"growth","against":"same_period_last_year"}}"#,
            r#"{"period":"2023","source":{"doc":"d","quote":"…"}}"#,
            r#"{"period":"2023","source":null}"#,
            r#"{"period":2023}"#,
            r#"["2023", 1]"#,
            r#" { "period" : "2023" , "value" : 1 } "#,
            r#"{"period":"2023",}"#,
        ];
        let mut read = 0;
        for case in cases {
            let text = base(case);
            let fast = read_export(&text);
            let serde = crate::parse_export(&text).ok();
            if fast.is_some() {
                read += 1;
                assert_eq!(fast, serde, "{case}");
            }
        }
        assert!(read >= 10, "{read}");
        // Around the values: the top level and the periods.
        let whole = base(r#"{"period":"2023","value":1}"#);
        for text in [
            format!("\u{20}{whole}\n"),
            whole.replace(r#""version":1"#, r#""version":1.0"#),
            whole.replace(r#""version":1"#, r#""version":-1"#),
            whole.replace(r#""year":2023"#, r#""year":-2023"#),
            whole.replace(r#""year":2023"#, r#""year":99999999999"#),
            whole.replace(r#""as_of":"2023-06""#, r#""as_of":"2023-13""#),
            whole.replace(r#""sources":[]"#, r#""sources":[],"sources":[]"#),
            whole.replace(r#""sources":[],"#, ""),
            format!("{whole} x"),
            format!("{whole}{{}}"),
        ] {
            let fast = read_export(&text);
            if fast.is_some() {
                assert_eq!(fast, crate::parse_export(&text).ok(), "{text}");
            }
        }
    }

    /// Nesting past [`MAX_DEPTH`] is refused here, without a panic; serde
    /// decides (its own limit is deeper).
    #[test]
    fn deep_nesting_is_refused_without_a_panic() {
        let deep = base(&format!(
            r#"{{"period":"2023","source":{}}}"#,
            "[".repeat(100_000)
        ));
        assert!(read_export(&deep).is_none());
        let mut parts =
            String::from(r#"{"id":"p","name":"P","kind":"count","source":{"doc":"d"}}"#);
        for _ in 0..200 {
            parts = format!(
                r#"{{"id":"p","name":"P","kind":"group","source":{{"doc":"d"}},"parts":[{parts}]}}"#
            );
        }
        let text = base("").replace(
            r#"{"id":"i","name":"I""#,
            &format!(r#"{parts},{{"id":"i","name":"I""#),
        );
        assert!(read_export(&text).is_none());
    }
}
