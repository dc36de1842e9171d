//! A serde_json error as a problem: its field path, line and column, and
//! its message as a plain sentence in Vietnamese and in English. Every shape
//! of serde_json message is mapped; a value from the file is quoted only as
//! a short excerpt.

use super::json_path::json_path_at;
use super::{excerpt, LoadError, Problem};
use chitieu_format::LANG_SEP;

/// A deserialisation error with the field path where it happened.
pub(super) fn located(file: &str, text: &str, e: &serde_json::Error) -> LoadError {
    let (vi, en) = translate(e);
    let (line, column) = (e.line(), e.column());
    LoadError::one(
        file,
        Problem {
            path: if line == 0 {
                String::new()
            } else {
                clip_path(&json_path_at(text, line, column))
            },
            line: Some(line),
            column: Some(column),
            vi,
            en,
        },
    )
}

/// A field path with each key cut to an excerpt: an unknown key may be long.
fn clip_path(path: &str) -> String {
    path.split('.').map(excerpt).collect::<Vec<_>>().join(".")
}

/// Turns a serde_json error into a Vietnamese and an English sentence.
fn translate(e: &serde_json::Error) -> (String, String) {
    let full = e.to_string();
    let msg = match full.rfind(" at line ") {
        Some(i) => full.get(..i).unwrap_or(&full),
        None => full.as_str(),
    };
    // The format's own messages come in both languages.
    if let Some((vi, en)) = msg.split_once(LANG_SEP) {
        return (clip_quoted(vi), clip_quoted(en));
    }
    sentence(msg).unwrap_or_else(|| {
        (
            format!(
                "dữ liệu không đọc được ở đây ({})",
                excerpt(&clip_quoted(msg))
            ),
            format!("the data cannot be read here ({})", clip_quoted(msg)),
        )
    })
}

/// The sentences for a known shape of message.
fn sentence(msg: &str) -> Option<(String, String)> {
    syntax(msg).or_else(|| data(msg))
}

/// A syntax message: the text is not well-formed JSON.
fn syntax(msg: &str) -> Option<(String, String)> {
    let pair = |vi: &str, en: &str| Some((vi.to_string(), en.to_string()));
    // Syntax: the text is not well-formed JSON.
    if let Some(what) = msg.strip_prefix("EOF while parsing ") {
        let (vi, en) = match what {
            "a list" => ("một danh sách [ … ]", "a list [ … ]"),
            "an object" => ("một đối tượng { … }", "an object { … }"),
            "a string" => ("một chuỗi \"…\"", "a text in quotes \"…\""),
            _ => ("một giá trị", "a value"),
        };
        return Some((
            format!("tệp bị cắt cụt: JSON kết thúc giữa chừng, trong {vi}"),
            format!("the file is cut short: the JSON ends in the middle of {en}"),
        ));
    }
    match msg {
        "expected `:`" => {
            pair(
                "thiếu dấu hai chấm `:` sau tên trường",
                "a colon `:` is missing after the field name",
            )
        }
        "expected `,` or `]`" => {
            pair(
                "cần dấu phẩy `,` hoặc dấu đóng danh sách `]` ở đây",
                "a comma `,` or the list's closing `]` is needed here",
            )
        }
        "expected `,` or `}`" => {
            pair(
                "cần dấu phẩy `,` hoặc dấu đóng đối tượng `}` ở đây",
                "a comma `,` or the object's closing `}` is needed here",
            )
        }
        "expected ident" => {
            pair(
                "từ không hợp lệ trong JSON: ngoài chuỗi trong ngoặc kép chỉ có true, false và null",
                "not a word JSON knows: outside quotes only true, false and null are allowed",
            )
        }
        "expected value" => {
            pair(
                "không phải JSON hợp lệ: ở đây cần một giá trị (số, chuỗi trong ngoặc kép, { … }, [ … ], true, false hoặc null)",
                "not valid JSON: a value is needed here (a number, a text in quotes, { … }, [ … ], true, false or null)",
            )
        }
        "expected `\"`" => {
            pair(
                "cần tên trường trong dấu ngoặc kép \"…\" ở đây",
                "a field name in double quotes \"…\" is needed here",
            )
        }
        "invalid escape" => {
            pair(
                "chuỗi có dấu `\\` (ký tự thoát) không hợp lệ; muốn viết dấu `\\` thì viết `\\\\`",
                "a text has a backslash `\\` escape that is not valid; write `\\\\` for a backslash",
            )
        }
        "invalid number" => pair("số viết sai cách", "a number is written wrongly"),
        "number out of range" => {
            pair(
                "số nằm ngoài phạm vi đọc được",
                "a number is beyond the range that can be read",
            )
        }
        "invalid unicode code point"
        | "lone leading surrogate in hex escape"
        | "unexpected end of hex escape" => {
            pair(
                "chuỗi có mã ký tự `\\u…` không hợp lệ hoặc không trọn vẹn",
                "a text has a `\\u…` character code that is not valid or not complete",
            )
        }
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            pair(
                "chuỗi chứa ký tự điều khiển (U+0000–U+001F, ví dụ xuống dòng hay tab) viết trực tiếp; hãy xóa ký tự đó",
                "a text holds a raw control character (U+0000–U+001F, such as a line break or tab); remove it",
            )
        }
        "key must be a string"
        | "invalid value: expected key to be a number in quotes"
        | "float key must be finite (got NaN or +/-inf)" => {
            pair(
                "tên trường phải là chuỗi trong dấu ngoặc kép \"…\"",
                "a field name must be a text in double quotes \"…\"",
            )
        }
        "trailing comma" => {
            pair(
                "dấu phẩy thừa trước dấu đóng `]` hoặc `}`",
                "an extra comma before the closing `]` or `}`",
            )
        }
        "trailing characters" => {
            pair(
                "còn ký tự thừa sau khi kết thúc JSON",
                "there are characters left after the end of the JSON",
            )
        }
        "recursion limit exceeded" => {
            pair(
                "dữ liệu lồng nhau quá sâu",
                "the data is nested too deeply",
            )
        }
        _ => None,
    }
}

/// A data message: well-formed JSON that does not fit the format.
fn data(msg: &str) -> Option<(String, String)> {
    if let Some(rest) = msg.strip_prefix("missing field ") {
        let f = quoted_part(rest, '`');
        return Some((
            format!("thiếu trường bắt buộc `{f}`"),
            format!("the required field `{f}` is missing"),
        ));
    }
    if let Some(rest) = msg.strip_prefix("duplicate field ") {
        let f = quoted_part(rest, '`');
        return Some((
            format!("trường `{f}` xuất hiện hai lần"),
            format!("the field `{f}` is given twice"),
        ));
    }
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let (got, allowed) = split_expected(rest);
        let f = quoted_part(got, '`');
        return Some(match allowed {
            Some(a) => (
                format!(
                    "trường `{f}` không có trong định dạng (các trường hợp lệ: {})",
                    names_vi(a)
                ),
                format!("unknown field `{f}`, expected {a}"),
            ),
            None => (
                format!("trường `{f}` không có trong định dạng (ở đây không có trường nào)"),
                format!("unknown field `{f}`: no fields are allowed here"),
            ),
        });
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let (got, allowed) = split_expected(rest);
        let v = quoted_part(got, '`');
        return Some(match allowed {
            Some(a) => (
                format!(
                    "giá trị `{v}` không hợp lệ (các giá trị hợp lệ: {})",
                    names_vi(a)
                ),
                format!(
                    "the value `{v}` is not allowed here (allowed: {})",
                    names_en(a)
                ),
            ),
            None => (
                format!("giá trị `{v}` không hợp lệ"),
                format!("the value `{v}` is not allowed here"),
            ),
        });
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (got, want) = split_expected(rest);
        let (got_vi, got_en) = unexpected(got);
        let (want_vi, want_en) = expected(want.unwrap_or(""));
        return Some((
            format!("sai kiểu dữ liệu: gặp {got_vi}, cần {want_vi}"),
            format!("wrong type: found {got_en}, expected {want_en}"),
        ));
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        let (got, want) = split_expected(rest);
        let (got_vi, got_en) = unexpected(got);
        let (want_vi, want_en) = expected(want.unwrap_or(""));
        return Some((
            format!("giá trị không hợp lệ: gặp {got_vi}, cần {want_vi}"),
            format!("value not allowed: found {got_en}, expected {want_en}"),
        ));
    }
    if let Some(rest) = msg.strip_prefix("invalid length ") {
        let (n, want) = split_expected(rest);
        let n = excerpt(n);
        let (want_vi, want_en) = expected(want.unwrap_or(""));
        return Some((
            format!("số phần tử không đúng: có {n}, cần {want_vi}"),
            format!("wrong number of elements: {n}, expected {want_en}"),
        ));
    }
    None
}

/// `got, expected want` (or `got, there are no …`) split at the comma.
fn split_expected(rest: &str) -> (&str, Option<&str>) {
    match rest.rfind(", expected ") {
        Some(i) => (
            rest.get(..i).unwrap_or(rest),
            rest.get(i.saturating_add(", expected ".len())..),
        ),
        None => (rest.split(", there are no ").next().unwrap_or(rest), None),
    }
}

/// The text between the first and last `q` of `s`, as an excerpt.
fn quoted_part(s: &str, q: char) -> String {
    let inner = match (s.find(q), s.rfind(q)) {
        (Some(a), Some(b)) if b > a => s.get(a.saturating_add(q.len_utf8())..b).unwrap_or(s),
        _ => s,
    };
    excerpt(inner)
}

/// serde's list of names (`one of `a`, `b``, `` `a` or `b` ``) in Vietnamese.
fn names_vi(list: &str) -> String {
    list.trim_start_matches("one of ")
        .replace("` or `", "` hoặc `")
}

/// serde's list of names in English, without "one of".
fn names_en(list: &str) -> String {
    list.trim_start_matches("one of ").to_string()
}

/// What was found, as serde names it (`integer `-1``, `string "…"`, `map`).
fn unexpected(s: &str) -> (String, String) {
    let s = s.trim();
    let value = || quoted_part(s, '`');
    if s.starts_with("string ") {
        let t = s
            .strip_prefix("string \"")
            .and_then(|t| t.strip_suffix('"'))
            .unwrap_or(s);
        let q = excerpt(t);
        return (format!("chuỗi «{q}»"), format!("the text «{q}»"));
    }
    let (vi, en) = if s.starts_with("integer ") {
        ("số nguyên", "the whole number")
    } else if s.starts_with("floating point ") {
        ("số", "the number")
    } else if s.starts_with("boolean ") {
        ("giá trị đúng/sai", "the boolean")
    } else if s.starts_with("character ") {
        ("ký tự", "the character")
    } else {
        let (vi, en) = match s {
            "null" | "unit value" => ("null (trống)", "null"),
            "sequence" => ("một danh sách [ … ]", "a list [ … ]"),
            "map" => ("một đối tượng { … }", "an object { … }"),
            _ => ("một giá trị khác", "another kind of value"),
        };
        return (vi.to_string(), en.to_string());
    };
    let v = value();
    (format!("{vi} `{v}`"), format!("{en} `{v}`"))
}

/// What was expected, as serde names it (`u32`, `a string`, `struct Dataset`).
fn expected(s: &str) -> (String, String) {
    let s = s.trim();
    let (vi, en) = match s {
        "a string" | "a borrowed string" | "a character" => ("một chuỗi", "a text"),
        "a sequence" => ("một danh sách [ … ]", "a list [ … ]"),
        "a map" => ("một đối tượng { … }", "an object { … }"),
        "a boolean" => ("true hoặc false", "true or false"),
        "a number or a decimal string" => (
            "một số hoặc chuỗi số thập phân",
            "a number or a decimal number in quotes",
        ),
        "u8" | "u16" | "u32" | "u64" | "usize" => (
            "một số nguyên không âm (0, 1, 2, …)",
            "a whole number from 0 (0, 1, 2, …)",
        ),
        "i8" | "i16" | "i32" | "i64" | "isize" => ("một số nguyên", "a whole number"),
        "f32" | "f64" => ("một số", "a number"),
        _ if s.starts_with("struct ") => {
            if let Some(n) = s.split(" with ").nth(1) {
                let n = n.trim_end_matches(" elements").trim_end_matches(" element");
                return (
                    format!("một đối tượng {{ … }} ({n} phần tử)"),
                    format!("an object {{ … }} ({n} elements)"),
                );
            }
            ("một đối tượng { … }", "an object { … }")
        }
        _ if s.starts_with("enum ") || s.ends_with("identifier") => (
            "một tên trong danh sách cho phép",
            "one of the allowed names",
        ),
        _ => ("một giá trị khác", "another kind of value"),
    };
    (vi.to_string(), en.to_string())
}

/// A message with every quoted value (between backticks or double quotes)
/// cut to an excerpt, and the whole to a few excerpts' length.
fn clip_quoted(msg: &str) -> String {
    let mut out = String::new();
    let mut rest = msg;
    while let Some(i) = rest.find(['`', '"']) {
        let q = rest.get(i..).and_then(|r| r.chars().next()).unwrap_or('"');
        let after = rest.get(i.saturating_add(1)..).unwrap_or("");
        out.push_str(rest.get(..=i).unwrap_or(""));
        match after.find(q) {
            Some(j) => {
                out.push_str(&excerpt(after.get(..j).unwrap_or("")));
                out.push(q);
                rest = after.get(j.saturating_add(1)..).unwrap_or("");
            }
            None => {
                out.push_str(&excerpt(after));
                rest = "";
            }
        }
    }
    out.push_str(rest);
    let mut chars = out.chars();
    let short: String = chars.by_ref().take(MAX_MESSAGE).collect();
    if chars.next().is_some() {
        format!("{short}…")
    } else {
        short
    }
}

/// Most characters of a message built from a parser's text.
const MAX_MESSAGE: usize = 400;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_values_are_cut_to_an_excerpt() {
        let long = "x".repeat(100_000);
        let m = clip_quoted(&format!("\"{long}\" không phải là số"));
        assert!(m.chars().count() < 80, "{m}");
        assert!(m.contains('…'));
    }
}
