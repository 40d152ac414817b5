//! What each journal account is to a plan: one of its streams' accounts, an account shaped
//! like a stream's that the plan lacks, income, spending (and whether the settings exclude
//! it), or anything else. The position, the expected payments, the monitoring return and the
//! review all classify accounts here, so every figure counts the same money the same way.

use super::accounts;
use super::journal::Journal;
use super::plan::Plan;
use super::settings::Settings;

/// How a journal account relates to the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Stream(usize),
    UnknownStream,
    Income(Income),
    Expense { excluded: bool },
    Other,
}

/// Whose money an income account's is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Income {
    /// The funder's payments (`income:<stream>`, and income careledger cannot place).
    Funder,
    /// The holder's own (`income:client-contribution`).
    Contribution,
    /// Neither: interest, a one-off grant (`income:other`).
    Other,
}

/// How each of a journal's accounts relates to the plan, by account id.
pub(crate) fn roles(plan: &Plan, settings: &Settings, j: &Journal) -> Vec<Role> {
    j.accounts()
        .iter()
        .map(|a| role(plan, settings, a))
        .collect()
}

pub(crate) fn role(plan: &Plan, settings: &Settings, account: &str) -> Role {
    if let Some(i) = plan.streams.iter().position(|s| s.account() == account) {
        return Role::Stream(i);
    }
    if accounts::split_stream_asset(account).is_some() {
        return Role::UnknownStream;
    }
    if accounts::is_income(account) {
        return Role::Income(match account {
            accounts::CLIENT_CONTRIBUTION => Income::Contribution,
            accounts::OTHER_INCOME => Income::Other,
            _ => Income::Funder,
        });
    }
    if accounts::is_expense(account) {
        return Role::Expense {
            excluded: settings.excluded_category(account).is_some(),
        };
    }
    Role::Other
}
