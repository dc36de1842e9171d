//! The workbook the export worker writes, opened back by calamine (the
//! reader the importer uses): the same figures, as numbers, one sheet per table.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chitieu_core::csv::{indicator_table, Cell};
use chitieu_core::evaluate::evaluate_all;
use chitieu_core::load::load;
use chitieu_core::text::Lang;
use chitieu_format::dec::Dec;

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
    let bytes = chitieu_exporter::workbook(&tables).unwrap();
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
    let bytes = chitieu_exporter::workbook(&tables).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let f = book.worksheet_formula("x").unwrap();
    assert!(f.rows().flatten().all(|c| c.is_empty()), "no formula");
    let r = book.worksheet_range("x").unwrap();
    assert_eq!(
        r.get((1, 0)),
        Some(&Data::String("=HYPERLINK(\"http://x\")".into()))
    );
}
