//! `chitieu check` as the staff who prepare exports run it.

use std::process::{Command, Output};

fn chitieu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chitieu"))
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .args(args)
        .output()
        .expect("run chitieu")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

const SAMPLES: [&str; 3] = [
    "data/giua-nhiem-ky-2023.json",
    "data/quy-3-2023.json",
    "data/huyen-2023.json",
];

#[test]
fn valid_samples_exit_0_with_one_json_line_per_indicator() {
    let mut args = vec!["check", "--json"];
    args.extend(SAMPLES);
    let o = chitieu(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.len() > 150, "{} lines", lines.len());
    for l in &lines {
        for key in [
            "file", "unit", "id", "name", "measure", "actual", "targets", "status", "warnings",
        ] {
            assert!(l.get(key).is_some(), "missing {key} in {l}");
        }
    }
    let ket_nap = lines
        .iter()
        .find(|l| l["file"] == "data/giua-nhiem-ky-2023.json" && l["id"] == "ket-nap")
        .unwrap();
    assert_eq!(ket_nap["measure"], "ĐV");
    assert_eq!(ket_nap["actual"], "953");
    assert_eq!(ket_nap["targets"][0]["label"], "Chỉ tiêu nghị quyết");
    assert_eq!(ket_nap["targets"][0]["value"], "1200");
    assert_eq!(ket_nap["targets"][0]["achievement_pct"], "79.42");
    assert_eq!(ket_nap["status"], "on_track");
    assert_eq!(ket_nap["warnings"][0]["code"], "achievement_mismatch");
    assert!(ket_nap["warnings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("79,61"));
}

#[test]
fn invalid_file_exits_1_with_path_line_column_and_message() {
    let dir = std::env::temp_dir().join(format!("chitieu-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("hong.json");
    let good = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../data/quy-3-2023.json"
    ))
    .unwrap();
    std::fs::write(
        &bad,
        good.replacen("\"value\": 88", "\"value\": \"tám mươi tám\"", 1),
    )
    .unwrap();
    let bad = bad.to_str().unwrap();
    let o = chitieu(&["check", "--json", bad, "data/huyen-2023.json"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["file"], bad);
    let err = &first["error"];
    assert!(
        err["path"].as_str().unwrap().ends_with("values[0].value"),
        "{err}"
    );
    assert!(
        err["line"].as_u64().unwrap() > 1 && err["column"].as_u64().unwrap() > 1,
        "{err}"
    );
    assert!(
        err["message"].as_str().unwrap().contains("tám mươi tám"),
        "{err}"
    );
    // The valid file after it is still checked.
    assert!(out.lines().count() > 50);
    let table = stdout(&chitieu(&["check", bad]));
    assert!(table.starts_with("LỖI "), "{table}");
}

#[test]
fn missing_file_is_an_error_not_a_crash() {
    let o = chitieu(&["check", "data/khong-co.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("không đọc được tệp"));
}

#[test]
fn table_shows_figures_in_vietnamese_format_with_warnings() {
    let o = chitieu(&["check", SAMPLES[0]]);
    assert_eq!(o.status.code(), Some(0));
    let t = stdout(&o);
    assert!(t.contains("953 ĐV"), "{t}");
    assert!(t.contains("1.200 → 79,42%, báo cáo ghi 79,61%"), "{t}");
    assert!(
        t.contains("⚠ Năm 2022: tỷ lệ các loại cộng lại được 102,31%"),
        "{t}"
    );
    assert!(t.contains("Năm 2022 94,23 (không đạt)"), "{t}");
    let en = stdout(&chitieu(&["check", "--lang", "en", SAMPLES[0]]));
    assert!(en.contains("1,200 → 79.42%, printed 79.61%"), "{en}");
}

#[test]
fn schema_command_prints_the_committed_schema() {
    let o = chitieu(&["schema"]);
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/schema.json"))
            .unwrap();
    assert_eq!(stdout(&o), committed);
}

#[test]
fn import_turns_the_appendix_table_into_an_export_and_lists_what_it_did_not_understand() {
    let out = std::env::temp_dir().join(format!("chitieu-import-{}.json", std::process::id()));
    let o = chitieu(&[
        "import",
        "core/tests/tables/phu-luc.csv",
        "-o",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    // What was assumed is listed by cell: the target of the quality rating on row 24.
    assert!(stderr.contains("phu-luc.csv:B24:"), "{stderr}");
    // Each row's inference in words: members are a level, their latest figure.
    assert!(
        stderr.contains("phu-luc.csv:B28: số tại một thời điểm: lấy số cuối kỳ"),
        "{stderr}"
    );
    assert!(stderr.contains("đã nhập"), "{stderr}");
    // The export it wrote passes `chitieu check`, which finds the report's own errors.
    let o = chitieu(&["check", out.to_str().unwrap()]);
    let table = stdout(&o);
    assert!(table.contains("Kết nạp đảng viên"), "{table}");
    assert!(table.contains("79,61"), "{table}");
    let _ = std::fs::remove_file(&out);
    // A table without a header row: exit 1 and say what is missing.
    let bad = std::env::temp_dir().join(format!("chitieu-bad-{}.csv", std::process::id()));
    std::fs::write(&bad, "a,b\n1,2\n").unwrap();
    let o = chitieu(&["import", bad.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("header"));
    let _ = std::fs::remove_file(&bad);
}

#[test]
fn import_takes_the_unit_s_name_and_a_row_s_meaning_from_flags_or_a_choices_file() {
    let dir = std::env::temp_dir();
    let out = dir.join(format!("chitieu-choices-{}.json", std::process::id()));
    let file = dir.join(format!("chitieu-choices-{}.txt", std::process::id()));
    std::fs::write(&file, "# lựa chọn\n28: cong-don\n").unwrap();
    let o = chitieu(&[
        "import",
        "core/tests/tables/phu-luc.csv",
        "--unit",
        "Đảng bộ Khối các Cơ quan – Doanh nghiệp tỉnh",
        "--row",
        "32=cong-don",
        "--choices",
        file.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("B28: số phát sinh: cộng dồn các năm (theo lựa chọn"),
        "{stderr}"
    );
    let json = std::fs::read_to_string(&out).unwrap();
    assert!(
        json.contains("\"name\": \"Đảng bộ Khối các Cơ quan – Doanh nghiệp tỉnh\""),
        "{json}"
    );
    let o = chitieu(&[
        "import",
        "core/tests/tables/phu-luc.csv",
        "--row",
        "28=moi-nam",
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cuoi-ky"));
    let _ = std::fs::remove_file(&out);
    let _ = std::fs::remove_file(&file);
}

#[test]
fn a_zero_ceiling_prints_its_status_not_an_empty_percentage() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/corpus/zero-ceiling.json"
    );
    let t = stdout(&chitieu(&["check", file]));
    let line = t
        .lines()
        .find(|l| l.contains(": 0 →"))
        .unwrap_or_else(|| panic!("{t}"));
    assert!(!line.trim_end().ends_with('→'), "{line}");
    assert!(
        line.contains("Đạt chỉ tiêu") || line.contains("Không đạt"),
        "{line}"
    );
}
