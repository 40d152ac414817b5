//! Which files are the workspace's own, so that nothing else (a saved report) is ever
//! written over them: the settings, each holder's plan, journal, included journals and lock,
//! and what careledger is in the middle of writing or has set aside.

use std::path::{Component, Path};

use super::{JOURNAL_FILE, PLAN_FILE, SETTINGS_FILE, Workspace, read_journals};

impl Workspace {
    /// What `path` is, in words ("ann's journal"), if writing there would replace one of the
    /// workspace's own files; `None` if it is not one. The path is looked at as the system
    /// will resolve it: through links in its folders, and through a link at its end.
    pub fn data_file(&self, path: &Path) -> Option<String> {
        let root = self.root.canonicalize().ok()?;
        let name = path.file_name()?;
        let folder = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let full = folder.canonicalize().ok()?.join(name);
        let target = full.canonicalize().ok();
        [Some(full), target]
            .into_iter()
            .flatten()
            .find_map(|p| self.describe(&root, &p))
    }

    fn describe(&self, root: &Path, full: &Path) -> Option<String> {
        let rel = full.strip_prefix(root).ok()?;
        let parts: Vec<String> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        match parts.as_slice() {
            [settings] if settings == SETTINGS_FILE => {
                Some(format!("the workspace's settings ({SETTINGS_FILE})"))
            }
            [holders, id, rest @ ..] if holders == "holders" && !rest.is_empty() => {
                let last = rest.last()?;
                let whose = if id.starts_with('.') {
                    "a new holder's".to_string()
                } else {
                    format!("{id}'s")
                };
                if rest.len() == 1 && last == PLAN_FILE {
                    return Some(format!("{whose} plan"));
                }
                if rest.len() == 3
                    && rest[0] == crate::core::plan_year::YEARS_DIR
                    && last == PLAN_FILE
                {
                    return Some(format!("{whose} plan for {}", rest[1]));
                }
                if rest.len() == 1 && last == JOURNAL_FILE {
                    return Some(format!("{whose} journal"));
                }
                if rest.len() > 1 && rest[0] == super::EVIDENCE_DIR {
                    return Some(format!("one of {whose} evidence files"));
                }
                if last == ".lock" {
                    return Some(format!("{whose} lock file"));
                }
                if id.starts_with('.') || last.starts_with(".careledger-") {
                    return Some("a file careledger is writing".into());
                }
                if last.starts_with(&format!("{JOURNAL_FILE}.outside-")) {
                    return Some(format!("a version of {whose} journal set aside"));
                }
                if last.ends_with(".journal") {
                    return Some(format!("one of {whose} journals"));
                }
                match read_journals(&self.holder_dir(id)) {
                    Ok((_, paths, _)) => paths
                        .iter()
                        .skip(1)
                        .any(|p| p.canonicalize().ok().as_deref() == Some(full))
                        .then(|| format!("a file included in {whose} journal")),
                    // Its journals cannot be read, so which files they include is not known:
                    // an existing file in the folder may be one.
                    Err(_) if full.exists() => Some(format!(
                        "a file in {whose} folder, perhaps included in their journal (which \
                         careledger cannot read just now to check)"
                    )),
                    Err(_) => None,
                }
            }
            _ => None,
        }
    }
}
