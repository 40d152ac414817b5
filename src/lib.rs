//! careledger: personal budget records for people who direct their own care.
//!
//! The crate is shaped in three rooms:
//! - [`core`]: the money rules, the plan, the journal and the budget position. Pure: no
//!   terminal, no clock, no files. "Today" is a parameter and files arrive as text.
//! - [`store`]: the workspace on disk: layout, atomic writes, locks, change detection.
//! - [`app`]: the actions every front end calls (record, edit, reverse, clear, import,
//!   reconcile, report, open people), each rule applied once, with typed results.
//! - front ends ([`cli`] with plain line mode, and [`tui`]) that only translate input into
//!   `app` calls and results into text or screens.

pub mod app;
pub mod cli;
pub mod core;
pub mod store;
pub mod tui;
