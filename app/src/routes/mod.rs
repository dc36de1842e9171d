//! One file per page.

pub mod booklet;
pub mod indicator;
pub mod overview;
pub mod present;
pub mod units;
