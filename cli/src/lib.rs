//! The chitieu command line's library: checking exports and serving the dashboard.

pub mod serve;
