//! VMDK sparse extents read as the raw bytes they hold: the hosted sparse format (`KDMV`,
//! what VMware Workstation and Fusion write for `monolithicSparse` and
//! `twoGbMaxExtentSparse` disks, descriptor type `SPARSE`) and ESX's `COWD` sparse format
//! (descriptor type `VMFSSPARSE`). CDI's importer cannot take these when their descriptor is
//! a separate text file, so `crate::images` joins the extents into one raw stream and this
//! module supplies a sparse extent's part of it.
//!
//! The layout (VMware's "Virtual Disk Format 1.1" and qemu's `block/vmdk.c`): a 512-byte
//! header, a grain directory (GD) of little-endian u32 sector offsets of grain tables (GT),
//! each GT a run of u32 sector offsets of grains (`grainSize` sectors each). A GT entry of 0
//! is an unallocated grain, read as zeros (a disk with a parent is refused before this is
//! reached); 1 is a zeroed grain when the header's zeroed-grain flag is set. The redundant
//! GD that VMware keeps for repair is bounds-checked but not read: the primary GD is what
//! both VMware and qemu read. Compressed grains (streamOptimized, `compressAlgorithm` 1, or a
//! GD at the end of the file) are refused with the qemu-img command: that shape is CDI's own
//! when it is one file, and an extent of it behind a text descriptor is not worth a zlib
//! dependency.
//!
//! Every number read from the file is untrusted: the header's fields are checked for range
//! and overflow (and its newline check bytes, which a text-mode FTP copy breaks), every GD and GT entry is checked to lie inside the file, and `check_tables`
//! walks all of them before a byte is sent, so a damaged extent is refused whole rather than
//! half-uploaded. Memory stays at one grain table (at most 16 KiB), never the disk or the GD.

use std::io::{Read, Seek, SeekFrom};

/// Bytes per VMDK sector; every offset and size in the header is in sectors.
pub const SECTOR: u64 = 512;
/// Largest grain qemu accepts (0x200000 sectors, 1 GiB); real ones are 64 KiB.
const MAX_GRAIN_SECTORS: u64 = 0x20_0000;
/// The hosted format fixes 512 entries per grain table; qemu refuses more.
const MAX_HOSTED_GTES: u32 = 512;
/// `COWD` grain tables always hold 4096 entries.
const COWD_GTES: u64 = 4096;
const FLAG_NEWLINE_CHECK: u32 = 1 << 0;
/// The newline check bytes at 73..77: `\n`, ` `, `\r`, `\n`, as written.
const NEWLINE_CHECK: [u8; 4] = [b'\n', b' ', b'\r', b'\n'];
const FLAG_RGD: u32 = 1 << 1;
const FLAG_ZERO_GRAIN: u32 = 1 << 2;
const FLAG_COMPRESSED: u32 = 1 << 16;
const FLAG_MARKERS: u32 = 1 << 17;
/// `gdOffset` of a streamOptimized file whose real header is a footer.
const GD_AT_END: u64 = u64::MAX;
/// A GT entry that reads as zeros when the zeroed-grain flag is set.
const GTE_ZEROED: u32 = 1;
/// GD entries read at a time by `check_tables` (16 KiB).
const GD_CHUNK: u64 = 4096;

/// Why a sparse extent cannot be read as it is. Shown after the extent's file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SparseError {
    #[error("the file is {len} bytes, shorter than the 512-byte sparse extent header")]
    ShortHeader { len: u64 },
    #[error("no sparse extent header (KDMV or COWD) at its start")]
    NoMagic,
    #[error("sparse extent version {0}; this reader knows versions 1 to 3")]
    Version(u32),
    #[error("its grains are compressed (streamOptimized); make one image of the disk first: qemu-img convert -O qcow2 DESCRIPTOR.vmdk disk.qcow2")]
    Compressed,
    #[error("its newline check bytes are not \\n \\r\\n: the file went through a text-mode transfer (FTP ASCII mode) that changed its bytes; copy it again in binary mode")]
    LineEndings,
    #[error("grain size {0} sectors is outside 1..=2097152")]
    GrainSize(u64),
    #[error("{0} grain table entries per table; the format allows 1 to 512")]
    TableSize(u32),
    #[error("the header says {header} sectors but the descriptor's extent line says {descriptor}")]
    CapacityMismatch { header: u64, descriptor: u64 },
    #[error("{what} (bytes {offset}..+{len}) lies past the end of the file ({file_len} bytes): the extent is truncated or damaged")]
    PastEnd {
        what: String,
        offset: u64,
        len: u64,
        file_len: u64,
    },
    #[error("{what} overflows 64 bits: the header is damaged")]
    Overflow { what: String },
    #[error("the grain directory has {stated} entries but the capacity needs {needed}")]
    DirectoryTooSmall { stated: u64, needed: u64 },
    #[error("cannot read {what}: {message}")]
    Io { what: String, message: String },
}

/// Which of the two sparse formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `KDMV`: hosted sparse (Workstation, Fusion, qemu-img).
    Hosted,
    /// `COWD`: ESX's `vmfsSparse`.
    Cowd,
}

/// A sparse extent's header, checked: every size below is in range and every product used
/// when reading fits in 64 bits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub kind: Kind,
    /// Sectors the extent holds.
    pub capacity: u64,
    pub grain_sectors: u64,
    pub gtes_per_gt: u64,
    /// Byte offset of the grain directory.
    pub gd_offset: u64,
    /// Entries of the grain directory that cover the capacity.
    pub gd_entries: u64,
    /// GT entry 1 means a zeroed grain.
    pub zeroed_grains: bool,
}

fn u32_at(b: &[u8; 512], at: usize) -> u32 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(a)
}

fn u64_at(b: &[u8; 512], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

fn overflow(what: &str) -> SparseError {
    SparseError::Overflow {
        what: what.to_string(),
    }
}

/// `sectors * 512`, or an overflow error naming the field.
fn bytes_of(sectors: u64, what: &str) -> Result<u64, SparseError> {
    sectors.checked_mul(SECTOR).ok_or_else(|| overflow(what))
}

/// Checks that `len` bytes at `offset` lie inside a file of `file_len` bytes.
fn inside(what: &str, offset: u64, len: u64, file_len: u64) -> Result<(), SparseError> {
    match offset.checked_add(len) {
        Some(end) if end <= file_len => Ok(()),
        _ => Err(SparseError::PastEnd {
            what: what.to_string(),
            offset,
            len,
            file_len,
        }),
    }
}

impl Header {
    /// Reads and checks the header of a sparse extent file of `file_len` bytes.
    pub fn read<R: Read + Seek>(file: &mut R, file_len: u64) -> Result<Self, SparseError> {
        if file_len < SECTOR {
            return Err(SparseError::ShortHeader { len: file_len });
        }
        let mut head = [0u8; 512];
        file.seek(SeekFrom::Start(0))
            .and_then(|_| file.read_exact(&mut head))
            .map_err(|e| SparseError::Io {
                what: "the header".into(),
                message: e.to_string(),
            })?;
        Self::parse(&head, file_len)
    }

    /// Checks a header's fields against the file's length.
    pub fn parse(head: &[u8; 512], file_len: u64) -> Result<Self, SparseError> {
        match &head[..4] {
            b"KDMV" => Self::hosted(head, file_len),
            b"COWD" => Self::cowd(head, file_len),
            _ => Err(SparseError::NoMagic),
        }
    }

    fn hosted(head: &[u8; 512], file_len: u64) -> Result<Self, SparseError> {
        let version = u32_at(head, 4);
        if !(1..=3).contains(&version) {
            return Err(SparseError::Version(version));
        }
        let flags = u32_at(head, 8);
        let capacity = u64_at(head, 12);
        let grain_sectors = u64_at(head, 20);
        let (desc_offset, desc_size) = (u64_at(head, 28), u64_at(head, 36));
        let gtes = u32_at(head, 44);
        let (rgd_offset, gd_offset, overhead) =
            (u64_at(head, 48), u64_at(head, 56), u64_at(head, 64));
        let compress = u16::from_le_bytes([head[77], head[78]]);
        if compress != 0 || flags & (FLAG_COMPRESSED | FLAG_MARKERS) != 0 || gd_offset == GD_AT_END
        {
            return Err(SparseError::Compressed);
        }
        if flags & FLAG_NEWLINE_CHECK != 0 && head[73..77] != NEWLINE_CHECK {
            return Err(SparseError::LineEndings);
        }
        if !(1..=MAX_HOSTED_GTES).contains(&gtes) {
            return Err(SparseError::TableSize(gtes));
        }
        let header = Self::checked(
            Kind::Hosted,
            capacity,
            grain_sectors,
            u64::from(gtes),
            gd_offset,
            flags & FLAG_ZERO_GRAIN != 0,
            file_len,
        )?;
        if flags & FLAG_RGD != 0 {
            let at = bytes_of(rgd_offset, "the redundant grain directory's offset")?;
            inside(
                "the redundant grain directory",
                at,
                header.gd_bytes(),
                file_len,
            )?;
        }
        if desc_offset != 0 {
            let at = bytes_of(desc_offset, "the embedded descriptor's offset")?;
            let len = bytes_of(desc_size, "the embedded descriptor's size")?;
            inside("the embedded descriptor", at, len, file_len)?;
        }
        inside(
            "the metadata before the grains (overHead)",
            0,
            bytes_of(overhead, "overHead")?,
            file_len,
        )?;
        Ok(header)
    }

    fn cowd(head: &[u8; 512], file_len: u64) -> Result<Self, SparseError> {
        let version = u32_at(head, 4);
        if !(1..=3).contains(&version) {
            return Err(SparseError::Version(version));
        }
        let capacity = u64::from(u32_at(head, 12));
        let grain_sectors = u64::from(u32_at(head, 16));
        let gd_offset = u64::from(u32_at(head, 20));
        let stated = u64::from(u32_at(head, 24));
        let header = Self::checked(
            Kind::Cowd,
            capacity,
            grain_sectors,
            COWD_GTES,
            gd_offset,
            false,
            file_len,
        )?;
        if stated < header.gd_entries {
            return Err(SparseError::DirectoryTooSmall {
                stated,
                needed: header.gd_entries,
            });
        }
        Ok(header)
    }

    /// The checks both formats share; `gd_offset` in sectors.
    fn checked(
        kind: Kind,
        capacity: u64,
        grain_sectors: u64,
        gtes_per_gt: u64,
        gd_offset: u64,
        zeroed_grains: bool,
        file_len: u64,
    ) -> Result<Self, SparseError> {
        if !(1..=MAX_GRAIN_SECTORS).contains(&grain_sectors) {
            return Err(SparseError::GrainSize(grain_sectors));
        }
        bytes_of(capacity, "the capacity")?;
        // Both factors are bounded (2^21 * 2^12), so the product fits; capacity / it as well.
        let per_gt = grain_sectors * gtes_per_gt;
        let gd_entries = capacity.div_ceil(per_gt);
        let header = Header {
            kind,
            capacity,
            grain_sectors,
            gtes_per_gt,
            gd_offset: bytes_of(gd_offset, "the grain directory's offset")?,
            gd_entries,
            zeroed_grains,
        };
        inside(
            "the grain directory",
            header.gd_offset,
            header.gd_bytes(),
            file_len,
        )?;
        Ok(header)
    }

    /// Bytes the extent holds (checked in `checked`).
    pub fn len(&self) -> u64 {
        self.capacity.saturating_mul(SECTOR)
    }

    /// Whether the extent holds no sectors.
    pub fn is_empty(&self) -> bool {
        self.capacity == 0
    }

    fn grain_bytes(&self) -> u64 {
        self.grain_sectors * SECTOR
    }

    /// The GD's size in bytes: at most capacity/1 * 4, which `bytes_of(capacity)` bounds.
    fn gd_bytes(&self) -> u64 {
        self.gd_entries.saturating_mul(4)
    }

    fn gt_bytes(&self) -> u64 {
        self.gtes_per_gt * 4
    }
}

/// Tables of a checked header in one file: reads GD entries and grain tables, checking each.
struct Tables<'a, R> {
    file: &'a mut R,
    header: &'a Header,
    file_len: u64,
}

impl<R: Read + Seek> Tables<'_, R> {
    fn read_at(&mut self, what: &str, at: u64, buf: &mut [u8]) -> Result<(), SparseError> {
        inside(what, at, buf.len() as u64, self.file_len)?;
        self.file
            .seek(SeekFrom::Start(at))
            .and_then(|_| self.file.read_exact(buf))
            .map_err(|e| SparseError::Io {
                what: what.to_string(),
                message: e.to_string(),
            })
    }

    /// GD entries `first..first+count` (sector offsets of grain tables).
    fn directory(&mut self, first: u64, count: u64) -> Result<Vec<u32>, SparseError> {
        let at = first
            .checked_mul(4)
            .and_then(|o| self.header.gd_offset.checked_add(o))
            .ok_or_else(|| overflow("a grain directory entry's offset"))?;
        let len = usize::try_from(count.saturating_mul(4))
            .map_err(|_| overflow("a grain directory read"))?;
        let mut raw = vec![0u8; len];
        self.read_at("the grain directory", at, &mut raw)?;
        Ok(raw
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    /// Grain table `index`, whose GD entry is `entry`; `None` when the entry is 0 (no table:
    /// every grain it covers is unallocated).
    fn table(&mut self, index: u64, entry: u32) -> Result<Option<Vec<u32>>, SparseError> {
        if entry == 0 {
            return Ok(None);
        }
        let what = format!("grain table {index}");
        let at = bytes_of(u64::from(entry), &what)?;
        let len = usize::try_from(self.header.gt_bytes()).map_err(|_| overflow(&what))?;
        let mut raw = vec![0u8; len];
        self.read_at(&what, at, &mut raw)?;
        Ok(Some(
            raw.chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        ))
    }
}

/// Where grain `grain` (of the extent) lies: `Some(byte offset)` or `None` for zeros. `table`
/// is the grain table covering it; the grain's bytes (the part inside the capacity) must lie
/// inside the file.
fn grain_at(
    header: &Header,
    file_len: u64,
    table: Option<&[u32]>,
    grain: u64,
) -> Result<Option<u64>, SparseError> {
    let Some(table) = table else {
        return Ok(None);
    };
    let index = grain % header.gtes_per_gt;
    let entry = usize::try_from(index)
        .ok()
        .and_then(|i| table.get(i))
        .copied()
        .unwrap_or(0);
    if entry == 0 || (header.zeroed_grains && entry == GTE_ZEROED) {
        return Ok(None);
    }
    let what = format!("grain {grain}");
    let at = bytes_of(u64::from(entry), &what)?;
    let start = grain
        .checked_mul(header.grain_bytes())
        .ok_or_else(|| overflow(&what))?;
    let used = header.len().saturating_sub(start).min(header.grain_bytes());
    inside(&what, at, used, file_len)?;
    Ok(Some(at))
}

/// What `check_tables` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Allocation {
    /// Grains with data in the file.
    pub grains: u64,
    pub grain_bytes: u64,
}

/// Reads every GD entry and grain table of the extent and checks that each table and each
/// allocated grain lies inside the file: after this, streaming meets no bad entry unless the
/// file changes underneath. Reads one table at a time.
pub fn check_tables<R: Read + Seek>(
    file: &mut R,
    header: &Header,
    file_len: u64,
) -> Result<Allocation, SparseError> {
    let total_grains = header.capacity.div_ceil(header.grain_sectors);
    let mut tables = Tables {
        file,
        header,
        file_len,
    };
    let mut found = Allocation {
        grains: 0,
        grain_bytes: header.grain_bytes(),
    };
    let mut first = 0u64;
    while first < header.gd_entries {
        let count = (header.gd_entries - first).min(GD_CHUNK);
        let entries = tables.directory(first, count)?;
        for (gt, entry) in (first..).zip(entries) {
            let Some(table) = tables.table(gt, entry)? else {
                continue;
            };
            let base = gt.saturating_mul(header.gtes_per_gt);
            let end = base.saturating_add(header.gtes_per_gt).min(total_grains);
            for grain in base..end {
                if grain_at(header, file_len, Some(&table), grain)?.is_some() {
                    found.grains += 1;
                }
            }
        }
        first += count;
    }
    Ok(found)
}

/// The extent's bytes as a stream: grains from the file, zeros for unallocated and zeroed
/// grains. Fills a whole buffer per `read` (grain by grain), so the sender's chunks stay large.
pub struct Reader<R> {
    file: R,
    header: Header,
    file_len: u64,
    /// Shown in errors (the extent file's path).
    shown: String,
    pos: u64,
    /// The grain table last read: its index and entries (`None`: no table).
    table: Option<(u64, Option<Vec<u32>>)>,
    /// Where the file's cursor is, to skip a seek between consecutive grains.
    file_pos: Option<u64>,
}

impl<R: Read + Seek> Reader<R> {
    /// A reader over an extent whose header (and, for a trusted stream, tables) were checked.
    pub fn new(file: R, header: Header, file_len: u64, shown: String) -> Self {
        Reader {
            file,
            header,
            file_len,
            shown,
            pos: 0,
            table: None,
            file_pos: None,
        }
    }

    fn invalid(&self, e: SparseError) -> std::io::Error {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{}: {e}", self.shown),
        )
    }

    /// The byte offset of grain `grain` in the file, or `None` for zeros.
    fn locate(&mut self, grain: u64) -> std::io::Result<Option<u64>> {
        let gt = grain / self.header.gtes_per_gt;
        if self.table.as_ref().map(|(i, _)| *i) != Some(gt) {
            let mut tables = Tables {
                file: &mut self.file,
                header: &self.header,
                file_len: self.file_len,
            };
            let loaded = tables
                .directory(gt, 1)
                .and_then(|entry| tables.table(gt, entry.first().copied().unwrap_or(0)));
            self.file_pos = None;
            match loaded {
                Ok(table) => self.table = Some((gt, table)),
                Err(e) => return Err(self.invalid(e)),
            }
        }
        let table = self.table.as_ref().and_then(|(_, t)| t.as_deref());
        grain_at(&self.header, self.file_len, table, grain).map_err(|e| self.invalid(e))
    }
}

impl<R: Read + Seek> Read for Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let len = self.header.len();
        let grain_bytes = self.header.grain_bytes();
        let mut filled = 0usize;
        while filled < buf.len() && self.pos < len {
            let grain = self.pos / grain_bytes;
            let within = self.pos % grain_bytes;
            let room = (buf.len() - filled) as u64;
            let n = room.min(grain_bytes - within).min(len - self.pos);
            // n <= room, which came from a usize.
            let out = &mut buf[filled..filled + n as usize];
            match self.locate(grain)? {
                None => out.fill(0),
                Some(at) => {
                    let at = at.saturating_add(within);
                    if self.file_pos != Some(at) {
                        self.file.seek(SeekFrom::Start(at))?;
                    }
                    self.file.read_exact(out).map_err(|e| {
                        std::io::Error::new(
                            e.kind(),
                            format!(
                                "{}: grain {grain}: {e} (did the file change while it was read?)",
                                self.shown
                            ),
                        )
                    })?;
                    self.file_pos = Some(at.saturating_add(n));
                }
            }
            filled += n as usize;
            self.pos += n;
        }
        Ok(filled)
    }
}

#[cfg(test)]
#[path = "sparse_tests.rs"]
pub(crate) mod tests;
