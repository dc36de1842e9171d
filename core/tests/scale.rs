//! Cost that grows with the input, not with its square: each shape of export
//! that once took seconds (many periods of one span, a distribution with many
//! periods, many indicators over many periods, sub-periods inside their
//! period) is read and evaluated at size n and 2n, and the time may at most
//! triple (linear is about 2, quadratic about 4). And a province's roll-up,
//! 625 units × 60 indicators × 20 quarters (about 29 MB), loads.
//!
//! Sizes are smaller in a debug build, where the test command runs them;
//! `cargo test --release -p chitieu-core --test scale -- --nocapture` prints
//! the timings at full size.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use chitieu_core::evaluate::evaluate_all;
use chitieu_core::load::load;

/// Whether this is a debug build: smaller sizes, the same shapes.
const DEBUG: bool = cfg!(debug_assertions);

/// A small deterministic generator, so that every run reads the same figures.
struct Rng(u64);

impl Rng {
    fn below(&mut self, m: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % m
    }
}

/// The export's opening up to and including `"periods":[`.
fn head(id: &str) -> String {
    format!(
        r#"{{"format":"chitieu","version":1,"dataset":{{"id":"{id}","title":"Đo thời gian đọc","organisation":"Đo hiệu năng","as_of":"2024-12"}},"sources":[{{"id":"s","title":"Sinh tự động"}}],"periods":["#
    )
}

/// A comma before every item but the first.
fn sep(i: usize) -> &'static str {
    if i > 0 {
        ","
    } else {
        ""
    }
}

/// One unit holding `indicators` (already JSON), closing the export.
fn one_unit(out: &mut String, indicators: &str) {
    write!(
        out,
        r#"],"units":[{{"id":"u","name":"Đơn vị","sections":[{{"id":"s","title":"Chỉ tiêu","indicators":[{indicators}]}}]}}]}}"#
    )
    .unwrap();
}

/// A count indicator with a figure in each of `periods` and a term target.
fn count_indicator(id: &str, periods: &[String], rng: &mut Rng) -> String {
    let mut values = String::new();
    for (i, p) in periods.iter().enumerate() {
        write!(
            values,
            r#"{}{{"period":"{p}","value":{}}}"#,
            sep(i),
            10 + rng.below(90)
        )
        .unwrap();
    }
    format!(
        r#"{{"id":"{id}","name":"Chỉ tiêu {id}","kind":"count","measure":{{"unit":"ĐV","kind":"count"}},"values":[{values}],"targets":[{{"label":"Chỉ tiêu","value":1000,"horizon":"all"}}],"source":{{"doc":"s"}}}}"#
    )
}

/// `n` periods of distinct spans, overlapping one another: ranges of one
/// month from each month from January 1900, then of two months, and so on.
/// Two periods of one span are refused, so a long list of periods is of ranges.
fn overlapping_periods(out: &mut String, n: usize) -> Vec<String> {
    // 3,500 first months from 1900-01: up to 80,000 ranges end before 2200.
    const STARTS: usize = 3_500;
    let month = |k: usize| format!("{}-{:02}", 1900 + k / 12, k % 12 + 1);
    (0..n)
        .map(|i| {
            let (start, len) = (i % STARTS, i / STARTS);
            let id = format!("r{i}");
            write!(
                out,
                r#"{}{{"id":"{id}","kind":"range","start":"{}","end":"{}","label":"Kỳ {i}"}}"#,
                sep(i),
                month(start),
                month(start + len)
            )
            .unwrap();
            id
        })
        .collect()
}

/// The terms the targets are for: a congress's, and one over every period.
const TERM: &str = r#"{"id":"nk","kind":"term","start":"2020-01","end":"2024-12","label":"Nhiệm kỳ"},{"id":"all","kind":"term","start":"1900-01","end":"2200-12","label":"Toàn bộ"}"#;

/// (a) One indicator with `n` periods of the same span (the year 2023, each
/// with its own id), as a table repeated by copy and paste would give. Such
/// periods may be refused: then the refusal is what must come in linear time.
fn many_periods_of_one_span(n: usize) -> String {
    let mut out = head("one-span");
    let ids: Vec<String> = (0..n).map(|i| format!("y{i}")).collect();
    for (i, id) in ids.iter().enumerate() {
        write!(
            out,
            r#"{}{{"id":"{id}","kind":"year","year":2023}}"#,
            sep(i)
        )
        .unwrap();
    }
    write!(out, ",{TERM}").unwrap();
    let ind = count_indicator("a", &ids, &mut Rng(1));
    one_unit(&mut out, &ind);
    out
}

/// (b) A distribution of four categories over `n` periods, with a target on
/// two categories and the number rated.
fn distribution_over_many_periods(n: usize) -> String {
    let mut out = head("distribution");
    let ids = overlapping_periods(&mut out, n);
    write!(out, ",{TERM}").unwrap();
    let mut rng = Rng(2);
    // Shares per period adding up to 100 (two decimals).
    let shares: Vec<[u64; 4]> = (0..n)
        .map(|_| {
            let a = 1000 + rng.below(2000);
            let b = 5000 + rng.below(2000);
            let c = rng.below(10_000 - a - b);
            [a, b, c, 10_000 - a - b - c]
        })
        .collect();
    let mut cats = String::new();
    for (k, cat) in ["xuat-sac", "tot", "hoan-thanh", "khong"]
        .iter()
        .enumerate()
    {
        let mut values = String::new();
        for (i, id) in ids.iter().enumerate() {
            let v = shares[i][k];
            write!(
                values,
                r#"{}{{"period":"{id}","value":{}.{:02}}}"#,
                sep(i),
                v / 100,
                v % 100
            )
            .unwrap();
        }
        write!(
            cats,
            r#"{}{{"id":"{cat}","name":"Nhóm {cat}","values":[{values}]}}"#,
            sep(k)
        )
        .unwrap();
    }
    let base: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"period":"{id}","value":104}}"#))
        .collect();
    let ind = format!(
        r#"{{"id":"d","name":"Chất lượng","kind":"distribution","measure":{{"unit":"%","kind":"percent"}},"targets":[{{"label":"Chỉ tiêu","value":80,"horizon":"all","rule":"each_period","categories":["xuat-sac","tot"]}}],"categories":[{cats}],"base":[{}],"source":{{"doc":"s"}}}}"#,
        base.join(",")
    );
    one_unit(&mut out, &ind);
    out
}

/// (c) `n` indicators over `n` periods, each indicator with figures for a few
/// of them (a roll-up where each unit reports its own periods).
fn many_indicators_over_many_periods(n: usize) -> String {
    let mut out = head("many");
    let ids = overlapping_periods(&mut out, n);
    write!(out, ",{TERM}").unwrap();
    let mut rng = Rng(3);
    let mut inds = String::new();
    for i in 0..n {
        // Four of the periods, from the indicator's own.
        let from = i - i % 4;
        let own: Vec<String> = ids.iter().skip(from).take(4).cloned().collect();
        write!(
            inds,
            "{}{}",
            sep(i),
            count_indicator(&format!("i{i}"), &own, &mut rng)
        )
        .unwrap();
    }
    one_unit(&mut out, &inds);
    out
}

/// (e) One count indicator with a figure in each of `n` overlapping periods.
/// As above, each indicator with a printed total its figures do not add up
/// to: a warning per indicator, each naming its periods by their labels.
fn many_warnings_over_many_periods(n: usize) -> String {
    many_indicators_over_many_periods(n).replace(
        r#""targets":[{"label":"Chỉ tiêu","#,
        r#""total":{"value":1},"targets":[{"label":"Chỉ tiêu","#,
    )
}

fn many_overlapping_periods(n: usize) -> String {
    let mut out = head("overlapping");
    let ids = overlapping_periods(&mut out, n);
    write!(out, ",{TERM}").unwrap();
    // Each range's figure the sum of its months', so that a range made up of
    // others adds up (a warning names its period, which is not timed here).
    let mut rng = Rng(5);
    let monthly: Vec<u64> = (0..3_600).map(|_| 10 + rng.below(90)).collect();
    let mut values = String::new();
    for (i, id) in ids.iter().enumerate() {
        let (start, len) = (i % 3_500, i / 3_500);
        let v: u64 = monthly[start..=start + len].iter().sum();
        write!(values, r#"{}{{"period":"{id}","value":{v}}}"#, sep(i)).unwrap();
    }
    let ind = format!(
        r#"{{"id":"a","name":"Chỉ tiêu","kind":"count","measure":{{"unit":"ĐV","kind":"count"}},"values":[{values}],"targets":[{{"label":"Chỉ tiêu","value":1000,"horizon":"all"}}],"source":{{"doc":"s"}}}}"#
    );
    one_unit(&mut out, &ind);
    out
}

/// (d) `years` years, each with its four quarters, two halves and nine
/// months, for a count (summed) with a printed total: the sub-periods are
/// checked against the period they make up, and the periods against the total.
fn subperiods_of_many_years(years: usize) -> String {
    subperiods_in(years, if DEBUG { 4 } else { 20 })
}

/// As [`subperiods_of_many_years`], for `indicators` indicators alike.
fn subperiods_in(years: usize, indicators: usize) -> String {
    let mut out = head("subperiods");
    let mut periods = Vec::new();
    for k in 0..years {
        let y = 1900 + k;
        let mut add = |id: String, rest: String| {
            write!(
                out,
                r#"{}{{"id":"{id}","kind":{rest}}}"#,
                sep(periods.len())
            )
            .unwrap();
            periods.push(id);
        };
        add(format!("{y}"), format!(r#""year","year":{y}"#));
        for h in 1..=2 {
            add(
                format!("h{h}-{y}"),
                format!(r#""half","year":{y},"half":{h}"#),
            );
        }
        for q in 1..=4 {
            add(
                format!("q{q}-{y}"),
                format!(r#""quarter","year":{y},"quarter":{q}"#),
            );
        }
        add(
            format!("9t-{y}"),
            format!(r#""year_to_date","year":{y},"months":9"#),
        );
    }
    write!(out, ",{TERM}").unwrap();
    let mut rng = Rng(4);
    let mut values = String::new();
    let mut exact = String::new();
    let mut total = 0;
    for k in 0..years {
        let y = 1900 + k;
        let q: Vec<u64> = (0..4).map(|_| 10 + rng.below(90)).collect();
        let h2 = q[2] + q[3];
        let fig = [
            (format!("{y}"), q.iter().sum::<u64>()),
            (format!("h1-{y}"), q[0] + q[1]),
            (format!("h2-{y}"), h2),
            (format!("q1-{y}"), q[0]),
            (format!("q2-{y}"), q[1]),
            (format!("q3-{y}"), q[2]),
            (format!("q4-{y}"), q[3]),
            (format!("9t-{y}"), q[0] + q[1] + q[2]),
        ];
        total += fig[0].1;
        for (id, v) in fig {
            // The first indicator misprints the second half of 1900 and of
            // 1910, for two warnings; the others add up.
            let off = u64::from((k == 0 || k == 10) && id.starts_with("h2"));
            let (a, b) = (sep(values.len()), sep(exact.len()));
            write!(values, r#"{a}{{"period":"{id}","value":{}}}"#, v + off).unwrap();
            write!(exact, r#"{b}{{"period":"{id}","value":{v}}}"#).unwrap();
        }
    }
    // The first with a total one off, for the total-versus-periods warning
    // naming every year.
    let inds: Vec<String> = (0..indicators)
        .map(|i| {
            let (values, total) = if i == 0 {
                (&values, total + 1)
            } else {
                (&exact, total)
            };
            format!(
            r#"{{"id":"c{i}","name":"Kết nạp","kind":"count","measure":{{"unit":"ĐV","kind":"count"}},"values":[{values}],"total":{{"value":{}}},"targets":[{{"label":"Chỉ tiêu","value":1000,"horizon":"nk"}}],"source":{{"doc":"s"}}}}"#,
            total
        )})
        .collect();
    one_unit(&mut out, &inds.join(","));
    out
}

/// (e) A province's roll-up: `units` units × `per_unit` indicators ×
/// `quarters` quarters, a third of them rates with a floor each quarter.
fn roll_up(units: usize, per_unit: usize, quarters: usize) -> String {
    let mut rng = Rng(0x2023_0930);
    let mut out = String::with_capacity(units * per_unit * quarters * 40);
    out.push_str(&head("tong-hop-tinh"));
    for p in 0..quarters {
        let (y, q) = (2020 + p / 4, p % 4 + 1);
        write!(
            out,
            r#"{}{{"id":"q{p}","kind":"quarter","year":{y},"quarter":{q}}}"#,
            sep(p)
        )
        .unwrap();
    }
    write!(out, r#",{TERM}],"units":["#).unwrap();
    for u in 0..units {
        write!(
            out,
            r#"{}{{"id":"u{u}","name":"Đảng bộ cơ sở số {} thuộc Đảng ủy cấp trên số {}","sections":[{{"id":"s","title":"Các chỉ tiêu nghị quyết","indicators":["#,
            sep(u),
            u % 25 + 1,
            u / 25 + 1
        )
        .unwrap();
        for i in 0..per_unit {
            let rate = i % 3 == 0;
            write!(
                out,
                r#"{}{{"id":"i{i}","name":"Chỉ tiêu số {i} của đơn vị {u}","kind":"{}","measure":{{"unit":"{}","kind":"{}"}},"values":["#,
                sep(i),
                if rate { "rate" } else { "count" },
                if rate { "%" } else { "ĐV" },
                if rate { "percent" } else { "count" },
            )
            .unwrap();
            for p in 0..quarters {
                if rate {
                    write!(
                        out,
                        r#"{}{{"period":"q{p}","value":"{}.{:02}"}}"#,
                        sep(p),
                        80 + rng.below(20),
                        rng.below(100)
                    )
                } else {
                    write!(
                        out,
                        r#"{}{{"period":"q{p}","value":{}}}"#,
                        sep(p),
                        10 + rng.below(90)
                    )
                }
                .unwrap();
            }
            if rate {
                out.push_str(r#"],"targets":[{"label":"Chỉ tiêu","value":90,"horizon":"nk","rule":"each_period"}]"#);
            } else {
                write!(
                    out,
                    r#"],"targets":[{{"label":"Chỉ tiêu","value":{},"horizon":"nk"}}]"#,
                    800 + rng.below(800)
                )
                .unwrap();
            }
            out.push_str(r#","source":{"doc":"s","section":"Phụ lục"}}"#);
        }
        out.push_str("]}]}");
    }
    out.push_str("]}");
    out
}

/// Reads and evaluates an export; the number of rows evaluated, or of
/// problems if it is refused.
fn read(text: &str) -> usize {
    match load("scale.json", text.as_bytes()) {
        Ok(l) => evaluate_all(&l).len(),
        Err(e) => e.problems.len(),
    }
}

/// The best of five reads.
fn best_of_3(text: &str) -> Duration {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            assert!(read(text) > 0);
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// One timing at a time: tests run in parallel, and a neighbour's work on the
/// other core would be counted as this one's.
static ALONE: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Reads the shape at `n` and at `2n`: the time may at most triple.
fn doubling_is_linear(what: &str, n: usize, make: fn(usize) -> String) {
    let small = make(n);
    let large = make(n * 2);
    let _alone = ALONE.lock().unwrap_or_else(|e| e.into_inner());
    let a = best_of_3(&small);
    let b = best_of_3(&large);
    let ratio = b.as_secs_f64() / a.as_secs_f64().max(1e-9);
    println!(
        "{what}: n = {n} ({} kB) {:.1} ms, 2n ({} kB) {:.1} ms, ratio {ratio:.2}",
        small.len() / 1024,
        a.as_secs_f64() * 1e3,
        large.len() / 1024,
        b.as_secs_f64() * 1e3,
    );
    assert!(
        ratio < 3.0,
        "{what}: doubling the input multiplied the time by {ratio:.2} ({a:?} → {b:?})"
    );
}

#[test]
fn many_periods_of_one_span_load_in_linear_time() {
    let n = if DEBUG { 2_000 } else { 20_000 };
    doubling_is_linear("many periods of one span", n, many_periods_of_one_span);
}

#[test]
fn many_overlapping_periods_load_in_linear_time() {
    let n = if DEBUG { 4_000 } else { 40_000 };
    doubling_is_linear("many overlapping periods", n, many_overlapping_periods);
}

#[test]
fn a_distribution_over_many_periods_loads_in_linear_time() {
    let n = if DEBUG { 2_000 } else { 10_000 };
    doubling_is_linear(
        "distribution over many periods",
        n,
        distribution_over_many_periods,
    );
}

#[test]
fn many_indicators_over_many_periods_load_in_linear_time() {
    let n = if DEBUG { 2_000 } else { 20_000 };
    doubling_is_linear(
        "many indicators over many periods",
        n,
        many_indicators_over_many_periods,
    );
}

#[test]
fn a_warning_per_indicator_over_many_periods_is_named_in_linear_time() {
    // Each warning's label looked its period up in the list of periods.
    let n = if DEBUG { 2_000 } else { 20_000 };
    let text = many_warnings_over_many_periods(64);
    let l = load("w.json", text.as_bytes()).expect("the shape loads");
    assert!(evaluate_all(&l).iter().all(|r| !r.eval.warnings.is_empty()));
    doubling_is_linear(
        "a warning per indicator over many periods",
        n,
        many_warnings_over_many_periods,
    );
}

#[test]
fn subperiods_inside_their_period_are_checked_in_linear_time() {
    // Years from 1900: at most 150 doubled stays within 2200.
    let years = 150;
    doubling_is_linear("sub-periods of many years", years, subperiods_of_many_years);
}

#[test]
fn the_shapes_check_what_they_should() {
    // The sub-periods shape warns about each misprinted half and the total.
    let text = subperiods_in(20, 2);
    let l = load("s.json", text.as_bytes()).unwrap();
    let rows = evaluate_all(&l);
    let codes: Vec<&str> = rows[0].eval.warnings.iter().map(|w| w.code).collect();
    let count = |c: &str| codes.iter().filter(|&&x| x == c).count();
    assert_eq!(count("total_vs_periods"), 1, "{codes:?}");
    // Years 1900 and 1910: the second half (a year, with its halves and
    // quarters overlapping inside it, is not checked).
    assert!(rows[1].eval.warnings.is_empty());
    assert_eq!(count("subperiods_vs_period"), 2, "{codes:?}");
    // The distribution adds up to 100 in each period and meets its floor.
    let text = distribution_over_many_periods(10);
    let l = load("d.json", text.as_bytes()).unwrap();
    let rows = evaluate_all(&l);
    assert!(
        rows[0].eval.warnings.is_empty(),
        "{:?}",
        rows[0].eval.warnings
    );
    assert_eq!(rows[0].eval.targets[0].periods.len(), 10);
    // Overlapping ranges, each the sum of its months, add up.
    let text = many_overlapping_periods(5_000);
    let l = load("o.json", text.as_bytes()).unwrap();
    let rows = evaluate_all(&l);
    assert!(
        rows[0].eval.warnings.is_empty(),
        "{:?}",
        rows[0].eval.warnings
    );
}

#[test]
fn a_provinces_roll_up_of_625_units_loads() {
    let _alone = ALONE.lock().unwrap_or_else(|e| e.into_inner());
    // 25 committees of 25 units, 60 indicators, 20 quarters: about 29 MB.
    let units = if DEBUG { 125 } else { 625 };
    let text = roll_up(units, 60, 20);
    let t = Instant::now();
    let l = load("tong-hop.json", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let loaded = t.elapsed();
    let rows = evaluate_all(&l);
    let all = t.elapsed();
    assert_eq!(rows.len(), units * 60);
    println!(
        "roll-up {units} units × 60 indicators × 20 quarters, {:.1} MB: read and validated in {:.0} ms, evaluated in {:.0} ms more",
        text.len() as f64 / 1_048_576.0,
        loaded.as_secs_f64() * 1e3,
        (all - loaded).as_secs_f64() * 1e3
    );
    if !DEBUG {
        assert!(
            loaded < Duration::from_secs(1),
            "the roll-up took {loaded:?} to read"
        );
    }
}
