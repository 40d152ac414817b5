//! `careledger summary`: where each holder's budget stands.

use std::io::Write;

use serde_json::json;

use std::cmp::Reverse;

use super::{CliResult, Ctx, Failure, Format};
use crate::app::people;
use crate::core::position::{self, Position};
use crate::core::report::summary::{self, HolderSummary};
use crate::core::settings::Settings;
use crate::store::{HolderFiles, for_each_parallel};

pub fn run(
    ctx: &Ctx,
    format: Format,
    attention: bool,
    year: Option<&str>,
    out: &mut dyn Write,
) -> CliResult {
    let settings = ctx.workspace.settings()?;
    let ids = match &ctx.holder {
        Some(h) => vec![h.clone()],
        None => ctx.workspace.holder_ids()?,
    };
    if ids.is_empty() {
        return Err(Failure::new(format!(
            "the workspace {} has no budget holders yet; add one with: careledger holder new ID --name NAME, or try: careledger demo",
            ctx.workspace.root().display()
        )));
    }
    // Each holder is read on its own (in parallel): one holder's bad files never stop the rest.
    if let Some(y) = year {
        super::year::start_year_of(y)?;
    }
    let mut loaded = load_all(ctx, &ids, &settings, year);
    if attention {
        loaded.retain(|(_, r)| r.as_ref().map_or(true, |(_, p)| !p.alerts.is_empty()));
        // The People screen's order: the one rule for who needs attention first.
        loaded.sort_by_key(|(id, r)| {
            let need = match r {
                Err(_) => people::attention(true, None, 0),
                Ok((_, p)) => people::attention(
                    false,
                    p.alerts.iter().map(|a| a.severity).max(),
                    p.alerts.len(),
                ),
            };
            let name = r
                .as_ref()
                .map_or(id.clone(), |(f, _)| f.plan.plan.holder.name.clone());
            (Reverse(need), name)
        });
        if loaded.is_empty() && format == Format::Text {
            writeln!(out, "No one needs attention: there are no alerts.")?;
        }
    }
    let mut failed = Vec::new();
    let mut json_holders = Vec::new();
    for (k, (id, result)) in loaded.iter().enumerate() {
        let (files, pos) = match result {
            Ok(x) => x,
            Err(e) => {
                if ctx.holder.is_some() {
                    return Err(Failure::new(e.clone()));
                }
                match format {
                    Format::Json => json_holders.push(json!({ "id": id, "error": e })),
                    Format::Text => writeln!(out, "{id}: cannot be read: {e}\n")?,
                    Format::Md => writeln!(out, "## {id}\n\nCannot be read: {e}\n")?,
                }
                failed.push(id.clone());
                continue;
            }
        };
        let plan = &files.plan.plan;
        match format {
            Format::Json => json_holders.push(
                serde_json::to_value(HolderSummary {
                    id,
                    name: &plan.holder.name,
                    holding: plan.holding(),
                    position: pos,
                })
                .map_err(|e| Failure::new(e.to_string()))?,
            ),
            Format::Text => {
                if k > 0 {
                    writeln!(out)?;
                }
                write!(out, "{}", summary::text(id, plan, pos))?;
            }
            Format::Md => writeln!(out, "{}", summary::markdown(id, plan, pos))?,
        }
    }
    if format == Format::Json {
        let doc = json!({ "as_of": ctx.today, "holders": json_holders });
        let text = serde_json::to_string_pretty(&doc).map_err(|e| Failure::new(e.to_string()))?;
        writeln!(out, "{}", crate::core::printable::json(&text))?;
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Failure::new(format!(
            "{} could not be read: {}",
            crate::core::words::plural(failed.len() as i64, "holder"),
            failed.join(", ")
        )))
    }
}

type Loaded = (String, Result<(HolderFiles, Position), String>);

fn load_all(ctx: &Ctx, ids: &[String], settings: &Settings, year: Option<&str>) -> Vec<Loaded> {
    for_each_parallel(ids, |id| {
        let r = match year {
            None => ctx
                .workspace
                .load_holder_with(id, |files| {
                    position::compute(&files.plan.plan, &files.journals, settings, ctx.today)
                })
                .map_err(|e| e.to_string()),
            // An ended year's figures, from its kept plan.
            Some(y) => ctx
                .workspace
                .load_holder(id)
                .map_err(|e| e.to_string())
                .and_then(|f| super::year::select(f, Some(y)).map_err(|e| e.message))
                .map(|f| {
                    let p = position::compute(&f.plan.plan, &f.journals, settings, ctx.today);
                    (f, p)
                }),
        };
        (id.to_string(), r)
    })
}
