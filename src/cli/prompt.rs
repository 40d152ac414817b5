//! Asking for a missing detail one line at a time, for people at a terminal (and for screen
//! reader users, who hear each question as it is written).

use std::io::{self, BufRead, Write};

pub struct Prompter<'a> {
    input: Box<dyn BufRead + 'a>,
    out: &'a mut dyn Write,
}

impl<'a> Prompter<'a> {
    pub fn new(input: impl BufRead + 'a, out: &'a mut dyn Write) -> Self {
        Prompter {
            input: Box::new(input),
            out,
        }
    }

    /// Where the questions are written, for lines that are not questions.
    pub fn out(&mut self) -> &mut dyn Write {
        &mut *self.out
    }

    /// One line of text; `default` is used when the answer is empty.
    pub fn ask(&mut self, question: &str, default: Option<&str>) -> io::Result<String> {
        match default {
            Some(d) if !d.is_empty() => write!(self.out, "{question} [{d}]: ")?,
            Some(_) => write!(self.out, "{question}: ")?,
            None => write!(self.out, "{question}: ")?,
        }
        self.out.flush()?;
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "input ended before the question was answered",
            ));
        }
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
                Err(why) => writeln!(self.out, "{why}")?,
            }
        }
    }

    /// Which of the plan's outcomes a payment is for; its id.
    pub fn choose_outcome(&mut self, plan: &crate::core::plan::Plan) -> io::Result<String> {
        let options: Vec<(String, String)> = plan
            .outcomes
            .iter()
            .map(|o| (o.id.clone(), o.title.clone()))
            .collect();
        let k = self.choose("Which outcome is this for?", &options)?;
        Ok(options[k].0.clone())
    }

    /// A numbered choice. Returns the index chosen; typing the value itself also works.
    pub fn choose(&mut self, question: &str, options: &[(String, String)]) -> io::Result<usize> {
        writeln!(self.out, "{question}")?;
        for (i, (value, label)) in options.iter().enumerate() {
            writeln!(self.out, "  {}. {label} ({value})", i + 1)?;
        }
        let n = options.len();
        self.ask_valid(&format!("Type a number from 1 to {n}"), None, |a| {
            if let Ok(k) = a.parse::<usize>()
                && (1..=n).contains(&k)
            {
                return Ok(k - 1);
            }
            options.iter().position(|(v, _)| v == a).ok_or_else(|| {
                format!("\"{a}\" is not one of the choices; type a number from 1 to {n}")
            })
        })
    }
}
