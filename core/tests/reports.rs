//! The core against the three source reports and against malformed exports.
//! One test binary; each test is named after what it guards.

use chitieu_core::compute::PeriodOutcome;
use chitieu_core::compute::*;
use chitieu_core::evaluate::*;
use chitieu_core::load::*;
use chitieu_core::text::*;
use chitieu_format::dec::*;

fn data(name: &str) -> Loaded {
    let path = format!("{}/../data/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    load(name, &bytes).unwrap_or_else(|e| panic!("{e}"))
}

const SAMPLES: [&str; 3] = [
    "giua-nhiem-ky-2023.json",
    "quy-3-2023.json",
    "huyen-2023.json",
];

fn find<'a>(rows: &'a [Row<'a>], unit: &str, id: &str) -> &'a Row<'a> {
    rows.iter()
        .find(|r| r.unit.id == unit && r.indicator.id == id)
        .unwrap_or_else(|| panic!("no indicator {unit}/{id}"))
}

fn d(s: &str) -> Dec {
    Dec::parse(s).unwrap()
}

#[test]
fn schema_json_matches_the_rust_types() {
    let path = format!("{}/../data/schema.json", env!("CARGO_MANIFEST_DIR"));
    let on_disk = std::fs::read_to_string(&path).unwrap();
    assert!(
        on_disk == chitieu_core::schema_json(),
        "data/schema.json has drifted from the Rust types; regenerate it with `cargo run -p chitieu -- schema > data/schema.json`"
    );
}

#[test]
fn every_sample_export_loads_with_a_source_note_on_every_indicator() {
    for name in SAMPLES {
        let l = data(name);
        let rows = evaluate_all(&l);
        assert!(rows.len() > 40, "{name}: only {} indicators", rows.len());
        let sources: Vec<&str> = l.export.sources.iter().map(|s| s.id.as_str()).collect();
        for r in &rows {
            assert!(
                sources.contains(&r.indicator.source.doc.as_str()),
                "{name}/{}",
                r.indicator.id
            );
        }
    }
}

/// Every figure that does not add up in the three reports, found by general
/// rules. The list is the expectation; the rules know none of it.
#[test]
fn every_inconsistency_in_the_reports_is_found_and_nothing_else() {
    let expected: &[(&str, &str, &str)] = &[
        ("giua-nhiem-ky-2023.json", "ket-nap", "achievement_mismatch"),
        (
            "giua-nhiem-ky-2023.json",
            "hoc-tap-cap-uy",
            "total_vs_periods",
        ),
        ("giua-nhiem-ky-2023.json", "sinh-hoat", "total_vs_periods"),
        ("giua-nhiem-ky-2023.json", "sinh-hoat", "restated_differs"),
        (
            "giua-nhiem-ky-2023.json",
            "chuyen-sinh-hoat",
            "parts_vs_whole",
        ),
        ("giua-nhiem-ky-2023.json", "chuyen-den", "total_vs_periods"),
        ("giua-nhiem-ky-2023.json", "chuyen-den", "restated_differs"),
        (
            "giua-nhiem-ky-2023.json",
            "xoa-ten-khai-tru",
            "total_vs_periods",
        ),
        (
            "giua-nhiem-ky-2023.json",
            "xoa-ten-khai-tru",
            "parts_vs_whole",
        ),
        (
            "giua-nhiem-ky-2023.json",
            "ty-le-kiem-tra",
            "total_vs_periods",
        ),
        (
            "giua-nhiem-ky-2023.json",
            "ty-le-kiem-tra",
            "restated_differs",
        ),
        ("giua-nhiem-ky-2023.json", "doan-vien", "restated_differs"),
        (
            "giua-nhiem-ky-2023.json",
            "chat-luong-doan",
            "shares_not_100",
        ),
        (
            "quy-3-2023.json",
            "lop-boi-duong",
            "derived_target_not_whole",
        ),
        ("quy-3-2023.json", "bai-thi-cap-tinh", "restated_differs"),
        ("huyen-2023.json", "hoc-vien", "derived_target_not_whole"),
        ("huyen-2023.json", "sang-kien", "derived_target_not_whole"),
    ];
    let mut found = Vec::new();
    for name in SAMPLES {
        let l = data(name);
        for r in evaluate_all(&l) {
            for w in &r.eval.warnings {
                assert!(!w.vi.is_empty() && !w.en.is_empty());
                assert!(
                    w.reported.is_some() && w.recomputed.is_some(),
                    "{}: {}",
                    r.indicator.id,
                    w.en
                );
                found.push((name.to_string(), r.indicator.id.clone(), w.code.to_string()));
            }
        }
    }
    let mut want: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    want.sort();
    found.sort();
    assert_eq!(found, want);
}

#[test]
fn admissions_79_61_percent_is_reported_against_79_42_recomputed() {
    let l = data("giua-nhiem-ky-2023.json");
    let rows = evaluate_all(&l);
    let r = find(&rows, "dang-bo-khoi", "ket-nap");
    let a = r.eval.actual.as_ref().unwrap();
    assert_eq!(a.value, d("953"));
    let t = &r.eval.targets;
    assert_eq!(t.len(), 3);
    assert_eq!(
        (t[0].value, t[0].achievement_pct),
        (d("1200"), Some(d("79.42")))
    );
    assert_eq!(t[0].reported_achievement_pct, Some(d("79.61")));
    assert_eq!(t[1].achievement_pct, Some(d("76.85")));
    assert_eq!(t[2].achievement_pct, Some(d("76.24")));
    let w = &r.eval.warnings[0];
    assert_eq!(
        (w.reported, w.recomputed),
        (Some(d("79.61")), Some(d("79.42")))
    );
    assert!(w.vi.contains("79,61") && w.vi.contains("79,42"), "{}", w.vi);
    // 42 of the term's 60 reporting months have passed at 30/6/2023.
    let p = t[0].progress.as_ref().unwrap();
    assert_eq!((p.elapsed_months, p.total_months), (42, 60));
    assert_eq!(p.expected, d("840"));
    assert_eq!(p.remaining, d("247"));
    // Whole people: 164,67 a year needed is 165, the projection 1.361,43 is 1.361.
    assert_eq!(p.needed_per_year, Some(d("165")));
    assert_eq!(p.projection, Some(d("1361")));
    assert_eq!(r.eval.status, Status::OnTrack);
}

#[test]
fn classes_for_new_members_need_13_more_in_the_remaining_one_and_a_half_years() {
    let l = data("giua-nhiem-ky-2023.json");
    let rows = evaluate_all(&l);
    let t = &find(&rows, "dang-bo-khoi", "lop-dang-vien-moi")
        .eval
        .targets[0];
    assert_eq!(t.achievement_pct, Some(d("48.00")));
    let p = t.progress.as_ref().unwrap();
    assert_eq!((p.remaining, p.remaining_months), (d("13"), 18));
    assert_eq!(t.status, Status::Behind);
}

#[test]
fn a_floor_missed_in_2022_fails_the_rating_target_even_though_the_average_passes() {
    let l = data("giua-nhiem-ky-2023.json");
    let rows = evaluate_all(&l);
    let r = find(&rows, "dang-bo-khoi", "chat-luong-co-so-dang");
    let t = &r.eval.targets[0];
    assert_eq!(t.achievement_pct, Some(d("102.22")));
    let fail: Vec<_> = t
        .periods
        .iter()
        .filter(|c| c.outcome == PeriodOutcome::Fail)
        .collect();
    assert_eq!(fail.len(), 1);
    assert_eq!(
        (fail[0].period.as_str(), fail[0].value),
        ("2022", d("94.23"))
    );
    assert_eq!(r.eval.status, Status::Missed);
}

#[test]
fn a_half_year_below_a_yearly_floor_is_pending_not_failed() {
    let l = data("giua-nhiem-ky-2023.json");
    let rows = evaluate_all(&l);
    let t = &find(&rows, "dang-bo-khoi", "ty-le-kiem-tra").eval.targets[0];
    let h1 = t.periods.iter().find(|c| c.period == "2023-h1").unwrap();
    assert_eq!((h1.outcome, h1.partial), (PeriodOutcome::Pending, true));
    assert!(t.periods.iter().all(|c| c.outcome != PeriodOutcome::Fail));
}

#[test]
fn shares_of_youth_union_ratings_adding_to_102_31_percent_are_flagged() {
    let l = data("giua-nhiem-ky-2023.json");
    let rows = evaluate_all(&l);
    let w = &find(&rows, "dang-bo-khoi", "chat-luong-doan").eval.warnings[0];
    assert_eq!(
        (w.period.as_deref(), w.reported),
        (Some("2022"), Some(d("102.31")))
    );
}

#[test]
fn removals_total_39_disagrees_with_its_periods_41_and_2022_with_its_parts() {
    let l = data("giua-nhiem-ky-2023.json");
    let rows = evaluate_all(&l);
    let ws = &find(&rows, "dang-bo-khoi", "xoa-ten-khai-tru")
        .eval
        .warnings;
    let total = ws.iter().find(|w| w.code == "total_vs_periods").unwrap();
    assert_eq!(
        (total.reported, total.recomputed),
        (Some(d("39")), Some(d("41")))
    );
    let y2022 = ws.iter().find(|w| w.code == "parts_vs_whole").unwrap();
    assert_eq!(
        (y2022.period.as_deref(), y2022.reported, y2022.recomputed),
        (Some("2022"), Some(d("12")), Some(d("10")))
    );
}

#[test]
fn nine_month_cumulative_figure_is_used_not_added_to_its_quarter() {
    let l = data("quy-3-2023.json");
    let rows = evaluate_all(&l);
    let r = find(&rows, "dang-bo-khoi", "doanh-thu");
    assert_eq!(r.eval.actual.as_ref().unwrap().value, d("27581"));
    let t = &r.eval.targets[0];
    assert!(t.derived);
    assert_eq!(t.achievement_pct, Some(d("87.96")));
    assert_eq!(r.eval.status, Status::OnTrack);
}

#[test]
fn a_target_stated_only_as_104_4_percent_is_derived_as_exactly_250() {
    let l = data("quy-3-2023.json");
    let rows = evaluate_all(&l);
    let t = &find(&rows, "dang-bo-khoi", "ket-nap").eval.targets[0];
    assert_eq!(
        (t.value, t.derived, t.status),
        (d("250"), true, Status::Exceeded)
    );
}

#[test]
fn done_of_planned_inspections_5_of_7_are_behind_pace_at_nine_months() {
    let l = data("quy-3-2023.json");
    let rows = evaluate_all(&l);
    let r = find(&rows, "dang-bo-khoi", "cuoc-kiem-tra");
    assert_eq!(r.eval.actual.as_ref().unwrap().value, d("5"));
    assert_eq!(r.eval.targets[0].achievement_pct, Some(d("71.43")));
    assert_eq!(r.eval.status, Status::Behind);
}

#[test]
fn district_units_keep_their_rankings_and_unranked_units_say_so() {
    let l = data("huyen-2023.json");
    assert_eq!(l.export.units.len(), 14);
    let rows = evaluate_all(&l);
    let r = find(&rows, "ban-to-chuc", "xep-hang");
    assert_eq!(r.indicator.values[0].value, Some(d("5")));
    assert_eq!(r.indicator.values[0].text.as_deref(), Some("Năm"));
    let u = find(&rows, "ubkt", "xep-hang");
    assert_eq!(u.indicator.values[0].value, None);
    assert!(u.indicator.values[0]
        .text
        .as_deref()
        .unwrap()
        .contains("Không thuộc"));
    assert_eq!(
        find(&rows, "mttq", "xep-hang").indicator.values[0]
            .text
            .as_deref(),
        Some("Nhất")
    );
}

#[test]
fn excess_of_2_71_points_derives_a_75_percent_target() {
    let l = data("huyen-2023.json");
    let rows = evaluate_all(&l);
    let t = &find(&rows, "hoi-ccb", "tap-hop-cuu-quan-nhan").eval.targets[0];
    assert_eq!(
        (t.value, t.derived, t.achievement_pct),
        (d("75"), true, Some(d("103.61")))
    );
}

#[test]
fn blood_donations_at_27_5_percent_of_a_finished_year_are_missed() {
    let l = data("huyen-2023.json");
    let rows = evaluate_all(&l);
    assert_eq!(
        find(&rows, "hoi-chu-thap-do", "hien-mau").eval.status,
        Status::Missed
    );
}

// ---- exact numbers ---------------------------------------------------------

const MINIMAL: &str = r#"{
  "format": "chitieu", "version": 1,
  "dataset": {"id": "t", "title": "T", "organisation": "O", "as_of": "2023-06"},
  "sources": [{"id": "s", "title": "S"}],
  "periods": [{"id": "2023", "kind": "year", "year": 2023}],
  "units": [{"id": "u", "name": "U", "sections": [{"id": "a", "title": "A", "indicators": [
    {"id": "x", "name": "X", "kind": "money", "measure": {"unit": "tỷ đồng", "kind": "money"},
     "values": [{"period": "2023", "value": VALUE}],
     "targets": [{"label": "KH", "value": TARGET, "horizon": "2023"}],
     "source": {"doc": "s"}}
  ]}]}]
}"#;

fn minimal(value: &str, target: &str) -> String {
    MINIMAL.replace("VALUE", value).replace("TARGET", target)
}

fn first_value(l: &Loaded) -> Dec {
    l.export.units[0].sections[0].indicators[0].values[0]
        .value
        .unwrap()
}

#[test]
fn long_decimals_survive_unchanged_as_numbers_and_as_strings() {
    for text in ["117.63331139400017", "\"117.63331139400017\""] {
        let l = load("t.json", minimal(text, "100").as_bytes()).unwrap();
        assert_eq!(first_value(&l).to_plain(), "117.63331139400017");
    }
    let l = load(
        "t.json",
        minimal("12345678901234567890.12345678", "1").as_bytes(),
    )
    .unwrap();
    assert_eq!(first_value(&l).to_plain(), "12345678901234567890.12345678");
    let l = load("t.json", minimal("0.30000000000000004", "1").as_bytes()).unwrap();
    assert_eq!(first_value(&l).to_plain(), "0.30000000000000004");
}

#[test]
fn printed_trailing_zeros_are_kept() {
    let l = load("t.json", minimal("19.40", "1").as_bytes()).unwrap();
    assert_eq!(first_value(&l).fmt_vi(), "19,40");
}

// ---- malformed input -------------------------------------------------------

fn problems(bytes: &[u8]) -> LoadError {
    load("bad.json", bytes).expect_err("must be refused")
}

#[test]
fn truncated_file_names_line_and_column() {
    let text = minimal("1", "1");
    let e = problems(&text.as_bytes()[..text.len() / 2]);
    assert_eq!(e.file, "bad.json");
    let p = &e.problems[0];
    assert!(p.line.is_some() && p.column.is_some());
    assert!(p.vi.contains("cắt cụt"), "{}", p.vi);
}

#[test]
fn wrong_type_names_the_field_path() {
    let e = problems(minimal("true", "1").as_bytes());
    let p = &e.problems[0];
    assert_eq!(p.path, "units[0].sections[0].indicators[0].values[0].value");
    assert!(p.vi.contains("sai kiểu"), "{}", p.vi);
    assert!(
        e.render(Lang::Vi).starts_with("bad.json:"),
        "{}",
        e.render(Lang::Vi)
    );
}

#[test]
fn vietnamese_decimal_comma_in_a_string_gets_a_hint() {
    let e = problems(minimal("\"98,49\"", "1").as_bytes());
    assert!(
        e.problems[0].vi.contains("dấu chấm"),
        "{}",
        e.problems[0].vi
    );
    assert!(
        e.problems[0].en.contains("decimal point"),
        "{}",
        e.problems[0].en
    );
}

#[test]
fn unknown_field_is_an_error_naming_it() {
    let text = minimal("1", "1").replace("\"label\": \"KH\"", "\"label\": \"KH\", \"valeu\": 3");
    let e = problems(text.as_bytes());
    assert!(
        e.problems[0].path.ends_with("targets[0].valeu"),
        "{}",
        e.problems[0].path
    );
    assert!(e.problems[0].vi.contains("valeu"), "{}", e.problems[0].vi);
}

#[test]
fn zero_or_negative_target_is_refused() {
    for t in ["0", "-5"] {
        let e = problems(minimal("1", t).as_bytes());
        assert!(
            e.problems
                .iter()
                .any(|p| p.path.ends_with("targets[0].value") && p.vi.contains("lớn hơn 0")),
            "{e}"
        );
    }
}

#[test]
fn unknown_period_and_duplicate_ids_are_refused() {
    let text = minimal("1", "1").replace("\"horizon\": \"2023\"", "\"horizon\": \"2024\"");
    let e = problems(text.as_bytes());
    assert!(
        e.problems[0].path.ends_with("targets[0].horizon") && e.problems[0].vi.contains("2024"),
        "{e}"
    );
    let text = minimal("1", "1").replace(
        r#"{"id": "2023", "kind": "year", "year": 2023}"#,
        r#"{"id": "2023", "kind": "year", "year": 2023}, {"id": "2023", "kind": "year", "year": 2022}"#,
    );
    let e = problems(text.as_bytes());
    assert!(e.problems.iter().any(|p| p.vi.contains("bị trùng")), "{e}");
}

#[test]
fn numbers_beyond_the_decimal_range_are_refused_not_rounded() {
    let e = problems(minimal("1e40", "1").as_bytes());
    assert!(e.problems[0].path.ends_with("value"), "{e}");
    let e = problems(minimal("123456789012345678901234567890.5", "1").as_bytes());
    assert!(e.problems[0].vi.contains("phạm vi"), "{e}");
}

#[test]
fn invalid_utf8_and_empty_files_are_refused_with_a_message() {
    let mut bytes = minimal("1", "1").into_bytes();
    bytes[40] = 0xff;
    assert!(problems(&bytes).problems[0].vi.contains("UTF-8"));
    assert!(problems(b"").problems[0].vi.contains("rỗng"));
    assert!(problems(b"   \n").problems[0].vi.contains("rỗng"));
}

#[test]
fn ten_thousand_deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let e = problems(deep.as_bytes());
    assert!(!e.problems.is_empty());
    let nested = minimal("1", "1").replace(
        "\"source\": {\"doc\": \"s\"}}",
        &format!(
            "\"source\": {{\"doc\": \"s\"}}, \"parts\": {}{}}}",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
    );
    assert!(!problems(nested.as_bytes()).problems.is_empty());
}

#[test]
fn html_in_labels_is_kept_as_plain_text() {
    let text = minimal("1", "1").replace(
        "\"name\": \"X\"",
        "\"name\": \"<img src=x onerror=alert(1)>\"",
    );
    let l = load("t.json", text.as_bytes()).unwrap();
    assert_eq!(
        l.export.units[0].sections[0].indicators[0].name,
        "<img src=x onerror=alert(1)>"
    );
}

#[test]
fn csv_of_admissions_has_a_bom_and_plain_numbers_not_vietnamese_text() {
    let l = data("giua-nhiem-ky-2023.json");
    let rows = evaluate_all(&l);
    let r = find(&rows, "dang-bo-khoi", "ket-nap");
    let table = chitieu_core::csv::indicator_table(&l, r.indicator, Lang::Vi);
    let csv = chitieu_core::csv::cells_document(&table);
    assert!(csv.starts_with("\u{feff}\"Chỉ tiêu\",\"Kỳ\""), "{csv}");
    assert!(
        csv.contains("\"Kết nạp đảng viên\",\"6 tháng đầu năm 2023\",\"203\",\"ĐV\"\r\n"),
        "{csv}"
    );
    // 1.200 on screen, 1200 for a machine.
    assert!(
        csv.contains("\"Chỉ tiêu nghị quyết (Nhiệm kỳ 2020–2025)\",\"1200\""),
        "{csv}"
    );
    assert!(!csv.contains("1.200"), "{csv}");
}

/// The field path of a deserialisation error is read from where serde_json
/// stopped, not tracked while reading; these are the cases that could go astray.
#[test]
fn error_paths_found_from_the_position_name_the_right_field() {
    let path = |text: String| problems(text.as_bytes()).problems[0].path.clone();
    // A wrong type, in an array element after a string holding `,` `{` `"`.
    let text = minimal("1", "1").replace(r#""name": "X""#, r#""name": "X, {\"quoted\"} [1]""#);
    let text = text.replace(r#""value": 1}]"#, r#""value": 1, "qualifier": 5}]"#);
    assert_eq!(
        path(text),
        "units[0].sections[0].indicators[0].values[0].qualifier"
    );
    // A missing field names the object that lacks it.
    let text = minimal("1", "1").replace(r#", "horizon": "2023""#, "");
    assert_eq!(path(text), "units[0].sections[0].indicators[0].targets[0]");
    // An unknown field names the key itself.
    let text = minimal("1", "1").replace(r#""id": "u","#, r#""id": "u", "ten": 1,"#);
    assert_eq!(path(text), "units[0].ten");
    // A second element of the top-level lists.
    let text = minimal("1", "1").replace(
        r#"{"id": "2023", "kind": "year", "year": 2023}"#,
        r#"{"id": "2023", "kind": "year", "year": 2023}, {"id": "2024", "kind": "year", "year": "2024"}"#,
    );
    assert_eq!(path(text), "periods[1].year");
    // A number beyond the decimal range names its field, not serde_json's internals.
    assert_eq!(
        path(minimal("1e40", "1")),
        "units[0].sections[0].indicators[0].values[0].value"
    );
}

#[test]
fn presenters_sentence_says_achievement_and_what_remains() {
    let l = data("giua-nhiem-ky-2023.json");
    let rows = evaluate_all(&l);
    let row = rows
        .iter()
        .find(|r| r.indicator.id == "lop-dang-vien-moi")
        .unwrap();
    assert_eq!(
        chitieu_core::describe::summary_sentence(&l, row, Lang::Vi),
        "Bồi dưỡng lý luận chính trị dành cho đảng viên mới: 12/25 Lớp, đạt 48% chỉ tiêu nghị quyết; cần thêm 13 Lớp trong 1,5 năm còn lại"
    );
    let row = rows
        .iter()
        .find(|r| r.indicator.id == "chat-luong-co-so-dang")
        .unwrap();
    let s = chitieu_core::describe::summary_sentence(&l, row, Lang::Vi);
    assert!(s.ends_with("không đạt: Năm 2022"), "{s}");
    let en = chitieu_core::describe::summary_sentence(
        &l,
        rows.iter().find(|r| r.indicator.id == "ket-nap").unwrap(),
        Lang::En,
    );
    assert!(
        en.contains("953/1,200 ĐV, 79.42% of the chỉ tiêu nghị quyết"),
        "{en}"
    );
}

fn corpus(name: &str) -> Vec<u8> {
    let path = format!("{}/../tests/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn corpus_value(name: &str) -> serde_json::Value {
    serde_json::from_slice(&corpus(name)).unwrap()
}

fn load_value(v: &serde_json::Value) -> Result<Loaded, LoadError> {
    load("t.json", serde_json::to_string(v).unwrap().as_bytes())
}

#[test]
fn a_derived_target_of_zero_or_below_is_shown_but_not_judged() {
    // Actual 5 %, printed "vượt 7": the target would be −2 and "exceeded".
    let l = load("d.json", &corpus("derived-target-negative.json")).unwrap();
    let rows = evaluate_all(&l);
    let r = find(&rows, "xa-a", "sinh-hoat");
    let t = &r.eval.targets[0];
    assert_eq!(t.value, d("-2"));
    assert!(t.derived);
    assert_eq!(t.achievement_pct, None);
    assert_eq!(t.status, Status::NoTarget);
    assert_eq!(r.eval.status, Status::NoTarget);
    let w = r
        .eval
        .warnings
        .iter()
        .find(|w| w.code == "derived_target_not_positive")
        .expect("a warning");
    assert!(
        w.vi.contains("vượt 7") && w.vi.contains("không thể đúng"),
        "{}",
        w.vi
    );
    assert!(w.en.contains("cannot be right"), "{}", w.en);
    assert_eq!(w.recomputed, Some(d("-2")));
    // The same from a printed achievement on a loss: −50 at 50% gives −100.
    let mut v = corpus_value("derived-target-negative.json");
    let ind = &mut v["units"][0]["sections"][0]["indicators"][0];
    ind["kind"] = "money".into();
    ind["measure"] = serde_json::json!({"unit": "tỷ đồng", "kind": "money"});
    ind["values"][0]["value"] = (-50).into();
    ind["targets"][0]["reported"] = serde_json::json!({"achievement_pct": 50});
    let l = load_value(&v).unwrap();
    let rows = evaluate_all(&l);
    let r = find(&rows, "xa-a", "sinh-hoat");
    assert_eq!(r.eval.targets[0].achievement_pct, None);
    assert_eq!(r.eval.status, Status::NoTarget);
    assert!(r
        .eval
        .warnings
        .iter()
        .any(|w| w.code == "derived_target_not_positive"));
}

#[test]
fn a_count_of_zero_with_a_printed_achievement_is_warned_once_not_twice() {
    // 0 at 50% gives a target of 0: "not positive" says it; "not whole" would repeat it.
    let mut v = corpus_value("derived-target-negative.json");
    let ind = &mut v["units"][0]["sections"][0]["indicators"][0];
    ind["kind"] = "count".into();
    ind["measure"] = serde_json::json!({"unit": "ĐV", "kind": "count"});
    ind["values"][0]["value"] = 0.into();
    ind["targets"][0]["reported"] = serde_json::json!({"achievement_pct": 50});
    let l = load_value(&v).unwrap();
    let rows = evaluate_all(&l);
    let r = find(&rows, "xa-a", "sinh-hoat");
    let codes: Vec<&str> = r.eval.warnings.iter().map(|w| w.code).collect();
    assert!(codes.contains(&"derived_target_not_positive"), "{codes:?}");
    assert!(!codes.contains(&"derived_target_not_whole"), "{codes:?}");
}

#[test]
fn a_zero_ceiling_is_met_at_zero_and_missed_above_with_no_percentage() {
    let mut v = corpus_value("zero-ceiling.json");
    for (actual, status) in [(0, Status::Met), (2, Status::Missed)] {
        v["units"][0]["sections"][0]["indicators"][0]["values"][0]["value"] = actual.into();
        let l = load_value(&v).unwrap();
        let rows = evaluate_all(&l);
        let r = find(&rows, "xa-a", "ky-luat");
        let t = &r.eval.targets[0];
        assert_eq!(t.value, Dec::ZERO);
        assert_eq!(t.status, status, "actual {actual}");
        assert_eq!(r.eval.status, status);
        assert_eq!(t.achievement_pct, None, "no percent of zero");
        assert_eq!(t.progress, None, "no pace to a ceiling of zero");
        assert!(r.eval.warnings.is_empty(), "{:?}", r.eval.warnings);
    }
    // Higher is better: a target of 0 is still refused, and so is −1 either way.
    v["units"][0]["sections"][0]["indicators"][0]["direction"] = "higher_is_better".into();
    let e = load_value(&v).unwrap_err();
    assert!(e.problems[0].vi.contains("lớn hơn 0"), "{e}");
    assert!(e.problems[0].path.ends_with("targets[0].value"), "{e}");
    v["units"][0]["sections"][0]["indicators"][0]["direction"] = "lower_is_better".into();
    v["units"][0]["sections"][0]["indicators"][0]["targets"][0]["value"] = (-1).into();
    let e = load_value(&v).unwrap_err();
    assert!(e.problems[0].vi.contains("lớn hơn 0"), "{e}");
}

#[test]
fn a_rate_over_100_percent_gets_a_warning_with_the_figure_and_period() {
    let l = load("r.json", &corpus("rate-over-100.json")).unwrap();
    let rows = evaluate_all(&l);
    let r = find(&rows, "xa-a", "sinh-hoat");
    let w: Vec<_> = r
        .eval
        .warnings
        .iter()
        .filter(|w| w.code == "rate_over_100")
        .collect();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].reported, Some(d("104.5")));
    assert_eq!(w[0].period.as_deref(), Some("2023"));
    assert!(
        w[0].vi.contains("104,5%") && w[0].vi.contains("Năm 2023"),
        "{}",
        w[0].vi
    );
    assert!(
        w[0].en.contains("104.5%") && w[0].en.contains("2023"),
        "{}",
        w[0].en
    );
    // An achievement over 100% is not a rate: the figures stay viewable, unwarned.
    assert!(r.eval.targets[0].achievement_pct > Some(Dec::ONE_HUNDRED));
}

#[test]
fn no_sample_rate_is_over_100_percent() {
    for name in SAMPLES {
        let l = data(name);
        for r in evaluate_all(&l) {
            assert!(
                r.eval
                    .warnings
                    .iter()
                    .all(|w| w.code != "rate_over_100" && w.code != "derived_target_not_positive"),
                "{name}: {}",
                r.indicator.id
            );
        }
    }
}

#[test]
fn two_periods_of_one_span_are_refused_naming_both_ids() {
    let e = load("s.json", &corpus("same-span-periods.json")).unwrap_err();
    let p = &e.problems[0];
    assert_eq!(p.path, "periods[1].id");
    assert!(
        p.vi.contains("`2023`") && p.vi.contains("`nam-2023`"),
        "{e}"
    );
    assert!(
        p.en.contains("`2023`") && p.en.contains("`nam-2023`"),
        "{e}"
    );
    // A range spelling out the same months as a year is the same span.
    let mut v = corpus_value("same-span-periods.json");
    v["periods"][1] = serde_json::json!({"id": "ca-nam", "kind": "range", "start": "2023-01", "end": "2023-12", "label": "Cả năm 2023"});
    v["units"][0]["sections"][0]["indicators"][0]["values"][1]["period"] = "ca-nam".into();
    let e = load_value(&v).unwrap_err();
    assert!(e.problems[0].vi.contains("`ca-nam`"), "{e}");
}

#[test]
fn an_export_without_indicators_is_refused() {
    for (name, path) in [
        ("no-units.json", "units"),
        ("unit-without-sections.json", "units[0].sections"),
        ("no-indicators.json", "units[0].sections[0].indicators"),
    ] {
        let e = load(name, &corpus(name)).unwrap_err();
        assert_eq!(e.problems[0].path, path);
        assert!(
            e.problems[0].vi.contains("tệp không có chỉ tiêu nào"),
            "{e}"
        );
        assert!(e.problems[0].en.contains("no indicators"), "{e}");
    }
}

#[test]
fn one_indicator_is_found_and_evaluated_as_among_all() {
    let l = data("giua-nhiem-ky-2023.json");
    let all = evaluate_all(&l);
    for r in &all {
        let one = chitieu_core::evaluate::row_of(&l, &r.unit.id, &r.indicator.id)
            .unwrap_or_else(|| panic!("{} found", r.indicator.id));
        assert_eq!(one.eval, r.eval);
        assert_eq!(one.depth, r.depth);
        assert_eq!(one.section.id, r.section.id);
    }
    assert!(chitieu_core::evaluate::row_of(&l, "dang-bo-khoi", "khong-co").is_none());
}

#[test]
fn a_distribution_missed_in_one_year_says_which_year_and_by_how_much() {
    let l = data("giua-nhiem-ky-2023.json");
    let rows = evaluate_all(&l);
    let r = find(&rows, "dang-bo-khoi", "chat-luong-co-so-dang");
    assert_eq!(r.eval.status, Status::Missed);
    let vi = chitieu_core::describe::status_reason(&l, r, Lang::Vi).unwrap();
    assert_eq!(vi, "không đạt: năm 2022 đạt 94,23%, dưới 95%");
    let en = chitieu_core::describe::status_reason(&l, r, Lang::En).unwrap();
    assert_eq!(en, "missed: 2022 was 94.23%, below 95%");
}

#[test]
fn a_count_behind_pace_says_what_the_pace_asks_and_a_met_target_needs_no_reason() {
    let l = data("quy-3-2023.json");
    let rows = evaluate_all(&l);
    let behind: Vec<_> = rows
        .iter()
        .filter(|r| r.eval.status == Status::Behind && r.eval.targets[0].progress.is_some())
        .collect();
    assert!(!behind.is_empty());
    for r in behind {
        let vi = chitieu_core::describe::status_reason(&l, r, Lang::Vi).unwrap();
        assert!(
            vi.starts_with("chậm tiến độ: ")
                && vi.contains("tiến độ cần")
                && vi.contains("sau 9/12 tháng"),
            "{vi}"
        );
    }
    for r in rows.iter().filter(|r| {
        matches!(
            r.eval.status,
            Status::Met | Status::Exceeded | Status::NoTarget
        )
    }) {
        assert_eq!(chitieu_core::describe::status_reason(&l, r, Lang::Vi), None);
    }
}

/// The reason of a missed count says the figure and the target once each,
/// not "10 chỉ tiêu so với chỉ tiêu 12 chỉ tiêu".
#[test]
fn a_missed_count_s_reason_does_not_repeat_its_unit_as_a_target() {
    let l = data("giua-nhiem-ky-2023.json");
    let rows = evaluate_all(&l);
    let r = find(&rows, "dang-bo-khoi", "chi-tieu-hoan-thanh");
    assert_eq!(r.eval.status, Status::Missed);
    let vi = chitieu_core::describe::status_reason(&l, r, Lang::Vi).unwrap();
    assert_eq!(vi, "không đạt: đạt 10 chỉ tiêu, dưới mức 12 chỉ tiêu");
    let en = chitieu_core::describe::status_reason(&l, r, Lang::En).unwrap();
    assert!(
        en.starts_with("missed: 10 ") && en.contains(", below the 12 "),
        "{en}"
    );
}

/// A rate's sentence says its figure once: "99,68% (chỉ tiêu nghị quyết
/// ≥ 100%)", not also "đạt 99,68% chỉ tiêu nghị quyết".
#[test]
fn a_rate_s_sentence_says_its_figure_once() {
    for file in [
        "giua-nhiem-ky-2023.json",
        "quy-3-2023.json",
        "huyen-2023.json",
    ] {
        let l = data(file);
        for r in evaluate_all(&l) {
            let percent = r
                .indicator
                .measure
                .as_ref()
                .is_some_and(|m| m.kind == chitieu_format::model::MeasureKind::Percent);
            let (Some(actual), false) = (r.eval.actual.as_ref(), r.eval.targets.is_empty()) else {
                continue;
            };
            if !percent {
                continue;
            }
            for lang in [Lang::Vi, Lang::En] {
                let s = chitieu_core::describe::summary_sentence(&l, &r, lang);
                // Outside the target's parenthesis, which may hold the same figure.
                let outside = match (s.find(" ("), s.rfind(')')) {
                    (Some(a), Some(b)) if a < b => format!("{}{}", &s[..a], &s[b..]),
                    _ => s.clone(),
                };
                let figure = lang.pct(actual.value);
                assert_eq!(outside.matches(figure.as_str()).count(), 1, "{s}");
            }
        }
    }
}

#[test]
fn english_names_the_term_as_the_report_does() {
    let l = data("giua-nhiem-ky-2023.json");
    assert_eq!(l.period_label("term", Lang::Vi), "Nhiệm kỳ 2020–2025");
    assert_eq!(l.period_label("term", Lang::En), "Term 2020–2025");
}

#[test]
fn derived_targets_of_whole_things_are_whole_3_75_classes_is_4() {
    let l = data("quy-3-2023.json");
    for r in evaluate_all(&l) {
        if !r.indicator.is_count() {
            continue;
        }
        for t in &r.eval.targets {
            assert!(t.value.is_integer(), "{}: {}", r.indicator.id, t.value.0);
            if let Some(p) = &t.progress {
                assert!(p.expected.is_integer() && p.remaining.is_integer());
                assert!(p.projection.is_none_or(|x| x.is_integer()));
                assert!(p.needed_per_month.is_none_or(|x| x.is_integer()));
            }
        }
    }
}
