//! One file per page.

pub mod indicator;
pub mod overview;
pub mod units;
