//! Pieces of drawing that know nothing of budgets: text measured in terminal cells, and
//! (as the screens need them) lists and wrapping built on it.

pub mod cells;
