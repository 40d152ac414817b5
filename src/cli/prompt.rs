//! Asking for a missing detail one line at a time, for people at a terminal (and for screen
//! reader users, who hear each question as it is written).
//!
//! What is written between two questions can be paged: after a page of lines the person is
//! asked "more? y/n" before anything scrolls away unread, and lines are wrapped at the
//! window's width between words, so an amount is never split over two lines.

use std::io::{self, BufRead, Write};

/// The output of a conversation, paged and wrapped (when asked to be), with the input it
/// needs for "more? y/n".
struct Paged<'a> {
    input: Box<dyn BufRead + 'a>,
    out: &'a mut dyn Write,
    /// Lines to a page; none: never stop.
    page: Option<usize>,
    /// Cells to a line; none: lines as written.
    width: Option<usize>,
    /// Lines written since the last answer.
    lines: usize,
    /// Text written but not yet ended by a newline.
    partial: String,
    /// The person said "n" to "more?": the rest, up to the next question, is left out.
    skipping: bool,
}

impl Paged<'_> {
    /// `text` broken between words into lines of at most `width` characters (a word
    /// longer than a line has one to itself).
    fn wrap(&self, text: &str) -> Vec<String> {
        let Some(width) = self.width.filter(|w| *w > 10) else {
            return vec![text.to_string()];
        };
        let indent: String = text.chars().take_while(|c| *c == ' ').collect();
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            let len = |s: &str| s.chars().count();
            if !line.is_empty() && len(&line) + 1 + len(word) > width {
                lines.push(std::mem::take(&mut line));
            }
            if line.is_empty() {
                line.push_str(&indent);
                if !lines.is_empty() {
                    // Lines carried on are indented two more, so they read as one item.
                    line.push_str("  ");
                }
            } else {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
        lines
    }

    fn line(&mut self, text: &str) -> io::Result<()> {
        for l in self.wrap(text) {
            if self.skipping {
                return Ok(());
            }
            if let Some(page) = self.page
                && self.lines >= page
            {
                write!(self.out, "more? y/n: ")?;
                self.out.flush()?;
                let mut answer = String::new();
                if self.input.read_line(&mut answer)? == 0 {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "input ended at \"more?\"",
                    ));
                }
                self.lines = 0;
                if answer.trim().eq_ignore_ascii_case("n") {
                    self.skipping = true;
                    writeln!(self.out, "(The rest is left out.)")?;
                    return Ok(());
                }
            }
            writeln!(self.out, "{l}")?;
            self.lines += 1;
        }
        Ok(())
    }

    /// A question has been answered: what comes next starts a page.
    fn answered(&mut self) {
        self.lines = 0;
        self.skipping = false;
    }
}

impl Write for Paged<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.partial.push_str(&String::from_utf8_lossy(buf));
        while let Some(k) = self.partial.find('\n') {
            let line: String = self.partial.drain(..=k).collect();
            self.line(line.trim_end_matches('\n'))?;
        }
        Ok(buf.len())
    }

    /// A question (text with no newline yet) goes out as it is, after the lines before it.
    fn flush(&mut self) -> io::Result<()> {
        if !self.partial.is_empty() {
            let text = std::mem::take(&mut self.partial);
            let mut lines = self.wrap(&text);
            let last = lines.pop().unwrap_or_default();
            for l in lines {
                self.line(&l)?;
            }
            let gap = if text.ends_with(' ') { " " } else { "" };
            write!(self.out, "{}{gap}", last.trim_end())?;
        }
        self.out.flush()
    }
}

pub struct Prompter<'a> {
    io: Paged<'a>,
}

impl<'a> Prompter<'a> {
    pub fn new(input: impl BufRead + 'a, out: &'a mut dyn Write) -> Self {
        Prompter {
            io: Paged {
                input: Box::new(input),
                out,
                page: None,
                width: None,
                lines: 0,
                partial: String::new(),
                skipping: false,
            },
        }
    }

    /// Stop for "more? y/n" after `page` lines, and wrap lines at `width` characters.
    pub fn paged(mut self, page: Option<usize>, width: Option<usize>) -> Self {
        self.io.page = page.filter(|p| *p > 0);
        self.io.width = width;
        self
    }

    /// Where the questions are written, for lines that are not questions.
    pub fn out(&mut self) -> &mut dyn Write {
        &mut self.io
    }

    /// One line of text; `default` is used when the answer is empty.
    pub fn ask(&mut self, question: &str, default: Option<&str>) -> io::Result<String> {
        match default {
            Some(d) if !d.is_empty() => write!(self.io, "{question} [{d}]: ")?,
            Some(_) => write!(self.io, "{question}: ")?,
            None => write!(self.io, "{question}: ")?,
        }
        self.io.skipping = false;
        self.io.flush()?;
        let mut line = String::new();
        if self.io.input.read_line(&mut line)? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "input ended before the question was answered",
            ));
        }
        self.io.answered();
        let answer = line.trim().to_string();
        Ok(if answer.is_empty() {
            default.unwrap_or("").to_string()
        } else {
            answer
        })
    }

    /// Ask until `check` accepts the answer, saying what was wrong each time.
    pub fn ask_valid<T>(
        &mut self,
        question: &str,
        default: Option<&str>,
        check: impl Fn(&str) -> Result<T, String>,
    ) -> io::Result<T> {
        loop {
            let answer = self.ask(question, default)?;
            match check(&answer) {
                Ok(v) => return Ok(v),
                Err(why) => writeln!(self.io, "{why}")?,
            }
        }
    }

    /// Which of the plan's outcomes a payment is for; its id.
    pub fn choose_outcome(&mut self, plan: &crate::core::plan::Plan) -> io::Result<String> {
        self.choose_outcome_or(plan, None)
    }

    /// As `choose_outcome`, Enter keeping `current` (an entry being changed).
    pub fn choose_outcome_or(
        &mut self,
        plan: &crate::core::plan::Plan,
        current: Option<&str>,
    ) -> io::Result<String> {
        let options: Vec<(String, String)> = plan
            .outcomes
            .iter()
            .map(|o| (o.id.clone(), o.title.clone()))
            .collect();
        let at = current.and_then(|c| options.iter().position(|(v, _)| v == c));
        let k = self.choose_or("Which outcome is this for?", &options, at)?;
        Ok(options[k].0.clone())
    }

    /// A numbered choice. Returns the index chosen; typing the value itself also works.
    pub fn choose(&mut self, question: &str, options: &[(String, String)]) -> io::Result<usize> {
        self.choose_or(question, options, None)
    }

    /// A numbered choice where Enter keeps option `current`.
    pub fn choose_or(
        &mut self,
        question: &str,
        options: &[(String, String)],
        current: Option<usize>,
    ) -> io::Result<usize> {
        writeln!(self.io, "{question}")?;
        for (i, (value, label)) in options.iter().enumerate() {
            writeln!(self.io, "  {}. {label} ({value})", i + 1)?;
        }
        let n = options.len();
        let keep = current.map(|k| (k + 1).to_string());
        self.ask_valid(
            &format!("Type a number from 1 to {n}"),
            keep.as_deref(),
            |a| {
                if let Ok(k) = a.parse::<usize>()
                    && (1..=n).contains(&k)
                {
                    return Ok(k - 1);
                }
                options.iter().position(|(v, _)| v == a).ok_or_else(|| {
                    format!("\"{a}\" is not one of the choices; type a number from 1 to {n}")
                })
            },
        )
    }
}
