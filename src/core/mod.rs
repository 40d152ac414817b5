//! The pure core: everything here is a function of plan, journal and today.

pub mod money;
