//! Calendar months and the spans that periods cover.

use std::fmt;

use schemars::JsonSchema;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// A calendar month, written `"2023-06"` in exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1 to 12.
    pub month: u8,
}

impl Month {
    pub fn new(year: i32, month: u8) -> Option<Month> {
        ((1..=12).contains(&month) && (1900..=2200).contains(&year))
            .then_some(Month { year, month })
    }

    pub fn parse(text: &str) -> Option<Month> {
        let (y, m) = text.split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        Month::new(y.parse().ok()?, m.parse().ok()?)
    }

    /// Months since year 0, for differences.
    pub fn index(&self) -> i64 {
        // A u16 year and a u8 month: far inside i64.
        i64::from(self.year)
            .saturating_mul(12)
            .saturating_add(i64::from(self.month))
            .saturating_sub(1)
    }

    /// Number of months from `self` to `other`, both included.
    pub fn months_through(&self, other: &Month) -> i64 {
        other.index().saturating_sub(self.index()).saturating_add(1)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Month, D::Error> {
        let text = String::deserialize(d)?;
        Month::parse(&text).ok_or_else(|| {
            de::Error::custom(crate::bilingual(
                format!("\"{text}\" không phải là tháng dạng YYYY-MM, ví dụ \"2023-06\""),
                format!("\"{text}\" is not a month of the form YYYY-MM, e.g. \"2023-06\""),
            ))
        })
    }
}

impl JsonSchema for Month {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Month".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A calendar month, YYYY-MM.",
            "type": "string",
            "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"
        })
    }
}

/// The months a period covers, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: Month,
    pub end: Month,
}

impl Span {
    pub fn months(&self) -> i64 {
        self.start.months_through(&self.end)
    }

    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(&self, other: &Span) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// Months of this span elapsed by the end of `as_of` (0 before it starts).
    pub fn elapsed_at(&self, as_of: Month) -> i64 {
        if as_of < self.start {
            0
        } else if as_of >= self.end {
            self.months()
        } else {
            self.start.months_through(&as_of)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_spans() {
        let s = Span {
            start: Month::parse("2020-01").unwrap(),
            end: Month::parse("2024-12").unwrap(),
        };
        assert_eq!(s.months(), 60);
        assert_eq!(s.elapsed_at(Month::parse("2023-06").unwrap()), 42);
        assert_eq!(s.elapsed_at(Month::parse("2019-06").unwrap()), 0);
        assert_eq!(s.elapsed_at(Month::parse("2026-01").unwrap()), 60);
        assert!(Month::parse("2023-13").is_none());
        assert!(Month::parse("23-01").is_none());
    }
}
