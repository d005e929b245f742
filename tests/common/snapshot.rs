//! Snapshot files under `tests/snapshots/`: compared with what the code produces now, or
//! rewritten when `UPDATE_SNAPSHOTS=1` is set (after an intended change; commit them).
//! Used by `tests/openapi.rs` (through `#[path]`, without the rest of the harness) and
//! `tests/email.rs`.

use std::path::{Path, PathBuf};

/// `tests/snapshots/<relative>`.
pub fn path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(relative)
}

/// Whether this run rewrites the snapshots (`UPDATE_SNAPSHOTS=1`).
pub fn updating() -> bool {
    std::env::var_os("UPDATE_SNAPSHOTS").is_some()
}

/// Compares `current` with the snapshot `tests/snapshots/<relative>`; with
/// `UPDATE_SNAPSHOTS=1`, writes it instead. Returns what is wrong (a missing snapshot, or
/// the first differing line with a few lines around it in both), naming `update`, the
/// command that refreshes it.
pub fn compare(relative: &str, current: &str, update: &str) -> Result<(), String> {
    let file = path(relative);
    if updating() {
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        return std::fs::write(&file, current).map_err(|e| format!("{}: {e}", file.display()));
    }
    let Ok(committed) = std::fs::read_to_string(&file) else {
        return Err(format!(
            "tests/snapshots/{relative} is missing. Write it with: UPDATE_SNAPSHOTS=1 {update}, \
             read it, and commit it"
        ));
    };
    if committed == current {
        return Ok(());
    }
    let first = committed
        .lines()
        .zip(current.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| committed.lines().count().min(current.lines().count()));
    let show = |s: &str| {
        s.lines()
            .skip(first.saturating_sub(3))
            .take(8)
            .collect::<Vec<_>>()
            .join("\n")
    };
    Err(format!(
        "tests/snapshots/{relative} differs (first difference at line {}).\n--- committed\n{}\n--- now\n{}\n\
         If the change is intended: UPDATE_SNAPSHOTS=1 {update}, and commit tests/snapshots/{relative}",
        first + 1,
        show(&committed),
        show(current)
    ))
}
