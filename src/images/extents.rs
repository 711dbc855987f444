//! A VMDK text descriptor's extents joined into one raw stream, read lazily: what VMware
//! Workstation and Fusion write by default (`twoGbMaxExtentSparse`, `twoGbMaxExtentFlat`, a
//! `monolithicSparse` extent behind its own descriptor) and ESX's `vmfs`/`vmfsSparse`. CDI's
//! importer takes one file, and a descriptor's data lives in others, so the plugin sends the
//! disk as raw: FLAT and VMFS extents are windows of their files, SPARSE and VMFSSPARSE
//! extents their grains with zeros for the unallocated ones (`images::sparse`), ZERO extents
//! zeros. The stream's length is the sum of the extents' sizes, known (and checked against
//! the DataVolume's request) before a byte is sent.
//!
//! Everything that can refuse the disk is checked in `descriptor`, before sending: each
//! extent file exists and lies beside the descriptor or under an `--images` folder, a flat
//! extent's window lies inside its file, a sparse extent's header and every one of its grain
//! directory and table entries are in range. Refused with the `qemu-img convert` command that
//! makes one image: a snapshot delta (its unallocated grains live in the parent), raw device
//! mappings, compressed (streamOptimized) extents and extent types this reader does not know
//! (SESPARSE, VSANSPARSE).

use super::sparse::{self, Header};
use super::{unreadable, DiskData, DiskError, Source};
use crate::files::disk_stream;
use crate::import::images::ImageSearch;
use crate::import::vmdk;
use crate::model::ImageFormat;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest descriptor read (real ones are under 10 KiB).
const MAX_DESCRIPTOR_BYTES: u64 = 64 * 1024;

/// One extent of a descriptor, checked, in the order the disk holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// `len` bytes of `path` from `offset` (FLAT, VMFS).
    Flat {
        path: PathBuf,
        shown: String,
        offset: u64,
        len: u64,
    },
    /// A sparse extent file whose header and tables were checked (SPARSE, VMFSSPARSE).
    Sparse {
        path: PathBuf,
        shown: String,
        header: Header,
        file_len: u64,
    },
    /// `len` zero bytes (ZERO).
    Zero { len: u64 },
}

impl Piece {
    /// The bytes this extent adds to the disk.
    pub fn len(&self) -> u64 {
        match self {
            Piece::Flat { len, .. } | Piece::Zero { len } => *len,
            Piece::Sparse { header, .. } => header.len(),
        }
    }

    /// Whether the extent adds no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn shown(&self) -> &str {
        match self {
            Piece::Flat { shown, .. } | Piece::Sparse { shown, .. } => shown,
            Piece::Zero { .. } => "a ZERO extent",
        }
    }

    fn open(&self) -> std::io::Result<Box<dyn Read + Send>> {
        Ok(match self {
            Piece::Flat {
                path, offset, len, ..
            } => Box::new(disk_stream::open_range(path, *offset, *len)?),
            Piece::Sparse {
                path,
                shown,
                header,
                file_len,
            } => Box::new(sparse::Reader::new(
                crate::files::open_for_streaming(path)?,
                header.clone(),
                *file_len,
                shown.clone(),
            )),
            Piece::Zero { len } => Box::new(std::io::repeat(0).take(*len)),
        })
    }
}

/// The extents' bytes one after the other; each file is opened when its turn comes. An
/// extent that yields fewer bytes than it holds (its file shrank since the check) fails the
/// stream rather than shortening the disk.
pub struct ExtentsReader {
    pieces: Vec<Piece>,
    next: usize,
    /// The extent being read and the bytes it still owes.
    current: Option<(Box<dyn Read + Send>, u64)>,
}

impl ExtentsReader {
    pub fn new(pieces: Vec<Piece>) -> Self {
        ExtentsReader {
            pieces,
            next: 0,
            current: None,
        }
    }
}

impl Read for ExtentsReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            let (reader, left) = match self.current.as_mut() {
                Some((reader, left)) if *left > 0 => (reader, left),
                _ => {
                    let Some(piece) = self.pieces.get(self.next) else {
                        return Ok(0);
                    };
                    self.current = Some((piece.open()?, piece.len()));
                    self.next += 1;
                    continue;
                }
            };
            let want = usize::try_from(*left).map_or(buf.len(), |l| l.min(buf.len()));
            let n = reader.read(&mut buf[..want])?;
            if n == 0 {
                let owed = *left;
                let shown = self
                    .next
                    .checked_sub(1)
                    .and_then(|i| self.pieces.get(i))
                    .map_or("an extent", Piece::shown);
                return Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    format!("{shown}: ended {owed} bytes early (did the file change while it was read?)"),
                ));
            }
            *left -= n as u64;
            return Ok(n);
        }
    }
}

/// A VMDK text descriptor at `path`: its extents checked and joined as one raw disk. A
/// descriptor with one flat extent is that extent's window (named by the extent's file).
pub(super) fn descriptor(path: &Path, search: &ImageSearch) -> Result<DiskData, DiskError> {
    let shown = path.display().to_string();
    let text = crate::files::read_limited(path, MAX_DESCRIPTOR_BYTES)
        .map_err(|e| unreadable(&shown, e))?;
    let unsupported = |why: String| DiskError::Unsupported {
        shown: shown.clone(),
        why,
    };
    if let Some(parent) = vmdk::parse(&text).and_then(|d| d.parent_hint) {
        return Err(unsupported(format!(
            "it is a snapshot delta on top of {parent} (parentFileNameHint): the grains it does not hold live in the parent, and the plugin does not merge snapshot chains"
        )));
    }
    let extents =
        vmdk::extents(&text).ok_or_else(|| unsupported("an extent line cannot be read".into()))?;
    if extents.is_empty() {
        return Err(unsupported("it lists no extents".into()));
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let pieces = extents
        .iter()
        .map(|e| piece(dir, &shown, e, search))
        .collect::<Result<Vec<_>, _>>()?;
    let total = pieces
        .iter()
        .try_fold(0u64, |sum, p| sum.checked_add(p.len()))
        .ok_or_else(|| unsupported("its extents add up to more than 2^64 bytes".into()))?;
    if let [Piece::Flat {
        path,
        shown,
        offset,
        len,
    }] = pieces.as_slice()
    {
        return Ok(DiskData {
            shown: shown.clone(),
            source: Source::Window {
                path: path.clone(),
                offset: *offset,
            },
            len: *len,
            format: ImageFormat::Raw,
            virtual_size: *len,
            digest: None,
        });
    }
    Ok(DiskData {
        shown,
        source: Source::Extents(pieces),
        len: total,
        format: ImageFormat::Raw,
        virtual_size: total,
        digest: None,
    })
}

/// One extent line, checked: its file found inside the allowed folders and its data in range.
fn piece(
    dir: &Path,
    shown: &str,
    extent: &vmdk::Extent,
    search: &ImageSearch,
) -> Result<Piece, DiskError> {
    let unsupported = |why: String| DiskError::Unsupported {
        shown: shown.to_string(),
        why,
    };
    match extent.kind.as_str() {
        "ZERO" => return Ok(Piece::Zero { len: extent.bytes }),
        "FLAT" | "VMFS" | "SPARSE" | "VMFSSPARSE" => {}
        "VMFSRDM" | "VMFSRAW" => {
            return Err(unsupported(format!(
                "its extent is {} (a raw device mapping): the data is on a LUN, not in a file",
                extent.kind
            )))
        }
        other => {
            return Err(unsupported(format!(
                "its extent type {other} is not one the plugin reads (FLAT, VMFS, SPARSE, VMFSSPARSE, ZERO)"
            )))
        }
    }
    let named = extent
        .file
        .as_deref()
        .ok_or_else(|| unsupported(format!("its {} extent names no file", extent.kind)))?;
    let data = dir.join(named);
    let data_shown = data.display().to_string();
    if !disk_stream::is_regular_file(&data) {
        return Err(DiskError::MissingExtent {
            shown: shown.to_string(),
            extent: data_shown,
        });
    }
    let inside = |root: &Path| disk_stream::is_inside(&data, root);
    if !inside(dir) && !search.roots().iter().any(|r| inside(r)) {
        return Err(DiskError::OutsideRoots {
            shown: shown.to_string(),
            extent: named.to_string(),
        });
    }
    let file_len = crate::files::size(&data).map_err(|e| unreadable(&data_shown, e))?;
    if matches!(extent.kind.as_str(), "FLAT" | "VMFS") {
        let end = extent.offset.checked_add(extent.bytes);
        if end.is_none_or(|end| end > file_len) {
            return Err(DiskError::Truncated {
                shown: data_shown,
                needed: end.unwrap_or(u64::MAX),
                missing: end.unwrap_or(u64::MAX).saturating_sub(file_len),
            });
        }
        return Ok(Piece::Flat {
            path: data,
            shown: data_shown,
            offset: extent.offset,
            len: extent.bytes,
        });
    }
    let bad = |problem: sparse::SparseError| DiskError::BadExtent {
        shown: data_shown.clone(),
        problem,
    };
    let mut file =
        crate::files::open_for_streaming(&data).map_err(|e| unreadable(&data_shown, e))?;
    let header = Header::read(&mut file, file_len).map_err(bad)?;
    if header.len() != extent.bytes {
        return Err(bad(sparse::SparseError::CapacityMismatch {
            header: header.capacity,
            descriptor: extent.bytes / sparse::SECTOR,
        }));
    }
    sparse::check_tables(&mut file, &header, file_len).map_err(bad)?;
    Ok(Piece::Sparse {
        path: data,
        shown: data_shown,
        header,
        file_len,
    })
}

#[cfg(test)]
#[path = "extents_tests.rs"]
mod tests;
