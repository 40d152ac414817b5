//! Reports: pure text renderings of a position or a register, for people and for machines.

pub mod summary;
