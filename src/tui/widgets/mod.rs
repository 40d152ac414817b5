//! Pieces of drawing that know nothing of budgets: text measured in terminal cells, and the
//! scrolling list every screen's list is drawn with.

pub mod cells;
pub mod scroll_list;

pub use scroll_list::{ScrollList, ScrollState};
