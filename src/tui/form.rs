//! Forms: labelled fields, each typed text or a choice from a list, with one message per
//! field saying what is wrong. The payment form, the filter, plan edits and the new-person
//! form are all this one machine.

use crate::core::payment::Field;

/// A line of typed text with a cursor (counted in characters).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    pub value: String,
    pub cursor: usize,
}

impl TextInput {
    pub fn new(value: &str) -> TextInput {
        TextInput {
            value: value.to_string(),
            cursor: value.chars().count(),
        }
    }
    fn byte(&self, char_index: usize) -> usize {
        self.value
            .char_indices()
            .nth(char_index)
            .map_or(self.value.len(), |(i, _)| i)
    }
    pub fn insert(&mut self, c: char) {
        let at = self.byte(self.cursor);
        self.value.insert(at, c);
        self.cursor += 1;
    }
    pub fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte(self.cursor);
            self.value.remove(at);
        }
    }
    pub fn delete(&mut self) {
        if self.cursor < self.value.chars().count() {
            let at = self.byte(self.cursor);
            self.value.remove(at);
        }
    }
    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }
    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.value.chars().count());
    }
    pub fn home(&mut self) {
        self.cursor = 0;
    }
    pub fn end(&mut self) {
        self.cursor = self.value.chars().count();
    }
    pub fn clear(&mut self) {
        self.value.clear();
        self.cursor = 0;
    }
    pub fn at_end(&self) -> bool {
        self.cursor == self.value.chars().count()
    }
    /// The text left of the cursor (which is counted in characters, not cells, so drawing
    /// measures this to place it).
    pub fn before_cursor(&self) -> &str {
        &self.value[..self.byte(self.cursor)]
    }
}

/// One option of a choice field: the id written to files and the words shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub id: Option<String>,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Text(TextInput),
    Choose {
        options: Vec<Choice>,
        selected: Option<usize>,
    },
}

/// Which field a form field is: forms are read by these, never by their label text, so a
/// label can be reworded without breaking what reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKey {
    /// A field of a payment ([`Field`]).
    Payment(Field),
    /// What money in is: the funder's payment, the holder's contribution, a refund, other.
    MoneyInKind,
    /// Line `n` (from 0) of a split payment: its outcome, category and amount.
    SplitOutcome(u8),
    SplitCategory(u8),
    SplitAmount(u8),
    // Filtering the register.
    FilterOutcome,
    FilterStream,
    FilterCategory,
    From,
    To,
    FilterPayee,
    // Reports.
    Report,
    Period,
    ReportStream,
    Format,
    SaveTo,
    // A bank statement.
    File,
    StatementStream,
    Profile,
    StatementDate,
    Balance,
    // A new person.
    Id,
    Name,
    PlanStart,
    PlanEnd,
    ManagedBy,
    StreamId,
    Funder,
    Kind,
    HeldAs,
    Schedule,
    StreamAmount,
    OutcomeId,
    OutcomeTitle,
    Allocation,
    ReviewDate,
    // Plan edits.
    WhatMatters,
    Support,
    Note,
    Contribution,
    TopUp,
    WeeklyRate,
    FirstPayment,
    SurplusWeeks,
    HeldBy,
    Returned,
    // A pay day.
    Employee,
    PayDate,
    Net,
    Paye,
    EmployeeNi,
    EmployerNi,
    Pension,
    EmployeePension,
    PayrollFee,
    PayNote,
}

/// How many lines the app's payment form splits a payment into at most (labels are fixed
/// words, so each line has its own).
pub const MAX_SPLIT_LINES: usize = 9;
const LINE_OUTCOME: [&str; MAX_SPLIT_LINES] = [
    "Line 1 outcome",
    "Line 2 outcome",
    "Line 3 outcome",
    "Line 4 outcome",
    "Line 5 outcome",
    "Line 6 outcome",
    "Line 7 outcome",
    "Line 8 outcome",
    "Line 9 outcome",
];
const LINE_CATEGORY: [&str; MAX_SPLIT_LINES] = [
    "Line 1 category",
    "Line 2 category",
    "Line 3 category",
    "Line 4 category",
    "Line 5 category",
    "Line 6 category",
    "Line 7 category",
    "Line 8 category",
    "Line 9 category",
];
const LINE_AMOUNT: [&str; MAX_SPLIT_LINES] = [
    "Line 1 amount",
    "Line 2 amount",
    "Line 3 amount",
    "Line 4 amount",
    "Line 5 amount",
    "Line 6 amount",
    "Line 7 amount",
    "Line 8 amount",
    "Line 9 amount",
];

impl FieldKey {
    /// Which split line the field belongs to, if any.
    pub fn split_line(self) -> Option<usize> {
        match self {
            FieldKey::SplitOutcome(n) | FieldKey::SplitCategory(n) | FieldKey::SplitAmount(n) => {
                Some(n as usize)
            }
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FieldKey::Payment(f) => f.label(),
            FieldKey::MoneyInKind => "Kind",
            FieldKey::SplitOutcome(n) => LINE_OUTCOME[(n as usize).min(MAX_SPLIT_LINES - 1)],
            FieldKey::SplitCategory(n) => LINE_CATEGORY[(n as usize).min(MAX_SPLIT_LINES - 1)],
            FieldKey::SplitAmount(n) => LINE_AMOUNT[(n as usize).min(MAX_SPLIT_LINES - 1)],
            FieldKey::FilterOutcome => "Outcome",
            FieldKey::FilterCategory => "Category",
            FieldKey::FilterStream | FieldKey::ReportStream | FieldKey::StatementStream => "Stream",
            FieldKey::From => "From",
            FieldKey::To => "To",
            FieldKey::FilterPayee => "Payee",
            FieldKey::Report => "Report",
            FieldKey::Period => "Period",
            FieldKey::Format => "Format",
            FieldKey::SaveTo => "Save to",
            FieldKey::File => "File",
            FieldKey::Profile => "Profile",
            FieldKey::StatementDate => "Date",
            FieldKey::Balance => "Balance",
            FieldKey::Id => "Id",
            FieldKey::Name => "Name",
            FieldKey::PlanStart => "Plan start",
            FieldKey::PlanEnd => "Plan end",
            FieldKey::ManagedBy => "Managed by",
            FieldKey::StreamId => "Stream id",
            FieldKey::Funder => "Funder",
            FieldKey::Kind => "Kind",
            FieldKey::HeldAs => "Held as",
            FieldKey::Schedule => "Schedule",
            FieldKey::StreamAmount => "Amount",
            FieldKey::OutcomeId => "Outcome id",
            FieldKey::OutcomeTitle => "Outcome",
            FieldKey::Allocation => "Allocation",
            FieldKey::ReviewDate => "Review date",
            FieldKey::WhatMatters => "What matters",
            FieldKey::Support => "Support",
            FieldKey::Note => "Note",
            FieldKey::Contribution => "Contribution",
            FieldKey::TopUp => "Top-up",
            FieldKey::WeeklyRate => "Weekly rate",
            FieldKey::FirstPayment => "First payment",
            FieldKey::SurplusWeeks => "Surplus weeks",
            FieldKey::HeldBy => "Held by",
            FieldKey::Returned => "Returned",
            FieldKey::Employee => "Employee",
            FieldKey::PayDate => "Pay day",
            FieldKey::Net => "Net pay",
            FieldKey::Paye => "Income tax",
            FieldKey::EmployeeNi => "Employee's NI",
            FieldKey::EmployerNi => "Employer's NI",
            FieldKey::Pension => "Employer's pension",
            FieldKey::EmployeePension => "Employee's pension",
            FieldKey::PayrollFee => "Payroll fee",
            FieldKey::PayNote => "Note",
        }
    }
}

impl From<Field> for FieldKey {
    fn from(f: Field) -> FieldKey {
        FieldKey::Payment(f)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormField {
    pub key: FieldKey,
    /// The words shown before the field (the key's label).
    pub label: &'static str,
    pub input: Input,
    /// A line of guidance shown beside the field.
    pub hint: String,
    pub error: Option<String>,
    /// Earlier values to complete typed text from (payees).
    pub completions: Vec<String>,
}

impl FormField {
    pub fn text(key: impl Into<FieldKey>, value: &str, hint: impl Into<String>) -> FormField {
        let key = key.into();
        FormField {
            key,
            label: key.label(),
            input: Input::Text(TextInput::new(value)),
            hint: hint.into(),
            error: None,
            completions: Vec::new(),
        }
    }
    pub fn choose(
        key: impl Into<FieldKey>,
        options: Vec<Choice>,
        selected: Option<usize>,
        hint: impl Into<String>,
    ) -> FormField {
        let key = key.into();
        FormField {
            key,
            label: key.label(),
            input: Input::Choose { options, selected },
            hint: hint.into(),
            error: None,
            completions: Vec::new(),
        }
    }

    pub fn value(&self) -> &str {
        match &self.input {
            Input::Text(t) => &t.value,
            Input::Choose { options, selected } => selected
                .and_then(|i| options.get(i))
                .map_or("", |c| c.label.as_str()),
        }
    }

    /// The chosen id of a choice field.
    pub fn chosen(&self) -> Option<String> {
        match &self.input {
            Input::Choose { options, selected } => selected
                .and_then(|i| options.get(i))
                .and_then(|c| c.id.clone()),
            Input::Text(_) => None,
        }
    }

    /// The earlier value that what has been typed so far would complete to.
    pub fn completion(&self) -> Option<&str> {
        let Input::Text(t) = &self.input else {
            return None;
        };
        if t.value.is_empty() || !t.at_end() {
            return None;
        }
        let typed = t.value.to_lowercase();
        self.completions
            .iter()
            .find(|c| c.len() > t.value.len() && c.to_lowercase().starts_with(&typed))
            .map(String::as_str)
    }

    /// What a screen reader should hear for this field, label first.
    pub fn spoken(&self) -> String {
        let value = self.value();
        let mut s = format!(
            "{}: {}",
            self.label,
            if value.is_empty() { "empty" } else { value }
        );
        if let Input::Choose { options, selected } = &self.input {
            s.push_str(&format!(
                " ({} of {})",
                selected.map_or(0, |i| i + 1),
                options.len()
            ));
        }
        if let Some(e) = &self.error {
            s.push_str(". Problem: ");
            s.push_str(e);
        }
        s
    }
}

/// A form: its fields, which one has focus, and whether anything was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub title: String,
    pub fields: Vec<FormField>,
    pub focus: usize,
    pub dirty: bool,
    /// A payment out, which can be split into lines.
    pub splittable: bool,
}

/// What a key did to a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Changed,
    Moved,
    Ignored,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<FormField>) -> Form {
        Form {
            title: title.into(),
            fields,
            focus: 0,
            dirty: false,
            splittable: false,
        }
    }

    pub fn focused(&self) -> &FormField {
        &self.fields[self.focus]
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len();
    }
    pub fn prev(&mut self) {
        self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
    }
    pub fn on_last(&self) -> bool {
        self.focus + 1 == self.fields.len()
    }

    /// The field `key`; every form is built with the keys it is read by.
    pub fn field(&self, key: impl Into<FieldKey>) -> &FormField {
        let key = key.into();
        self.fields
            .iter()
            .find(|f| f.key == key)
            .expect("forms are built with the keys they are read by")
    }

    /// The field `key`, if this form has it.
    pub fn get(&self, key: impl Into<FieldKey>) -> Option<&FormField> {
        let key = key.into();
        self.fields.iter().find(|f| f.key == key)
    }

    /// The field's text, trimmed; `None` when empty.
    pub fn text(&self, key: impl Into<FieldKey>) -> Option<String> {
        let v = self.field(key).value().trim();
        (!v.is_empty()).then(|| v.to_string())
    }

    pub fn set_error(&mut self, key: impl Into<FieldKey>, message: Option<String>) {
        let key = key.into();
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
            f.error = message;
        }
    }

    pub fn clear_errors(&mut self) {
        for f in &mut self.fields {
            f.error = None;
        }
    }

    /// Focus the first field that has a problem.
    pub fn focus_first_error(&mut self) {
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
        }
    }

    /// Editing keys for the focused field: text for text fields, Left/Right/letters for
    /// choices. Keys bound to form actions never reach here.
    pub fn edit(&mut self, code: crossterm::event::KeyCode, ctrl: bool) -> Edit {
        use crossterm::event::KeyCode as K;
        let field = &mut self.fields[self.focus];
        let changed = match &mut field.input {
            Input::Text(t) => match code {
                K::Char('u') if ctrl => {
                    t.clear();
                    true
                }
                K::Char(c) if !ctrl => {
                    t.insert(c);
                    true
                }
                K::Backspace => {
                    t.backspace();
                    true
                }
                K::Delete => {
                    t.delete();
                    true
                }
                K::Left => {
                    t.left();
                    return Edit::Moved;
                }
                K::Right | K::End if t.at_end() => {
                    let Some(c) = field.completion().map(str::to_string) else {
                        return Edit::Ignored;
                    };
                    let Input::Text(t) = &mut field.input else {
                        return Edit::Ignored;
                    };
                    *t = TextInput::new(&c);
                    true
                }
                K::Right => {
                    t.right();
                    return Edit::Moved;
                }
                K::Home => {
                    t.home();
                    return Edit::Moved;
                }
                K::End => {
                    t.end();
                    return Edit::Moved;
                }
                _ => return Edit::Ignored,
            },
            Input::Choose { options, selected } => {
                let n = options.len();
                if n == 0 {
                    return Edit::Ignored;
                }
                match code {
                    K::Right | K::Char(' ') => {
                        *selected = Some(selected.map_or(0, |i| (i + 1) % n));
                        true
                    }
                    K::Left => {
                        *selected = Some(selected.map_or(n - 1, |i| (i + n - 1) % n));
                        true
                    }
                    K::Char(c) if !ctrl => {
                        // Jump to the next option starting with the letter typed.
                        let c = c.to_lowercase().next().unwrap_or(c);
                        let start = selected.map_or(0, |i| i + 1);
                        let hit = (0..n).map(|k| (start + k) % n).find(|&k| {
                            options[k]
                                .label
                                .chars()
                                .next()
                                .is_some_and(|f| f.to_lowercase().next() == Some(c))
                        });
                        match hit {
                            Some(k) => {
                                *selected = Some(k);
                                true
                            }
                            None => return Edit::Ignored,
                        }
                    }
                    _ => return Edit::Ignored,
                }
            }
        };
        if changed {
            self.dirty = true;
            self.fields[self.focus].error = None;
        }
        Edit::Changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyCode as K;

    fn typed(form: &mut Form, s: &str) {
        for c in s.chars() {
            form.edit(K::Char(c), false);
        }
    }

    #[test]
    fn text_fields_take_typing_and_complete_from_earlier_values() {
        let mut payee = FormField::text(Field::Payee, "", "");
        payee.completions = vec!["Dalesway Taxis".into(), "Mary Jones".into()];
        let mut form = Form::new("Add", vec![payee]);
        typed(&mut form, "dal");
        assert_eq!(form.focused().completion(), Some("Dalesway Taxis"));
        form.edit(K::Right, false);
        assert_eq!(form.focused().value(), "Dalesway Taxis");
        form.edit(K::Backspace, false);
        form.edit(K::Home, false);
        form.edit(K::Delete, false);
        assert_eq!(form.focused().value(), "alesway Taxi");
        assert!(form.dirty);
        form.edit(K::Char('u'), true);
        assert_eq!(form.focused().value(), "");
    }

    #[test]
    fn choices_move_with_arrows_and_jump_to_a_typed_letter() {
        let options = ["Any", "Keep seeing my friends", "Stay living at home"]
            .map(|l| Choice {
                id: Some(l.to_lowercase()),
                label: l.to_string(),
            })
            .to_vec();
        let mut form = Form::new(
            "Pick",
            vec![FormField::choose(Field::Outcome, options, None, "")],
        );
        form.edit(K::Char('s'), false);
        assert_eq!(form.focused().value(), "Stay living at home");
        form.edit(K::Right, false);
        assert_eq!(form.focused().value(), "Any");
        form.edit(K::Left, false);
        assert_eq!(
            form.focused().chosen().as_deref(),
            Some("stay living at home")
        );
        assert!(
            form.focused()
                .spoken()
                .starts_with("Outcome: Stay living at home (3 of 3)")
        );
    }
}
