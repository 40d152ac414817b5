//! `careledger summary`: where each holder's budget stands.

use std::io::Write;

use serde_json::json;

use super::{CliResult, Ctx, Failure, Format};
use crate::core::position;
use crate::core::report::summary::{self, HolderSummary};

pub fn run(ctx: &Ctx, format: Format, out: &mut dyn Write) -> CliResult {
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
    let mut failed = Vec::new();
    let mut json_holders = Vec::new();
    for (k, id) in ids.iter().enumerate() {
        let files = match ctx.workspace.load_holder(id) {
            Ok(f) => f,
            Err(e) => {
                if ctx.holder.is_some() {
                    return Err(e.into());
                }
                match format {
                    Format::Json => json_holders.push(json!({ "id": id, "error": e.to_string() })),
                    Format::Text => writeln!(out, "{id}: cannot be read: {e}\n")?,
                    Format::Md => writeln!(out, "## {id}\n\nCannot be read: {e}\n")?,
                }
                failed.push(id.clone());
                continue;
            }
        };
        let plan = &files.plan.plan;
        let pos = position::compute(plan, &files.journals, &settings, ctx.today);
        match format {
            Format::Json => json_holders.push(
                serde_json::to_value(HolderSummary {
                    id,
                    name: &plan.holder.name,
                    holding: plan.holding(),
                    position: &pos,
                })
                .map_err(|e| Failure::new(e.to_string()))?,
            ),
            Format::Text => {
                if k > 0 {
                    writeln!(out)?;
                }
                write!(out, "{}", summary::text(id, plan, &pos))?;
            }
            Format::Md => writeln!(out, "{}", summary::markdown(id, plan, &pos))?,
        }
    }
    if format == Format::Json {
        let doc = json!({ "as_of": ctx.today, "holders": json_holders });
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&doc).map_err(|e| Failure::new(e.to_string()))?
        )?;
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Failure::new(format!(
            "{} could not be read: {}",
            crate::core::position::plural(failed.len() as i64, "holder"),
            failed.join(", ")
        )))
    }
}
