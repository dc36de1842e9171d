//! The value axis: plotters' `RangedCoordf64` with its own key points and no
//! default labels of its own. plotters' default prints an `f64` axis through
//! `f64`'s `Display` and `powf`, which brought 13 KB of float formatting into
//! the page although every chart prints its ticks through [`crate::parts::tick`]
//! (exact decimals, the language's separators). The mapping and the key points
//! are plotters' own, with powers of ten computed exactly.

use std::ops::Range;

use chitieu_core::text::Lang;
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};

/// A continuous value axis from `.0` to `.1`.
#[derive(Clone)]
pub(crate) struct Axis(pub f64, pub f64);

impl From<Range<f64>> for Axis {
    fn from(r: Range<f64>) -> Axis {
        Axis(r.start, r.end)
    }
}

impl Ranged for Axis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        if self.1 == self.0 {
            return (limit.1 - limit.0) / 2;
        }
        let logic = (*v - self.0) / (self.1 - self.0);
        let actual = limit.1 - limit.0;
        if actual == 0 {
            return limit.1;
        }
        if logic.is_infinite() {
            return if logic.is_sign_positive() {
                limit.1
            } else {
                limit.0
            };
        }
        if actual > 0 {
            limit.0 + (f64::from(actual) * logic + 1e-3).floor() as i32
        } else {
            limit.0 + (f64::from(actual) * logic - 1e-3).ceil() as i32
        }
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        key_points((self.0, self.1), hint.max_num_points())
    }

    fn range(&self) -> Range<f64> {
        self.0..self.1
    }
}

impl ValueFormatter<f64> for Axis {
    /// Only if a chart sets no label formatter of its own.
    fn format(value: &f64) -> String {
        crate::parts::tick(*value, Lang::Vi)
    }
}

/// `10^k` for a whole `k`, by multiplying (exact up to 10^22, as `powf` is there).
fn pow10(k: f64) -> f64 {
    let mut v = 1.0;
    let mut i = 0.0;
    while i < k.abs() && i < 400.0 {
        v *= 10.0;
        i += 1.0;
    }
    if k < 0.0 {
        1.0 / v
    } else {
        v
    }
}

fn rem_euclid(a: f64, b: f64) -> f64 {
    let ret = if b > 0.0 {
        a - (a / b).floor() * b
    } else {
        a - (a / b).ceil() * b
    };
    if (ret - b).abs() < f64::EPSILON {
        0.0
    } else {
        ret
    }
}

/// plotters' key points of a float axis: at most `max_points` round values.
fn key_points(range: (f64, f64), max_points: usize) -> Vec<f64> {
    if max_points == 0 {
        return vec![];
    }
    let range = (range.0.min(range.1), range.1.max(range.0));
    if range.0.is_nan() || range.1.is_nan() {
        return vec![];
    }
    if (range.0 - range.1).abs() < f64::EPSILON {
        return vec![range.0];
    }
    let mut scale = pow10((range.1 - range.0).log(10.0).floor());
    // Key points are rounded to a granularity, 1/10 of the scale, so that
    // none reads 1.00000000001.
    let mut granularity = scale / 10.0;
    if 1 + ((range.1 - range.0) / scale).floor() as usize > max_points {
        scale *= 10.0;
        granularity *= 10.0;
    }
    'outer: loop {
        let old_scale = scale;
        for nxt in [2.0, 5.0, 10.0] {
            let mut new_left = range.0 - rem_euclid(range.0, old_scale / nxt);
            if new_left < range.0 {
                new_left += old_scale / nxt;
            }
            let new_right = range.1 - rem_euclid(range.1, old_scale / nxt);
            let npoints = 1.0 + ((new_right - new_left) / old_scale * nxt);
            if npoints.round() as usize > max_points {
                break 'outer;
            }
            scale = old_scale / nxt;
        }
        scale = old_scale / 10.0;
        granularity /= 10.0;
    }
    let left = {
        let mut value = range.0 - rem_euclid(range.0, scale);
        if value < range.0 {
            value += scale;
        }
        value
    };
    // Base and offset kept apart, so that a huge left value cannot stall
    // the loop on float error.
    let left_base = (left / granularity).floor() * granularity;
    let mut left_relative = left - left_base;
    let right = range.1 - rem_euclid(range.1, scale);
    let mut out = vec![];
    while (right - left_relative - left_base) >= -f64::EPSILON {
        let rounded = (left_relative / granularity).round() * granularity;
        if rounded < 0.0 {
            left_relative += granularity;
        }
        out.push(left_relative + left_base);
        left_relative += scale;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::coord::types::RangedCoordf64;

    /// The same pixels and ticks as plotters' own float axis.
    #[test]
    fn maps_and_ticks_as_plotters_float_axis_does() {
        for (a, b) in [
            (0.0, 1.0),
            (0.0, 118.0),
            (0.0, 1416.0),
            (90.0, 100.5),
            (0.0, 2.3e9),
            (0.0, 1000.0),
            (0.0, 0.07),
        ] {
            let ours = Axis(a, b);
            let theirs: RangedCoordf64 = (a..b).into();
            for n in [2, 5, 6, 10] {
                assert_eq!(
                    ours.key_points(n),
                    theirs.key_points(n),
                    "{a}..{b}, {n} points"
                );
            }
            for v in [a, b, (a + b) / 2.0, a + (b - a) / 3.0] {
                assert_eq!(ours.map(&v, (10, 410)), theirs.map(&v, (10, 410)));
                assert_eq!(ours.map(&v, (300, 20)), theirs.map(&v, (300, 20)));
            }
        }
    }
}
