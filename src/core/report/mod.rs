//! Reports: pure text renderings of a position or a register, for people and for machines.

pub mod csv;
pub mod expected;
pub mod monitoring;
pub mod review;
pub mod summary;
