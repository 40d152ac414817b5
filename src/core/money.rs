//! Pounds and pence. Every amount careledger handles is a [`Money`]: a `rust_decimal`
//! held at exactly two decimal places, so sums never drift the way floats do.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The largest amount careledger accepts: no personal budget comes near it, and a figure
/// this big is far more likely a typing slip (or a hostile file) than a real payment.
const MAX_POUNDS: i64 = 999_999_999_999;

/// An amount of money in pounds sterling, always with two decimal places.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(Decimal);

/// Why a piece of text is not an amount of money. Each says what to type instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("no amount was given; type an amount such as 12.50")]
    Empty,
    #[error("\"{0}\" has more than two decimal places; pounds have pence only, e.g. 12.50")]
    TooManyDecimals(String),
    #[error("\"{text}\" has an unexpected '{ch}'; type digits with an optional £, e.g. £1,234.56")]
    StrayCharacter { text: String, ch: char },
    #[error("\"{0}\" has digit groups that are not in threes; write 1,234.56 or 1234.56")]
    BadGrouping(String),
    #[error("\"{0}\" is too large; amounts are limited to £999,999,999,999.99")]
    Overflow(String),
}

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Whole pence, e.g. `Money::from_pence(1250)` is £12.50.
    pub fn from_pence(pence: i64) -> Money {
        Money(Decimal::new(pence, 2))
    }

    /// A decimal rounded half away from zero to whole pence (the way a person rounds).
    pub fn from_decimal(d: Decimal) -> Money {
        let mut d = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        d.rescale(2);
        Money(d)
    }

    pub fn as_decimal(self) -> Decimal {
        self.0
    }

    /// The amount in whole pence.
    pub fn pence(self) -> i64 {
        // Always fits: parsing and arithmetic keep amounts far below i64::MAX pence.
        (self.0 * Decimal::ONE_HUNDRED)
            .trunc()
            .try_into()
            .unwrap_or(i64::MAX)
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }
    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }
    pub fn is_positive(self) -> bool {
        self.0.is_sign_positive() && !self.0.is_zero()
    }
    pub fn abs(self) -> Money {
        Money(self.0.abs())
    }

    /// `self * num / den`, rounded to pence. Used for pro-rata shares and rates.
    pub fn scale(self, num: Decimal, den: Decimal) -> Money {
        if den.is_zero() {
            return Money::ZERO;
        }
        Money::from_decimal(self.0 * num / den)
    }

    /// The plain decimal form used in files and JSON: `1234.56`, `-3.00`.
    pub fn plain(self) -> String {
        format!("{:.2}", self.0)
    }

    /// The journal form: `£1234.56`, `£-3.00` (hledger and ledger both read it).
    pub fn journal(self) -> String {
        format!("£{:.2}", self.0)
    }

    /// Read an amount as a person types it: `£1,234.56`, `1234.5`, `-£3.00`, `£-3.00`.
    pub fn parse(text: &str) -> Result<Money, MoneyError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(MoneyError::Empty);
        }
        let mut rest = t;
        let mut negative = false;
        if let Some(r) = rest.strip_prefix('-') {
            negative = true;
            rest = r;
        }
        rest = rest.strip_prefix('£').unwrap_or(rest);
        if let Some(r) = rest.strip_prefix('-') {
            if negative {
                return Err(MoneyError::StrayCharacter {
                    text: t.into(),
                    ch: '-',
                });
            }
            negative = true;
            rest = r;
        }
        let (whole, frac) = match rest.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (rest, None),
        };
        if whole.is_empty() && frac.is_none_or(str::is_empty) {
            return Err(MoneyError::Empty);
        }
        for ch in whole.chars() {
            if !(ch.is_ascii_digit() || ch == ',') {
                return Err(MoneyError::StrayCharacter { text: t.into(), ch });
            }
        }
        if whole.contains(',') {
            let mut groups = whole.split(',');
            let first = groups.next().unwrap_or("");
            if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
                return Err(MoneyError::BadGrouping(t.into()));
            }
        }
        let digits: String = whole.chars().filter(char::is_ascii_digit).collect();
        let mut pence_text = String::new();
        if let Some(f) = frac {
            if let Some(ch) = f.chars().find(|c| !c.is_ascii_digit()) {
                return Err(MoneyError::StrayCharacter { text: t.into(), ch });
            }
            if f.len() > 2 {
                return Err(MoneyError::TooManyDecimals(t.into()));
            }
            pence_text.push_str(f);
        }
        while pence_text.len() < 2 {
            pence_text.push('0');
        }
        let digits = digits.trim_start_matches('0');
        if digits.len() > 12 {
            return Err(MoneyError::Overflow(t.into()));
        }
        let pounds: i64 = if digits.is_empty() {
            0
        } else {
            digits.parse().map_err(|_| MoneyError::Overflow(t.into()))?
        };
        if pounds > MAX_POUNDS {
            return Err(MoneyError::Overflow(t.into()));
        }
        let pence: i64 = pence_text.parse().unwrap_or(0);
        let total = pounds * 100 + pence;
        Ok(Money::from_pence(if negative { -total } else { total }))
    }
}

impl FromStr for Money {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Money::parse(s)
    }
}

/// `£1,234.56`, `-£3.00`: the form people read.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pence = self.pence();
        let sign = if pence < 0 { "-" } else { "" };
        let abs = pence.unsigned_abs();
        let pounds = (abs / 100).to_string();
        let mut grouped = String::with_capacity(pounds.len() + pounds.len() / 3);
        for (i, ch) in pounds.chars().enumerate() {
            if i > 0 && (pounds.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        let s = format!("{sign}£{grouped}.{:02}", abs % 100);
        f.pad(&s)
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Money({})", self.plain())
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}
impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}
impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}
impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}
impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        self.0 -= rhs.0;
    }
}
impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}
impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

/// JSON and other machine output carry money as decimal strings: `"1234.56"`.
impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.plain())
    }
}

/// In plan.toml an amount may be a string (`"£1,234.56"`) or a bare number (`1234.56`).
/// A bare TOML number arrives as a float; its shortest decimal form is exactly what the
/// person typed, so it is re-read as text rather than converted numerically.
impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Money;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount of money such as \"1234.56\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Money, E> {
                Money::parse(v).map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Money, E> {
                Money::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Money, E> {
                Money::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Money, E> {
                Money::parse(&v.to_string()).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    #[test]
    fn reads_the_forms_people_type() {
        assert_eq!(m("£1,234.56"), Money::from_pence(123_456));
        assert_eq!(m("1234.5"), Money::from_pence(123_450));
        assert_eq!(m("-£3.00"), Money::from_pence(-300));
        assert_eq!(m("£-3.00"), Money::from_pence(-300));
        assert_eq!(m(" 12 "), Money::from_pence(1200));
        assert_eq!(m(".5"), Money::from_pence(50));
        assert_eq!(m("0.07"), Money::from_pence(7));
    }

    #[test]
    fn refuses_what_is_not_money_and_says_why() {
        assert!(matches!(
            Money::parse("1.234"),
            Err(MoneyError::TooManyDecimals(_))
        ));
        assert!(matches!(
            Money::parse("12a"),
            Err(MoneyError::StrayCharacter { ch: 'a', .. })
        ));
        assert!(matches!(
            Money::parse("$12"),
            Err(MoneyError::StrayCharacter { ch: '$', .. })
        ));
        assert!(matches!(
            Money::parse("1.2.3"),
            Err(MoneyError::StrayCharacter { ch: '.', .. })
        ));
        assert!(matches!(
            Money::parse("--3"),
            Err(MoneyError::StrayCharacter { .. })
        ));
        assert!(matches!(
            Money::parse("12,34"),
            Err(MoneyError::BadGrouping(_))
        ));
        assert!(matches!(Money::parse(""), Err(MoneyError::Empty)));
        assert!(matches!(Money::parse("£"), Err(MoneyError::Empty)));
        assert!(matches!(
            Money::parse("99999999999999999999999999999999"),
            Err(MoneyError::Overflow(_))
        ));
        let msg = Money::parse("1.234").unwrap_err().to_string();
        assert!(msg.contains("two decimal places"), "{msg}");
    }

    #[test]
    fn displays_for_people_and_for_files() {
        assert_eq!(m("1234567.8").to_string(), "£1,234,567.80");
        assert_eq!(m("-3").to_string(), "-£3.00");
        assert_eq!(m("999").to_string(), "£999.00");
        assert_eq!(m("-1234.5").plain(), "-1234.50");
        assert_eq!(m("-1234.5").journal(), "£-1234.50");
        assert_eq!(format!("{:>10}", m("5")), "     £5.00");
    }

    #[test]
    fn arithmetic_is_exact() {
        let tenth = m("0.10");
        let total: Money = std::iter::repeat_n(tenth, 3).sum();
        assert_eq!(total, m("0.30"));
        assert_eq!(
            m("100").scale(Decimal::from(1), Decimal::from(3)),
            m("33.33")
        );
        assert_eq!(
            m("0.05").scale(Decimal::from(1), Decimal::from(2)),
            m("0.03")
        );
    }

    proptest::proptest! {
        #[test]
        fn display_and_plain_read_back(p in -99_999_999_999i64..99_999_999_999i64) {
            let x = Money::from_pence(p);
            proptest::prop_assert_eq!(Money::parse(&x.to_string()).unwrap(), x);
            proptest::prop_assert_eq!(Money::parse(&x.plain()).unwrap(), x);
            proptest::prop_assert_eq!(Money::parse(&x.journal()).unwrap(), x);
        }
    }
}
