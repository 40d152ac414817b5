//! Reports: pure text renderings of a position or a register, for people and for machines.
//!
//! Every renderer shows text from the records through `core::printable` (plain text and CSV)
//! or [`markdown::text`] (Markdown), so what a person or a bank wrote cannot act on the
//! terminal, the spreadsheet or the Markdown viewer that shows the report.

pub mod csv;
pub mod employer;
pub mod expected;
pub mod html;
pub mod layout;
pub mod markdown;
pub mod monitoring;
pub mod monitoring_html;
pub mod monitoring_xlsx;
pub mod review;
pub mod summary;
