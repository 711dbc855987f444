//! Reads VMDK descriptors: the small text files (or the text embedded in a monolithic
//! sparse image) that say how large a VMware virtual disk is and what kind of disk it is.
//!
//! A `.vmx` names its disks but never their sizes; the size lives in the descriptor's
//! extent lines (`RW 16777216 VMFS "x-flat.vmdk"`, counted in 512-byte sectors). Only the
//! descriptor is read, never disk data, and every number is checked for overflow because
//! the bytes come from an untrusted folder.

/// Bytes per VMDK sector; extent sizes and sparse-header offsets are in sectors.
const SECTOR: u64 = 512;

/// Largest descriptor text we look at. Real descriptors are well under 10 KiB; VMware
/// itself reserves 20 sectors for the embedded one.
const MAX_DESCRIPTOR_BYTES: u64 = 64 * 1024;

/// Magic number at the start of a hosted sparse extent (`VMDK` little-endian).
const SPARSE_MAGIC: &[u8; 4] = b"KDMV";

/// What a descriptor says about its disk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Descriptor {
    /// `createType` (`monolithicSparse`, `vmfs`, `vmfsRawDeviceMap`...), as written.
    pub create_type: Option<String>,
    /// Sum of the extent sizes in bytes; `None` when there are no extents or it overflows.
    pub capacity_bytes: Option<u64>,
    /// `parentFileNameHint`: set when the disk is a snapshot delta on top of a parent.
    pub parent_hint: Option<String>,
    /// Extent types seen (`VMFS`, `SPARSE`, `VMFSRDM`...), upper-case.
    pub extent_types: Vec<String>,
}

impl Descriptor {
    /// Whether the descriptor maps a raw LUN or host disk rather than an image file
    /// (ESX RDMs in virtual or physical compatibility mode, hosted raw disks).
    pub fn is_raw_mapping(&self) -> bool {
        let create_raw = self.create_type.as_deref().is_some_and(|t| {
            let t = t.to_ascii_lowercase();
            t.contains("rawdevicemap") || matches!(t.as_str(), "fulldevice" | "partitioneddevice")
        });
        let extent_raw = self
            .extent_types
            .iter()
            .any(|t| t == "VMFSRDM" || t == "VMFSRAW");
        create_raw || extent_raw
    }
}

/// Capacity in bytes from a VMDK descriptor's extent lines, if it is one.
///
/// Accepts a text descriptor or a monolithic sparse image (`KDMV` header) that holds its
/// descriptor inside, as long as the caller could read that far.
pub fn descriptor_capacity(bytes: &[u8]) -> Option<u64> {
    parse(bytes)?.capacity_bytes
}

/// Parses a descriptor file, or the descriptor embedded in a sparse image's first sectors.
/// Returns `None` when the bytes are not a VMDK descriptor.
pub fn parse(bytes: &[u8]) -> Option<Descriptor> {
    if bytes.starts_with(SPARSE_MAGIC) {
        return parse_sparse(bytes);
    }
    parse_text(bytes)
}

/// The hosted sparse header: descriptorOffset and descriptorSize are little-endian u64
/// sector counts at bytes 28 and 36; capacity (sectors) is at byte 12.
fn parse_sparse(bytes: &[u8]) -> Option<Descriptor> {
    let offset = read_u64_le(bytes, 28)?;
    let size = read_u64_le(bytes, 36)?;
    if offset == 0 || size == 0 {
        // No embedded descriptor (an extent of a split sparse disk): the header's own
        // capacity is all there is to know.
        let capacity = read_u64_le(bytes, 12)?.checked_mul(SECTOR)?;
        return Some(Descriptor {
            capacity_bytes: Some(capacity),
            ..Descriptor::default()
        });
    }
    let start = usize::try_from(offset.checked_mul(SECTOR)?).ok()?;
    let len = size.checked_mul(SECTOR)?.min(MAX_DESCRIPTOR_BYTES);
    let end = start.checked_add(usize::try_from(len).ok()?)?;
    // The caller may only have the first part of a large image; a descriptor that lies
    // (partly) beyond what we were given is treated as unreadable, not guessed at.
    let region = bytes.get(start..end)?;
    parse_text(region)
}

fn read_u64_le(bytes: &[u8], at: usize) -> Option<u64> {
    let slice = bytes.get(at..at.checked_add(8)?)?;
    let array: [u8; 8] = slice.try_into().ok()?;
    Some(u64::from_le_bytes(array))
}

/// Parses descriptor text. The embedded descriptor is NUL-padded, so text stops at the
/// first NUL byte.
fn parse_text(bytes: &[u8]) -> Option<Descriptor> {
    let limit = bytes.len().min(MAX_DESCRIPTOR_BYTES as usize);
    let bytes = &bytes[..limit];
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    let text = String::from_utf8_lossy(&bytes[..end]);

    let mut descriptor = Descriptor::default();
    let mut sectors: Option<u64> = Some(0);
    let mut extents = 0usize;
    let mut saw_header = false;
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('#') {
            if line.to_ascii_lowercase().contains("disk descriptorfile") {
                saw_header = true;
            }
            continue;
        }
        if let Some((key, value)) = line.split_once('=') {
            let key = key.trim().to_ascii_lowercase();
            let value = unquote(value.trim());
            match key.as_str() {
                "createtype" => {
                    saw_header = true;
                    descriptor.create_type = Some(value.to_string());
                }
                "parentfilenamehint" if !value.is_empty() => {
                    descriptor.parent_hint = Some(value.to_string());
                }
                "version" | "cid" | "parentcid" => saw_header = true,
                _ => {}
            }
            continue;
        }
        if let Some((size, kind)) = parse_extent(line) {
            extents += 1;
            sectors = sectors.and_then(|total| total.checked_add(size));
            if !descriptor.extent_types.contains(&kind) {
                descriptor.extent_types.push(kind);
            }
        } else if is_extent_access(line) {
            // An extent line we cannot read (a size past 64 bits, a negative one): summing
            // the others would give a disk silently smaller than the source's.
            extents += 1;
            sectors = None;
        }
    }
    // Without the header or any extent this is some other text file that happens to sit
    // beside the .vmx under the disk's name.
    if !saw_header && extents == 0 {
        return None;
    }
    if extents > 0 {
        descriptor.capacity_bytes = sectors.and_then(|s| s.checked_mul(SECTOR));
    }
    Some(descriptor)
}

/// One extent line of a text descriptor, for a reader that streams the extents' data
/// (`files::disk_stream`): sizes and offsets in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extent {
    pub bytes: u64,
    /// Upper-cased type (`FLAT`, `VMFS`, `SPARSE`...).
    pub kind: String,
    /// The extent's file as the descriptor writes it (relative to the descriptor's folder).
    pub file: Option<String>,
    pub offset: u64,
}

/// The extents of a text descriptor, or `None` when a line that looks like an extent does
/// not parse (streaming the others would silently drop part of the disk).
pub fn extents(bytes: &[u8]) -> Option<Vec<Extent>> {
    let limit = bytes.len().min(MAX_DESCRIPTOR_BYTES as usize);
    let text = String::from_utf8_lossy(&bytes[..limit]);
    let mut out = Vec::new();
    for line in text.lines().map(str::trim) {
        if !is_extent_access(line) {
            continue;
        }
        let (sectors, kind) = parse_extent(line)?;
        let (file, offset) = match line.split_once('"') {
            Some((_, rest)) => {
                let (file, tail) = rest.split_once('"')?;
                let offset: u64 = match tail.trim() {
                    "" => 0,
                    n => n.parse().ok()?,
                };
                (Some(file.to_string()), offset)
            }
            None => (None, 0),
        };
        out.push(Extent {
            bytes: sectors.checked_mul(SECTOR)?,
            kind,
            file,
            offset: offset.checked_mul(SECTOR)?,
        });
    }
    Some(out)
}

/// Whether a line starts like an extent line (`RW`, `RDONLY`, `NOACCESS`).
fn is_extent_access(line: &str) -> bool {
    line.split_whitespace().next().is_some_and(|access| {
        ["RW", "RDONLY", "NOACCESS"]
            .iter()
            .any(|a| access.eq_ignore_ascii_case(a))
    })
}

/// An extent line: `ACCESS SECTORS TYPE ["FILE" [OFFSET]]`. Returns the sector count and the
/// upper-cased type.
fn parse_extent(line: &str) -> Option<(u64, String)> {
    let mut parts = line.split_whitespace();
    let access = parts.next()?.to_ascii_uppercase();
    if !matches!(access.as_str(), "RW" | "RDONLY" | "NOACCESS") {
        return None;
    }
    let size: u64 = parts.next()?.parse().ok()?;
    let kind = parts.next()?.to_ascii_uppercase();
    let known = matches!(
        kind.as_str(),
        "FLAT"
            | "SPARSE"
            | "ZERO"
            | "VMFS"
            | "VMFSSPARSE"
            | "VMFSRDM"
            | "VMFSRAW"
            | "SESPARSE"
            | "VSANSPARSE"
    );
    known.then_some((size, kind))
}

fn unquote(value: &str) -> &str {
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extents_name_their_files_and_offsets() {
        let text = b"# Disk DescriptorFile\ncreateType=\"monolithicFlat\"\nRW 2048 FLAT \"my disk-flat.vmdk\" 0\nRDONLY 8 ZERO\n";
        let got = extents(text).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].bytes, 2048 * 512);
        assert_eq!(got[0].kind, "FLAT");
        assert_eq!(got[0].file.as_deref(), Some("my disk-flat.vmdk"));
        assert_eq!(got[1].file, None);
        assert_eq!(extents(b"RW 99999999999999999999 FLAT \"x\" 0\n"), None);
    }

    const ESX_DESCRIPTOR: &str = "# Disk DescriptorFile\n\
version=1\n\
encoding=\"UTF-8\"\n\
CID=fffffffe\n\
parentCID=ffffffff\n\
createType=\"vmfs\"\n\
\n\
# Extent description\n\
RW 83886080 VMFS \"web01-flat.vmdk\"\n\
\n\
# The Disk Data Base\n\
#DDB\n\
\n\
ddb.adapterType = \"lsilogic\"\n\
ddb.geometry.cylinders = \"5221\"\n";

    #[test]
    fn esx_flat_descriptor_gives_sectors_times_512() {
        assert_eq!(
            descriptor_capacity(ESX_DESCRIPTOR.as_bytes()),
            Some(40 << 30)
        );
        let d = parse(ESX_DESCRIPTOR.as_bytes()).unwrap();
        assert_eq!(d.create_type.as_deref(), Some("vmfs"));
        assert!(!d.is_raw_mapping());
    }

    #[test]
    fn split_sparse_extents_are_summed() {
        let text = "# Disk DescriptorFile\r\ncreateType=\"twoGbMaxExtentSparse\"\r\n\
RW 4192256 SPARSE \"disk-s001.vmdk\"\r\n\
RW 4192256 SPARSE \"disk-s002.vmdk\"\r\n\
RW 2048 SPARSE \"disk-s003.vmdk\"\r\n";
        assert_eq!(
            descriptor_capacity(text.as_bytes()),
            Some((4192256 * 2 + 2048) * 512)
        );
    }

    #[test]
    fn rdm_and_snapshot_deltas_are_recognised() {
        let rdm = "# Disk DescriptorFile\ncreateType=\"vmfsPassthroughRawDeviceMap\"\n\
RW 2147483648 VMFSRDM \"db01-rdmp.vmdk\"\n";
        let d = parse(rdm.as_bytes()).unwrap();
        assert!(d.is_raw_mapping());
        assert_eq!(d.capacity_bytes, Some(1 << 40));
        let delta = "# Disk DescriptorFile\ncreateType=\"monolithicSparse\"\n\
parentFileNameHint=\"base.vmdk\"\nRW 2097152 SPARSE \"base-000001.vmdk\"\n";
        let d = parse(delta.as_bytes()).unwrap();
        assert_eq!(d.parent_hint.as_deref(), Some("base.vmdk"));
    }

    #[test]
    fn embedded_descriptor_of_a_monolithic_sparse_image_is_read() {
        let mut image = vec![0u8; 512 * 4];
        image[..4].copy_from_slice(SPARSE_MAGIC);
        image[12..20].copy_from_slice(&999u64.to_le_bytes());
        image[28..36].copy_from_slice(&1u64.to_le_bytes());
        image[36..44].copy_from_slice(&2u64.to_le_bytes());
        let text = b"# Disk DescriptorFile\ncreateType=\"monolithicSparse\"\nRW 41943040 SPARSE \"x.vmdk\"\n";
        image[512..512 + text.len()].copy_from_slice(text);
        assert_eq!(descriptor_capacity(&image), Some(20 << 30));
    }

    #[test]
    fn descriptor_beyond_the_bytes_read_or_overflowing_gives_nothing() {
        let mut image = vec![0u8; 64];
        image[..4].copy_from_slice(SPARSE_MAGIC);
        image[28..36].copy_from_slice(&u64::MAX.to_le_bytes());
        image[36..44].copy_from_slice(&1u64.to_le_bytes());
        assert_eq!(descriptor_capacity(&image), None);
        let huge = format!(
            "# Disk DescriptorFile\nRW {} FLAT \"a\" 0\nRW {} FLAT \"b\" 0\n",
            u64::MAX,
            1
        );
        assert_eq!(descriptor_capacity(huge.as_bytes()), None);
        let times512 = format!(
            "# Disk DescriptorFile\nRW {} FLAT \"a\" 0\n",
            u64::MAX / 100
        );
        assert_eq!(descriptor_capacity(times512.as_bytes()), None);
    }

    #[test]
    fn unrelated_text_is_not_a_descriptor() {
        assert_eq!(parse(b"hello world\nthis is not a disk\n"), None);
        assert_eq!(descriptor_capacity(&[0xff, 0xfe, 0, 1, 2]), None);
    }

    #[test]
    fn an_unreadable_extent_makes_the_capacity_unknown_not_smaller() {
        let text = b"# Disk DescriptorFile\ncreateType=\"vmfs\"\nRW 99999999999999999999 VMFS \"a-flat.vmdk\"\nRW 2048 VMFS \"b-flat.vmdk\"\n";
        let descriptor = parse(text).expect("still a descriptor");
        assert_eq!(descriptor.capacity_bytes, None);
        let text = b"# Disk DescriptorFile\ncreateType=\"vmfs\"\nRW -5 VMFS \"a-flat.vmdk\"\n";
        assert_eq!(parse(text).expect("descriptor").capacity_bytes, None);
    }
}
