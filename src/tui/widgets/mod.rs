//! Pieces of drawing that know nothing of budgets: text measured in terminal cells, word
//! wrapping in cells, and the scrolling list every screen's list is drawn with.

pub mod cells;
pub mod scroll_list;
pub mod wrap;

pub use scroll_list::{ScrollList, ScrollState};
pub use wrap::{shorten, wrap};
