//! Reads a disk image's virtual size from its header: qcow2, VMDK (hosted sparse,
//! streamOptimized, and text descriptors with flat extents), VDI, VHD (fixed or dynamic),
//! VHDX (the metadata region's virtual disk size item) and raw (the file's length).
//!
//! Why: libvirt and Xen files never state disk sizes, so without this most of their VMs are
//! generated with a placeholder size. The image usually sits beside the spec, and its header
//! says the size exactly.
//!
//! Only headers are read: at most a few small, bounded reads at offsets the format fixes or
//! the header names, so a 500 GB image costs the same as a 1 MB one. A backing file (qcow2,
//! VHD differencing, VMDK parent) is never opened: an overlay's header states the overlay's
//! own virtual size. Every number comes from an untrusted file, so every offset is checked
//! against the file's length and every sum is checked for overflow; no read is sized by a
//! value from the file beyond a fixed cap.

use crate::model::ImageFormat;
use std::io::{Read, Seek, SeekFrom};

/// Bytes read from the start of a file to recognise it (covers every magic we test and a
/// VMDK text descriptor).
const PROBE_BYTES: u64 = 64 * 1024;
/// VHD footer length.
const VHD_FOOTER: u64 = 512;
/// VHDX: the first region table sits at 192 KiB and is 64 KiB long.
const VHDX_REGION_TABLE: u64 = 192 * 1024;
const VHDX_TABLE_BYTES: u64 = 64 * 1024;
/// VHDX GUIDs as stored on disk (first three fields little-endian).
const VHDX_METADATA_REGION: [u8; 16] = [
    0x06, 0xA2, 0x7C, 0x8B, 0x90, 0x47, 0x9A, 0x4B, 0xB8, 0xFE, 0x57, 0x5F, 0x05, 0x0F, 0x88, 0x6E,
];
const VHDX_VIRTUAL_DISK_SIZE: [u8; 16] = [
    0x24, 0x42, 0xA5, 0x2F, 0x1B, 0xCD, 0x76, 0x48, 0xB2, 0x11, 0x5D, 0xBE, 0xD8, 0x3B, 0xF4, 0xB8,
];
const VDI_SIGNATURE: u32 = 0xBEDA_107F;
const SECTOR: u64 = 512;

/// What a header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VirtualSize {
    pub format: ImageFormat,
    pub bytes: u64,
}

/// Why a header could not give a size.
#[derive(Debug, thiserror::Error)]
pub enum HeaderError {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("the {0} header is truncated")]
    Truncated(ImageFormat),
    #[error("the {format} header is not valid: {why}")]
    Invalid {
        format: ImageFormat,
        why: &'static str,
    },
    #[error("the file is not a {0} image")]
    NotThatFormat(ImageFormat),
}

/// Reads the virtual size of the image in `file` (`len` bytes long). `declared` is the
/// format the spec states, if any: a file declared raw is never probed (the guest's first
/// sector could hold any magic, which is why QEMU does not probe raw images either), and a
/// file declared as another format must carry that format's header or one we recognise.
pub fn read_virtual_size<R: Read + Seek>(
    file: &mut R,
    len: u64,
    declared: Option<ImageFormat>,
) -> Result<VirtualSize, HeaderError> {
    if declared == Some(ImageFormat::Raw) {
        return raw(len);
    }
    let head = read_at(file, 0, PROBE_BYTES.min(len))?;
    let sized = if head.starts_with(b"QFI\xfb") {
        qcow2(&head)?
    } else if head.starts_with(b"KDMV") {
        vmdk_sparse(&head)?
    } else if head.starts_with(b"vhdxfile") {
        vhdx(file, len)?
    } else if head.starts_with(b"conectix") {
        vhd_footer(&head)?
    } else if u32_le(&head, 0x40) == Some(VDI_SIGNATURE) {
        vdi(&head)?
    } else if let Some(size) = vmdk_descriptor(&head) {
        size?
    } else if let Some(footer) = vhd_fixed_footer(file, len)? {
        vhd_footer(&footer)?
    } else {
        match declared {
            None => raw(len)?,
            Some(format) => return Err(HeaderError::NotThatFormat(format)),
        }
    };
    Ok(sized)
}

fn raw(len: u64) -> Result<VirtualSize, HeaderError> {
    if len == 0 {
        return Err(HeaderError::Invalid {
            format: ImageFormat::Raw,
            why: "the file is empty",
        });
    }
    Ok(VirtualSize {
        format: ImageFormat::Raw,
        bytes: len,
    })
}

/// Reads up to `want` bytes at `offset`; fewer when the file ends first.
fn read_at<R: Read + Seek>(file: &mut R, offset: u64, want: u64) -> std::io::Result<Vec<u8>> {
    file.seek(SeekFrom::Start(offset))?;
    let mut bytes = Vec::new();
    file.take(want).read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn array<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
    bytes.get(at..at.checked_add(N)?)?.try_into().ok()
}
fn u32_le(bytes: &[u8], at: usize) -> Option<u32> {
    array(bytes, at).map(u32::from_le_bytes)
}
fn u64_le(bytes: &[u8], at: usize) -> Option<u64> {
    array(bytes, at).map(u64::from_le_bytes)
}
fn u32_be(bytes: &[u8], at: usize) -> Option<u32> {
    array(bytes, at).map(u32::from_be_bytes)
}
fn u64_be(bytes: &[u8], at: usize) -> Option<u64> {
    array(bytes, at).map(u64::from_be_bytes)
}

fn sized(format: ImageFormat, bytes: u64) -> Result<VirtualSize, HeaderError> {
    if bytes == 0 {
        return Err(HeaderError::Invalid {
            format,
            why: "it states a size of 0",
        });
    }
    Ok(VirtualSize { format, bytes })
}

/// qcow2: version (big-endian u32) at 4, size in bytes (big-endian u64) at 24.
fn qcow2(head: &[u8]) -> Result<VirtualSize, HeaderError> {
    let format = ImageFormat::Qcow2;
    let version = u32_be(head, 4).ok_or(HeaderError::Truncated(format))?;
    if !(2..=3).contains(&version) {
        return Err(HeaderError::Invalid {
            format,
            why: "unknown version (only 2 and 3 exist)",
        });
    }
    sized(
        format,
        u64_be(head, 24).ok_or(HeaderError::Truncated(format))?,
    )
}

/// Hosted sparse VMDK (monolithicSparse, streamOptimized): capacity in sectors
/// (little-endian u64) at 12. A split sparse disk (twoGbMaxExtentSparse) is named by its
/// text descriptor, which sums the extents; an extent file named directly would give only
/// its own part.
fn vmdk_sparse(head: &[u8]) -> Result<VirtualSize, HeaderError> {
    let format = ImageFormat::Vmdk;
    let sectors = u64_le(head, 12).ok_or(HeaderError::Truncated(format))?;
    let bytes = sectors.checked_mul(SECTOR).ok_or(HeaderError::Invalid {
        format,
        why: "its capacity overflows 64 bits",
    })?;
    sized(format, bytes)
}

/// A VMDK text descriptor (monolithicFlat, vmfs, twoGbMaxExtent*): the sum of its extents,
/// read by the descriptor parser the `.vmx` importer uses. `None` when the text is no
/// descriptor; a descriptor whose extents cannot be summed is an error.
fn vmdk_descriptor(head: &[u8]) -> Option<Result<VirtualSize, HeaderError>> {
    // A descriptor is text: a NUL or other binary byte early means a disk's data.
    let sample = &head[..head.len().min(512)];
    let textual = !sample.is_empty()
        && sample
            .iter()
            .all(|&b| b == b'\n' || b == b'\r' || b == b'\t' || (0x20..0x7f).contains(&b));
    if !textual {
        return None;
    }
    let descriptor = super::vmdk::parse(head)?;
    Some(match descriptor.capacity_bytes {
        Some(bytes) => sized(ImageFormat::Vmdk, bytes),
        None => Err(HeaderError::Invalid {
            format: ImageFormat::Vmdk,
            why: "the descriptor's extents give no size",
        }),
    })
}

/// The footer of a fixed VHD: the file's last 512 bytes, when they start with `conectix`.
fn vhd_fixed_footer<R: Read + Seek>(
    file: &mut R,
    len: u64,
) -> Result<Option<Vec<u8>>, HeaderError> {
    let Some(offset) = len.checked_sub(VHD_FOOTER) else {
        return Ok(None);
    };
    let footer = read_at(file, offset, VHD_FOOTER)?;
    Ok(footer.starts_with(b"conectix").then_some(footer))
}

/// A VHD footer (at the end of a fixed VHD, copied at the start of a dynamic one). Virtual
/// PC and QEMU itself (creator `vpc ` or `qemu`) size a disk by its CHS geometry; Hyper-V,
/// disk2vhd, XenServer and newer QEMU (`qem2`) by the current size at 48 (big-endian u64).
/// A maximal geometry means the disk is larger than CHS can say: then the current size.
/// This is QEMU's rule, and CDI sizes imports with QEMU's reading.
fn vhd_footer(footer: &[u8]) -> Result<VirtualSize, HeaderError> {
    let format = ImageFormat::Vhd;
    let truncated = || HeaderError::Truncated(format);
    let current = u64_be(footer, 48).ok_or_else(truncated)?;
    let creator: [u8; 4] = array(footer, 28).ok_or_else(truncated)?;
    let cylinders = array::<2>(footer, 56)
        .map(u16::from_be_bytes)
        .ok_or_else(truncated)?;
    let heads = *footer.get(58).ok_or_else(truncated)?;
    let sectors = *footer.get(59).ok_or_else(truncated)?;
    let maximal = (cylinders, heads, sectors) == (65535, 16, 255);
    let by_geometry = matches!(&creator, b"vpc " | b"qemu") && !maximal;
    let bytes = if by_geometry {
        // At most 65535 * 255 * 255 * 512 bytes: no overflow in u64.
        u64::from(cylinders) * u64::from(heads) * u64::from(sectors) * SECTOR
    } else {
        current
    };
    sized(format, bytes)
}

/// VDI 1.1: signature at 0x40, version at 0x44, disk size (little-endian u64) at 0x170.
fn vdi(head: &[u8]) -> Result<VirtualSize, HeaderError> {
    let format = ImageFormat::Vdi;
    let version = u32_le(head, 0x44).ok_or(HeaderError::Truncated(format))?;
    if version >> 16 != 1 {
        return Err(HeaderError::Invalid {
            format,
            why: "unknown major version (only 1 exists)",
        });
    }
    sized(
        format,
        u64_le(head, 0x170).ok_or(HeaderError::Truncated(format))?,
    )
}

/// VHDX: the region table at 192 KiB names the metadata region; its table names the
/// virtual disk size item, an u64 at an offset inside the region.
fn vhdx<R: Read + Seek>(file: &mut R, len: u64) -> Result<VirtualSize, HeaderError> {
    let format = ImageFormat::Vhdx;
    let truncated = || HeaderError::Truncated(format);
    let invalid = |why| HeaderError::Invalid { format, why };
    let table = read_at(file, VHDX_REGION_TABLE, VHDX_TABLE_BYTES)?;
    if !table.starts_with(b"regi") {
        return Err(if (table.len() as u64) < 16 {
            truncated()
        } else {
            invalid("no region table at 192 KiB")
        });
    }
    let count = u32_le(&table, 8).ok_or_else(truncated)?;
    // 2047 entries fill the 64 KiB table; a larger count is a lie, not a bigger read.
    let count = usize::try_from(count.min(2047)).map_err(|_| truncated())?;
    let mut metadata = None;
    for i in 0..count {
        let at = 16 + i * 32;
        let guid: [u8; 16] = array(&table, at).ok_or_else(truncated)?;
        if guid == VHDX_METADATA_REGION {
            metadata = Some(u64_le(&table, at + 16).ok_or_else(truncated)?);
            break;
        }
    }
    let region = metadata.ok_or_else(|| invalid("the region table has no metadata region"))?;
    if region >= len {
        return Err(truncated());
    }
    let items = read_at(file, region, VHDX_TABLE_BYTES)?;
    if !items.starts_with(b"metadata") {
        return Err(invalid("the metadata region has no table"));
    }
    let count = u32::from(
        array::<2>(&items, 10)
            .map(u16::from_le_bytes)
            .ok_or_else(truncated)?,
    );
    let count = usize::try_from(count.min(2047)).map_err(|_| truncated())?;
    for i in 0..count {
        let at = 32 + i * 32;
        let guid: [u8; 16] = array(&items, at).ok_or_else(truncated)?;
        if guid == VHDX_VIRTUAL_DISK_SIZE {
            let offset = u32_le(&items, at + 16).ok_or_else(truncated)?;
            let value_at = region
                .checked_add(u64::from(offset))
                .ok_or_else(|| invalid("the size item lies past 64 bits"))?;
            let value = read_at(file, value_at, 8)?;
            let bytes = u64_le(&value, 0).ok_or_else(truncated)?;
            return sized(format, bytes);
        }
    }
    Err(invalid("the metadata table has no virtual disk size"))
}

#[cfg(test)]
#[path = "image_header_tests.rs"]
pub(crate) mod tests;
