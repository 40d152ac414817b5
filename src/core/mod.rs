//! The pure core: everything here is a function of plan, journal and today.

pub mod accounts;
pub mod alert;
pub mod category;
pub mod employer;
pub mod entry;
pub mod expected;
pub mod import;
pub mod journal;
pub mod merge;
pub mod money;
pub mod pace;
pub mod payment;
pub mod plan;
pub mod plan_year;
pub mod position;
pub mod printable;
pub mod reconcile;
pub mod register;
pub mod report;
pub mod role;
pub mod schedule;
pub mod settings;
pub mod template;
pub mod text;
pub mod words;
