//! Words every front end puts round the figures: counts of things, dates and shares. The app,
//! the command line and the reports all say these through here, so that a holder reading a
//! screen and a funder reading a report see "55%" and "3 entries" alike.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

/// The plurals careledger uses that adding an "s" gets wrong.
const IRREGULAR: &[(&str, &str)] = &[
    ("entry", "entries"),
    ("person", "people"),
    ("clash", "clashes"),
];

/// "1 payment", "3 payments", "2 people": a count with its noun.
pub fn plural(n: i64, word: &str) -> String {
    if n == 1 {
        return format!("1 {word}");
    }
    match IRREGULAR.iter().find(|(one, _)| *one == word) {
        Some((_, many)) => format!("{n} {many}"),
        None => format!("{n} {word}s"),
    }
}

/// "1 October 2026": the form people read aloud.
pub fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// A share (1 is all of it) as a whole percentage: 0.5417 -> "54%", 1.2 -> "120%".
///
/// Halves round away from zero, as people round by hand: 0.545 is "55%". Rounding halves to
/// even would say 54% on one page and 55% on another for shares that differ by a penny.
pub fn percent(share: Decimal) -> String {
    let p = (share * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    // A tiny negative share rounds to a negative zero, which would print as "-0%".
    let p = if p.is_zero() { Decimal::ZERO } else { p };
    format!("{p}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn percent_rounds_halves_away_from_zero() {
        assert_eq!(percent(share("0.545")), "55%");
        assert_eq!(percent(share("0.544")), "54%");
        assert_eq!(percent(share("0.5417")), "54%");
        assert_eq!(percent(share("0.5450")), "55%");
    }

    #[test]
    fn percent_of_nothing_all_and_more() {
        assert_eq!(percent(Decimal::ZERO), "0%");
        assert_eq!(percent(share("0.0000")), "0%");
        assert_eq!(percent(Decimal::ONE), "100%");
        assert_eq!(percent(share("1.0000")), "100%");
        assert_eq!(percent(share("1.25")), "125%");
        assert_eq!(percent(share("2.005")), "201%");
    }

    #[test]
    fn percent_of_a_negative_share() {
        assert_eq!(percent(share("-0.545")), "-55%");
        assert_eq!(percent(share("-0.2")), "-20%");
        assert_eq!(percent(share("-0.004")), "0%");
    }

    #[test]
    fn plural_knows_the_irregular_words() {
        assert_eq!(plural(1, "person"), "1 person");
        assert_eq!(plural(2, "person"), "2 people");
        assert_eq!(plural(0, "person"), "0 people");
        assert_eq!(plural(1, "entry"), "1 entry");
        assert_eq!(plural(3, "entry"), "3 entries");
        assert_eq!(plural(1, "payment"), "1 payment");
        assert_eq!(plural(0, "payment"), "0 payments");
        assert_eq!(plural(14, "day"), "14 days");
    }

    #[test]
    fn long_date_is_read_aloud() {
        assert_eq!(
            long_date(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()),
            "1 October 2026"
        );
        assert_eq!(
            long_date(NaiveDate::from_ymd_opt(2027, 3, 31).unwrap()),
            "31 March 2027"
        );
    }
}
