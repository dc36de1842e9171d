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
            "format" => {
                self.seen.once(0)?;
                self.format = Some(r.string()?.into_owned());
            }
            "version" => {
                self.seen.once(1)?;
                self.version = Some(u32::try_from(r.uint()?).ok()?);
            }
            "dataset" => {
                self.seen.once(2)?;
                self.dataset = Some(dataset(r)?);
            }
            "sources" => {
                self.seen.once(3)?;
                self.sources = Some(r.list(source)?);
            }
            "periods" => {
                self.seen.once(4)?;
                self.periods = Some(r.list(period)?);
            }
            _ => return None,
        }
        Some(())
    }
}

/// The fields of an object already read: a repeated one is refused, as serde does.
#[derive(Default, Clone, Copy)]
struct Seen(u32);

impl Seen {
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
            "id" => {
                seen.once(0)?;
                id = Some(r.owned()?);
            }
            "title" => {
                seen.once(1)?;
                title = Some(r.owned()?);
            }
            "organisation" => {
                seen.once(2)?;
                organisation = Some(r.owned()?);
            }
            "as_of" => {
                seen.once(3)?;
                as_of = Some(r.month()?);
            }
            "description" => {
                seen.once(4)?;
                description = r.opt(Reader::owned)?;
            }
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
            "id" => {
                seen.once(0)?;
                id = Some(r.owned()?);
            }
            "title" => {
                seen.once(1)?;
                title = Some(r.owned()?);
            }
            "number" => {
                seen.once(2)?;
                number = r.opt(Reader::owned)?;
            }
            "issuer" => {
                seen.once(3)?;
                issuer = r.opt(Reader::owned)?;
            }
            "date" => {
                seen.once(4)?;
                date = r.opt(Reader::owned)?;
            }
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
            "doc" => {
                seen.once(0)?;
                doc = Some(r.owned()?);
            }
            "section" => {
                seen.once(1)?;
                section = r.opt(Reader::owned)?;
            }
            "footnote" => {
                seen.once(2)?;
                footnote = r.opt(Reader::owned)?;
            }
            "quote" => {
                seen.once(3)?;
                quote = r.opt(Reader::owned)?;
            }
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
            "id" => {
                seen.once(0)?;
                p.id = r.owned()?;
            }
            "kind" => {
                seen.once(1)?;
                p.kind = r.variant()?;
            }
            "year" => {
                seen.once(2)?;
                p.year = r.opt(|r| i32::try_from(r.int()?).ok())?;
            }
            "half" => {
                seen.once(3)?;
                p.half = r.opt(Reader::small)?;
            }
            "quarter" => {
                seen.once(4)?;
                p.quarter = r.opt(Reader::small)?;
            }
            "months" => {
                seen.once(5)?;
                p.months = r.opt(Reader::small)?;
            }
            "start" => {
                seen.once(6)?;
                p.start = r.opt(Reader::month)?;
            }
            "end" => {
                seen.once(7)?;
                p.end = r.opt(Reader::month)?;
            }
            "label" => {
                seen.once(8)?;
                p.label = r.opt(Reader::owned)?;
            }
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
            "id" => {
                seen.once(0)?;
                id = Some(r.owned()?);
            }
            "name" => {
                seen.once(1)?;
                name = Some(r.owned()?);
            }
            "sections" => {
                seen.once(2)?;
                sections = Some(r.list(section)?);
            }
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
            "id" => {
                seen.once(0)?;
                id = Some(r.owned()?);
            }
            "number" => {
                seen.once(1)?;
                number = r.opt(Reader::owned)?;
            }
            "title" => {
                seen.once(2)?;
                title = Some(r.owned()?);
            }
            "indicators" => {
                seen.once(3)?;
                indicators = Some(r.list(indicator)?);
            }
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
            "unit" => {
                seen.once(0)?;
                unit = Some(r.owned()?);
            }
            "kind" => {
                seen.once(1)?;
                kind = Some(r.variant()?);
            }
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
            "pct" => {
                seen.once(0)?;
                pct = Some(r.dec()?);
            }
            "form" => {
                seen.once(1)?;
                form = Some(r.variant()?);
            }
            "against" => {
                seen.once(2)?;
                against = Some(r.variant()?);
            }
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
            "period" => {
                seen.once(0)?;
                o.period = CompactString::from(r.string()?);
            }
            "value" => {
                seen.once(1)?;
                o.value = r.opt(Reader::dec)?;
            }
            "text" => {
                seen.once(2)?;
                o.text = r.opt(Reader::owned)?;
            }
            "qualifier" => {
                seen.once(3)?;
                o.qualifier = r.opt(Reader::variant)?;
            }
            "change" => {
                seen.once(4)?;
                o.change = r.opt(|r| change(r).map(Box::new))?;
            }
            "source" => {
                seen.once(5)?;
                o.source = r.opt(|r| source_note(r).map(Box::new))?;
            }
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
            "value" => {
                seen.once(0)?;
                value = Some(r.dec()?);
            }
            "qualifier" => {
                seen.once(1)?;
                qualifier = r.opt(Reader::variant)?;
            }
            "source" => {
                seen.once(2)?;
                source = r.opt(source_note)?;
            }
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
            "achievement_pct" => {
                seen.once(0)?;
                out.achievement_pct = r.opt(Reader::dec)?;
            }
            "over_points" => {
                seen.once(1)?;
                out.over_points = r.opt(Reader::dec)?;
            }
            "over_pct" => {
                seen.once(2)?;
                out.over_pct = r.opt(Reader::dec)?;
            }
            "source" => {
                seen.once(3)?;
                out.source = r.opt(source_note)?;
            }
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
            "label" => {
                seen.once(0)?;
                label = Some(r.owned()?);
            }
            "value" => {
                seen.once(1)?;
                value = r.opt(Reader::dec)?;
            }
            "horizon" => {
                seen.once(2)?;
                horizon = Some(r.owned()?);
            }
            "rule" => {
                seen.once(3)?;
                rule = r.variant()?;
            }
            "categories" => {
                seen.once(4)?;
                categories = r.list(Reader::owned)?;
            }
            "reported" => {
                seen.once(5)?;
                reported_ = r.opt(reported)?;
            }
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
            "id" => {
                seen.once(0)?;
                id = Some(r.owned()?);
            }
            "name" => {
                seen.once(1)?;
                name = Some(r.owned()?);
            }
            "values" => {
                seen.once(2)?;
                values = Some(r.observations()?);
            }
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
            "of" => {
                seen.once(0)?;
                of = Some(r.variant()?);
            }
            "period" => {
                seen.once(1)?;
                period = r.opt(Reader::owned)?;
            }
            "target" => {
                seen.once(2)?;
                target = r.opt(Reader::owned)?;
            }
            "value" => {
                seen.once(3)?;
                value = Some(r.dec()?);
            }
            "source" => {
                seen.once(4)?;
                source = Some(source_note(r)?);
            }
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
            "id" => {
                seen.once(0)?;
                i.id = r.owned()?;
            }
            "name" => {
                seen.once(1)?;
                i.name = r.owned()?;
            }
            "kind" => {
                seen.once(2)?;
                i.kind = r.variant()?;
            }
            "source" => {
                seen.once(3)?;
                i.source = source_note(r)?;
            }
            "number" => {
                seen.once(4)?;
                i.number = r.opt(Reader::owned)?;
            }
            "measure" => {
                seen.once(5)?;
                i.measure = r.opt(measure)?;
            }
            "direction" => {
                seen.once(6)?;
                i.direction = r.variant()?;
            }
            "aggregation" => {
                seen.once(7)?;
                i.aggregation = r.opt(Reader::variant)?;
            }
            "values" => {
                seen.once(8)?;
                i.values = r.observations()?;
            }
            "total" => {
                seen.once(9)?;
                i.total = r.opt(figure)?;
            }
            "targets" => {
                seen.once(10)?;
                i.targets = r.list(target)?;
            }
            "categories" => {
                seen.once(11)?;
                i.categories = r.list(category)?;
            }
            "base" => {
                seen.once(12)?;
                i.base = r.observations()?;
            }
            "peers" => {
                seen.once(13)?;
                i.peers = r.opt(|r| u32::try_from(r.uint()?).ok())?;
            }
            "parts" => {
                seen.once(14)?;
                i.parts = r.list(indicator)?;
            }
            "parts_sum" => {
                seen.once(15)?;
                i.parts_sum = r.boolean()?;
            }
            "restated" => {
                seen.once(16)?;
                i.restated = r.list(restatement)?;
            }
            "note" => {
                seen.once(17)?;
                i.note = r.opt(Reader::owned)?;
            }
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
