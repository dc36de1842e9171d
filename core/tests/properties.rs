//! Properties of the exact arithmetic and of reading, over generated inputs:
//! round trips are exact, nothing overflows into a panic, and no input makes
//! loading panic.

use chitieu_core::evaluate::evaluate_all;
use chitieu_core::load::load;
use chitieu_format::dec::Dec;
use chitieu_format::dec::Interval;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn dec() -> impl Strategy<Value = Dec> {
    (any::<i64>(), 0u32..12).prop_map(|(m, s)| Dec(Decimal::new(m, s)))
}

proptest! {
    #[test]
    fn plain_text_round_trips_exactly(d in dec()) {
        let back = Dec::parse(&d.to_plain()).unwrap();
        prop_assert_eq!(back, d);
        prop_assert_eq!(back.scale(), d.scale());
    }

    #[test]
    fn vietnamese_format_is_the_plain_figure_regrouped(d in dec()) {
        let vi = d.fmt_vi();
        let plain = vi.replace('.', "").replace(',', ".");
        prop_assert_eq!(plain, d.to_plain());
        let en = d.fmt_en();
        prop_assert_eq!(en.replace(',', ""), d.to_plain());
    }

    #[test]
    fn json_numbers_and_strings_read_exactly(d in dec()) {
        let sample = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/quy-3-2023.json")).unwrap();
        let v = d.0.abs();
        for text in [v.to_string(), format!("\"{v}\"")] {
            let json = sample.replacen("\"value\": 10.5", &format!("\"value\": {text}"), 1);
            let l = load("p.json", json.as_bytes()).unwrap();
            let got = l.export.units[0].sections[0].indicators[3].values[0].value.unwrap();
            prop_assert_eq!(got.0, v);
        }
    }

    #[test]
    fn arithmetic_never_panics(a in dec(), b in dec()) {
        let _ = a.checked_add(b);
        let _ = a.checked_sub(b);
        let _ = a.checked_mul(b);
        let _ = a.checked_div(b);
        let _ = a.percent_of(b);
        prop_assert!(a.checked_div(Dec::ZERO).is_none());
        prop_assert!(a.percent_of(Dec::ZERO).is_none());
    }

    #[test]
    fn rounding_moves_at_most_half_a_unit(d in dec(), dp in 0u32..6) {
        let r = d.round_dp(dp);
        let half = Decimal::new(5, dp + 1);
        prop_assert!((r.0 - d.0).abs() <= half);
        prop_assert_eq!(d.fixed_dp(dp).scale(), dp);
    }

    #[test]
    fn a_printed_figure_lies_in_its_own_rounding_interval(d in dec()) {
        if let Some(i) = Interval::rounded(d) {
            prop_assert!(i.contains(d.0));
            prop_assert!(i.contains(d.round_dp(d.scale()).0));
        }
    }

    #[test]
    fn no_bytes_make_loading_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = load("x.json", &bytes);
    }

    #[test]
    fn corrupted_exports_load_or_fail_cleanly(flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6)) {
        let mut bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/quy-3-2023.json")).unwrap();
        let n = bytes.len();
        for (at, b) in flips {
            bytes[at % n] = b;
        }
        if let Ok(l) = load("x.json", &bytes) {
            let _ = evaluate_all(&l);
        }
    }

    /// A workbook stores figures as binary doubles; the importer takes the
    /// shortest text that reads back as the same double. For any figure of up
    /// to 15 significant digits that text is the decimal that was typed.
    #[test]
    fn a_workbook_number_reads_back_as_the_figure_typed(m in 0i64..999_999_999_999_999, scale in 0u32..7) {
        let typed = Dec(Decimal::new(m, scale));
        let stored: f64 = typed.to_plain().parse().unwrap();
        let read = Dec::parse(&format!("{stored}")).unwrap();
        prop_assert_eq!(read.0, typed.0);
    }

    /// No table text makes importing panic.
    #[test]
    fn no_table_text_makes_importing_panic(cells in proptest::collection::vec("[ -~\tàạễ%,.\n]{0,12}", 0..60)) {
        let text = format!("STT\tNội dung\tĐơn vị tính\tChỉ tiêu\t2021\tQuý III/2023\tThực hiện\n{}", cells.join("\t"));
        let _ = chitieu_core::import::import("x.txt", text.as_bytes());
        let _ = chitieu_core::import::import("x.csv", text.replace('\t', ";").as_bytes());
    }
}
