//! Which names a folder holds, listed once per folder and kept for the run: a quick "certainly
//! not there" before a path is looked up.
//!
//! Why: specs name their disk images by paths on the host they came from
//! (`/var/lib/libvirt/images/web-0.qcow2`), and most of those images are not on this machine.
//! Each one cost a failed `stat` (a walk of every path component in the kernel); an import of
//! 2,000 VMs made 5,000 of them. One listing per folder answers all of them.
//!
//! The answer is only ever "maybe" or "certainly not": a "maybe" still opens the file, which
//! decides. So the listing errs on the side of "maybe" wherever the file system could find a
//! name the listing does not hold exactly:
//! * names are compared without ASCII case (case-insensitive file systems: macOS, Windows,
//!   a Linux mount of an SMB share or a `casefold` folder);
//! * a name with non-ASCII characters (which macOS may store decomposed), a `~` (a Windows
//!   short name) or a trailing dot or space (which Windows drops) is never ruled out;
//! * a folder that cannot be listed (no read permission, yet files in it can be opened) rules
//!   nothing out.
//!
//! A file created in a listed folder during the run is not seen; an import reads its inputs
//! once, so nothing is lost that a run a moment earlier would have found.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// The folders listed so far, shared by every thread of a run.
#[derive(Debug, Default)]
pub struct Listings {
    folders: Mutex<HashMap<PathBuf, Listing>>,
}

/// What is known of one folder.
#[derive(Debug, Clone)]
enum Listing {
    /// The folder is not there (or is not a folder): nothing inside it exists.
    Missing,
    /// The folder's names, ASCII-lower-cased.
    Names(Arc<HashSet<String>>),
    /// The folder could not be listed: nothing is ruled out.
    Unreadable,
}

impl Listings {
    /// False only when `path` certainly does not exist: its folder is missing, or its folder
    /// was listed and holds no such name (see the module's rules). True otherwise, when the
    /// caller must still open it to know.
    pub fn may_exist(&self, path: &Path) -> bool {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            return true;
        };
        if !is_exact_name(name) {
            return true;
        }
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        match self.listing(folder) {
            Listing::Missing => false,
            Listing::Names(names) => names.contains(&name.to_ascii_lowercase()),
            Listing::Unreadable => true,
        }
    }

    /// The folder's listing, read on first use. Two threads asking for the same new folder
    /// at once may both read it; the lock is not held while reading.
    fn listing(&self, folder: &Path) -> Listing {
        let known = self
            .folders
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(folder)
            .cloned();
        if let Some(known) = known {
            return known;
        }
        let listing = list(folder);
        self.folders
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(folder.to_path_buf(), listing.clone());
        listing
    }
}

/// Whether a file system could only find `name` under that name, up to ASCII case.
fn is_exact_name(name: &str) -> bool {
    name.is_ascii()
        && !name.contains('~')
        && !name.ends_with(['.', ' '])
        && name != "."
        && name != ".."
}

fn list(folder: &Path) -> Listing {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(err)
            if matches!(
                err.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            return Listing::Missing
        }
        Err(_) => return Listing::Unreadable,
    };
    let mut names = HashSet::new();
    for entry in entries {
        // An entry that cannot be read could be the one asked for.
        let Ok(entry) = entry else {
            return Listing::Unreadable;
        };
        // A name that is not UTF-8 is never asked for: `may_exist` takes only ASCII names.
        if let Some(name) = entry.file_name().to_str() {
            names.insert(name.to_ascii_lowercase());
        }
    }
    Listing::Names(Arc::new(names))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch folder of `files`' tests, named for a listing test.
    fn folder(tag: &str) -> PathBuf {
        crate::files::tests::scratch(&format!("listing-{tag}"))
    }

    #[test]
    fn a_name_the_folder_lists_may_exist_and_one_it_does_not_does_not() {
        let dir = folder("names");
        std::fs::write(dir.join("web-0.qcow2"), b"x").unwrap();
        let listings = Listings::default();
        assert!(listings.may_exist(&dir.join("web-0.qcow2")));
        assert!(!listings.may_exist(&dir.join("web-1.qcow2")));
        // Case-insensitive file systems would find it: never ruled out for its case.
        assert!(listings.may_exist(&dir.join("WEB-0.QCOW2")));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn nothing_exists_in_a_missing_folder_or_under_a_file() {
        let dir = folder("missing");
        std::fs::write(dir.join("file"), b"x").unwrap();
        let listings = Listings::default();
        assert!(!listings.may_exist(&dir.join("absent/disk.vmdk")));
        assert!(!listings.may_exist(&dir.join("file/disk.vmdk")));
        assert!(!listings.may_exist(Path::new("/vmmigrate-no-such-folder/images/disk.qcow2")));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn names_a_file_system_may_rewrite_are_never_ruled_out() {
        let dir = folder("rewrite");
        let listings = Listings::default();
        for name in ["DISK~1.VMD", "disk.vmdk.", "disk.vmdk ", "dïsk.vmdk", ".."] {
            assert!(listings.may_exist(&dir.join(name)), "{name}");
        }
        assert!(!listings.may_exist(&dir.join("disk.vmdk")));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_listing_is_read_once_and_kept() {
        let dir = folder("kept");
        let listings = Listings::default();
        assert!(!listings.may_exist(&dir.join("late.img")));
        // Made after the folder was listed: the run keeps what it saw.
        std::fs::write(dir.join("late.img"), b"x").unwrap();
        assert!(!listings.may_exist(&dir.join("late.img")));
        assert!(Listings::default().may_exist(&dir.join("late.img")));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_that_cannot_be_listed_rules_nothing_out() {
        // Root lists any folder whatever its mode, so the folder is made unlistable another
        // way: a link to itself (ELOOP), neither missing nor listable.
        let dir = folder("unreadable");
        let looped = dir.join("loop");
        std::os::unix::fs::symlink(&looped, &looped).unwrap();
        assert!(std::fs::read_dir(&looped).is_err());
        assert!(Listings::default().may_exist(&looped.join("disk.img")));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
