//! Interface language, and text folding for search that ignores Vietnamese
//! diacritics ("ket nap" finds "Kết nạp").

use serde::{Deserialize, Serialize};

use chitieu_format::dec::Dec;

/// The interface language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// A figure in this language's format: `1.200` / `1,200`.
    pub fn num(self, d: Dec) -> String {
        match self {
            Lang::Vi => d.fmt_vi(),
            Lang::En => d.fmt_en(),
        }
    }

    /// A percentage: `79,61%` / `79.61%`.
    pub fn pct(self, d: Dec) -> String {
        format!("{}%", self.num(d))
    }

    /// A figure with its unit as the reports write it: `953 ĐV`, `85,57%`
    /// (no space before a percent sign), the figure alone without a unit.
    pub fn amount(self, d: Dec, unit: &str) -> String {
        format!("{}{}", self.num(d), unit_after(unit))
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks this language's version of a text (or of anything else): the one
    /// idiom for two languages, `lang.pick("Thực hiện", "Actual")`.
    pub fn pick<T>(self, vi: T, en: T) -> T {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

const GROUPS: [(&str, char); 14] = [
    ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
    ("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'a'),
    ("èéẻẽẹêềếểễệ", 'e'),
    ("ÈÉẺẼẸÊỀẾỂỄỆ", 'e'),
    ("ìíỉĩị", 'i'),
    ("ÌÍỈĨỊ", 'i'),
    ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
    ("ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'o'),
    ("ùúủũụưừứửữự", 'u'),
    ("ÙÚỦŨỤƯỪỨỬỮỰ", 'u'),
    ("ỳýỷỹỵ", 'y'),
    ("ỲÝỶỸỴ", 'y'),
    ("đ", 'd'),
    ("Đ", 'd'),
];

/// The lower-case form of a letter of Vietnamese or Western European text:
/// ASCII, Latin-1, the Vietnamese letters of Latin Extended-A (Ă Đ Ĩ Ũ Ơ Ư)
/// and the tone-marked letters of Latin Extended Additional (Ạ … Ỹ). Other
/// characters are returned as they are.
///
/// `char::to_lowercase` would do the same and more, but carries the whole
/// Unicode case table into the page's wasm (about 20 KB); the reports are
/// Vietnamese.
pub fn lower_char(ch: char) -> char {
    let c = u32::from(ch);
    // Each arm's range is far below u32::MAX.
    let lower = match c {
        0x41..=0x5A => c.saturating_add(0x20),
        0xC0..=0xDE if c != 0xD7 => c.saturating_add(0x20),
        0x102 | 0x110 | 0x128 | 0x168 | 0x1A0 | 0x1AF => c.saturating_add(1),
        0x1EA0..=0x1EF9 if c % 2 == 0 => c.saturating_add(1),
        _ => c,
    };
    char::from_u32(lower).unwrap_or(ch)
}

/// `text` in lower case, letter by letter with [`lower_char`].
pub fn lower(text: &str) -> String {
    text.chars().map(lower_char).collect()
}

/// Lower-cases and strips Vietnamese diacritics, and folds combining marks
/// away (text typed on some systems arrives decomposed).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if ('\u{300}'..='\u{36f}').contains(&ch) {
            continue;
        }
        if ch.is_ascii() {
            out.push(ch.to_ascii_lowercase());
            continue;
        }
        match GROUPS.iter().find(|(set, _)| set.contains(ch)) {
            Some((_, base)) => out.push(*base),
            None => out.push(lower_char(ch)),
        }
    }
    out
}

/// Whether every word of `query` occurs in `text`, ignoring case and diacritics.
pub fn matches(text: &str, query: &str) -> bool {
    let hay = fold(text);
    fold(query).split_whitespace().all(|w| hay.contains(w))
}

/// Whether bytes are UTF-16 text (a byte order mark, or a NUL in every other
/// byte of the start, as Notepad's "Unicode" and Excel's "Unicode Text"
/// write): the problem in Vietnamese and English, saying how to save as UTF-8.
pub fn utf16_problem(bytes: &[u8]) -> Option<(String, String)> {
    let bom = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    let head = bytes.get(..bytes.len().min(200)).unwrap_or(bytes);
    let nuls = |parity: usize| {
        head.iter()
            .enumerate()
            .filter(|(i, b)| i % 2 == parity && **b == 0)
            .count()
    };
    let half = head.len() / 2;
    let most = |n: usize| n.saturating_mul(10) >= half.saturating_mul(9);
    let interleaved = half >= 4 && (most(nuls(0)) || most(nuls(1)));
    (bom || interleaved).then(|| {
        (
            "tệp là văn bản UTF-16 (\"Unicode\"), không phải UTF-8: hãy mở tệp và lưu lại với bảng mã UTF-8 (Notepad: Lưu thành… › Mã hoá: UTF-8; Excel: CSV UTF-8)".to_string(),
            "the file is UTF-16 (\"Unicode\") text, not UTF-8: open it and save it again as UTF-8 (Notepad: Save as… › Encoding: UTF-8; Excel: CSV UTF-8)".to_string(),
        )
    })
}

/// UTF-16 text with its byte order mark (Excel's "Unicode Text", Notepad's
/// "Unicode") as a string; `None` for anything else or for invalid UTF-16.
pub fn decode_utf16(bytes: &[u8]) -> Option<String> {
    let (body, little) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (rest, true),
        [0xFE, 0xFF, rest @ ..] => (rest, false),
        _ => return None,
    };
    let units = body.chunks_exact(2).map(|c| {
        let pair = [c[0], c[1]];
        if little {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
}

/// A unit as written after its figure: `" ĐV"`, `"%"` (no space before a
/// percent sign), nothing without a unit.
pub fn unit_after(unit: &str) -> String {
    match unit.trim() {
        "" => String::new(),
        "%" => "%".into(),
        u => format!(" {u}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_of_vietnamese_letters_matches_unicode() {
        let upper = "AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ ÇÑÖÜ";
        assert_eq!(lower(upper), upper.to_lowercase());
        assert_eq!(lower("Năm 2025, QUÝ III"), "năm 2025, quý iii");
        // Already lower case, digits, signs and other scripts are unchanged.
        for ch in "ăđơưạỹ0-9%× ×Ωж".chars() {
            assert_eq!(lower_char(ch), ch);
        }
    }

    #[test]
    fn search_ignores_diacritics_and_case() {
        assert_eq!(fold("Kết nạp Đảng viên"), "ket nap dang vien");
        assert!(matches("Kết nạp đảng viên", "ket nap"));
        assert!(matches("Kết nạp đảng viên", "KẾT NẠP"));
        assert!(matches(
            "Tỷ lệ đảng viên được kiểm tra",
            "kiem tra dang vien"
        ));
        assert!(!matches("Kết nạp đảng viên", "khai tru"));
        // Decomposed input: e + combining circumflex + combining acute.
        assert!(matches("Kết nạp", "ke\u{302}\u{301}t"));
    }

    #[test]
    fn figures_in_each_language() {
        let d = Dec::parse("1200").unwrap();
        assert_eq!(Lang::Vi.num(d), "1.200");
        assert_eq!(Lang::En.num(d), "1,200");
        assert_eq!(Lang::Vi.pct(Dec::parse("79.61").unwrap()), "79,61%");
        assert_eq!(Lang::En.pct(Dec::parse("79.61").unwrap()), "79.61%");
    }

    /// The reports write "85,57%" and "953 ĐV": an indicator measured in
    /// percent showed "Thực hiện: 85,57 %" beside "80 % → 106,96%".
    #[test]
    fn a_percent_sign_follows_its_figure_without_a_space() {
        let d = Dec::parse("85.57").unwrap();
        assert_eq!(Lang::Vi.amount(d, "%"), "85,57%");
        assert_eq!(Lang::Vi.amount(d, " % "), "85,57%");
        assert_eq!(Lang::Vi.amount(Dec::parse("953").unwrap(), "ĐV"), "953 ĐV");
        assert_eq!(Lang::En.amount(Dec::parse("1200").unwrap(), ""), "1,200");
    }
}
