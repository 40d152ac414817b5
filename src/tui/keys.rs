//! Every key the app answers to, in one table. The footer hints and the help screen are made
//! from this table, and `[keys]` in careledger.toml overrides it by action name, so what the
//! app says and what it does cannot drift apart.

use std::collections::BTreeMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a key applies. Overlays (forms, questions, help) take their keys before the screen
/// under them, and the screen before the global keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    Holders,
    Dashboard,
    Register,
    Plan,
    Form,
    Confirm,
    Reading,
}

impl Context {
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Holders => "People",
            Context::Dashboard => "Dashboard",
            Context::Register => "Register",
            Context::Plan => "Plan",
            Context::Form => "Forms and search",
            Context::Confirm => "Questions",
            Context::Reading => "Help and details",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Quit,
    Help,
    Reload,
    Sync,
    Back,
    Dashboard,
    Register,
    Plan,
    Holders,
    NextScreen,
    PrevScreen,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Add,
    AddIncome,
    Edit,
    Reverse,
    Attach,
    ToggleCleared,
    Search,
    Filter,
    ClearFilter,
    Open,
    Sort,
    Reports,
    Import,
    Reconcile,
    Payroll,
    NewHolder,
    NextField,
    PrevField,
    SplitLine,
    RemoveLine,
    Undo,
    Save,
    Submit,
    Yes,
    No,
    NewOutcome,
    NewReview,
    ReviewDone,
    NewYear,
    PrevYear,
    NextYear,
    NewStream,
    RemoveFromPlan,
}

impl Action {
    /// The name used in careledger.toml `[keys]`.
    pub fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Help => "help",
            Action::Reload => "reload",
            Action::Sync => "sync",
            Action::Back => "back",
            Action::Dashboard => "dashboard",
            Action::Register => "register",
            Action::Plan => "plan",
            Action::Holders => "people",
            Action::NextScreen => "next-screen",
            Action::PrevScreen => "previous-screen",
            Action::Up => "up",
            Action::Down => "down",
            Action::PageUp => "page-up",
            Action::PageDown => "page-down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::Add => "add",
            Action::AddIncome => "add-money-in",
            Action::Edit => "edit",
            Action::Reverse => "reverse",
            Action::Attach => "attach",
            Action::ToggleCleared => "toggle-cleared",
            Action::Search => "search",
            Action::Filter => "filter",
            Action::ClearFilter => "clear-filter",
            Action::Open => "open",
            Action::Sort => "sort",
            Action::Reports => "reports",
            Action::Import => "import",
            Action::Reconcile => "reconcile",
            Action::Payroll => "pay-day",
            Action::NewHolder => "new-person",
            Action::NextField => "next-field",
            Action::SplitLine => "split-line",
            Action::RemoveLine => "remove-line",
            Action::Undo => "undo",
            Action::PrevField => "previous-field",
            Action::Save => "save",
            Action::Submit => "submit",
            Action::Yes => "yes",
            Action::No => "no",
            Action::NewOutcome => "new-outcome",
            Action::NewReview => "new-review",
            Action::ReviewDone => "review-done",
            Action::NewYear => "new-plan-year",
            Action::PrevYear => "previous-plan-year",
            Action::NextYear => "next-plan-year",
            Action::NewStream => "new-stream",
            Action::RemoveFromPlan => "remove-from-plan",
        }
    }
}

/// A key as people write it: `a`, `?`, `enter`, `ctrl-s`, `shift-tab`, `f5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    const fn ch(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: false,
        }
    }
    const fn code(code: KeyCode) -> Key {
        Key { code, ctrl: false }
    }
    const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
        }
    }

    pub fn from_event(e: &KeyEvent) -> Key {
        let code = match e.code {
            // Terminals send Shift-Tab as BackTab; some send Tab with Shift held.
            KeyCode::Tab if e.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            KeyCode::Char(c) => KeyCode::Char(if e.modifiers.contains(KeyModifiers::CONTROL) {
                c.to_ascii_lowercase()
            } else {
                c
            }),
            other => other,
        };
        Key {
            code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
        }
    }

    pub fn parse(s: &str) -> Option<Key> {
        let s = s.trim();
        let (ctrl, rest) = match s.strip_prefix("ctrl-").or_else(|| s.strip_prefix("ctrl+")) {
            Some(r) => (true, r),
            None => (false, s),
        };
        let code = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" | "page-up" => KeyCode::PageUp,
            "pagedown" | "page-down" => KeyCode::PageDown,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            f if f.starts_with('f') && f.len() > 1 => KeyCode::F(f[1..].parse().ok()?),
            _ => {
                let mut chars = rest.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c })
            }
        };
        Some(Key { code, ctrl })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) if self.ctrl => write!(f, "{}", c.to_ascii_uppercase()),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Up => f.write_str("Up"),
            KeyCode::Down => f.write_str("Down"),
            KeyCode::Left => f.write_str("Left"),
            KeyCode::Right => f.write_str("Right"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PageUp"),
            KeyCode::PageDown => f.write_str("PageDown"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Delete"),
            KeyCode::F(n) => write!(f, "F{n}"),
            _ => f.write_str("?"),
        }
    }
}

/// One row of the table: in this context, these keys do this, described so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub context: Context,
    pub action: Action,
    pub keys: Vec<Key>,
    pub help: &'static str,
    /// Shown in the footer of this context.
    pub hint: Option<&'static str>,
}

fn b(
    context: Context,
    action: Action,
    keys: &[Key],
    help: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        context,
        action,
        keys: keys.to_vec(),
        help,
        hint,
    }
}

/// The built-in table.
pub fn defaults() -> Vec<Binding> {
    use Action as A;
    use Context as C;
    use KeyCode as K;
    vec![
        // Forms first: while typing, letters are text, so only these keys act.
        b(
            C::Form,
            A::NextField,
            &[Key::code(K::Tab), Key::code(K::Down)],
            "Go to the next field",
            Some("next field"),
        ),
        b(
            C::Form,
            A::PrevField,
            &[Key::code(K::BackTab), Key::code(K::Up)],
            "Go to the previous field",
            None,
        ),
        b(C::Form, A::Save, &[Key::ctrl('s')], "Save", Some("save")),
        b(
            C::Form,
            A::SplitLine,
            &[Key::ctrl('n')],
            "Split a payment: add a line with its own outcome, category and amount",
            None,
        ),
        b(
            C::Form,
            A::RemoveLine,
            &[Key::ctrl('x')],
            "Take out the split line the cursor is on",
            None,
        ),
        b(
            C::Form,
            A::Submit,
            &[Key::code(K::Enter)],
            "Next field; on the last field, save",
            None,
        ),
        b(
            C::Form,
            A::Back,
            &[Key::code(K::Esc)],
            "Cancel (asks first if something was typed)",
            Some("cancel"),
        ),
        b(
            C::Confirm,
            A::Yes,
            &[Key::ch('y')],
            "Yes, go ahead",
            Some("yes"),
        ),
        b(
            C::Confirm,
            A::No,
            &[
                Key::ch('n'),
                Key::code(K::Esc),
                Key::code(K::Left),
                Key::code(K::Backspace),
            ],
            "No, go back",
            Some("no"),
        ),
        b(
            C::Reading,
            A::Up,
            &[Key::code(K::Up), Key::ch('k')],
            "Scroll up",
            None,
        ),
        b(
            C::Reading,
            A::Down,
            &[Key::code(K::Down), Key::ch('j')],
            "Scroll down",
            None,
        ),
        b(
            C::Reading,
            A::PageUp,
            &[Key::code(K::PageUp)],
            "Up a page",
            None,
        ),
        b(
            C::Reading,
            A::PageDown,
            &[Key::code(K::PageDown), Key::ch(' ')],
            "Down a page",
            None,
        ),
        b(
            C::Reading,
            A::Top,
            &[Key::code(K::Home)],
            "To the top",
            None,
        ),
        b(
            C::Reading,
            A::Bottom,
            &[Key::code(K::End), Key::ch('G')],
            "To the end (a report's declaration and signature lines)",
            None,
        ),
        b(
            C::Reading,
            A::Save,
            &[Key::ch('s'), Key::ctrl('s')],
            "Save the report shown to a file",
            None,
        ),
        b(
            C::Reading,
            A::Back,
            &[
                Key::code(K::Esc),
                Key::code(K::Left),
                Key::code(K::Backspace),
                Key::ch('q'),
                Key::code(K::Enter),
                Key::ch('?'),
            ],
            "Close",
            Some("close"),
        ),
        b(
            C::Holders,
            A::Open,
            &[Key::code(K::Enter)],
            "Open this person's dashboard",
            Some("open"),
        ),
        b(
            C::Holders,
            A::Search,
            &[Key::ch('/')],
            "Find a person by name",
            Some("find"),
        ),
        b(
            C::Holders,
            A::Sort,
            &[Key::ch('s')],
            "Sort by the next column",
            Some("sort"),
        ),
        b(
            C::Holders,
            A::NewHolder,
            &[Key::ch('n')],
            "Add a new person",
            Some("new person"),
        ),
        b(
            C::Register,
            A::Open,
            &[Key::code(K::Enter)],
            "Show the whole entry",
            Some("details"),
        ),
        b(
            C::Dashboard,
            A::Open,
            &[Key::code(K::Enter)],
            "Show this line whole",
            None,
        ),
        b(
            C::Register,
            A::Edit,
            &[Key::ch('e')],
            "Edit this entry",
            Some("edit"),
        ),
        b(
            C::Dashboard,
            A::Undo,
            &[Key::ch('u')],
            "Undo the last change made in this session (says what first)",
            None,
        ),
        b(
            C::Register,
            A::Undo,
            &[Key::ch('u')],
            "Undo the last change made in this session (says what first)",
            None,
        ),
        b(
            C::Register,
            A::Reverse,
            &[Key::ch('x')],
            "Reverse this entry (asks first)",
            Some("reverse"),
        ),
        b(
            C::Register,
            A::Attach,
            &[Key::ch('A')],
            "Attach a receipt, invoice, payslip or statement file to this entry",
            None,
        ),
        b(
            C::Register,
            A::ToggleCleared,
            &[Key::ch('c')],
            "Mark cleared with the bank, or not (column C: * cleared, ! pending, L checked against the bank)",
            None,
        ),
        b(
            C::Register,
            A::Search,
            &[Key::ch('/')],
            "Search payee, note, outcome, stream, receipt",
            Some("search"),
        ),
        b(
            C::Register,
            A::Filter,
            &[Key::ch('f')],
            "Filter by outcome, stream, dates, payee, category",
            Some("filter"),
        ),
        b(
            C::Register,
            A::ClearFilter,
            &[Key::ch('F')],
            "Show every entry again",
            None,
        ),
        b(
            C::Plan,
            A::Edit,
            &[Key::ch('e'), Key::code(K::Enter)],
            "Change the outcome, stream, allocation or review",
            Some("edit"),
        ),
        b(
            C::Plan,
            A::NewOutcome,
            &[Key::ch('o')],
            "Add an outcome",
            Some("new outcome"),
        ),
        b(
            C::Plan,
            A::ReviewDone,
            &[Key::ch('d')],
            "Mark this review done, with what was agreed",
            None,
        ),
        b(C::Plan, A::NewReview, &[Key::ch('v')], "Add a review", None),
        b(
            C::Plan,
            A::NewStream,
            &[Key::ch('n')],
            "Add a funding stream",
            None,
        ),
        b(
            C::Plan,
            A::RemoveFromPlan,
            &[Key::ch('x')],
            "Take this outcome or stream out (asks first)",
            None,
        ),
        b(
            C::Plan,
            A::NewYear,
            &[Key::ch('Y')],
            "Start the next plan year",
            None,
        ),
        b(
            C::Plan,
            A::PrevYear,
            &[Key::ch('[')],
            "Look at the plan year before",
            None,
        ),
        b(
            C::Plan,
            A::NextYear,
            &[Key::ch(']')],
            "Look at the plan year after",
            None,
        ),
        b(
            C::Global,
            A::Add,
            &[Key::ch('a')],
            "Record a payment",
            Some("add"),
        ),
        b(
            C::Global,
            A::AddIncome,
            &[Key::ch('i')],
            "Record money paid in",
            None,
        ),
        b(
            C::Global,
            A::Reports,
            &[Key::ch('m')],
            "Reports: monitoring return, outcome review, expected payments, employer's cost",
            Some("reports"),
        ),
        b(
            C::Global,
            A::Import,
            &[Key::ch('I')],
            "Import a bank statement (CSV)",
            None,
        ),
        b(
            C::Dashboard,
            A::Payroll,
            &[Key::ch('w')],
            "Record a pay day from the payslip (wages, tax and NI owed to HMRC, pension)",
            None,
        ),
        b(
            C::Global,
            A::Reconcile,
            &[Key::ch('b')],
            "Check the records against a bank statement balance",
            None,
        ),
        b(C::Global, A::Dashboard, &[Key::ch('1')], "Dashboard", None),
        b(
            C::Global,
            A::Register,
            &[Key::ch('2')],
            "Register of payments",
            None,
        ),
        b(C::Global, A::Plan, &[Key::ch('3')], "Plan", None),
        b(
            C::Global,
            A::Holders,
            &[Key::ch('4')],
            "People (everyone in this workspace)",
            None,
        ),
        b(
            C::Global,
            A::NextScreen,
            &[Key::code(K::Tab)],
            "Next screen",
            None,
        ),
        b(
            C::Global,
            A::PrevScreen,
            &[Key::code(K::BackTab)],
            "Previous screen",
            None,
        ),
        b(
            C::Global,
            A::Up,
            &[Key::code(K::Up), Key::ch('k')],
            "Move up",
            None,
        ),
        b(
            C::Global,
            A::Down,
            &[Key::code(K::Down), Key::ch('j')],
            "Move down",
            None,
        ),
        b(
            C::Global,
            A::PageUp,
            &[Key::code(K::PageUp)],
            "Up a page",
            None,
        ),
        b(
            C::Global,
            A::PageDown,
            &[Key::code(K::PageDown)],
            "Down a page",
            None,
        ),
        b(C::Global, A::Top, &[Key::code(K::Home)], "To the top", None),
        b(
            C::Global,
            A::Bottom,
            &[Key::code(K::End), Key::ch('G')],
            "To the bottom",
            None,
        ),
        b(
            C::Global,
            A::Reload,
            &[Key::ch('g'), Key::code(K::F(5))],
            "Read the files again",
            None,
        ),
        b(
            C::Global,
            A::Sync,
            &[Key::ch('S')],
            "Sync a shared workspace: send your changes, receive the team's",
            None,
        ),
        b(
            C::Global,
            A::Help,
            &[Key::ch('?')],
            "List the keys",
            Some("help"),
        ),
        // Left and Backspace too: some screen readers keep Esc for themselves.
        b(
            C::Global,
            A::Back,
            &[
                Key::code(K::Esc),
                Key::code(K::Left),
                Key::code(K::Backspace),
            ],
            "Back",
            None,
        ),
        b(
            C::Global,
            A::Quit,
            &[Key::ch('q'), Key::ctrl('c')],
            "Quit",
            Some("quit"),
        ),
    ]
}

/// Whether keys in these two contexts can meet: the same context, or a screen's keys and the
/// global ones (which the screen's come before).
fn meet(a: Context, b: Context) -> bool {
    let screen = |c: Context| {
        matches!(
            c,
            Context::Holders | Context::Dashboard | Context::Register | Context::Plan
        )
    };
    a == b || (a == Context::Global && screen(b)) || (b == Context::Global && screen(a))
}

/// Keys the user gave an action that another action already has where both apply, in words:
/// which screen, and which of the two the key does there.
fn clashes(bindings: &[Binding], overrides: &BTreeMap<String, String>) -> Vec<String> {
    let mut found = Vec::new();
    for (i, b) in bindings
        .iter()
        .enumerate()
        .filter(|(_, b)| overrides.contains_key(b.action.name()))
    {
        for (j, other) in bindings.iter().enumerate().filter(|(_, o)| {
            o.action != b.action
                && meet(o.context, b.context)
                && o.keys.iter().any(|k| b.keys.contains(k))
        }) {
            let key = b.keys[0];
            // A screen's own keys come before the global ones; in one context, the first
            // in the table.
            let b_first = match (
                b.context == Context::Global,
                other.context == Context::Global,
            ) {
                (true, false) => false,
                (false, true) => true,
                _ => i < j,
            };
            let (wins, loses) = if b_first { (b, other) } else { (other, b) };
            let place = if wins.context == Context::Global {
                loses.context.name()
            } else {
                wins.context.name()
            };
            let message = format!(
                "[keys] {} = \"{}\" clashes: on {place} {key} already means {}, so there it does {}. Give one of them another key in careledger.toml.",
                b.action.name(),
                overrides[b.action.name()],
                other.action.name(),
                wins.action.name()
            );
            if !found.contains(&message) {
                found.push(message);
            }
        }
    }
    found
}

/// The table in use: the defaults with the user's overrides applied.
#[derive(Debug, Clone)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Keymap {
    /// The defaults with `overrides` (action name -> key) applied to every context the action
    /// appears in. Unknown names or keys are returned as problems in words.
    pub fn new(overrides: &BTreeMap<String, String>) -> (Keymap, Vec<String>) {
        let mut bindings = defaults();
        let mut problems = Vec::new();
        for (name, key) in overrides {
            let Some(k) = Key::parse(key) else {
                problems.push(format!(
                    "[keys] {name} = \"{key}\" is not a key careledger knows (try \"n\", \"ctrl-s\", \"f2\")"
                ));
                continue;
            };
            let mut found = false;
            for bind in bindings.iter_mut().filter(|b| b.action.name() == name) {
                bind.keys = vec![k];
                found = true;
            }
            if !found {
                problems.push(format!(
                    "[keys] has no action called \"{name}\"; the help screen (?) lists them"
                ));
            }
        }
        problems.extend(clashes(&bindings, overrides));
        (Keymap { bindings }, problems)
    }

    /// What `key` does in the first of `contexts` that binds it.
    pub fn action(&self, contexts: &[Context], key: Key) -> Option<Action> {
        contexts.iter().find_map(|c| {
            self.bindings
                .iter()
                .find(|b| b.context == *c && b.keys.contains(&key))
                .map(|b| b.action)
        })
    }

    /// The first key bound to `action` in any of `contexts`.
    pub fn key_for(&self, contexts: &[Context], action: Action) -> Option<Key> {
        contexts.iter().find_map(|c| {
            self.bindings
                .iter()
                .find(|b| b.context == *c && b.action == action)
                .and_then(|b| b.keys.first().copied())
        })
    }

    /// Footer hints for these contexts: "a add", "/ search", ...
    pub fn hints(&self, contexts: &[Context]) -> Vec<(String, &'static str)> {
        contexts
            .iter()
            .flat_map(|c| self.bindings.iter().filter(move |b| b.context == *c))
            .filter_map(|b| Some((b.keys.first()?.to_string(), b.hint?)))
            .collect()
    }

    /// Help lines with each action's name (what `[keys]` in careledger.toml calls it):
    /// (context, keys, what they do, name).
    pub fn help_named(
        &self,
        contexts: &[Context],
    ) -> Vec<(Context, String, &'static str, &'static str)> {
        contexts
            .iter()
            .flat_map(|c| self.bindings.iter().filter(move |b| b.context == *c))
            .map(|b| {
                let keys: Vec<String> = b.keys.iter().map(Key::to_string).collect();
                (b.context, keys.join(" or "), b.help, b.action.name())
            })
            .collect()
    }

    /// Help lines for these contexts: (context, keys, what they do).
    pub fn help(&self, contexts: &[Context]) -> Vec<(Context, String, &'static str)> {
        contexts
            .iter()
            .flat_map(|c| self.bindings.iter().filter(move |b| b.context == *c))
            .map(|b| {
                let keys: Vec<String> = b.keys.iter().map(Key::to_string).collect();
                (b.context, keys.join(" or "), b.help)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_and_print_the_way_people_write_them() {
        for (text, shown) in [
            ("a", "a"),
            ("ctrl-s", "Ctrl-S"),
            ("shift-tab", "Shift-Tab"),
            ("f5", "F5"),
            ("space", "Space"),
            ("?", "?"),
        ] {
            assert_eq!(Key::parse(text).unwrap().to_string(), shown);
        }
        assert_eq!(Key::parse("banana"), None);
    }

    #[test]
    fn overrides_change_what_the_key_does_and_what_help_says() {
        let overrides = BTreeMap::from([
            ("add".to_string(), "n".to_string()),
            ("fly".to_string(), "z".to_string()),
            ("quit".to_string(), "hello".to_string()),
        ]);
        let (map, problems) = Keymap::new(&overrides);
        // Two not understood, and n clashing on People (new person) and on Plan (new stream).
        assert_eq!(problems.len(), 4, "{problems:?}");
        // n is People's "new person" key: there it stays that, and the clash is said.
        assert!(
            problems.iter().any(|p| p.starts_with("[keys] add = \"n\" clashes: on People n already means new-person, so there it does new-person")),
            "{problems:?}"
        );
        let n = Key::parse("n").unwrap();
        let a = Key::parse("a").unwrap();
        assert_eq!(
            map.action(&[Context::Register, Context::Global], n),
            Some(Action::Add)
        );
        assert_eq!(map.action(&[Context::Register, Context::Global], a), None);
        assert!(map.hints(&[Context::Global]).contains(&("n".into(), "add")));
        assert!(
            map.help(&[Context::Global])
                .iter()
                .any(|(_, k, h)| k == "n" && *h == "Record a payment")
        );
    }

    #[test]
    fn an_override_that_clashes_nowhere_is_not_reported() {
        let overrides = BTreeMap::from([("reports".to_string(), "r".to_string())]);
        let (_, problems) = Keymap::new(&overrides);
        assert!(problems.is_empty(), "{problems:?}");
        let overrides = BTreeMap::from([("edit".to_string(), "x".to_string())]);
        let (_, problems) = Keymap::new(&overrides);
        // x is the register's reverse and the plan's remove-from-plan.
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].contains("on Register x already means reverse, so there it does edit"),
            "{problems:?}"
        );
    }

    #[test]
    fn the_screen_comes_before_the_global_keys() {
        let (map, _) = Keymap::new(&BTreeMap::new());
        let enter = Key::parse("enter").unwrap();
        assert_eq!(
            map.action(&[Context::Register, Context::Global], enter),
            Some(Action::Open)
        );
        let tab = Key::parse("tab").unwrap();
        assert_eq!(
            map.action(&[Context::Form, Context::Global], tab),
            Some(Action::NextField)
        );
        assert_eq!(
            map.action(&[Context::Global], tab),
            Some(Action::NextScreen)
        );
    }
}
