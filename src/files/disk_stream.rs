//! Reading a disk's bytes for an upload without copying them: a window of a file (an OVA
//! member in place, a VMDK extent at its offset) and the one pass over a tar archive's
//! headers that finds where a member's data lies (other members' data is skipped with
//! seeks, never read). Knows no image format; `crate::images` decides what to read.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// `len` bytes of a file from `offset`, as a plain reader (what an upload streams).
pub fn open_range(
    path: &Path,
    offset: u64,
    len: u64,
) -> std::io::Result<impl Read + Send + 'static> {
    let mut file = super::open_for_streaming(path)?;
    file.seek(SeekFrom::Start(offset))?;
    Ok(file.take(len))
}

/// Whether `path` is a regular file (following links).
pub fn is_regular_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// Whether `path` lies under `root`, both resolved (links and `..` followed).
pub fn is_inside(path: &Path, root: &Path) -> bool {
    match (path.canonicalize(), root.canonicalize()) {
        (Ok(p), Ok(r)) => p.starts_with(r),
        _ => false,
    }
}

/// What one pass over a tar archive found.
#[derive(Debug, Default)]
pub struct TarScan {
    /// The wanted member's data: (offset in the archive, length).
    pub member: Option<(u64, u64)>,
    /// The first member whose name ends with the text suffix, read (up to the limit).
    pub text: Option<(String, Vec<u8>)>,
    pub archive_len: u64,
}

/// Finds regular-file member `wanted` (a leading `./` ignored) and reads the first member
/// whose lower-cased name ends with `text_suffix` (at most `text_limit` bytes).
pub fn scan_tar(
    archive: &Path,
    wanted: &str,
    text_suffix: &str,
    text_limit: u64,
) -> std::io::Result<TarScan> {
    let file = super::open_for_streaming(archive)?;
    let mut scan = TarScan {
        archive_len: file.metadata()?.len(),
        ..TarScan::default()
    };
    let mut tar = tar::Archive::new(file);
    for entry in tar.entries_with_seek()? {
        let mut entry = entry?;
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let name = name.trim_start_matches("./").to_string();
        if name == wanted && entry.header().entry_type().is_file() {
            scan.member = Some((entry.raw_file_position(), entry.size()));
        } else if scan.text.is_none() && name.to_ascii_lowercase().ends_with(text_suffix) {
            let mut text = Vec::new();
            (&mut entry).take(text_limit).read_to_end(&mut text)?;
            scan.text = Some((name, text));
        }
    }
    Ok(scan)
}

/// `len` bytes of a file from `offset`, seekable, so that header readers work on an OVA
/// member in place.
pub struct Section {
    file: File,
    offset: u64,
    len: u64,
    pos: u64,
}

impl Section {
    pub fn open(path: &Path, offset: u64, len: u64) -> std::io::Result<Self> {
        Ok(Section {
            file: super::open_for_streaming(path)?,
            offset,
            len,
            pos: 0,
        })
    }
}

impl Read for Section {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.len.saturating_sub(self.pos);
        let want = (buf.len() as u64).min(left) as usize;
        if want == 0 {
            return Ok(0);
        }
        let at = self.offset.checked_add(self.pos).ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "offset overflows")
        })?;
        self.file.seek(SeekFrom::Start(at))?;
        let n = self.file.read(&mut buf[..want])?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for Section {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let target = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = target.ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "seek before the start")
        })?;
        Ok(self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_reads_and_seeks_within_its_window() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, (0u8..100).collect::<Vec<_>>()).unwrap();
        let mut s = Section::open(&path, 10, 20).unwrap();
        let mut all = Vec::new();
        s.read_to_end(&mut all).unwrap();
        assert_eq!(all, (10u8..30).collect::<Vec<_>>());
        s.seek(SeekFrom::End(-5)).unwrap();
        let mut tail = Vec::new();
        s.read_to_end(&mut tail).unwrap();
        assert_eq!(tail, (25u8..30).collect::<Vec<_>>());
        assert!(s.seek(SeekFrom::Current(-100)).is_err());
    }
}
