//! Every read of the user's file system goes through here: one walker and one policy for
//! what may be read, shared by the importers and by `apply`'s manifest reading.
//!
//! The policy, and why:
//! * A path the user names is always tried, whatever it is (`<(govc ...)` is a pipe), but
//!   never read past a size limit, so `/dev/zero` or a disk image cannot fill memory.
//! * Inside folders only regular files, or symlinks to regular files, are taken. A FIFO or a
//!   device found in a folder would block the read forever or never end; symlinked folders
//!   are not followed, so a link loop cannot recurse. Hidden entries (`.git`, editor swap
//!   files) are skipped.
//! * Entries are visited in sorted order, so output never depends on the directory's order.
//!
//! Nothing here knows a source format or a Kubernetes object; `manifest` reads files that
//! hold Kubernetes objects (YAML or JSON) as plain values.

pub mod disk_stream;
pub mod image;
pub mod listing;
pub mod manifest;

use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest file read as a whole (a spec or a manifest). Real VM descriptors are kilobytes;
/// the limit keeps a wrong path (a disk image, a log) from being read into memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read: {0}")]
    Io(#[source] std::io::Error),
    #[error(
        "file is larger than the {limit}-byte limit for a VM spec; is this really a spec file?"
    )]
    TooLarge { limit: u64 },
}

/// Reads at most `limit` bytes of `path`; a longer file is refused without reading more.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let (file, size) = open_with_size(path).map_err(ReadError::Io)?;
    read_opened(file, limit, size)
}

/// Opens a file and reads its size from the open file: one path lookup, where a `stat`
/// before the open made two (a visible share of importing thousands of small files).
pub fn open_with_size(path: &Path) -> std::io::Result<(std::fs::File, u64)> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    Ok((file, size))
}

/// Reads at most `limit` bytes of a file already open, whose size was `size` when it was
/// looked at: a caller that needs the size first (to choose how to read) opens once.
pub fn read_opened(file: std::fs::File, limit: u64, size: u64) -> Result<Vec<u8>, ReadError> {
    // The size the file has now sizes the buffer once: read through `take`, the buffer
    // otherwise starts small and is copied as it doubles, a visible share of an import.
    read_to_limit(file, limit, size.min(limit))
}

/// Reads standard input, at most `limit` bytes.
pub fn read_stdin_limited(limit: u64) -> Result<Vec<u8>, ReadError> {
    read_to_limit(std::io::stdin(), limit, 0)
}

/// Reads at most `limit` bytes; `expected` (what the reader probably holds) only sizes the
/// first buffer.
fn read_to_limit(reader: impl Read, limit: u64, expected: u64) -> Result<Vec<u8>, ReadError> {
    // One byte more than expected, so the read that finds the end needs no second buffer.
    let capacity = usize::try_from(expected).map_or(0, |n| n.saturating_add(1));
    let mut bytes = Vec::with_capacity(capacity);
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// Reads a file beside another one (a `.vmdk` descriptor next to its `.vmx`): only a regular
/// file, never a link, FIFO or device, and at most `limit` bytes.
pub fn read_sidecar(path: &Path, limit: u64) -> Option<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    read_limited(path, limit).ok()
}

/// The size of a file (following a link the user named), before deciding how to read it.
pub fn size(path: &Path) -> std::io::Result<u64> {
    Ok(std::fs::metadata(path)?.len())
}

/// Whether the file holds `magic` at `offset` (a tar archive: `ustar` at 257). Reads no more
/// than `offset + magic.len()` bytes.
pub fn has_magic_at(path: &Path, offset: usize, magic: &[u8]) -> bool {
    let Some(end) = offset.checked_add(magic.len()) else {
        return false;
    };
    let mut header = vec![0u8; end];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok()
        && header.get(offset..) == Some(magic)
}

/// Opens a file to be streamed rather than read whole (an OVA that carries its disk images:
/// its reader seeks past what it does not need, so memory stays flat).
pub fn open_for_streaming(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Why a walk stopped: the path and the I/O error.
#[derive(Debug, thiserror::Error)]
#[error("{}: cannot read: {source}", .path.display())]
pub struct WalkError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// The files under `path` that `wanted` accepts, in sorted order, by the policy above. `path`
/// itself, when it is not a folder, is returned whatever it is and whatever `wanted` says:
/// the user named it.
pub fn walk(path: &Path, wanted: &dyn Fn(&Path) -> bool) -> Result<Vec<PathBuf>, WalkError> {
    let mut out = Vec::new();
    walk_each(path, wanted, &mut |file| {
        out.push(file);
        true
    })?;
    Ok(out)
}

/// [`walk`], handing each file to `each` as soon as it is found, so that the caller can start
/// on the first files while later folders are still listed. `each` returns `false` to stop;
/// the result is then `Ok(false)`. On an error, `each` has had the files found before it.
pub fn walk_each(
    path: &Path,
    wanted: &dyn Fn(&Path) -> bool,
    each: &mut dyn FnMut(PathBuf) -> bool,
) -> Result<bool, WalkError> {
    let meta = std::fs::metadata(path).map_err(|source| walk_error(path, source))?;
    visit(path, true, meta.file_type(), wanted, each)
}

/// Whether `path` is a folder (following a link the user named).
pub fn is_dir(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_dir())
}

/// Visits `path`, whose type is known: a folder's entries take theirs from the folder
/// listing, not from one `stat` each (a visible share of walking thousands of files).
/// `Ok(false)` once `each` asked to stop.
fn visit(
    path: &Path,
    explicit: bool,
    file_type: std::fs::FileType,
    wanted: &dyn Fn(&Path) -> bool,
    each: &mut dyn FnMut(PathBuf) -> bool,
) -> Result<bool, WalkError> {
    if !explicit && file_type.is_symlink() {
        let target_is_file = std::fs::metadata(path).is_ok_and(|m| m.is_file());
        if target_is_file && wanted(path) {
            return Ok(each(path.to_path_buf()));
        }
        return Ok(true);
    }
    if file_type.is_dir() {
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(path).map_err(|source| walk_error(path, source))? {
            let Ok(entry) = entry else { continue };
            let name = entry.file_name();
            if name.to_str().is_some_and(|n| n.starts_with('.')) {
                continue;
            }
            // Where the listing has no type, `file_type` asks the file system itself.
            let entry_type = entry
                .file_type()
                .map_err(|source| walk_error(&entry.path(), source))?;
            entries.push((name, entry_type));
        }
        // By name alone: every entry has the same parent, so this is the paths' order, and
        // comparing names is cheaper than comparing paths component by component.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, entry_type) in entries {
            if !visit(&path.join(name), false, entry_type, wanted, each)? {
                return Ok(false);
            }
        }
        Ok(true)
    } else if explicit || (file_type.is_file() && wanted(path)) {
        Ok(each(path.to_path_buf()))
    } else {
        Ok(true)
    }
}

fn walk_error(path: &Path, source: std::io::Error) -> WalkError {
    WalkError {
        path: path.to_path_buf(),
        source,
    }
}

/// The lower-cased extension of a path, or `""`.
pub fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An empty folder of its own for a test of `files` or its modules.
    pub(super) fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("vmmigrate-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn folders_yield_sorted_regular_files_and_links_to_them_only() {
        let dir = scratch("walk");
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("b.yaml"), "b").unwrap();
        std::fs::write(dir.join("sub/a.yaml"), "a").unwrap();
        std::fs::write(dir.join("c.txt"), "c").unwrap();
        std::fs::write(dir.join(".hidden.yaml"), "h").unwrap();
        std::os::unix::fs::symlink(dir.join("b.yaml"), dir.join("link.yaml")).unwrap();
        // A link back up: followed, it would recurse forever.
        std::os::unix::fs::symlink(&dir, dir.join("sub/loop")).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(dir.join("fifo.yaml"))
            .status()
            .is_ok_and(|s| s.success());
        let yaml = |p: &Path| extension(p) == "yaml";
        let found = walk(&dir, &yaml).unwrap();
        let names: Vec<String> = found
            .iter()
            .map(|p| p.strip_prefix(&dir).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["b.yaml", "link.yaml", "sub/a.yaml"]);
        if made {
            // Named by the user, a FIFO is tried (it may be `<(...)`); found in a folder, not.
            assert_eq!(walk(&dir.join("fifo.yaml"), &yaml).unwrap().len(), 1);
        }
        // A file the user names is returned even when the filter would not take it.
        assert_eq!(walk(&dir.join("c.txt"), &yaml).unwrap().len(), 1);
        assert!(walk(&dir.join("missing"), &yaml).is_err());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_walk_hands_files_on_in_order_as_found_and_stops_when_asked() {
        let dir = scratch("walk-each");
        for name in ["b/2.vmx", "b/1.vmx", "a.vmx", "c.vmx", "b/z/9.vmx"] {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "x").unwrap();
        }
        let rel = |p: &Path| p.strip_prefix(&dir).unwrap().display().to_string();
        let mut seen = Vec::new();
        let finished = walk_each(&dir, &|_| true, &mut |p| {
            seen.push(rel(&p));
            true
        });
        assert!(finished.unwrap());
        assert_eq!(seen, ["a.vmx", "b/1.vmx", "b/2.vmx", "b/z/9.vmx", "c.vmx"]);
        seen.clear();
        let finished = walk_each(&dir, &|_| true, &mut |p| {
            seen.push(rel(&p));
            seen.len() < 2
        });
        assert!(!finished.unwrap(), "stopped");
        assert_eq!(seen, ["a.vmx", "b/1.vmx"]);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn reads_stop_at_the_limit() {
        let dir = scratch("limit");
        let file = dir.join("big");
        std::fs::write(&file, vec![b'x'; 11]).unwrap();
        assert_eq!(read_limited(&file, 11).unwrap().len(), 11);
        assert!(matches!(
            read_limited(&file, 10),
            Err(ReadError::TooLarge { limit: 10 })
        ));
        // Endless input is cut at the limit, not read to the end.
        assert!(matches!(
            read_limited(Path::new("/dev/zero"), 1024),
            Err(ReadError::TooLarge { limit: 1024 })
        ));
        assert!(read_sidecar(&dir, 100).is_none(), "a folder is no sidecar");
        std::fs::remove_dir_all(&dir).ok();
    }
}
