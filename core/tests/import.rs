//! The importer: the mid-term report's appendix table (PHỤ LỤC) as pasted
//! text, as CSV and as an .xlsx workbook, against the hand-made sample.

use chitieu_core::text::Lang;
use std::collections::BTreeMap;

use chitieu_core::import::import;
use chitieu_core::import::Imported;
use chitieu_core::import::{column_letter, parse_figure, parse_period, Cell, NotAFigure};
use chitieu_core::load::load;
use chitieu_core::text::fold;
use chitieu_format::dec::Dec;
use chitieu_format::model::Export;
use chitieu_format::model::Indicator;
use chitieu_format::model::PeriodKind;

const TSV: &str = include_str!("tables/phu-luc.tsv");
const CSV: &[u8] = include_bytes!("tables/phu-luc.csv");

/// The appendix written as Excel would hold it: figures as numbers, words as
/// text, the "Thực hiện qua các năm" heading merged over its four columns.
fn xlsx() -> Vec<u8> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (r, line) in TSV.lines().enumerate() {
        for (c, text) in line.split('\t').enumerate() {
            let (r, c) = (r as u32, c as u16);
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            if text == "Thực hiện qua các năm" {
                sheet
                    .merge_range(r, c, r, c + 3, text, &Format::new())
                    .unwrap();
                continue;
            }
            // A figure typed in Excel is a number cell; "97,11%" and words stay text.
            let number = (!text.contains('%') && c >= 3)
                .then(|| parse_figure(&Cell::Text(text.to_string())).ok().flatten())
                .flatten();
            match number {
                Some(n) => sheet
                    .write_number(r, c, n.to_plain().parse::<f64>().unwrap())
                    .map(|_| ())
                    .unwrap(),
                None => sheet.write_string(r, c, text).map(|_| ()).unwrap(),
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn clear_quotes(ind: &mut Indicator) {
    ind.source.quote = None;
    ind.parts.iter_mut().for_each(clear_quotes);
}

/// The export without what depends on the file's name, and without the rows'
/// quotes: a workbook keeps `19,40` as the number 19.4, so its quote reads
/// `19,4` (the figures themselves are equal).
fn comparable(i: &Imported) -> Export {
    let mut e = i.loaded.export.clone();
    e.dataset.id = String::new();
    e.dataset.description = None;
    e.sources[0].title = String::new();
    for s in &mut e.units[0].sections {
        s.indicators.iter_mut().for_each(clear_quotes);
    }
    e
}

#[test]
fn the_appendix_as_pasted_text_csv_and_xlsx_imports_to_the_same_export() {
    let tsv = import("phu-luc.txt", TSV.as_bytes()).expect("pasted text imports");
    let csv = import("phu-luc.csv", CSV).expect("csv imports");
    let xlsx = import("phu-luc.xlsx", &xlsx()).expect("xlsx imports");
    assert_eq!(comparable(&tsv), comparable(&csv));
    assert_eq!(comparable(&tsv), comparable(&xlsx));
    let ket_nap = |i: &Imported| {
        i.loaded.export.units[0].sections[1]
            .indicators
            .iter()
            .find(|x| x.name == "Kết nạp đảng viên")
            .and_then(|x| x.source.quote.clone())
            .unwrap_or_default()
    };
    assert_eq!(ket_nap(&tsv), "Kết nạp đảng viên");
    let ket_nap_target = |i: &Imported| {
        i.loaded.export.units[0].sections[1]
            .indicators
            .iter()
            .find(|x| x.name == "Kết nạp đảng viên")
            .map(|x| {
                x.targets
                    .iter()
                    .map(|t| t.label.clone())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        ket_nap_target(&xlsx),
        [
            "Chỉ tiêu nghị quyết",
            "Chỉ tiêu tinh giao",
            "Chỉ tiêu phấn đấu"
        ]
    );
    assert_eq!(tsv.unread, csv.unread);
    // The same list from the workbook, at the same rows and columns (its
    // quotes of whole rows show 19,40 as 19,4).
    let at = |i: &Imported| {
        i.unread
            .iter()
            .map(|u| (u.row, u.column, u.vi.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(at(&tsv), at(&xlsx));
    assert!(!tsv.unread.is_empty());
    // The export is a valid one: it round-trips through the loader.
    let json = serde_json::to_vec(&tsv.loaded.export).unwrap();
    assert!(load("again.json", &json).is_ok());
    let e = &tsv.loaded.export;
    let ids: Vec<&str> = e.periods.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["2020", "2021", "2022", "2023-h1", "term"]);
    let term = e
        .periods
        .iter()
        .find(|p| p.kind == PeriodKind::Term)
        .unwrap();
    assert_eq!(
        (
            term.start.unwrap().to_string(),
            term.end.unwrap().to_string()
        ),
        ("2020-01".to_string(), "2024-12".to_string())
    );
    let sections: Vec<&str> = e.units[0]
        .sections
        .iter()
        .filter_map(|s| s.number.as_deref())
        .collect();
    assert_eq!(sections, ["I", "II", "III", "IV"]);
}

/// Every figure of an indicator: period values, total, targets and the
/// reported achievements, keyed by what they are.
fn figures(ind: &Indicator, prefix: &str, out: &mut BTreeMap<String, Dec>) {
    for v in &ind.values {
        if let Some(x) = v.value {
            out.insert(format!("{prefix} / {}", v.period), x);
        }
    }
    if let Some(t) = &ind.total {
        out.insert(format!("{prefix} / total"), t.value);
    }
    for t in &ind.targets {
        if let Some(v) = t.value {
            out.insert(format!("{prefix} / target {v}"), v);
            if let Some(p) = t.reported.as_ref().and_then(|r| r.achievement_pct) {
                out.insert(format!("{prefix} / target {v} / achievement"), p);
            }
        }
    }
    for c in &ind.categories {
        for v in &c.values {
            if let Some(x) = v.value {
                out.insert(format!("{prefix} > {} / {}", fold(&c.name), v.period), x);
            }
        }
    }
    for p in &ind.parts {
        figures(p, &format!("{prefix} > {}", fold(&p.name)), out);
    }
}

fn all_figures(e: &Export) -> BTreeMap<String, Dec> {
    let mut out = BTreeMap::new();
    for s in &e.units[0].sections {
        let Some(n) = &s.number else { continue };
        for ind in &s.indicators {
            figures(ind, &format!("{n} {}", fold(&ind.name)), &mut out);
        }
    }
    out
}

#[test]
fn imported_figures_are_the_hand_made_samples_figures() {
    let imported = import("phu-luc.txt", TSV.as_bytes()).unwrap();
    let sample = load(
        "giua-nhiem-ky-2023.json",
        include_bytes!("../../data/giua-nhiem-ky-2023.json"),
    )
    .unwrap();
    let got = all_figures(&imported.loaded.export);
    let want = all_figures(&sample.export);
    let mut same = 0;
    let mut differ = Vec::new();
    for (k, v) in &got {
        match want.get(k) {
            Some(w) if w == v && w.to_plain() == v.to_plain() => same += 1,
            Some(w) => differ.push(format!("{k}: imported {v}, sample {w}")),
            None => {}
        }
    }
    assert!(differ.is_empty(), "figures differ:\n{}", differ.join("\n"));
    // The table's figures, as printed (trailing zeros included), all reach the
    // export: periods, totals, targets and reported achievements.
    assert!(same >= 200, "only {same} figures matched: {got:#?}");
    for key in [
        "II ket nap dang vien / total",
        "II ket nap dang vien / target 1200 / achievement",
        "II ket nap dang vien / target 1250 / achievement",
        "II danh gia chat luong dang vien > hoan thanh xuat sac nhiem vu / 2022",
        "IV doan thanh nien > danh gia chat luong to chuc co so doan > vung manh, kha / 2022",
        "I mo lop boi duong ly luan chinh tri, tap huan cap uy > tap huan lop cap uy / total",
    ] {
        assert!(got.contains_key(key), "{key} missing from the import");
    }
}

#[test]
fn imported_tables_get_the_same_consistency_checks() {
    let imported = import("phu-luc.txt", TSV.as_bytes()).unwrap();
    let rows = chitieu_core::evaluate::evaluate_all(&imported.loaded);
    let warnings: Vec<String> = rows
        .iter()
        .flat_map(|r| r.eval.warnings.iter().map(|w| w.vi.clone()))
        .collect();
    let all = warnings.join("\n");
    // 953 of 1.200 is 79,42%, not the printed 79,61%.
    assert!(all.contains("79,61"), "{all}");
    // 5 + 10 + 12 + 14 = 41, printed 39.
    assert!(all.contains("39"), "{all}");
    // 183 + 133 + 179 + 93 = 588, printed 558.
    assert!(all.contains("558"), "{all}");
}

#[test]
fn what_is_not_understood_is_listed_by_row_and_column() {
    // A word where a figure belongs, and a period heading that is not one.
    let text = TSV
        .replace("\t98,49\t", "\tchín tám\t")
        .replace("6 tháng 2023", "Năm học 2023");
    let imported = import("sua.txt", text.as_bytes()).unwrap();
    let word = imported
        .unread
        .iter()
        .find(|u| u.cell == "chín tám")
        .expect("the word is listed");
    assert_eq!((word.row, word.column_letter()), (9, "E".to_string()));
    assert!(word.vi.contains("số liệu") && word.en.contains("figure"));
    let period = imported
        .unread
        .iter()
        .find(|u| u.cell == "Năm học 2023")
        .expect("the heading is listed");
    assert_eq!((period.row, period.column_letter()), (6, "H".to_string()));
}

#[test]
fn tables_that_cannot_be_read_say_why() {
    let e = import("trong.csv", b"a;b;c\n1;2;3\n").unwrap_err();
    assert!(
        e.render(Lang::Vi).contains("STT") && e.render(Lang::En).contains("header"),
        "{e}"
    );
    let e = import("hong.xlsx", b"PK\x03\x04 not really a workbook").unwrap_err();
    assert!(e.render(Lang::Vi).contains("Excel"), "{e}");
    let e = import("latin1.csv", b"STT;N\xf4i dung\n").unwrap_err();
    assert!(e.render(Lang::Vi).contains("UTF-8"), "{e}");
    let e = import("rong.txt", b"").unwrap_err();
    assert!(e.render(Lang::Vi).contains("STT"), "{e}");
}

#[test]
fn vietnamese_figures_and_period_names_are_read_exactly() {
    let fig = |s: &str| parse_figure(&Cell::Text(s.into())).map(|d| d.map(|d| d.to_plain()));
    assert_eq!(fig("1.200"), Ok(Some("1200".into())));
    assert_eq!(fig("98,49"), Ok(Some("98.49".into())));
    assert_eq!(fig("97,11%"), Ok(Some("97.11".into())));
    assert_eq!(fig("20.331,5"), Ok(Some("20331.5".into())));
    assert_eq!(fig("19,40"), Ok(Some("19.40".into())));
    assert_eq!(fig("-"), Ok(None));
    assert_eq!(fig(""), Ok(None));
    assert_eq!(fig("1.2.3,4,5"), Err(NotAFigure));
    assert_eq!(fig("Đạt"), Err(NotAFigure));
    let id = |s: &str| parse_period(s).map(|p| p.id);
    assert_eq!(id("2021"), Some("2021".into()));
    assert_eq!(id("Năm 2021"), Some("2021".into()));
    assert_eq!(id("6 tháng 2023"), Some("2023-h1".into()));
    assert_eq!(id("6 tháng đầu năm 2023"), Some("2023-h1".into()));
    assert_eq!(id("6 tháng cuối năm 2023"), Some("2023-h2".into()));
    assert_eq!(id("Quý III/2023"), Some("2023-q3".into()));
    assert_eq!(id("9 tháng 2023"), Some("2023-9t".into()));
    assert_eq!(id("9 tháng năm 2023"), Some("2023-9t".into()));
    assert_eq!(id("Năm học 2023"), None);
    assert_eq!(column_letter(1), "A");
    assert_eq!(column_letter(28), "AB");
}

#[test]
fn a_table_saved_as_unicode_text_utf16_is_read_as_it_is() {
    // Excel's "Unicode Text" is UTF-16 with a byte order mark.
    let mut bytes = vec![0xFF, 0xFE];
    for unit in TSV.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let from_utf16 = import("phu-luc.txt", &bytes).expect("UTF-16 text imports");
    let from_utf8 = import("phu-luc.txt", TSV.as_bytes()).unwrap();
    assert_eq!(from_utf16.loaded.export, from_utf8.loaded.export);
}

#[test]
fn a_utf16_table_without_a_byte_order_mark_is_named_as_utf16() {
    let bytes: Vec<u8> = "STT\tNội dung\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let e = import("bang.csv", &bytes).unwrap_err();
    assert!(e.render(Lang::Vi).contains("UTF-16"), "{e}");
    assert!(e.render(Lang::En).contains("save it again as UTF-8"), "{e}");
}

/// The workbook `book` with its first sheet's XML changed by `edit`; the
/// other files copied as they are.
fn with_sheet_xml(book: &[u8], edit: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::{Cursor, Read, Write};
    let mut from = zip::ZipArchive::new(Cursor::new(book)).unwrap();
    let mut to = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..from.len() {
        let mut entry = from.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        if name == "xl/worksheets/sheet1.xml" {
            let mut xml = String::new();
            entry.read_to_string(&mut xml).unwrap();
            let options = zip::write::SimpleFileOptions::default();
            to.start_file(name, options).unwrap();
            to.write_all(edit(&xml).as_bytes()).unwrap();
        } else {
            to.raw_copy_file(entry).unwrap();
        }
    }
    to.finish().unwrap().into_inner()
}

/// The appendix with `cells` (a `<row>`) added at the end of its sheet.
fn appendix_with(row: &str) -> Vec<u8> {
    with_sheet_xml(&xlsx(), |xml| {
        xml.replace("</sheetData>", &format!("{row}</sheetData>"))
    })
}

#[test]
fn a_workbook_with_one_cell_at_xfd1048576_is_refused_without_allocating_the_sheet() {
    let start = std::time::Instant::now();
    // Written with a value: the rectangle from A1 to XFD1048576 is 17 billion cells.
    let far = r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#;
    let e = import("xa.xlsx", &appendix_with(far)).unwrap_err();
    assert!(
        e.render(Lang::Vi)
            .contains("ô XFD1048576 nằm ngoài vùng bảng đọc được")
            && e.render(Lang::Vi).contains("tối đa 10.000 dòng, 500 cột")
            && e.render(Lang::En).contains("cell XFD1048576 lies outside"),
        "{e}"
    );
    // Only columns past 500 or rows past 10,000 are outside.
    let e = import(
        "xa.xlsx",
        &appendix_with(r#"<row r="10001"><c r="A10001"><v>1</v></c></row>"#),
    )
    .unwrap_err();
    assert!(e.render(Lang::En).contains("cell A10001"), "{e}");
    let e = import(
        "xa.xlsx",
        &appendix_with(r#"<row r="30"><c r="SG30"><v>1</v></c></row>"#),
    )
    .unwrap_err();
    assert!(e.render(Lang::En).contains("cell SG30"), "{e}");
    // The last row and the last column are inside, but not a rectangle of
    // 10,000 × 500 cells from A1 to both.
    let book = appendix_with(r#"<row r="10000"><c r="A10000"><v>1</v></c></row>"#);
    assert!(import("xa.xlsx", &book).is_ok());
    let book = appendix_with(r#"<row r="30"><c r="SF30"><v>1</v></c></row>"#);
    assert!(import("xa.xlsx", &book).is_ok());
    let book = appendix_with(r#"<row r="10000"><c r="SF10000"><v>1</v></c></row>"#);
    let e = import("xa.xlsx", &book).unwrap_err();
    assert!(
        e.render(Lang::Vi).contains("bảng quá lớn")
            && e.render(Lang::En).contains("over 1,000,000 cells"),
        "{e}"
    );
    // Written by rust_xlsxwriter too, with its dimension A1:XFD1048576.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let e = import("xa.xlsx", &book.save_to_buffer().unwrap()).unwrap_err();
    assert!(e.render(Lang::En).contains("XFD1048576"), "{e}");
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn an_empty_formatted_cell_far_from_the_table_does_not_matter() {
    let plain = import("phu-luc.xlsx", &xlsx()).unwrap();
    // A formatted cell with no value, and a cell of spaces, at the sheet's far corner.
    let far = r#"<row r="1048576"><c r="XFD1048575" s="0"/><c r="XFD1048576" t="inlineStr"><is><t>  </t></is></c></row>"#;
    let with_far = import("phu-luc.xlsx", &appendix_with(far)).expect("imports");
    assert_eq!(comparable(&plain), comparable(&with_far));
    assert_eq!(plain.unread, with_far.unread);
    // The grid is the one calamine's range gave: rows of the table's width.
    let grid = chitieu_core::import::read_xlsx("phu-luc.xlsx", &appendix_with(far)).unwrap();
    assert_eq!(
        grid,
        chitieu_core::import::read_xlsx("phu-luc.xlsx", &xlsx()).unwrap()
    );
    assert_eq!(grid.first_column, 1);
    let width = grid.rows[0].1.len();
    assert!(width > 5 && grid.rows.iter().all(|(_, r)| r.len() == width));
}

/// Raw deflate (one fixed-Huffman block) of `n` spaces: a space, then
/// copies of 258 bytes at distance 1, 13 bits each (~160 times smaller).
/// Written by hand: compressing hundreds of MB takes a debug build minutes.
fn deflated_spaces(n: usize) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        len: u32,
    }
    impl Bits {
        /// `len` bits of `value`, least significant first.
        fn put(&mut self, value: u32, len: u32) {
            self.acc |= u64::from(value) << self.len;
            self.len += len;
            while self.len >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.len -= 8;
            }
        }
        /// A Huffman code: most significant bit first.
        fn code(&mut self, code: u32, len: u32) {
            self.put(code.reverse_bits() >> (32 - len), len);
        }
    }
    let mut b = Bits {
        out: Vec::new(),
        acc: 0,
        len: 0,
    };
    b.put(1, 1); // the last block
    b.put(1, 2); // fixed Huffman codes
    let space = 0x30 + u32::from(b' '); // literals 0–143: 8 bits from 0x30
    b.code(space, 8);
    for _ in 0..(n - 1) / 258 {
        b.code(0xC0 + (285 - 280), 8); // length 258
        b.code(0, 5); // distance 1
    }
    for _ in 0..(n - 1) % 258 {
        b.code(space, 8);
    }
    b.code(0, 7); // end of block
    b.put(0, 7); // to a whole byte
    b.out
}

/// A zip of files of spaces, `(name, MB it inflates to, size it declares)`.
fn bomb(entries: &[(&str, usize, u32)]) -> Vec<u8> {
    let mut zip = Vec::new();
    let mut central = Vec::new();
    let mb = vec![b' '; 1 << 20];
    for (name, size, declared) in entries {
        let data = deflated_spaces(size << 20);
        let mut crc = crc32fast::Hasher::new();
        let mut one = crc32fast::Hasher::new();
        one.update(&mb);
        (0..*size).for_each(|_| crc.combine(&one));
        let crc = crc.finalize();
        let offset = zip.len() as u32;
        // What the local header and the central directory both say.
        let mut common = Vec::new();
        common.extend_from_slice(&20u16.to_le_bytes()); // version needed
        common.extend_from_slice(&0u16.to_le_bytes()); // flags
        common.extend_from_slice(&8u16.to_le_bytes()); // deflate
        common.extend_from_slice(&0u16.to_le_bytes()); // time
        common.extend_from_slice(&0x21u16.to_le_bytes()); // 1980-01-01
        common.extend_from_slice(&crc.to_le_bytes());
        common.extend_from_slice(&(data.len() as u32).to_le_bytes());
        common.extend_from_slice(&declared.to_le_bytes());
        common.extend_from_slice(&(name.len() as u16).to_le_bytes());
        common.extend_from_slice(&0u16.to_le_bytes()); // extra field
        zip.extend_from_slice(b"PK\x03\x04");
        zip.extend_from_slice(&common);
        zip.extend_from_slice(name.as_bytes());
        zip.extend_from_slice(&data);
        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&20u16.to_le_bytes()); // made by
        central.extend_from_slice(&common);
        central.extend_from_slice(&[0; 6]); // comment, disk, internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let start = zip.len() as u32;
    zip.extend_from_slice(&central);
    zip.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    let count = (entries.len() as u16).to_le_bytes();
    zip.extend_from_slice(&count);
    zip.extend_from_slice(&count);
    zip.extend_from_slice(&(central.len() as u32).to_le_bytes());
    zip.extend_from_slice(&start.to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip
}

#[test]
fn the_hand_made_zip_of_the_bomb_tests_is_read_as_written() {
    use std::io::Read;
    let book = bomb(&[("a.xml", 3, 3 << 20), ("b.xml", 1, 1 << 20)]);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&book)).unwrap();
    for (i, mb) in [(0, 3), (1, 1)] {
        let mut text = Vec::new();
        zip.by_index(i).unwrap().read_to_end(&mut text).unwrap();
        assert!(text.len() == mb << 20 && text.iter().all(|&b| b == b' '));
    }
}

#[test]
fn a_zip_bomb_workbook_is_refused_by_its_inflated_size() {
    const SHEET: &str = "xl/worksheets/sheet1.xml";
    let book = bomb(&[(SHEET, 300, 300 << 20)]);
    assert!(book.len() < 2_000_000, "{}", book.len());
    let e = import("bom.xlsx", &book).unwrap_err();
    assert!(
        e.render(Lang::Vi)
            .contains("tệp Excel giải nén ra quá lớn (trên 100 MB)")
            && e.render(Lang::En)
                .contains("the workbook inflates to more than 100 MB"),
        "{e}"
    );
    // Files each under the cap, together over the workbook's.
    let files = ["xl/a.xml", "xl/b.xml", "xl/c.xml"].map(|f| (f, 90, 90 << 20));
    let e = import("bom.xlsx", &bomb(&files)).unwrap_err();
    assert!(
        e.render(Lang::En)
            .contains("the workbook inflates to more than 200 MB"),
        "{e}"
    );
}

#[test]
fn a_zip_bomb_that_declares_a_small_size_is_refused_by_what_it_inflates_to() {
    // The zip crate stops a file at the size it declares, so the lie shows
    // as a damaged workbook (before calamine reads it).
    let book = bomb(&[("xl/worksheets/sheet1.xml", 300, 1000)]);
    let e = import("bom.xlsx", &book).unwrap_err();
    assert!(
        e.render(Lang::En)
            .contains("the Excel workbook (.xlsx) could not be read")
            && e.render(Lang::En).contains("larger than its declared"),
        "{e}"
    );
    // Each file declares 1 MB but inflates to 90: together over the cap.
    let files = ["xl/a.xml", "xl/b.xml", "xl/c.xml"].map(|f| (f, 90, 1 << 20));
    let e = import("bom.xlsx", &bomb(&files)).unwrap_err();
    assert!(e.render(Lang::En).contains("could not be read"), "{e}");
}

#[test]
fn an_html_page_saved_as_xlsx_is_named_as_not_a_workbook() {
    let page = b"<!DOCTYPE html><html><body><table><tr><td>STT</td><td>N\xe1\xbb\x99i dung</td></tr></table></body></html>";
    for name in ["bao-cao.xlsx", "BAO-CAO.XLSX", "bao-cao.xlsm"] {
        let e = import(name, page).unwrap_err();
        assert!(
            e.render(Lang::Vi)
                .contains("tệp này không phải sổ tính Excel (.xlsx)")
                && e.render(Lang::En)
                    .contains("this is not an Excel workbook (.xlsx)"),
            "{e}"
        );
    }
    // A zip that is not one either.
    let e = import("hong.xlsx", b"PK\x03\x04 not really a workbook").unwrap_err();
    assert!(e.render(Lang::En).contains("not an Excel workbook"), "{e}");
}

#[test]
fn a_workbook_of_more_than_10000_files_is_refused() {
    use std::io::Cursor;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..10_001 {
        zip.start_file(format!("xl/{i}.xml"), options).unwrap();
    }
    let book = zip.finish().unwrap().into_inner();
    let e = import("nhieu.xlsx", &book).unwrap_err();
    assert!(
        e.render(Lang::Vi)
            .contains("quá nhiều tệp con (trên 10.000)")
            && e.render(Lang::En).contains("too many files (over 10,000)"),
        "{e}"
    );
}

/// What a reader sees of one indicator: its period figures, total, targets,
/// actual, achievement and status, each target with its achievement and status.
fn seen(row: &chitieu_core::evaluate::Row) -> String {
    let ind = row.indicator;
    let values: Vec<String> = ind
        .values
        .iter()
        .map(|v| {
            format!(
                "{}={}",
                v.period,
                v.value.map(|d| d.to_plain()).unwrap_or_default()
            )
        })
        .collect();
    let targets: Vec<String> = row
        .eval
        .targets
        .iter()
        .map(|t| {
            format!(
                "{} {:?} achievement {} {:?}",
                t.value.to_plain(),
                t.rule,
                t.achievement_pct
                    .map(|d| d.round_dp(2).to_plain())
                    .unwrap_or_default(),
                t.status
            )
        })
        .collect();
    format!(
        "values [{}] total {} actual {} targets [{}] status {:?}",
        values.join(" "),
        ind.total
            .as_ref()
            .map(|t| t.value.to_plain())
            .unwrap_or_default(),
        row.eval
            .actual
            .as_ref()
            .map(|a| a.value.round_dp(2).to_plain())
            .unwrap_or_default(),
        targets.join("; "),
        row.eval.status
    )
}

/// Each indicator of the numbered sections (the appendix's), by section and
/// position, as a reader sees it.
fn seen_all(l: &chitieu_core::load::Loaded) -> Vec<(String, String, String)> {
    let rows = chitieu_core::evaluate::evaluate_all(l);
    let mut out = Vec::new();
    let mut at: Vec<usize> = Vec::new();
    let mut section = String::new();
    for r in &rows {
        let Some(n) = r.section.number.clone() else {
            continue;
        };
        if n != section {
            section = n.clone();
            at.clear();
        }
        if at.len() > r.depth {
            at.truncate(r.depth + 1);
            at[r.depth] += 1;
        } else {
            at.push(0);
        }
        let key = format!("{n} {:?}", at);
        out.push((key, r.indicator.name.clone(), seen(r)));
    }
    out
}

#[test]
fn the_appendix_in_every_form_means_what_the_hand_made_export_means() {
    let sample = load(
        "giua-nhiem-ky-2023.json",
        include_bytes!("../../data/giua-nhiem-ky-2023.json"),
    )
    .unwrap();
    // The sample takes mid-2023's 7.261 members from the report's body; the
    // table leaves that cell empty.
    let mut sample = sample;
    for s in &mut sample.export.units[0].sections {
        for ind in &mut s.indicators {
            if ind.name == "Tổng số đảng viên" {
                ind.values.retain(|v| v.period != "2023-h1");
            }
        }
    }
    let want = seen_all(&sample);
    for (name, bytes) in [
        ("phu-luc.txt", TSV.as_bytes().to_vec()),
        ("phu-luc.csv", CSV.to_vec()),
        ("phu-luc.xlsx", xlsx()),
        ("bao-cao.docx", docx()),
    ] {
        let got = import(name, &bytes).unwrap();
        let got = seen_all(&got.loaded);
        let mut differ = Vec::new();
        for (key, wname, w) in &want {
            match got.iter().find(|(k, _, _)| k == key) {
                Some((_, _, g)) if g == w => {}
                Some((_, gname, g)) => differ.push(format!(
                    "{key} {wname} / {gname}:\n  sample {w}\n  import {g}"
                )),
                // The sample adds four parts from the report's body, not the table.
                None if wname.contains("đảng viên") && key.starts_with("III [0, ") => {}
                None => differ.push(format!("{key} {wname}: missing")),
            }
        }
        assert!(differ.is_empty(), "{name}:\n{}", differ.join("\n"));
    }
}

/// A small table: header, a period row, then `rows` (tab-separated), under
/// a title naming the term.
fn small_table(header: &str, rows: &[&str]) -> String {
    let mut t =
        String::from("ĐẢNG BỘ XÃ AN BÌNH\nKẾT QUẢ THỰC HIỆN CHỈ TIÊU NHIỆM KỲ 2020-2025\n\n");
    t.push_str(header);
    t.push('\n');
    for r in rows {
        t.push_str(r);
        t.push('\n');
    }
    t
}

fn indicator<'a>(i: &'a Imported, name: &str) -> &'a Indicator {
    fn find<'a>(list: &'a [Indicator], name: &str) -> Option<&'a Indicator> {
        list.iter().find_map(|x| {
            (x.name == name)
                .then_some(x)
                .or_else(|| find(&x.parts, name))
        })
    }
    i.loaded.export.units[0]
        .sections
        .iter()
        .find_map(|s| find(&s.indicators, name))
        .unwrap_or_else(|| panic!("{name} not imported"))
}

#[test]
fn stock_figures_take_the_latest_figure_not_the_sum_of_the_years() {
    let i = import("phu-luc.txt", TSV.as_bytes()).unwrap();
    let rows = chitieu_core::evaluate::evaluate_all(&i.loaded);
    let actual = |name: &str| {
        rows.iter()
            .find(|r| r.indicator.name == name)
            .and_then(|r| r.eval.actual.as_ref())
            .map(|a| a.value.fmt_vi())
            .unwrap_or_default()
    };
    // Not 22.495 (7.400 + 7.524 + 7.571), nor 411, 183, 12.072, 120.
    assert_eq!(actual("Tổng số đảng viên"), "7.571");
    assert_eq!(actual("Tổng số sơ sở đảng"), "99");
    assert_eq!(actual("Tổng số cơ sở Đoàn"), "37");
    assert_eq!(actual("Tổng số đoàn viên"), "3.179");
    assert_eq!(actual("Tổng số cơ sở Hội"), "30");
    // Flows still add up.
    assert_eq!(actual("Nhận thức về Đảng"), "20");
    // Each inference is said in words, at the row's name cell.
    let note = i
        .unread
        .iter()
        .find(|u| u.cell == "Tổng số đảng viên")
        .expect("the inference is listed");
    assert_eq!(note.place(Lang::Vi), "B28");
    assert!(note.vi.contains("lấy số cuối kỳ"), "{}", note.vi);
    assert_eq!(note.meaning, Some(chitieu_core::import::Meaning::Latest));
    let flow = i
        .unread
        .iter()
        .find(|u| u.cell == "Nhận thức về Đảng")
        .unwrap();
    assert!(flow.vi.contains("cộng dồn các năm"), "{}", flow.vi);
}

#[test]
fn the_quality_rating_is_missed_as_in_the_hand_made_export_not_exceeded() {
    let i = import("phu-luc.txt", TSV.as_bytes()).unwrap();
    let rows = chitieu_core::evaluate::evaluate_all(&i.loaded);
    let r = rows
        .iter()
        .find(|r| r.indicator.name == "Đánh giá chất lượng cơ sở đảng")
        .unwrap();
    // 2022: 17,34 + 76,89 = 94,23, under the 95% floor.
    assert_eq!(r.eval.status.label(Lang::Vi), "Không đạt");
    let t = &r.indicator.targets[0];
    assert_eq!(
        t.label,
        "Chỉ tiêu nghị quyết (hoàn thành tốt nhiệm vụ trở lên)"
    );
    assert_eq!(t.categories.len(), 2);
}

#[test]
fn the_user_s_choices_replace_the_inferences_and_the_unit_s_name() {
    use chitieu_core::import::{import_with, Choices, Meaning};
    let choices =
        Choices::parse("don-vi: Đảng bộ Khối các Cơ quan – Doanh nghiệp tỉnh\n28: cong-don\n")
            .unwrap();
    assert_eq!(choices.rows, [(28, Meaning::Sum)]);
    assert_eq!(Choices::parse(&choices.to_text()), Ok(choices.clone()));
    let i = import_with("phu-luc.txt", TSV.as_bytes(), &choices).unwrap();
    let e = &i.loaded.export;
    assert_eq!(
        e.units[0].name,
        "Đảng bộ Khối các Cơ quan – Doanh nghiệp tỉnh"
    );
    assert_eq!(e.dataset.organisation, e.units[0].name);
    let rows = chitieu_core::evaluate::evaluate_all(&i.loaded);
    let r = rows
        .iter()
        .find(|r| r.indicator.name == "Tổng số đảng viên")
        .unwrap();
    assert_eq!(r.eval.actual.as_ref().unwrap().value.fmt_vi(), "22.495");
    let note = i
        .unread
        .iter()
        .find(|u| u.cell == "Tổng số đảng viên")
        .unwrap();
    assert!(note.vi.contains("theo lựa chọn"), "{}", note.vi);
    // The worker's reply carries the choices as the text the preview edits.
    let reply = chitieu_core::import::Reply::of("phu-luc.txt", TSV.as_bytes(), &choices.to_text());
    let chitieu_core::import::Reply::Imported { choices: text, .. } = reply else {
        panic!("{reply:?}");
    };
    assert!(
        text.starts_with("don-vi: Đảng bộ Khối các Cơ quan – Doanh nghiệp tỉnh\n"),
        "{text}"
    );
    assert!(
        text.contains("\n28: cong-don  # Tổng số đảng viên\n"),
        "{text}"
    );
    assert!(
        text.contains("\n60: cuoi-ky  # Tổng số cơ sở Đoàn\n"),
        "{text}"
    );
    assert_eq!(
        Choices::parse(&text).map(|c| c.unit),
        Ok(choices.unit.clone())
    );
    let bad = Choices::parse("26: moi-nam").unwrap_err();
    assert!(
        bad.0.contains("dòng 1") && bad.0.contains("cuoi-ky"),
        "{}",
        bad.0
    );
}

#[test]
fn the_title_line_is_not_the_unit_s_name_and_the_source_reads_as_a_sentence() {
    let i = import("bảng dán", TSV.as_bytes()).unwrap();
    let e = &i.loaded.export;
    assert!(!e.units[0].name.contains("ĐẠI HỘI"), "{}", e.units[0].name);
    assert_eq!(e.dataset.description.as_deref(), Some("Nhập từ bảng dán"));
    let note = i
        .unread
        .iter()
        .find(|u| u.vi.contains("tên đơn vị"))
        .expect("the missing name is said");
    assert!(note.en.contains("unit's name"), "{}", note.en);
    let f = import("phu-luc.xlsx", &xlsx()).unwrap();
    assert_eq!(
        f.loaded.export.dataset.description.as_deref(),
        Some("Nhập từ tệp phu-luc.xlsx")
    );
    let named = import(
        "x.txt",
        small_table(
            "STT\tNội dung\tĐơn vị tính\tChỉ tiêu\t2021\t2022",
            &["1\tKết nạp đảng viên\tĐV\t100\t20\t30"],
        )
        .as_bytes(),
    )
    .unwrap();
    assert_eq!(named.loaded.export.units[0].name, "ĐẢNG BỘ XÃ AN BÌNH");
}

#[test]
fn notes_name_the_cell_as_excel_does_quote_it_short_and_speak_no_json() {
    let text = TSV.replace(
        "\t98,49\t",
        "\tchín mươi tám phẩy bốn mươi chín phần trăm của năm\t",
    );
    for (name, bytes) in [("a.txt", text.into_bytes()), ("a.xlsx", xlsx())] {
        let i = import(name, &bytes).unwrap();
        for u in &i.unread {
            assert!(u.cell.chars().count() <= 41, "{:?}", u);
            for text in [&u.vi, &u.en] {
                assert!(
                    !text.contains('`') && !text.contains("units[") && !text.contains("categories"),
                    "{text}"
                );
            }
            if u.row > 0 {
                assert!(
                    u.column > 0,
                    "a note on row {} names no cell: {}",
                    u.row,
                    u.vi
                );
            }
        }
    }
}

#[test]
fn hectares_with_decimals_and_a_target_are_imported_not_refused_as_context() {
    let t = small_table(
        "STT\tNội dung\tĐơn vị tính\tChỉ tiêu\t2021\t2022",
        &["1\tDiện tích trồng rừng mới\tha\t120,5\t40,25\t50,5"],
    );
    let i = import("rung.txt", t.as_bytes()).expect("imports");
    let ind = indicator(&i, "Diện tích trồng rừng mới");
    assert_eq!(ind.targets[0].value.unwrap().fmt_vi(), "120,5");
    assert_eq!(ind.values[0].value.unwrap().fmt_vi(), "40,25");
}

#[test]
fn one_tab_inside_a_csv_cell_does_not_make_the_file_pasted_text() {
    let csv = String::from_utf8(CSV.to_vec())
        .unwrap()
        .replace("Tập huấn lớp cấp ủy", "Tập huấn\tlớp cấp ủy");
    let i = import("phu-luc.csv", csv.as_bytes()).expect("read as CSV");
    assert!(i.loaded.export.units[0].sections.len() >= 4);
    // Unnamed text whose header row is comma-separated is CSV too.
    assert!(import("bang", csv.as_bytes()).is_ok());
}

#[test]
fn a_table_with_only_a_total_column_is_dated_by_its_title_not_by_periods_0() {
    let t = "ĐẢNG BỘ XÃ AN BÌNH\nKẾT QUẢ THỰC HIỆN CHỈ TIÊU ĐẾN 30/6/2023, NHIỆM KỲ 2020-2025\n\nSTT\tNội dung\tĐơn vị tính\tChỉ tiêu\tThực hiện\n1\tKết nạp đảng viên\tĐV\t100\t45\n";
    let i = import("tong.txt", t.as_bytes()).expect("imports");
    assert_eq!(i.loaded.export.dataset.as_of.to_string(), "2023-06");
    assert_eq!(
        indicator(&i, "Kết nạp đảng viên")
            .total
            .as_ref()
            .unwrap()
            .value
            .fmt_vi(),
        "45"
    );
}

#[test]
fn a_table_with_no_period_gets_no_invented_as_of_2000_01() {
    let t = "STT\tNội dung\tĐơn vị tính\tChỉ tiêu\tThực hiện\n1\tKết nạp đảng viên\tĐV\t100\t45\n";
    let e = import("tong.txt", t.as_bytes()).unwrap_err();
    let (vi, en) = (e.render(Lang::Vi), e.render(Lang::En));
    assert!(vi.contains("đến 30/6/2023") && en.contains("as of"), "{vi}");
    assert!(!vi.contains("periods[") && !vi.contains("2000"), "{vi}");
}

#[test]
fn a_row_with_one_cell_too_many_is_flagged_not_shifted() {
    let t = small_table(
        "STT\tNội dung\tĐơn vị tính\tChỉ tiêu\t2021\t2022\tGhi chú",
        &[
            "1\tKết nạp đảng viên\ttrong đó nữ\tĐV\t100\t60\t70\t",
            "2\tMở lớp bồi dưỡng\tLớp\t10\t4\t5\t",
        ],
    );
    let i = import("lech.txt", t.as_bytes()).expect("imports");
    let flagged = i
        .unread
        .iter()
        .find(|u| u.vi.contains("nhiều hơn"))
        .expect("the row is flagged");
    assert_eq!(flagged.place(Lang::Vi), "B5");
    assert!(
        flagged.en.contains("more than the header's 7"),
        "{}",
        flagged.en
    );
    let names: Vec<String> = i.loaded.export.units[0].sections[0]
        .indicators
        .iter()
        .map(|x| x.name.clone())
        .collect();
    assert_eq!(names, ["Mở lớp bồi dưỡng"]);
}

#[test]
fn an_unbalanced_quote_in_a_csv_is_named_instead_of_losing_rows() {
    let csv = String::from_utf8(CSV.to_vec()).unwrap().replacen(
        "Nhận thức về Đảng",
        "\"Nhận thức về Đảng",
        1,
    );
    let e = import("phu-luc.csv", csv.as_bytes()).unwrap_err();
    let vi = e.render(Lang::Vi);
    assert!(vi.contains("ô B15") && vi.contains("ngoặc kép"), "{vi}");
    assert!(e.render(Lang::En).contains("never closed"), "{e}");
}

#[test]
fn a_two_row_merged_header_with_two_target_columns_keeps_both_targets() {
    let t = small_table(
        "STT\tNội dung\tĐơn vị tính\tChỉ tiêu\t\tThực hiện qua các năm\t\n\t\t\tNghị quyết\tTỉnh giao\t2021\t2022",
        &["1\tKết nạp đảng viên\tĐV\t100\t120\t40\t50"],
    );
    let i = import("hai.txt", t.as_bytes()).expect("imports");
    let ind = indicator(&i, "Kết nạp đảng viên");
    let targets: Vec<(String, String)> = ind
        .targets
        .iter()
        .map(|t| (t.label.clone(), t.value.unwrap().fmt_vi()))
        .collect();
    assert_eq!(
        targets,
        [
            ("Chỉ tiêu nghị quyết".to_string(), "100".to_string()),
            ("Chỉ tiêu tỉnh giao".to_string(), "120".to_string())
        ]
    );
    assert!(
        !i.unread.iter().any(|u| u.cell == "Tỉnh giao"),
        "{:#?}",
        i.unread
    );
    let values: Vec<String> = ind.values.iter().map(|v| v.period.to_string()).collect();
    assert_eq!(values, ["2021", "2022"]);
}

/// The appendix as a Word report holds it: the title lines as paragraphs,
/// each table (broken across pages, its header repeated) as a table, the
/// "Thực hiện qua các năm" heading merged across its four columns
/// (`gridSpan`) and the first headings merged down over the period row (`vMerge`).
fn docx() -> Vec<u8> {
    use std::io::Write;
    fn esc(s: &str) -> String {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    }
    let p = |t: &str| {
        format!(
            "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            esc(t)
        )
    };
    let mut body = String::new();
    let mut table: Vec<Vec<&str>> = Vec::new();
    let flush = |table: &mut Vec<Vec<&str>>, body: &mut String| {
        if table.is_empty() {
            return;
        }
        body.push_str("<w:tbl><w:tblPr/>");
        let mut above: Vec<&str> = Vec::new();
        for row in table.iter() {
            body.push_str("<w:tr>");
            let mut c = 0;
            while c < row.len() {
                let text = row[c].trim();
                let mut pr = String::new();
                let mut span = 1;
                if text == "Thực hiện qua các năm" {
                    span = 4;
                    pr.push_str("<w:gridSpan w:val=\"4\"/>");
                }
                let is_header = row[0].trim() == "STT";
                let under_header = above.first().is_some_and(|h| h.trim() == "STT");
                if is_header && span == 1 {
                    pr.push_str("<w:vMerge w:val=\"restart\"/>");
                } else if under_header && text.is_empty() {
                    pr.push_str("<w:vMerge/>");
                }
                body.push_str(&format!("<w:tc><w:tcPr>{pr}</w:tcPr>{}</w:tc>", p(text)));
                c += span;
            }
            body.push_str("</w:tr>");
            above = row.clone();
        }
        body.push_str("</w:tbl>");
        table.clear();
    };
    for line in TSV.lines() {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() > 1 {
            table.push(cells);
        } else {
            flush(&mut table, &mut body);
            body.push_str(&p(line));
        }
    }
    flush(&mut table, &mut body);
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default();
    for (name, text) in [
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"),
        ("_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>"),
        ("word/document.xml", document.as_str()),
    ] {
        zip.start_file(name, o).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn the_appendix_in_a_word_report_imports_as_the_pasted_text_does() {
    let tsv = import("phu-luc.txt", TSV.as_bytes()).unwrap();
    let word = import("bao-cao.docx", &docx()).expect("the Word report imports");
    assert_eq!(comparable(&tsv), comparable(&word));
    let at = |i: &Imported| {
        i.unread
            .iter()
            .map(|u| (u.row, u.column, u.vi.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(at(&tsv), at(&word));
    // Not a Word document, though named one; nor a workbook.
    let e = import("bao-cao.docx", b"<html><body>STT</body></html>").unwrap_err();
    assert!(
        e.render(Lang::Vi).contains("không phải văn bản Word"),
        "{e}"
    );
}

/// An export the page cannot read without serde (here, kinds written in
/// serde's other form for a word, `{"count": null}`) goes to the worker,
/// which hands it back as serde writes it: the page reads that, and it is
/// the export `load` reads. A file with a problem gets `load`'s problems.
#[test]
fn an_export_the_page_cannot_read_comes_back_from_the_worker_readable() {
    use chitieu_core::import::Reply;
    use chitieu_core::load::parts::read_whole;
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let sample = std::fs::read_to_string(format!("{root}/data/huyen-2023.json")).unwrap();
    let unusual = sample.replace(r#""kind": "count""#, r#""kind": {"count": null}"#);
    assert_ne!(unusual, sample);
    let bad = sample.replace(r#""as_of": "#, r#""as_of": 1, "x": "#);
    for text in [&unusual, &bad] {
        assert!(read_whole("a.json", text.as_bytes()).is_none());
        let loaded = load("a.json", text.as_bytes());
        match Reply::read("a.json", text.as_bytes()) {
            Reply::Imported { export, .. } => {
                let read = read_whole("a.json", export.as_bytes()).unwrap();
                assert_eq!(read, loaded);
                assert!(read.is_ok());
            }
            Reply::Failed(e) => {
                assert_eq!(Err(e.clone()), loaded);
                assert!(
                    !e.problems.is_empty() && e.problems[0].line.is_some(),
                    "{e:?}"
                );
            }
        }
    }
    assert!(load("a.json", unusual.as_bytes()).is_ok());
    assert!(load("a.json", bad.as_bytes()).is_err());
}
