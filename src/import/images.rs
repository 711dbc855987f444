//! Disk sizes read from the images a spec names, where the spec itself does not state them
//! (libvirt, Xen), and a check of the stated size where it does.
//!
//! An image is looked for, in order: at the path as the spec wrote it when it is absolute;
//! relative to the spec's folder when it is relative; then by its file name under each
//! `--images` folder (walked once per run, by the file-system policy of `crate::files`).
//! The first candidate that opens as a regular file is read, headers only
//! (`image_header`); a candidate whose folder's listing rules it out is not opened at all
//! (`files::listing`: most images named by specs are on their source host, not here).
//! Where none is found the disk stays as the importer left it: unknown sizes keep the
//! generator's placeholder and assess's `disk-capacity-unknown` concern.
//!
//! Nothing here knows Kubernetes: the origin of a size goes into `Disk::size_source`, and
//! the generator decides how to show it.

use super::image_header::{self, VirtualSize};
use crate::files;
use crate::model::{
    Disk, DiskBacking, DiskFormat, ImageFormat, SizeSource, VmSpec, Warning, WarningKind,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Where images are looked for beyond the paths the specs write (`--images DIR`).
#[derive(Debug, Default)]
pub struct ImageSearch {
    roots: Vec<PathBuf>,
    /// File name -> first path found under the roots (roots in order, each walked sorted);
    /// built on first use so runs whose disks all resolve beside the spec walk nothing.
    index: OnceLock<BTreeMap<String, PathBuf>>,
    /// Folders listed so far, to skip images that are certainly not there without a `stat`
    /// each (see `files::listing`).
    listings: files::listing::Listings,
}

impl ImageSearch {
    /// A search that also looks under `roots`.
    pub fn new(roots: Vec<PathBuf>) -> Self {
        ImageSearch {
            roots,
            ..ImageSearch::default()
        }
    }

    fn by_name(&self, name: &str) -> Option<&PathBuf> {
        self.index
            .get_or_init(|| {
                let mut index = BTreeMap::new();
                for root in &self.roots {
                    // An unreadable folder inside a root only hides its own images.
                    for path in files::walk(root, &|_| true).unwrap_or_default() {
                        if let Some(file) = path.file_name().and_then(|n| n.to_str()) {
                            index.entry(file.to_string()).or_insert(path);
                        }
                    }
                }
                index
            })
            .get(name)
    }

    /// The `--images` folders.
    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    /// The places to try for an image the spec names, in order.
    pub fn candidates(&self, spec: Option<&Path>, named: &str) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let path = Path::new(named);
        if path.is_absolute() {
            out.push(path.to_path_buf());
        } else if let Some(dir) = spec.and_then(Path::parent) {
            out.push(dir.join(path));
        }
        let base = named.rsplit(['/', '\\']).next().unwrap_or_default();
        if !base.is_empty() && base != "." && base != ".." {
            if let Some(found) = self.by_name(base) {
                out.push(found.clone());
            }
        }
        out
    }
}

/// Reads the image of every file-backed disk of `vms` that can be found; `spec` is the
/// spec file's path (`None` for stdin).
pub fn read_sizes(vms: &mut [VmSpec], spec: Option<&Path>, search: &ImageSearch) {
    for vm in vms {
        let mut warnings = Vec::new();
        let mut filled = Vec::new();
        for disk in &mut vm.disks {
            let unknown = disk.capacity_bytes.is_none();
            read_size(disk, spec, search, &mut warnings);
            if unknown && disk.capacity_bytes.is_some() {
                filled.push(disk.id.clone());
            }
        }
        drop_stale_hints(vm, &filled);
        vm.warnings.extend(warnings.into_iter().map(Warning::from));
    }
}

/// The phrase of the importers' hints that their format records no disk sizes. The hints are
/// found by their kind ([`WarningKind::DiskSizeUnrecorded`]; libvirt and VirtualBox per disk,
/// `disk {id}: ...` or `disk {id} (...): ...`; Xen in one line, [`xen_sizes_unknown`]); a
/// hint whose disk got its size from an image is stale.
const NOT_RECORDED: &str = "does not record disk sizes";

/// Xen's one hint for all its disks of unknown size; built here so that it can be rebuilt
/// for the disks still unknown once images were read.
pub fn xen_sizes_unknown(ids: &[String]) -> String {
    format!(
        "xl.cfg {NOT_RECORDED}: the capacity of {} is unknown; read it from the images.",
        super::text::join(ids)
    )
}

fn drop_stale_hints(vm: &mut VmSpec, filled: &[String]) {
    if filled.is_empty() {
        return;
    }
    let unknown: Vec<String> = vm
        .disks
        .iter()
        .filter(|d| d.capacity_bytes.is_none())
        .map(|d| d.id.clone())
        .collect();
    let xen = xen_sizes_unknown(&vm.disks.iter().map(|d| d.id.clone()).collect::<Vec<_>>());
    let xen_prefix = xen.split(':').next().unwrap_or_default().to_string();
    vm.warnings.retain_mut(|warning| {
        if warning.kind != WarningKind::DiskSizeUnrecorded {
            return true;
        }
        let about_filled = filled.iter().any(|id| {
            warning.starts_with(&format!("disk {id}: "))
                || warning.starts_with(&format!("disk {id} ("))
        });
        if about_filled {
            return false;
        }
        if warning.starts_with(&format!("{xen_prefix}:")) {
            if unknown.is_empty() {
                return false;
            }
            warning.message = xen_sizes_unknown(&unknown);
        }
        true
    });
}

fn read_size(
    disk: &mut Disk,
    spec: Option<&Path>,
    search: &ImageSearch,
    warnings: &mut Vec<String>,
) {
    // Already compared with its image by the importer (a `.vmx` disk's descriptor).
    if disk.backing != DiskBacking::File || disk.size_source.is_some() {
        return;
    }
    let Some(named) = disk.source_path.clone() else {
        return;
    };
    // A format we do not read (`qed`, `iso`...) is not guessed at: probing could take it
    // for raw and report its file length as the disk's size.
    let declared = match &disk.format {
        None => None,
        Some(format) => match image_format(format) {
            Some(known) => Some(known),
            None => return,
        },
    };
    let Some((path, outcome)) = search
        .candidates(spec, &named)
        .into_iter()
        .filter(|path| search.listings.may_exist(path))
        .find_map(|path| {
            files::image::open_image(&path)
                .ok()
                .map(|image| (path, image))
        })
        .map(|(path, mut image)| {
            let outcome = image_header::read_virtual_size(&mut image.file, image.len, declared);
            (path, outcome)
        })
    else {
        return;
    };
    let shown = path.display();
    let VirtualSize { format, bytes } = match outcome {
        Ok(size) => size,
        Err(err) => {
            warnings.push(format!(
                "disk {}: image {shown}: {err}; its size could not be read",
                disk.id
            ));
            return;
        }
    };
    if let Some(declared) = declared.filter(|d| *d != format) {
        warnings.push(format!(
            "disk {}: the spec says {declared} but image {shown} is {format}; its size was read as {format}",
            disk.id
        ));
    }
    match disk.capacity_bytes {
        Some(stated) if stated > 0 => {
            disk.size_source = Some(SizeSource::Spec);
            if stated != bytes {
                warnings.push(format!(
                    "disk {}: the spec states {stated} bytes but image {shown} ({format}) holds {bytes}; the spec's size was kept, check which is right",
                    disk.id
                ));
            }
        }
        _ => {
            disk.capacity_bytes = Some(bytes);
            disk.size_source = Some(SizeSource::ImageHeader(format));
        }
    }
}

/// The header format a declared disk format promises, when it is one we read.
fn image_format(format: &DiskFormat) -> Option<ImageFormat> {
    Some(match format {
        DiskFormat::Qcow2 => ImageFormat::Qcow2,
        DiskFormat::Vmdk => ImageFormat::Vmdk,
        DiskFormat::Vdi => ImageFormat::Vdi,
        DiskFormat::Vhd => ImageFormat::Vhd,
        DiskFormat::Vhdx => ImageFormat::Vhdx,
        DiskFormat::Raw => ImageFormat::Raw,
        DiskFormat::Other(_) => return None,
    })
}

#[cfg(test)]
#[path = "images_tests.rs"]
mod tests;
