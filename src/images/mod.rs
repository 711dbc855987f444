//! Finding a disk's data for an upload: the image a spec names (by the same
//! search as the importers, `import::images::ImageSearch`), or an OVA member read in place
//! from the archive (never extracted). Everything that can refuse an image is checked here,
//! before a byte is sent: the file is missing, an OVA member runs past the end of the archive
//! (truncated), a VMDK descriptor's extent is missing, lies outside the descriptor's folder and
//! the `--images` roots, or is damaged (`extents`, `sparse`), the disk is larger than the
//! DataVolume asks for.
//!
//! What is sent as it is and why: CDI's upload server runs the data through its importer,
//! which takes raw, qcow2, VMDK (monolithic sparse and streamOptimized), VDI, VHD and VHDX and
//! converts them to raw itself (CDI's `doc/supported_operations.md`), so those files are
//! streamed unchanged and never converted here (no temporary copy, no CPU spent). The one
//! shape CDI cannot take is a VMDK *text descriptor*, whose data lives in other files (what
//! VMware Workstation and Fusion write by default, and ESX's `vmfs`/`vmfsSparse`): the
//! plugin converts it on the fly, itself (no qemu-img, no temporary copy), into one raw
//! stream of the extents (`extents`): flat extents as windows of their files, sparse ones
//! grain by grain with zeros for what is unallocated (`sparse`), ZERO extents as zeros. What
//! it refuses there (a snapshot delta, a raw device mapping, compressed or SESPARSE extents)
//! is refused with the `qemu-img convert` command that makes one image of the disk.
//!
//! The bytes sent are `DiskData::open`'s: the SHA-256 recorded on the DataVolume is of them
//! (the raw disk, for a converted descriptor).

pub mod extents;
pub mod sparse;

use crate::files::disk_stream::{self, Section};
use crate::import::image_header::{self, VirtualSize};
use crate::import::images::ImageSearch;
use crate::import::vmdk;
use crate::model::ImageFormat;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest OVA manifest read (real ones are a few lines).
const MAX_MANIFEST_BYTES: u64 = 1024 * 1024;

/// A digest the source states for the bytes of an image (an OVA manifest line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    /// `SHA1` or `SHA256`.
    pub algorithm: String,
    /// Lower-case hex.
    pub hex: String,
    /// Where it was read (`web01.ova!/web01.mf`).
    pub from: String,
}

/// Where a disk's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `len` bytes of `path` from `offset`: an image file, an OVA member in place, a
    /// descriptor's one flat extent.
    Window { path: PathBuf, offset: u64 },
    /// A VMDK descriptor's extents, joined into one raw stream on the fly.
    Extents(Vec<extents::Piece>),
}

/// A disk's data, found and checked: `len` bytes read from `source`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskData {
    /// How to name it in messages (`exports/web01.ova!/web01-disk1.vmdk`).
    pub shown: String,
    pub source: Source,
    /// Bytes sent: the file's, or the raw disk's for joined extents.
    pub len: u64,
    /// The format the header says (what CDI will see).
    pub format: ImageFormat,
    /// The disk's virtual size.
    pub virtual_size: u64,
    pub digest: Option<Digest>,
}

/// Why a disk's data cannot be sent; each names the file.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DiskError {
    #[error("image {named} not found (looked at {tried}); pass --images DIR with the folder that holds it")]
    Missing { named: String, tried: String },
    #[error("{shown}: cannot read: {message}")]
    Unreadable { shown: String, message: String },
    #[error("{shown}: the archive is truncated: the member needs {needed} bytes but the archive ends {missing} bytes short")]
    Truncated {
        shown: String,
        needed: u64,
        missing: u64,
    },
    #[error("{shown}: the archive holds no member {member}")]
    NoMember { shown: String, member: String },
    #[error("{shown}: its extent {extent} is missing (not a regular file); copy it beside the descriptor")]
    MissingExtent { shown: String, extent: String },
    #[error("{shown}: {problem}")]
    BadExtent {
        shown: String,
        problem: sparse::SparseError,
    },
    #[error("{shown}: extent {extent} is outside the descriptor's folder and the --images folders; refused (copy it beside the descriptor or pass its folder with --images)")]
    OutsideRoots { shown: String, extent: String },
    #[error(
        "{shown}: {why}; make one image of it first: qemu-img convert -O qcow2 {shown} disk.qcow2"
    )]
    Unsupported { shown: String, why: String },
    #[error("{shown}: the image holds {virtual_size} bytes but the DataVolume asks for {request}; raise its size (--default-disk-size or the spec) and apply again")]
    TooLarge {
        shown: String,
        virtual_size: u64,
        request: u64,
    },
}

impl DiskData {
    /// A reader over exactly the bytes to send (`len` of them); joined extents are read
    /// lazily, one file at a time.
    pub fn open(&self) -> std::io::Result<Box<dyn Read + Send>> {
        Ok(match &self.source {
            Source::Window { path, offset } => {
                Box::new(disk_stream::open_range(path, *offset, self.len)?)
            }
            Source::Extents(pieces) => Box::new(extents::ExtentsReader::new(pieces.clone())),
        })
    }

    /// Refuses an image larger than the DataVolume's request.
    pub fn check_fits(&self, request: u64) -> Result<(), DiskError> {
        if self.virtual_size > request {
            return Err(DiskError::TooLarge {
                shown: self.shown.clone(),
                virtual_size: self.virtual_size,
                request,
            });
        }
        Ok(())
    }
}

/// Finds the data of a disk the spec `spec` names `named` (the DataVolume's
/// `vmmigrate.io/source-disk`): a member of `spec` when it is an OVA, else a file.
pub fn locate(spec: &Path, named: &str, search: &ImageSearch) -> Result<DiskData, DiskError> {
    if crate::files::extension(spec) == "ova" {
        return ova_member(spec, named);
    }
    let candidates = search.candidates(Some(spec), named);
    let Some(path) = candidates.iter().find(|p| disk_stream::is_regular_file(p)) else {
        let tried: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
        return Err(DiskError::Missing {
            named: named.to_string(),
            tried: if tried.is_empty() {
                "nowhere".into()
            } else {
                tried.join(", ")
            },
        });
    };
    image_file(path, search)
}

pub(crate) fn unreadable(shown: &str, e: impl std::fmt::Display) -> DiskError {
    DiskError::Unreadable {
        shown: shown.to_string(),
        message: e.to_string(),
    }
}

/// A whole file: its header decides; a VMDK text descriptor is replaced by its flat extent.
fn image_file(path: &Path, search: &ImageSearch) -> Result<DiskData, DiskError> {
    let shown = path.display().to_string();
    let mut image = crate::files::image::open_image(path).map_err(|e| unreadable(&shown, e))?;
    let mut head = vec![0u8; 4096.min(image.len) as usize];
    image
        .file
        .read_exact(&mut head)
        .map_err(|e| unreadable(&shown, e))?;
    if vmdk::parse(&head).is_some() && !head.starts_with(b"KDMV") {
        return extents::descriptor(path, search);
    }
    let VirtualSize { format, bytes } =
        image_header::read_virtual_size(&mut image.file, image.len, None)
            .map_err(|e| unreadable(&shown, e))?;
    Ok(DiskData {
        shown,
        source: Source::Window {
            path: path.to_path_buf(),
            offset: 0,
        },
        len: image.len,
        format,
        virtual_size: bytes,
        digest: None,
    })
}

/// A member of an OVA, found in place (`files::disk_stream::scan_tar`).
fn ova_member(ova: &Path, member: &str) -> Result<DiskData, DiskError> {
    let ova_shown = ova.display().to_string();
    let wanted = member.trim_start_matches("./");
    let shown = format!("{ova_shown}!/{wanted}");
    let scan = disk_stream::scan_tar(ova, wanted, ".mf", MAX_MANIFEST_BYTES)
        .map_err(|e| unreadable(&ova_shown, e))?;
    let (archive_len, manifest) = (scan.archive_len, scan.text);
    let (offset, len) = scan.member.ok_or_else(|| DiskError::NoMember {
        shown: ova_shown.clone(),
        member: wanted.to_string(),
    })?;
    let end = offset.saturating_add(len);
    if end > archive_len {
        return Err(DiskError::Truncated {
            shown,
            needed: len,
            missing: end - archive_len,
        });
    }
    let mut section = Section::open(ova, offset, len).map_err(|e| unreadable(&shown, e))?;
    let VirtualSize { format, bytes } = image_header::read_virtual_size(&mut section, len, None)
        .map_err(|e| unreadable(&shown, e))?;
    let digest = manifest.and_then(|(name, text)| {
        manifest_digest(&String::from_utf8_lossy(&text), wanted).map(|(algorithm, hex)| Digest {
            algorithm,
            hex,
            from: format!("{ova_shown}!/{name}"),
        })
    });
    Ok(DiskData {
        shown,
        source: Source::Window {
            path: ova.to_path_buf(),
            offset,
        },
        len,
        format,
        virtual_size: bytes,
        digest,
    })
}

/// The manifest's SHA-1 or SHA-256 for `member`.
fn manifest_digest(text: &str, member: &str) -> Option<(String, String)> {
    text.lines()
        .filter_map(crate::import::ova::manifest_line)
        .find(|(algorithm, name, _)| {
            name.trim_start_matches("./") == member
                && matches!(algorithm.to_ascii_uppercase().as_str(), "SHA1" | "SHA256")
        })
        .map(|(algorithm, _, hex)| (algorithm.to_ascii_uppercase(), hex.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tar_with(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (name, data) in members {
            let mut h = tar::Header::new_gnu();
            h.set_size(data.len() as u64);
            h.set_mode(0o644);
            h.set_cksum();
            b.append_data(&mut h, name, *data).unwrap();
        }
        b.into_inner().unwrap()
    }

    #[test]
    fn ova_members_are_read_in_place_with_their_manifest_digest() {
        let dir = tempfile::tempdir().unwrap();
        let disk: Vec<u8> = (0..3000u32).map(|i| (i % 7) as u8).collect();
        let mf = "SHA256(d1.img)= ABCDEF\nSHA1(other)= 00\n";
        let ova = dir.path().join("vm.ova");
        std::fs::write(
            &ova,
            tar_with(&[
                ("vm.ovf", b"<x/>"),
                ("d1.img", &disk),
                ("vm.mf", mf.as_bytes()),
            ]),
        )
        .unwrap();
        let found = locate(&ova, "d1.img", &ImageSearch::default()).unwrap();
        assert_eq!(found.len, 3000);
        assert_eq!(found.format, ImageFormat::Raw);
        let mut bytes = Vec::new();
        found.open().unwrap().read_to_end(&mut bytes).unwrap();
        assert_eq!(bytes, disk);
        let digest = found.digest.unwrap();
        assert_eq!(
            (digest.algorithm.as_str(), digest.hex.as_str()),
            ("SHA256", "abcdef")
        );
        assert!(matches!(
            locate(&ova, "d2.img", &ImageSearch::default()),
            Err(DiskError::NoMember { .. })
        ));
    }

    #[test]
    fn a_truncated_member_is_refused_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let disk = vec![1u8; 5000];
        let mut bytes = tar_with(&[("vm.ovf", b"<x/>"), ("d1.img", &disk)]);
        // Cut inside d1.img's data: the archive ends 2000 bytes into a 5000-byte member.
        let data_start = 512 * 3;
        bytes.truncate(data_start + 2000);
        let ova = dir.path().join("vm.ova");
        std::fs::write(&ova, bytes).unwrap();
        let err = locate(&ova, "d1.img", &ImageSearch::default()).unwrap_err();
        assert!(err.to_string().contains("vm.ova!/d1.img"), "{err}");
        assert!(
            matches!(
                err,
                DiskError::Truncated { .. } | DiskError::Unreadable { .. }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn flat_descriptors_stream_their_extent_and_refuse_one_outside_the_roots() {
        let dir = tempfile::tempdir().unwrap();
        let vm = dir.path().join("vm");
        std::fs::create_dir(&vm).unwrap();
        std::fs::write(vm.join("d-flat.vmdk"), vec![9u8; 1024]).unwrap();
        std::fs::write(
            vm.join("d.vmdk"),
            "# Disk DescriptorFile\ncreateType=\"monolithicFlat\"\nRW 2 FLAT \"d-flat.vmdk\" 0\n",
        )
        .unwrap();
        let found = locate(&vm.join("x.vmx"), "d.vmdk", &ImageSearch::default()).unwrap();
        assert_eq!((found.len, found.format), (1024, ImageFormat::Raw));
        assert!(found.shown.ends_with("d-flat.vmdk"));
        std::fs::write(dir.path().join("secret"), vec![0u8; 1024]).unwrap();
        std::fs::write(
            vm.join("evil.vmdk"),
            "# Disk DescriptorFile\nRW 2 FLAT \"../secret\" 0\n",
        )
        .unwrap();
        let err = locate(&vm.join("x.vmx"), "evil.vmdk", &ImageSearch::default()).unwrap_err();
        assert!(matches!(err, DiskError::OutsideRoots { .. }), "{err:?}");
        assert!(err.to_string().contains("evil.vmdk"), "{err}");
        let err = locate(&vm.join("x.vmx"), "gone.qcow2", &ImageSearch::default()).unwrap_err();
        assert!(matches!(err, DiskError::Missing { .. }), "{err:?}");
    }

    #[test]
    fn an_image_larger_than_the_request_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("d.img"), vec![0u8; 4096]).unwrap();
        let found = locate(&dir.path().join("x.xml"), "d.img", &ImageSearch::default()).unwrap();
        assert!(found.check_fits(4096).is_ok());
        let err = found.check_fits(1024).unwrap_err();
        assert!(
            err.to_string()
                .contains("holds 4096 bytes but the DataVolume asks for 1024"),
            "{err}"
        );
    }
}
