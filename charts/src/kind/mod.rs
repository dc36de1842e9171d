//! One module per chart kind, as plotters' own `series`: the kind's spec, its
//! builder from the core's evaluation, and its drawing.

pub mod achievement;
pub mod cumulative;
pub mod distribution;
pub mod floor;
pub mod plan;
pub mod ranking;
