//! careledger: personal budget records for people who direct their own care.
//!
//! The crate is shaped in three rooms:
//! - [`core`]: the money rules, the plan, the journal and the budget position. Pure: no
//!   terminal, no clock, no files. "Today" is a parameter and files arrive as text.
//! - [`store`]: the workspace on disk: layout, atomic writes, locks, change detection.
//! - front ends ([`cli`], and the TUI) that call the two above.

pub mod cli;
pub mod core;
pub mod store;
pub mod tui;
