//! Importer stub: VMDK descriptor reading; replaced by the real module.

/// Capacity in bytes from a VMDK descriptor's extent lines, if it is one.
pub fn descriptor_capacity(_bytes: &[u8]) -> Option<u64> {
    None
}
