//! Exact decimal figures: parsing from JSON without `f64`, locale formatting,
//! rounding as the reports round, and intervals for rounding-aware checks.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use schemars::JsonSchema;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// serde_json's private key for numbers under `arbitrary_precision`.
pub(crate) const JSON_NUMBER_TOKEN: &str = "$serde_json::private::Number";

// rust_decimal marks its addition, subtraction and multiplication
// `#[inline(always)]`, so every call site carries its own copy (about 1 KB
// of wasm each). Arithmetic on figures goes through these, one copy each.

/// `a + b`, or `None` beyond the decimal range.
#[inline(never)]
fn add(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_add(b)
}

/// `a − b`, or `None` beyond the decimal range.
#[inline(never)]
fn sub(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_sub(b)
}

/// `a × b`, or `None` beyond the decimal range.
#[inline(never)]
fn mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_mul(b)
}

/// `a ÷ b`, or `None` for a zero divisor or beyond the decimal range.
#[inline(never)]
fn div(a: Decimal, b: Decimal) -> Option<Decimal> {
    if b.is_zero() {
        None
    } else {
        a.checked_div(b)
    }
}

/// An exact decimal figure as printed in a report: `1200`, `98.49`, `20331.5`.
///
/// Its scale (the number of decimals printed) is kept: `98.5` and `98.50`
/// are equal numbers but were printed with different precision, which the
/// consistency checks use as the figure's rounding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Dec(pub Decimal);

/// Why a text is not a decimal of the export format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecError {
    pub vi: String,
    pub en: String,
}

impl fmt::Display for DecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.vi, self.en)
    }
}

impl Dec {
    pub const ZERO: Dec = Dec(Decimal::ZERO);
    pub const ONE_HUNDRED: Dec = Dec(Decimal::ONE_HUNDRED);

    /// Parses a decimal written with a dot (`98.49`, `-3`, `1.2e3`), exactly.
    pub fn parse(text: &str) -> Result<Dec, DecError> {
        // Most figures are plain numbers (`953`, `79.61`): read them directly.
        if let Some(d) = Dec::parse_plain(text) {
            return Ok(d);
        }
        let t = text.trim();
        if t.is_empty() {
            return Err(DecError {
                vi: "chuỗi rỗng, cần một số".into(),
                en: "empty string, expected a number".into(),
            });
        }
        let well_formed = {
            let body = t.strip_prefix('-').unwrap_or(t);
            let (mantissa, exponent) = match body.bytes().position(|b| b == b'e' || b == b'E') {
                Some(i) => (&body[..i], body.get(i.saturating_add(1)..)),
                None => (body, None),
            };
            let mut halves = mantissa.splitn(2, '.');
            let int = halves.next().unwrap_or("");
            let frac = halves.next();
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            let exp_ok = exponent.is_none_or(|e| {
                let e = e.strip_prefix(['+', '-']).unwrap_or(e);
                digits(e)
            });
            digits(int) && frac.is_none_or(digits) && exp_ok
        };
        if !well_formed {
            let hint_vi = if t.contains(',') {
                " (viết số theo định dạng máy: dấu chấm thập phân, không có dấu phân cách nghìn, ví dụ \"20331.5\")"
            } else {
                ""
            };
            let hint_en = if t.contains(',') {
                " (write numbers with a decimal point and no thousands separator, e.g. \"20331.5\")"
            } else {
                ""
            };
            return Err(DecError {
                vi: format!("\"{t}\" không phải là số thập phân hợp lệ{hint_vi}"),
                en: format!("\"{t}\" is not a valid decimal number{hint_en}"),
            });
        }
        let parsed = if t.bytes().any(|b| b == b'e' || b == b'E') {
            Dec::from_scientific_exact(t)
        } else {
            Decimal::from_str_exact(t).ok()
        };
        parsed.map(Dec).ok_or_else(|| DecError {
            vi: format!(
                "số \"{t}\" vượt quá phạm vi số thập phân chính xác (tối đa 28 chữ số có nghĩa)"
            ),
            en: format!("number \"{t}\" is beyond the exact decimal range (28 significant digits)"),
        })
    }

    /// A well-formed `1.5e3`, only when it is exact: rust_decimal rounds a
    /// mantissa beyond 28 significant digits, or an exponent beyond its
    /// scale, without a word, and a figure must never change silently.
    fn from_scientific_exact(t: &str) -> Option<Decimal> {
        let mantissa = t.split(['e', 'E']).next().unwrap_or("");
        // The mantissa's significant digits, leading zeros apart.
        let given = mantissa
            .bytes()
            .filter(u8::is_ascii_digit)
            .skip_while(|b| *b == b'0')
            .collect::<Vec<_>>();
        if given.len() > 28 {
            return None;
        }
        let d = Decimal::from_scientific(t).ok()?;
        // Exact when no digit of the mantissa was dropped.
        let kept = d
            .mantissa()
            .unsigned_abs()
            .to_string()
            .trim_end_matches('0')
            .len();
        let given_len = given
            .len()
            .saturating_sub(given.iter().rev().take_while(|b| **b == b'0').count());
        (kept == given_len || (given_len == 0 && d.is_zero())).then_some(d)
    }

    /// `digits[.digits]` with an optional `-`, at most 18 digits in all,
    /// read byte by byte: the fast path of [`Dec::parse`], exact, trailing
    /// zeros kept (`19.40` has scale 2). Anything else, and `-0`, is left to
    /// the full reader.
    #[inline(never)]
    pub(crate) fn parse_plain(text: &str) -> Option<Dec> {
        let bytes = text.as_bytes();
        let (negative, body) = match bytes.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, bytes),
        };
        let mut mantissa: i64 = 0;
        let mut digits = 0u32;
        let mut scale: Option<u32> = None;
        for &b in body {
            match b {
                b'0'..=b'9' => {
                    digits = digits.saturating_add(1);
                    if digits > 18 {
                        return None;
                    }
                    // At most 18 digits: below i64::MAX, so wrapping never wraps (a
                    // checked multiply costs a 128-bit multiply per digit in wasm).
                    mantissa = mantissa
                        .wrapping_mul(10)
                        .wrapping_add(i64::from(b.wrapping_sub(b'0')));
                    if let Some(s) = scale.as_mut() {
                        *s = s.saturating_add(1);
                    }
                }
                b'.' if scale.is_none() && digits > 0 => scale = Some(0),
                _ => return None,
            }
        }
        if digits == 0 || scale == Some(0) || (negative && mantissa == 0) {
            return None;
        }
        let signed = if negative {
            mantissa.wrapping_neg()
        } else {
            mantissa
        };
        Some(Dec(Decimal::new(signed, scale.unwrap_or(0))))
    }

    pub fn from_i64(v: i64) -> Dec {
        Dec(Decimal::from(v))
    }

    /// Number of decimals as printed.
    pub fn scale(&self) -> u32 {
        self.0.scale()
    }

    /// Whether it has no fractional part (`12`, `12.00`). rust_decimal's own
    /// test returns at once for a figure printed without decimals, where
    /// `fract()` subtracts; validation asks it of every count.
    pub fn is_integer(&self) -> bool {
        self.0.is_integer()
    }

    pub fn is_negative(&self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    pub fn checked_add(self, o: Dec) -> Option<Dec> {
        add(self.0, o.0).map(Dec)
    }
    pub fn checked_sub(self, o: Dec) -> Option<Dec> {
        sub(self.0, o.0).map(Dec)
    }
    pub fn checked_mul(self, o: Dec) -> Option<Dec> {
        mul(self.0, o.0).map(Dec)
    }
    pub fn checked_div(self, o: Dec) -> Option<Dec> {
        div(self.0, o.0).map(Dec)
    }

    /// `self / base × 100`, unrounded.
    pub fn percent_of(self, base: Dec) -> Option<Dec> {
        self.checked_mul(Dec::ONE_HUNDRED)?.checked_div(base)
    }

    /// Rounds half away from zero, as the reports round (98,575 → 98,58).
    pub fn round_dp(self, dp: u32) -> Dec {
        Dec(self
            .0
            .round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero))
    }

    /// Rounds as the reports round and shows exactly `dp` decimals (`80` → `80.00`).
    pub fn fixed_dp(self, dp: u32) -> Dec {
        let mut d = self.round_dp(dp).0;
        d.rescale(dp);
        Dec(d)
    }

    /// Removes trailing zeros of a computed figure (`80.00` → `80`).
    pub fn normalize(self) -> Dec {
        Dec(self.0.normalize())
    }

    /// Half a unit in the last printed decimal: how far a rounded figure can
    /// be from the value it stands for.
    pub fn half_ulp(&self) -> Decimal {
        Decimal::new(5, self.scale().saturating_add(1).min(28))
    }

    /// Canonical machine text (`1200`, `98.49`), as written in exports.
    pub fn to_plain(&self) -> String {
        self.0.to_string()
    }

    /// Vietnamese format with the printed decimals: `1.200`, `98,49`, `20.331,5`.
    pub fn fmt_vi(&self) -> String {
        group(self.0, '.', ',')
    }

    /// English format with the printed decimals: `1,200`, `98.49`, `20,331.5`.
    pub fn fmt_en(&self) -> String {
        group(self.0, ',', '.')
    }
}

fn group(d: Decimal, thousands: char, decimal: char) -> String {
    let text = d.to_string();
    let (neg, body) = match text.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, text.as_str()),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let mut out = String::with_capacity(text.len().saturating_add(int.len() / 3).saturating_add(1));
    if neg {
        out.push('-');
    }
    let len = int.len();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && len.saturating_sub(i) % 3 == 0 {
            out.push(thousands);
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push(decimal);
        out.push_str(f);
    }
    out
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for Dec {
    type Err = DecError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Dec::parse(s)
    }
}

impl Serialize for Dec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_plain())
    }
}

struct DecVisitor;

impl<'de> Visitor<'de> for DecVisitor {
    type Value = Dec;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or a decimal string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Dec, E> {
        Dec::parse(v).map_err(|e| E::custom(crate::bilingual(e.vi, e.en)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Dec, E> {
        Ok(Dec(Decimal::from(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Dec, E> {
        Ok(Dec(Decimal::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Dec, E> {
        // Only reachable through a deserializer that has already turned the
        // number into binary floating point; its exact text is lost.
        // The value is not quoted: formatting binary floating point would
        // bring its whole formatter (about 11 KB) into the page.
        let _ = v;
        Err(E::custom(crate::bilingual(
            "một số đã bị đọc qua dấu phẩy động, không còn chính xác",
            "a number was read as floating point and is no longer exact",
        )))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Dec, A::Error> {
        // serde_json's `arbitrary_precision` hands a number over as a one-entry
        // map holding its text; both are read without allocating.
        match map.next_key::<NumberToken>()? {
            Some(NumberToken) => map.next_value_seed(DecText),
            None => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}

/// The key of `arbitrary_precision`'s number map; any other key is an error.
struct NumberToken;

impl<'de> Deserialize<'de> for NumberToken {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<NumberToken, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = NumberToken;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or a decimal string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<NumberToken, E> {
                if v == JSON_NUMBER_TOKEN {
                    Ok(NumberToken)
                } else {
                    Err(E::invalid_type(de::Unexpected::Map, &self))
                }
            }
        }
        d.deserialize_identifier(V)
    }
}

/// A number's text, as `arbitrary_precision` hands it over.
struct DecText;

impl<'de> de::DeserializeSeed<'de> for DecText {
    type Value = Dec;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Dec, D::Error> {
        d.deserialize_str(NumberText)
    }
}

/// serde_json gives a real number's text as an owned `String`
/// (`visit_string`); an object written in the file with serde_json's private
/// key, `{"$serde_json::private::Number": "953"}`, reaches the same map but
/// its value comes from the text (`visit_str`). That is not a figure.
struct NumberText;

impl<'de> Visitor<'de> for NumberText {
    type Value = Dec;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or a decimal string")
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Dec, E> {
        DecVisitor.visit_str(&v)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Dec, E> {
        Err(E::custom(crate::bilingual(
            "một đối tượng mang khoá nội bộ của trình đọc JSON, không phải là số",
            "an object with the JSON reader's internal key, not a number",
        )))
    }
}

impl<'de> Deserialize<'de> for Dec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Dec, D::Error> {
        d.deserialize_any(DecVisitor)
    }
}

impl JsonSchema for Dec {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Decimal".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An exact decimal: a JSON number, or a string such as \"98.49\" (dot as decimal point, no thousands separator). Never read through floating point.",
            "oneOf": [
                { "type": "number" },
                { "type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$" }
            ]
        })
    }
}

/// A closed interval `[lo, hi]`: the values a rounded figure may stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub lo: Decimal,
    pub hi: Decimal,
}

impl Interval {
    pub fn exact(d: Dec) -> Interval {
        Interval { lo: d.0, hi: d.0 }
    }

    /// The values that round to `d` at its printed precision.
    pub fn rounded(d: Dec) -> Option<Interval> {
        let h = d.half_ulp();
        Some(Interval {
            lo: sub(d.0, h)?,
            hi: add(d.0, h)?,
        })
    }

    /// The values that round to `d` when the column it is printed in has
    /// `scale` decimals (a spreadsheet drops trailing zeros: `91` in a column
    /// of `90,18  90,15  91` stands for 91,00).
    pub fn rounded_at(d: Dec, scale: u32) -> Option<Interval> {
        let h = Decimal::new(5, scale.max(d.scale()).saturating_add(1).min(28));
        Some(Interval {
            lo: sub(d.0, h)?,
            hi: add(d.0, h)?,
        })
    }

    pub fn checked_add(self, o: Interval) -> Option<Interval> {
        Some(Interval {
            lo: add(self.lo, o.lo)?,
            hi: add(self.hi, o.hi)?,
        })
    }

    /// Divides by an exact positive number.
    pub fn checked_div_exact(self, by: Decimal) -> Option<Interval> {
        if by <= Decimal::ZERO {
            return None;
        }
        Some(Interval {
            lo: div(self.lo, by)?,
            hi: div(self.hi, by)?,
        })
    }

    /// Multiplies by an exact non-negative number.
    pub fn checked_mul_exact(self, by: Decimal) -> Option<Interval> {
        if by < Decimal::ZERO {
            return None;
        }
        Some(Interval {
            lo: mul(self.lo, by)?,
            hi: mul(self.hi, by)?,
        })
    }

    /// `self − v`, every value of it.
    pub fn minus(self, v: Decimal) -> Option<Interval> {
        Some(Interval {
            lo: sub(self.lo, v)?,
            hi: sub(self.hi, v)?,
        })
    }

    /// `v − self`, every value of it.
    pub fn subtracted_from(self, v: Decimal) -> Option<Interval> {
        Some(Interval {
            lo: sub(v, self.hi)?,
            hi: sub(v, self.lo)?,
        })
    }

    pub fn intersects(&self, o: &Interval) -> bool {
        self.lo <= o.hi && o.lo <= self.hi
    }

    pub fn contains(&self, d: Decimal) -> bool {
        self.lo <= d && d <= self.hi
    }

    /// The midpoint, for showing a recomputed figure.
    pub fn mid(&self) -> Option<Dec> {
        div(add(self.lo, self.hi)?, Decimal::TWO).map(Dec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Dec {
        Dec::parse(s).unwrap()
    }

    #[test]
    fn vietnamese_and_english_grouping() {
        assert_eq!(d("1200").fmt_vi(), "1.200");
        assert_eq!(d("79.61").fmt_vi(), "79,61");
        assert_eq!(d("20331.5").fmt_vi(), "20.331,5");
        assert_eq!(d("309095").fmt_vi(), "309.095");
        assert_eq!(d("-1234567.25").fmt_vi(), "-1.234.567,25");
        assert_eq!(d("1200").fmt_en(), "1,200");
        assert_eq!(d("79.61").fmt_en(), "79.61");
        assert_eq!(d("98.5").fmt_vi(), "98,5");
        assert_eq!(d("100").fmt_vi(), "100");
    }

    proptest::proptest! {
        /// The fast path for plain numbers reads exactly what the full
        /// reader reads, trailing zeros included, and refuses what it refuses.
        #[test]
        fn plain_numbers_read_as_rust_decimal_reads_them(s in "-?[0-9]{0,20}(\\.[0-9]{0,20})?") {
            let full = Decimal::from_str_exact(&s).ok().filter(|_| {
                let body = s.strip_prefix('-').unwrap_or(&s);
                let mut halves = body.splitn(2, '.');
                let int_ok = halves.next().is_some_and(|i| !i.is_empty());
                int_ok && halves.next().is_none_or(|f| !f.is_empty())
            });
            match (Dec::parse(&s), full) {
                (Ok(ours), Some(theirs)) => proptest::prop_assert_eq!(ours.0.to_string(), theirs.to_string()),
                (Err(_), None) => {}
                (ours, theirs) => proptest::prop_assert!(false, "{s:?}: {ours:?} vs {theirs:?}"),
            }
        }
    }

    #[test]
    fn long_decimals_survive_unchanged() {
        assert_eq!(d("117.63331139400017").to_plain(), "117.63331139400017");
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(d("98.575").round_dp(2), d("98.58"));
        assert_eq!(d("79.41666").round_dp(2), d("79.42"));
        assert_eq!(d("0.125").round_dp(2), d("0.13"));
        assert_eq!(d("80").fixed_dp(2).fmt_vi(), "80,00");
        assert_eq!(d("79.41666").fixed_dp(2).fmt_vi(), "79,42");
    }

    #[test]
    fn malformed_numbers_are_refused_with_a_hint() {
        let e = Dec::parse("98,49").unwrap_err();
        assert!(e.vi.contains("dấu chấm"), "{e}");
        assert!(Dec::parse("1.2.3").is_err());
        assert!(Dec::parse("abc").is_err());
        assert!(Dec::parse("").is_err());
        assert!(Dec::parse("99999999999999999999999999999999").is_err());
        assert_eq!(d("1.5e3"), d("1500"));
    }

    #[derive(Debug, serde::Deserialize)]
    struct Holder {
        #[allow(dead_code)] // read only to see whether it is accepted
        v: Dec,
    }

    #[test]
    fn serde_jsons_private_number_key_written_in_a_file_is_not_a_figure() {
        let forged = r#"{"v": {"$serde_json::private::Number": "953"}}"#;
        let e = serde_json::from_str::<Holder>(forged).unwrap_err();
        assert!(e.to_string().contains("internal key"), "{e}");
        let escaped = r#"{"v": {"\u0024serde_json::private::Number": "95\u0033"}}"#;
        assert!(serde_json::from_str::<Holder>(escaped).is_err());
        let real: Holder = serde_json::from_str(r#"{"v": 953}"#).unwrap();
        assert_eq!(real.v, d("953"));
        let text: Holder = serde_json::from_str(r#"{"v": "79.61"}"#).unwrap();
        assert_eq!(text.v, d("79.61"));
    }

    #[test]
    fn an_exponent_number_beyond_28_digits_is_refused_not_rounded() {
        // 34 significant digits: rust_decimal alone would round it to 28.
        let e = Dec::parse("1.234567890123456789012345678901234e5").unwrap_err();
        assert!(e.en.contains("28 significant digits"), "{e}");
        // An exponent that would push digits past the scale is refused too.
        assert!(Dec::parse("1.5e-40").is_err());
        assert_eq!(d("1.25e-2"), d("0.0125"));
        assert_eq!(d("0e5"), d("0"));
        assert_eq!(d("120E-1"), d("12"));
    }

    #[test]
    fn rounded_interval_is_half_a_unit_each_side() {
        let i = Interval::rounded(d("98.58")).unwrap();
        assert!(i.contains(d("98.575").0) && i.contains(d("98.585").0));
        assert!(!i.contains(d("98.586").0));
        let whole = Interval::rounded(d("953")).unwrap();
        assert!(whole.contains(d("953.5").0));
    }
}
