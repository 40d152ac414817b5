//! The chart of accounts: the names careledger gives journal accounts, and what a name says
//! about the money in it. Every rule that reads or writes an account name goes through here,
//! so a name is spelled in one place and the position, the reports, the import and the forms
//! cannot disagree about which account is spending.
//!
//! - `expenses:<category>`: money spent, e.g. `expenses:pa-wages`. The category may have parts
//!   of its own (`expenses:household:rent`).
//! - `income:<stream-id>`: a funder's payments into a stream; `income:client-contribution`
//!   is the holder's own money paid in; `income:other` any other money in (interest, a one-off
//!   grant), which is neither the funder's nor the holder's.
//! - `assets:<holding>:<stream-id>`: the account that holds (or, for notional money, accounts
//!   for) a funding stream, `<holding>` being how the money is held: `direct-payment`,
//!   `notional` or `third-party`.
//!
//! This module knows names only, not the plan: the plan's `Management` says which holding a
//! stream has, and the plan calls [`stream_asset`] and [`stream_income`] to name its accounts.

/// Every asset account's name starts with this.
pub const ASSETS: &str = "assets:";
/// Every income account's name starts with this.
pub const INCOME: &str = "income:";
/// Every expense account's name starts with this.
pub const EXPENSES: &str = "expenses:";

/// Money the holder pays in alongside the funder's (not a stream's own income account).
pub const CLIENT_CONTRIBUTION: &str = "income:client-contribution";
/// Money in that is neither the funder's payment nor the holder's contribution: interest, a
/// one-off grant.
pub const OTHER_INCOME: &str = "income:other";
/// Where imported money out that no payee rule recognised is put, to be sorted out later.
pub const UNASSIGNED_EXPENSE: &str = "expenses:unassigned";
/// Where imported money in that no payee rule recognised is put, to be sorted out later.
pub const UNASSIGNED_INCOME: &str = "income:unassigned";

/// Where a direct payment's surplus returned to its funder at a year end goes:
/// `equity:returned:<stream-id>` (money out of the account that is neither spending nor
/// the funder's payment in reverse, so no year's figures count it as either).
pub const RETURNED: &str = "equity:returned:";

/// The account for a stream's surplus returned to its funder.
pub fn returned(id: &str) -> String {
    format!("{RETURNED}{id}")
}

/// The holding part of a direct payment's account: the holder's own bank account.
pub const DIRECT_PAYMENT: &str = "direct-payment";
/// The holding part of a notional budget's account: the funder holds the money.
pub const NOTIONAL: &str = "notional";
/// The holding part of a third-party budget's account: an organisation holds the money.
pub const THIRD_PARTY: &str = "third-party";
/// Every holding part a stream's asset account can have.
pub const HOLDINGS: [&str; 3] = [DIRECT_PAYMENT, NOTIONAL, THIRD_PARTY];

/// The expense account for a category: `expenses:<category>`.
pub fn expense(category: &str) -> String {
    format!("{EXPENSES}{category}")
}

pub fn is_expense(name: &str) -> bool {
    name.starts_with(EXPENSES)
}

pub fn is_income(name: &str) -> bool {
    name.starts_with(INCOME)
}

/// The category of an expense account (`expenses:pa-wages` -> `pa-wages`); `None` for any
/// other account.
pub fn category_of(name: &str) -> Option<&str> {
    name.strip_prefix(EXPENSES)
}

/// The asset account of a stream: `assets:<holding>:<stream-id>`.
pub fn stream_asset(holding: &str, id: &str) -> String {
    format!("{ASSETS}{holding}:{id}")
}

/// A stream's income account, where its funder's payments come from: `income:<stream-id>`.
pub fn stream_income(id: &str) -> String {
    format!("{INCOME}{id}")
}

/// Whether a stream may have this id: its income account must not be one careledger keeps
/// for other money (the holder's contribution, other income, unassigned imports).
pub fn stream_id_is_free(id: &str) -> bool {
    let income = stream_income(id);
    ![CLIENT_CONTRIBUTION, OTHER_INCOME, UNASSIGNED_INCOME].contains(&income.as_str())
}

/// The holding and stream id of a name shaped like a stream's asset account
/// (`assets:notional:nhs` -> `("notional", "nhs")`), whether or not the plan has that stream.
pub fn split_stream_asset(name: &str) -> Option<(&str, &str)> {
    let (holding, id) = name.strip_prefix(ASSETS)?.split_once(':')?;
    HOLDINGS.contains(&holding).then_some((holding, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expense_accounts_and_their_categories() {
        assert_eq!(expense("pa-wages"), "expenses:pa-wages");
        assert!(is_expense("expenses:pa-wages"));
        assert!(is_expense(UNASSIGNED_EXPENSE));
        assert!(!is_expense("income:sc"));
        assert!(!is_expense("assets:expenses:x"));
        assert_eq!(category_of("expenses:pa-wages"), Some("pa-wages"));
        assert_eq!(
            category_of("expenses:household:rent"),
            Some("household:rent")
        );
        assert_eq!(category_of("income:sc"), None);
    }

    #[test]
    fn income_accounts() {
        assert_eq!(stream_income("social-care"), "income:social-care");
        assert!(is_income(CLIENT_CONTRIBUTION));
        assert!(is_income(UNASSIGNED_INCOME));
        assert!(!is_income("expenses:income"));
    }

    #[test]
    fn stream_asset_accounts() {
        assert_eq!(
            stream_asset(DIRECT_PAYMENT, "social-care"),
            "assets:direct-payment:social-care"
        );
        for holding in HOLDINGS {
            let name = stream_asset(holding, "nhs");
            assert_eq!(split_stream_asset(&name), Some((holding, "nhs")));
        }
        assert_eq!(split_stream_asset("assets:bank"), None);
        assert_eq!(split_stream_asset("assets:savings:nhs"), None);
        assert_eq!(split_stream_asset("income:direct-payment:nhs"), None);
        assert_eq!(
            split_stream_asset("assets:notional:nhs:extra"),
            Some(("notional", "nhs:extra"))
        );
    }
}
