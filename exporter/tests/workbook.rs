//! The workbook the export worker writes, opened back by calamine (the
//! reader the importer uses): the same figures, as numbers, one sheet per table.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chitieu_core::csv::{indicator_table, Cell};
use chitieu_core::evaluate::evaluate_all;
use chitieu_core::load::load;
use chitieu_core::text::Lang;
use chitieu_format::dec::Dec;

/// Tables as sheets without title lines: the table from the first row.
fn untitled(tables: Vec<(String, Vec<Vec<Cell>>)>) -> Vec<chitieu_exporter::Sheet> {
    chitieu_exporter::requested(&[], Lang::Vi, chitieu_exporter::Wanted::Sent, tables)
}

fn sample_bytes(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../data")
        .join(name);
    std::fs::read(path).unwrap()
}

fn sample(name: &str) -> chitieu_core::load::Loaded {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../data")
        .join(name);
    load(name, &std::fs::read(path).unwrap()).unwrap()
}

/// A cell read back: the double as its shortest text, exactly as written.
fn back(d: &Data) -> String {
    match d {
        Data::Float(f) => Dec::parse(&f.to_string()).unwrap().normalize().to_plain(),
        Data::Int(i) => i.to_string(),
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("unexpected cell {other:?}"),
    }
}

fn expected(c: &Cell) -> String {
    match c {
        Cell::Text(t) => t.clone(),
        Cell::Number(d) => d.normalize().to_plain(),
        Cell::Percent(d) => d
            .checked_div(Dec::ONE_HUNDRED)
            .unwrap()
            .normalize()
            .to_plain(),
    }
}

#[test]
fn xlsx_export_opens_back_in_calamine_with_the_same_numbers_one_sheet_per_table() {
    let l = sample("giua-nhiem-ky-2023.json");
    let rows = evaluate_all(&l);
    let pick = |id: &str| rows.iter().find(|r| r.indicator.id == id).unwrap();
    // Admissions (counts, 1.200), and a distribution (shares in %).
    let admissions = indicator_table(&l, pick("ket-nap").indicator, Lang::Vi);
    let shares = rows
        .iter()
        .find(|r| !r.indicator.categories.is_empty())
        .map(|r| indicator_table(&l, r.indicator, Lang::Vi))
        .expect("a distribution in the sample");
    let tables = vec![
        ("Kết nạp đảng viên".to_string(), admissions.clone()),
        ("Số liệu: tỷ lệ [%]".to_string(), shares.clone()),
    ];
    let bytes = chitieu_exporter::workbook(&untitled(tables)).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec!["Kết nạp đảng viên", "Số liệu- tỷ lệ -%-"]
    );
    for (name, want) in ["Kết nạp đảng viên", "Số liệu- tỷ lệ -%-"]
        .iter()
        .zip([&admissions, &shares])
    {
        let range = book.worksheet_range(name).unwrap();
        let got: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(back).collect()).collect();
        let want: Vec<Vec<String>> = want
            .iter()
            .map(|r| r.iter().map(expected).collect())
            .collect();
        assert_eq!(got, want, "sheet {name}");
        // Figures are numbers, not text: Excel sums them.
        let floats = range
            .rows()
            .flatten()
            .filter(|d| matches!(d, Data::Float(_)))
            .count();
        assert!(floats >= 3, "{name}: {floats} number cells");
    }
    let first = book.worksheet_range("Kết nạp đảng viên").unwrap();
    assert!(
        first.rows().flatten().any(|d| *d == Data::Float(1200.0)),
        "the target 1.200 is the number 1200"
    );
}

#[test]
fn xlsx_export_writes_a_formula_like_name_as_text_never_as_a_formula() {
    let tables = vec![(
        "x".to_string(),
        vec![
            vec![Cell::Text("Tên".into())],
            vec![Cell::Text("=HYPERLINK(\"http://x\")".into())],
        ],
    )];
    let bytes = chitieu_exporter::workbook(&untitled(tables)).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let f = book.worksheet_formula("x").unwrap();
    assert!(f.rows().flatten().all(|c| c.is_empty()), "no formula");
    let r = book.worksheet_range("x").unwrap();
    assert_eq!(
        r.get((1, 0)),
        Some(&Data::String("=HYPERLINK(\"http://x\")".into()))
    );
}

/// The rows of a sheet read back, every cell as [`back`] writes it.
fn read_back(bytes: Vec<u8>, sheet: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

#[test]
fn xlsx_of_the_overview_has_every_indicator_with_numbers_and_a_title_with_organisation_period_and_source(
) {
    use chitieu_exporter::{requested, workbook, Wanted};
    let bytes = sample_bytes("giua-nhiem-ky-2023.json");
    let sheets = requested(&bytes, Lang::Vi, Wanted::Overview, Vec::new());
    assert_eq!(sheets.len(), 1, "one unit: the overview alone");
    let rows = read_back(workbook(&sheets).unwrap(), "Tổng quan");
    let text = |d: &Data| match d {
        Data::String(s) => s.clone(),
        _ => String::new(),
    };
    // Title lines: the report, the organisation and month, the sources.
    assert!(text(&rows[0][0]).contains("giữa nhiệm kỳ"), "{:?}", rows[0]);
    assert!(
        text(&rows[1][0]).contains("số liệu đến tháng 06/2023"),
        "{:?}",
        rows[1]
    );
    assert!(text(&rows[2][0]).starts_with("Nguồn: "), "{:?}", rows[2]);
    assert!(rows[3].iter().all(|d| *d == Data::Empty));
    let header: Vec<String> = rows[4].iter().map(text).collect();
    assert_eq!(header[3], "Chỉ tiêu");
    assert_eq!(header[8], "% đạt");
    // Admissions: 953 against 1.200, 79,42%, as numbers.
    let ket_nap = rows
        .iter()
        .find(|r| text(&r[3]) == "Kết nạp đảng viên")
        .expect("admissions row");
    assert_eq!(ket_nap[6], Data::Float(1200.0), "{ket_nap:?}");
    assert_eq!(ket_nap[7], Data::Float(953.0), "{ket_nap:?}");
    assert_eq!(ket_nap[8], Data::Float(0.7942), "{ket_nap:?}");
    assert_eq!(ket_nap[9], Data::Float(0.7961), "as printed: {ket_nap:?}");
    assert_eq!(text(&ket_nap[10]), "Đúng tiến độ", "{ket_nap:?}");
    // Every indicator of the export is there.
    let l = sample("giua-nhiem-ky-2023.json");
    for r in evaluate_all(&l) {
        assert!(
            rows.iter().any(|row| text(&row[3]) == r.indicator.name),
            "{} missing",
            r.indicator.name
        );
    }
}

#[test]
fn xlsx_of_the_units_side_by_side_has_each_units_achievement_as_a_number() {
    use chitieu_exporter::{requested, workbook, Wanted};
    let bytes = sample_bytes("huyen-2023.json");
    let sheets = requested(&bytes, Lang::Vi, Wanted::Overview, Vec::new());
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Tổng quan", "So sánh các đơn vị"]);
    let sheets = requested(&bytes, Lang::Vi, Wanted::Units, Vec::new());
    let rows = read_back(workbook(&sheets).unwrap(), "So sánh các đơn vị");
    let l = sample("huyen-2023.json");
    let percents = rows
        .iter()
        .filter(|r| matches!(r.get(4), Some(Data::Float(_))))
        .count();
    let with_target = evaluate_all(&l)
        .iter()
        .filter(|r| !r.eval.targets.is_empty())
        .count();
    assert_eq!(
        percents, with_target,
        "one achievement per indicator with a target"
    );
    for u in &l.export.units {
        assert!(
            rows.iter().any(|r| r[0] == Data::String(u.name.clone())),
            "{} missing",
            u.name
        );
    }
}
