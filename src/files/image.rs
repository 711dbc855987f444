//! Opening a disk image to read its header: the one way the importers touch image files.
//!
//! Policy, and why: a spec names its images itself (an absolute path from the source host,
//! a path beside the spec), so a hostile spec could name `/dev/sda`, a FIFO that never
//! answers, or `/dev/zero`. Only regular files (or links to them) are opened; anything else
//! is refused before `open`, which for a FIFO would block. The caller reads a few bounded
//! header regions from the handle and never the whole file.

use std::fs::File;
use std::path::Path;

/// An image opened for header reads, with its length.
pub struct ImageFile {
    pub file: File,
    pub len: u64,
}

/// Why an image was not opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("not a regular file (a device, FIFO or folder is never read)")]
    NotRegular,
}

/// Opens `path` if it is a regular file (following links). The type is checked before the
/// open and again on the handle, so a file swapped in between is caught after the open.
pub fn open_image(path: &Path) -> Result<ImageFile, OpenError> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(OpenError::NotRegular);
    }
    let file = File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(OpenError::NotRegular);
    }
    Ok(ImageFile {
        file,
        len: meta.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_are_opened() {
        let dir = std::env::temp_dir().join(format!("vmmigrate-image-open-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("disk.raw"), [0u8; 4096]).unwrap();
        assert_eq!(open_image(&dir.join("disk.raw")).unwrap().len, 4096);
        assert!(matches!(open_image(&dir), Err(OpenError::NotRegular)));
        assert!(matches!(
            open_image(Path::new("/dev/zero")),
            Err(OpenError::NotRegular)
        ));
        let fifo = dir.join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        if made {
            // Opening a FIFO for reading would block until a writer comes: refused first.
            assert!(matches!(open_image(&fifo), Err(OpenError::NotRegular)));
        }
        assert!(matches!(
            open_image(&dir.join("missing")),
            Err(OpenError::Io(_))
        ));
        std::fs::remove_dir_all(&dir).ok();
    }
}
