//! The pay-day entry.
