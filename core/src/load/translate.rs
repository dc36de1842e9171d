//! A serde_json error as a problem: its field path, line and column, and
//! its message in Vietnamese and English.

use super::json_path::json_path_at;
use super::{LoadError, Problem};
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
                json_path_at(text, line, column)
            },
            line: Some(line),
            column: Some(column),
            vi,
            en,
        },
    )
}

/// Turns a serde_json error into a Vietnamese and an English sentence.
fn translate(e: &serde_json::Error) -> (String, String) {
    let full = e.to_string();
    let msg = match full.rfind(" at line ") {
        Some(i) => &full[..i],
        None => full.as_str(),
    };
    if let Some((vi, en)) = msg.split_once(LANG_SEP) {
        return (vi.to_string(), en.to_string());
    }
    let en = msg.to_string();
    let between = |s: &str| s.split('`').nth(1).unwrap_or("").to_string();
    let vi = if let Some(rest) = msg.strip_prefix("missing field ") {
        format!("thiếu trường bắt buộc {rest}")
    } else if msg.starts_with("unknown field") {
        let allowed = msg.split_once("expected ").map(|x| x.1).unwrap_or("");
        format!(
            "trường `{}` không có trong định dạng (các trường hợp lệ: {})",
            between(msg),
            allowed.trim_start_matches("one of ")
        )
    } else if msg.starts_with("unknown variant") {
        let allowed = msg.split_once("expected ").map(|x| x.1).unwrap_or("");
        format!(
            "giá trị `{}` không hợp lệ (các giá trị hợp lệ: {})",
            between(msg),
            allowed.trim_start_matches("one of ")
        )
    } else if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, ""));
        format!(
            "sai kiểu dữ liệu: gặp {}, cần {}",
            vi_kind(got),
            vi_kind(want)
        )
    } else if let Some(rest) = msg.strip_prefix("invalid value: ") {
        format!("giá trị không hợp lệ: {rest}")
    } else if msg.starts_with("duplicate field") {
        format!("trường `{}` xuất hiện hai lần", between(msg))
    } else if msg.starts_with("EOF while parsing") {
        "tệp bị cắt cụt: JSON kết thúc giữa chừng".to_string()
    } else if msg.starts_with("recursion limit exceeded") {
        "dữ liệu lồng nhau quá sâu".to_string()
    } else if msg.starts_with("trailing characters") {
        "còn ký tự thừa sau khi kết thúc JSON".to_string()
    } else if msg.starts_with("invalid length") {
        format!("số phần tử không đúng: {msg}")
    } else if e.is_syntax() {
        format!("lỗi cú pháp JSON: {msg}")
    } else {
        format!("dữ liệu không hợp lệ: {msg}")
    };
    (vi, en)
}

fn vi_kind(s: &str) -> String {
    let s = s.trim();
    let map = [
        ("a string", "một chuỗi"),
        ("string ", "chuỗi "),
        ("integer ", "số nguyên "),
        ("floating point ", "số "),
        ("boolean ", "giá trị đúng/sai "),
        ("a sequence", "một danh sách"),
        ("sequence", "danh sách"),
        ("a map", "một đối tượng"),
        ("map", "đối tượng"),
        ("null", "null"),
        ("u32", "số nguyên không âm"),
        ("u8", "số nguyên nhỏ không âm"),
        ("i32", "số nguyên"),
        (
            "a number or a decimal string",
            "một số hoặc chuỗi số thập phân",
        ),
        ("a boolean", "đúng/sai"),
    ];
    for (en, vi) in map {
        if let Some(rest) = s.strip_prefix(en) {
            return format!("{vi}{rest}");
        }
    }
    s.to_string()
}
