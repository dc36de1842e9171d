//! One sort for the whole page.
//!
//! Each use of the standard library's `sort_by_key` compiles its own copy of
//! the sort (3–6 KB of wasm each). Sorting through [`sort_by_key`] here
//! compiles it once, for `(i64, i64)` keys; the keys of the charts and
//! computations (months, spans, ranks) all fit.

/// Sorts `items` by `key`, keeping the order of equal keys (a stable sort).
pub fn sort_by_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> (i64, i64)) {
    let mut keyed: Vec<((i64, i64), usize)> = items
        .iter()
        .enumerate()
        .map(|(i, item)| (key(item), i))
        .collect();
    // The position breaks ties, so the unstable sort keeps equal keys in order.
    keyed.sort_unstable();
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        keyed
            .into_iter()
            .filter_map(|(_, i)| slots.get_mut(i).and_then(Option::take)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_stable_sort(v in proptest::collection::vec((0i64..5, -3i64..3, any::<u8>()), 0..60)) {
            let mut ours = v.clone();
            sort_by_key(&mut ours, |&(a, b, _)| (a, b));
            let mut std = v;
            std.sort_by_key(|&(a, b, _)| (a, b));
            prop_assert_eq!(ours, std);
        }
    }
}
