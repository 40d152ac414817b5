//! `careledger demo`: the bundled demo workspace, four holders covering the four target
//! groups and the four ways of holding money.

use std::io::Write;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use super::{CliResult, Ctx, Failure};
use crate::store::{Fingerprint, StoreError, Workspace, write_atomic};

pub static DEMO: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/config/demo");

/// Write the demo workspace into `to`, which must be empty or not exist yet.
pub fn copy_demo(to: &Path) -> Result<(), StoreError> {
    if to.exists()
        && std::fs::read_dir(to)
            .map_err(|e| StoreError::io(to, e))?
            .next()
            .is_some()
    {
        return Err(StoreError::Invalid {
            path: to.to_path_buf(),
            message: "is not empty; the demo goes into a new or empty folder".into(),
        });
    }
    let ws = Workspace::at(to);
    ws.init()?;
    write_dir(&DEMO, to)
}

fn write_dir(dir: &Dir, root: &Path) -> Result<(), StoreError> {
    for d in dir.dirs() {
        crate::store::create_dir_private(&root.join(d.path()))?;
        write_dir(d, root)?;
    }
    for f in dir.files() {
        write_atomic(&root.join(f.path()), f.contents(), &Fingerprint::absent())?;
    }
    Ok(())
}

pub fn run(ctx: &Ctx, to: Option<PathBuf>, out: &mut dyn Write) -> CliResult {
    match to {
        Some(dir) => {
            copy_demo(&dir)?;
            writeln!(
                out,
                "The demo workspace is in {}. Open it with: careledger --data {}",
                dir.display(),
                dir.display()
            )?;
            Ok(())
        }
        None => {
            let tmp = tempfile::Builder::new()
                .prefix("careledger-demo-")
                .tempdir()
                .map_err(|e| Failure::new(format!("cannot make a temporary folder: {e}")))?;
            copy_demo(tmp.path())?;
            let demo_ctx = Ctx {
                workspace: Workspace::at(tmp.path()),
                holder: ctx.holder.clone(),
                notes: ctx.notes.clone(),
                ..*ctx
            };
            super::open_app(&demo_ctx, out)
        }
    }
}
