//! Importers: source files in, neutral `VmSpec`s out.
//!
//! One module per source format. This module reads files through `crate::files` (one
//! walker, one size limit, no FIFOs or devices from folders), detects the format from the
//! content (the extension is only a hint), and hands the bytes to the format's parser. Importers never know about Kubernetes: their only output is the model.
//!
//! Every parser takes a [`SourceFile`] and returns either the VMs it found or one
//! [`ImportError`] naming the file and, where it can, the line and column.

pub mod image_header;
pub mod images;
pub mod libvirt;
pub mod ova;
pub mod ovf;
pub mod proxmox;
pub mod qemu_cpu;
pub mod text;
pub mod units;
pub mod vbox;
pub mod vmdk;
pub mod vmx;
pub mod vsphere_json;
pub mod xen;
pub mod xml;

use crate::files;
use crate::model::{is_host_device_path, DiskBacking, SourceFormat, VmSpec};
use std::fmt;
use std::path::{Path, PathBuf};

/// Largest spec file we read. Real VM descriptors are kilobytes; the limit keeps a wrong
/// path (a disk image, a log) from being read into memory.
pub const MAX_SPEC_BYTES: u64 = crate::files::MAX_FILE_BYTES;

/// Largest sidecar file (a `.vmdk` descriptor) read next to a spec.
pub const MAX_SIDECAR_BYTES: u64 = 1024 * 1024;

/// Most disks (CD-ROMs included) and most NICs one VM may have. Real hypervisors stop far
/// lower (vSphere: 64 disks, 10 NICs; QEMU runs out of PCI slots in the low hundreds); a spec
/// past this is corrupt or built to make the generated manifests huge, and is refused.
pub const MAX_DEVICES_PER_KIND: usize = 256;

/// A spec file's bytes and where they came from.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown to users: the path as given, or `-` for stdin.
    pub name: String,
    /// The path on disk, when there is one (sidecar files are looked up beside it).
    pub path: Option<PathBuf>,
    pub bytes: Vec<u8>,
}

impl SourceFile {
    /// A file held in memory, for tests and stdin.
    pub fn from_bytes(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        SourceFile {
            name: name.into(),
            path: None,
            bytes: bytes.into(),
        }
    }

    /// Reads a file from disk, refusing anything over [`MAX_SPEC_BYTES`].
    pub fn read(path: &Path) -> Result<Self, ImportError> {
        let (opened, size) = files::open_with_size(path).map_err(|e| {
            ImportError::new(
                Location::file(&path.display().to_string()),
                ErrorKind::Io(e),
            )
        })?;
        Self::read_opened(path, opened, size)
    }

    /// [`SourceFile::read`] of a file already open, whose size was `size`.
    fn read_opened(path: &Path, opened: std::fs::File, size: u64) -> Result<Self, ImportError> {
        let name = path.display().to_string();
        let bytes = files::read_opened(opened, MAX_SPEC_BYTES, size)
            .map_err(|kind| ImportError::new(Location::file(&name), kind.into()))?;
        Ok(SourceFile {
            name,
            path: Some(path.to_path_buf()),
            bytes,
        })
    }

    /// Reads a file that sits in the same folder as this one, by its base name only.
    ///
    /// Specs name their disks with paths from the source host (`/vmfs/volumes/ds1/vm/vm.vmdk`,
    /// `C:\VMs\vm.vmdk`); only the last component is meaningful here. Looking in the spec's
    /// own folder, and nowhere else, keeps a hostile spec from making us read arbitrary files.
    pub fn sidecar(&self, referenced: &str) -> Option<Vec<u8>> {
        let dir = self.path.as_ref()?.parent()?;
        let base = referenced.rsplit(['/', '\\']).next()?;
        if base.is_empty() || base == "." || base == ".." {
            return None;
        }
        files::read_sidecar(&dir.join(base), MAX_SIDECAR_BYTES)
    }

    /// A location pointing at the whole file.
    pub fn at(&self) -> Location {
        Location::file(&self.name)
    }

    /// A location pointing at a line (1-based) of the file.
    pub fn at_line(&self, line: usize) -> Location {
        Location {
            file: self.name.clone(),
            line: Some(line),
            column: None,
        }
    }

    /// The source reference for the `index`-th VM of this file.
    pub fn source_ref(
        &self,
        format: SourceFormat,
        index: Option<usize>,
    ) -> crate::model::SourceRef {
        crate::model::SourceRef {
            format,
            file: self.name.clone(),
            index,
        }
    }
}

impl From<files::ReadError> for ErrorKind {
    fn from(err: files::ReadError) -> Self {
        match err {
            files::ReadError::Io(e) => ErrorKind::Io(e),
            files::ReadError::TooLarge { limit } => ErrorKind::TooLarge { limit },
        }
    }
}

/// A place in a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Location {
    pub fn file(name: &str) -> Self {
        Location {
            file: name.to_string(),
            line: None,
            column: None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// Why a file could not be imported.
#[derive(Debug, thiserror::Error)]
#[error("{location}: {kind}")]
pub struct ImportError {
    pub location: Location,
    pub kind: ErrorKind,
}

impl ImportError {
    pub fn new(location: Location, kind: ErrorKind) -> Self {
        ImportError { location, kind }
    }

    /// Malformed syntax at a location.
    pub fn syntax(location: Location, message: impl Into<String>) -> Self {
        Self::new(location, ErrorKind::Syntax(message.into()))
    }

    /// Well-formed, but a value makes no sense (negative size, missing required element).
    pub fn invalid(location: Location, message: impl Into<String>) -> Self {
        Self::new(location, ErrorKind::Invalid(message.into()))
    }

    /// Describes something this tool deliberately does not convert (containers, templates).
    pub fn unsupported(location: Location, message: impl Into<String>) -> Self {
        Self::new(location, ErrorKind::Unsupported(message.into()))
    }
}

/// The cause of an [`ImportError`], grouped so that reports can count refusals by reason.
#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    #[error("cannot read: {0}")]
    Io(#[source] std::io::Error),
    #[error(
        "file is larger than the {limit}-byte limit for a VM spec; is this really a spec file?"
    )]
    TooLarge { limit: u64 },
    #[error("not a VM spec this tool recognises ({0}); supported: .vmx, .ovf, .ova, libvirt domain XML, Proxmox .conf, .vbox, Xen xl.cfg, vSphere JSON")]
    UnknownFormat(String),
    #[error("malformed: {0}")]
    Syntax(String),
    #[error("invalid: {0}")]
    Invalid(String),
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// The user asked for a deployment option the descriptor does not offer.
    #[error("the descriptor offers no deployment option {requested:?}; it offers: {} (pick one with --ovf-deployment-option)", offered.join(", "))]
    UnknownDeploymentOption {
        requested: String,
        offered: Vec<String>,
    },
}

impl ErrorKind {
    /// A short, stable name for the cause, used in summary tables.
    pub fn category(&self) -> &'static str {
        match self {
            ErrorKind::Io(_) => "unreadable",
            ErrorKind::TooLarge { .. } => "too-large",
            ErrorKind::UnknownFormat(_) => "unknown-format",
            ErrorKind::Syntax(_) => "malformed",
            ErrorKind::Invalid(_) => "invalid",
            ErrorKind::Unsupported(_) => "unsupported",
            ErrorKind::UnknownDeploymentOption { .. } => "unknown-option",
        }
    }

    /// Whether the command line, not the file, is at fault (kubectl exits 2 for those).
    pub fn is_usage(&self) -> bool {
        matches!(self, ErrorKind::UnknownDeploymentOption { .. })
    }
}

/// Detects a file's format from its content, using the extension only to break ties.
pub fn detect(file: &SourceFile) -> Option<SourceFormat> {
    let ext = file
        .name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    let bytes = &file.bytes;
    // A tar archive has "ustar" at offset 257.
    if bytes.len() > 262 && &bytes[257..262] == b"ustar" {
        return Some(SourceFormat::Ova);
    }
    let head = text::sniff_prefix(bytes, 4096);
    let trimmed = head.trim_start();
    if trimmed.starts_with('<') {
        let lower = head.to_ascii_lowercase();
        // Before libvirt: oVirt OVFs have a `<Domain>` element inside their Envelope.
        if ovf::looks_like(&head) {
            return Some(SourceFormat::Ovf);
        }
        if lower.contains("<domain") {
            return Some(SourceFormat::Libvirt);
        }
        if lower.contains("virtualbox") && lower.contains("<machine") {
            return Some(SourceFormat::VirtualBox);
        }
        if lower.contains("envelope") {
            return Some(SourceFormat::Ovf);
        }
        return match ext.as_str() {
            "ovf" => Some(SourceFormat::Ovf),
            "vbox" => Some(SourceFormat::VirtualBox),
            "xml" if lower.contains("<virtualbox") => Some(SourceFormat::VirtualBox),
            _ => None,
        };
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        if vsphere_json::looks_like(&head) {
            return Some(SourceFormat::VsphereJson);
        }
        return None;
    }
    match ext.as_str() {
        "vmx" => return Some(SourceFormat::Vmx),
        "ova" => return Some(SourceFormat::Ova),
        "ovf" => return Some(SourceFormat::Ovf),
        "vbox" => return Some(SourceFormat::VirtualBox),
        _ => {}
    }
    if vmx::looks_like(&head) {
        return Some(SourceFormat::Vmx);
    }
    if proxmox::looks_like(&head) {
        return Some(SourceFormat::Proxmox);
    }
    if xen::looks_like(&head) {
        return Some(SourceFormat::Xen);
    }
    match ext.as_str() {
        "conf" => Some(SourceFormat::Proxmox),
        "cfg" | "xl" => Some(SourceFormat::Xen),
        _ => None,
    }
}

/// Choices the user makes about what an importer reads from a file. They speak the
/// sources' own terms: importers know nothing of Kubernetes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The OVF `DeploymentOptionSection` configuration to import instead of the default.
    pub ovf_deployment_option: Option<String>,
    /// How many files are read and parsed at once (0 or 1: one at a time, on the calling
    /// thread). The outcomes still come in input order.
    pub threads: usize,
}

/// How far the parsing threads may run ahead of the consumer, in files: enough to keep
/// every core busy past a slow file, small enough that memory stays flat at 10,000 files.
/// (32 left the two cores of the benchmark machine idle a quarter of an import, threads
/// waiting on each other's hand-offs; 128 cut the wall time by ~5%, with peak RSS still
/// 21-27 MiB from 1,000 to 10,000 VMs.)
const READ_AHEAD_FILES: usize = 128;

/// Most files a parsing thread takes at once ([`files_per_job`]). Each job costs a turn of
/// the generator and a wake-up of the writing thread: 16 against 8 saved 3% of an import's
/// CPU at 2,000 VMs (1.2 ms of wall time), with peak RSS 15.9 -> 21.8 MiB from 1,000 to
/// 10,000 VMs (x1.37); 32 saved no more and held more memory.
const MOST_FILES_PER_JOB: usize = 16;

/// How many files a parsing thread takes at once, once the walk has found `found`: up to
/// [`MOST_FILES_PER_JOB`], but never so many that a run of few files leaves a core idle (at
/// least 8 jobs per thread). The walk hands files on as it finds them, so the jobs start at
/// one file and grow as more are found.
fn files_per_job(found: usize, threads: usize) -> usize {
    (found / threads.max(1).saturating_mul(8)).clamp(1, MOST_FILES_PER_JOB)
}

/// Parses one file in the format detected from its content.
pub fn parse(file: &SourceFile) -> Result<Vec<VmSpec>, ImportError> {
    parse_with(file, &ImportOptions::default())
}

/// [`parse`] with the user's import options.
pub fn parse_with(file: &SourceFile, options: &ImportOptions) -> Result<Vec<VmSpec>, ImportError> {
    if file.bytes.is_empty() {
        return Err(ImportError::invalid(file.at(), "the file is empty"));
    }
    let Some(format) = detect(file) else {
        return Err(ImportError::new(
            file.at(),
            ErrorKind::UnknownFormat("content matches no known format".into()),
        ));
    };
    parse_as_with(file, format, options)
}

/// Parses one file as the given format.
pub fn parse_as(file: &SourceFile, format: SourceFormat) -> Result<Vec<VmSpec>, ImportError> {
    parse_as_with(file, format, &ImportOptions::default())
}

/// [`parse_as`] with the user's import options.
pub fn parse_as_with(
    file: &SourceFile,
    format: SourceFormat,
    options: &ImportOptions,
) -> Result<Vec<VmSpec>, ImportError> {
    let mut vms = match format {
        SourceFormat::Vmx => vmx::parse(file)?,
        SourceFormat::Ovf => ovf::parse_with(file, options)?,
        SourceFormat::Ova => ova::parse_with(file, options)?,
        SourceFormat::Libvirt => libvirt::parse(file)?,
        SourceFormat::Proxmox => proxmox::parse(file)?,
        SourceFormat::VirtualBox => vbox::parse(file)?,
        SourceFormat::Xen => xen::parse(file)?,
        SourceFormat::VsphereJson => vsphere_json::parse(file)?,
    };
    if vms.is_empty() {
        return Err(ImportError::invalid(
            file.at(),
            "the file describes no virtual machine",
        ));
    }
    check_limits(file, &vms)?;
    mark_host_devices(&mut vms);
    Ok(vms)
}

/// One rule for every format: a disk whose path is a host block device
/// ([`is_host_device_path`]) is host-device-backed even where the source calls it a file
/// (libvirt `type='file'` on `/dev/sdb`, a Proxmox or VMware path under `/dev/`). Assess
/// raises the concern from the model, and no image header is looked for on such a path.
fn mark_host_devices(vms: &mut [VmSpec]) {
    for disk in vms.iter_mut().flat_map(|vm| vm.disks.iter_mut()) {
        if disk.backing == DiskBacking::File
            && disk.source_path.as_deref().is_some_and(is_host_device_path)
        {
            disk.backing = DiskBacking::Block;
        }
    }
}

/// Refuses VMs no real hypervisor runs and whose numbers would not survive generation: more
/// devices than [`MAX_DEVICES_PER_KIND`], or a CPU topology whose vCPU count overflows.
fn check_limits(file: &SourceFile, vms: &[VmSpec]) -> Result<(), ImportError> {
    for vm in vms {
        if vm.cpu.vcpus().is_none() {
            return Err(ImportError::invalid(
                file.at(),
                format!(
                    "VM {:?} has a CPU topology of {} sockets x {} cores x {} threads, more vCPUs than a 32-bit count holds; the file is refused",
                    text::quote(&vm.name),
                    vm.cpu.sockets,
                    vm.cpu.cores,
                    vm.cpu.threads
                ),
            ));
        }
        let disks = vm.disks.len().saturating_add(vm.cdroms.len());
        for (count, what) in [(disks, "disks and CD-ROM drives"), (vm.nics.len(), "NICs")] {
            if count > MAX_DEVICES_PER_KIND {
                return Err(ImportError::invalid(
                    file.at(),
                    format!(
                        "VM {:?} has {count} {what}, more than the {MAX_DEVICES_PER_KIND} any real VM has; the file is refused",
                        text::quote(&vm.name)
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The outcome of importing one input file.
#[derive(Debug)]
pub struct FileOutcome {
    pub file: String,
    pub result: Result<Vec<VmSpec>, ImportError>,
}

/// Expands the user's inputs (files, folders walked recursively in sorted order, `-` for
/// stdin) and imports each file. One bad file never stops the others.
pub fn import_inputs(inputs: &[PathBuf]) -> Vec<FileOutcome> {
    let mut outcomes = Vec::new();
    let options = ImportOptions::default();
    for_each_input(
        inputs,
        &images::ImageSearch::default(),
        &options,
        |outcome| {
            outcomes.push(outcome);
            true
        },
    );
    outcomes
}

/// [`import_inputs`] one file at a time, in the same order: `each` gets every outcome as
/// soon as it is parsed and may drop it before the next file is read, so memory does not
/// grow with the number of files. `each` returns `false` to stop (a closed pipe).
/// Disk sizes the specs leave out are read from the images they name (`images`).
pub fn for_each_input(
    inputs: &[PathBuf],
    search: &images::ImageSearch,
    options: &ImportOptions,
    mut each: impl FnMut(FileOutcome) -> bool,
) {
    for_each_job(
        inputs,
        search,
        options,
        |job| job.read(),
        |outcomes: Vec<FileOutcome>| outcomes.into_iter().all(&mut each),
    );
}

/// A few input files in a row, taken by one thread ([`for_each_job`]). Jobs are numbered
/// from 0 in input order across all the inputs of a run.
pub struct InputJob<'a> {
    pub number: usize,
    files: JobFiles<'a>,
    search: &'a images::ImageSearch,
    options: &'a ImportOptions,
}

enum JobFiles<'a> {
    /// Files still to be read.
    Paths(&'a [PathBuf]),
    /// Already read (stdin), or a folder that could not be walked.
    Read(FileOutcome),
}

impl InputJob<'_> {
    /// Reads and parses the job's files, each with the disk sizes its images give.
    pub fn read(self) -> Vec<FileOutcome> {
        let paths = match self.files {
            JobFiles::Read(outcome) => return vec![outcome],
            JobFiles::Paths(paths) => paths,
        };
        paths
            .iter()
            .map(|path| FileOutcome {
                file: path.display().to_string(),
                result: import_file_with(path, self.options).map(|mut vms| {
                    images::read_sizes(&mut vms, Some(path), self.search);
                    vms
                }),
            })
            .collect()
    }
}

/// [`for_each_input`] with more of the work on the reading threads: `work` takes one
/// [`InputJob`] on whichever thread runs it (it reads the files with [`InputJob::read`], and
/// may go on with what it found, as a streamed import generates, checks and renders), and
/// `each` gets what `work` returned on the calling thread, in input order. `each` returns
/// `false` to stop. Jobs run at most `READ_AHEAD_FILES` (128) files ahead of `each`.
pub fn for_each_job<R: Send>(
    inputs: &[PathBuf],
    search: &images::ImageSearch,
    options: &ImportOptions,
    work: impl Fn(InputJob<'_>) -> R + Sync,
    mut each: impl FnMut(R) -> bool,
) {
    let mut number: usize = 0;
    // A job of one file read already, run here.
    let one = |outcome: FileOutcome, number: &mut usize, each: &mut dyn FnMut(R) -> bool| {
        let job = InputJob {
            number: *number,
            files: JobFiles::Read(outcome),
            search,
            options,
        };
        *number = number.saturating_add(1);
        each(work(job))
    };
    for input in inputs {
        if input.as_os_str() == "-" {
            let result = files::read_stdin_limited(MAX_SPEC_BYTES)
                .map_err(|e| ImportError::new(Location::file("-"), e.into()))
                .and_then(|bytes| parse_with(&SourceFile::from_bytes("-", bytes), options))
                .map(|mut vms| {
                    images::read_sizes(&mut vms, None, search);
                    vms
                });
            let outcome = FileOutcome {
                file: "-".into(),
                result,
            };
            if !one(outcome, &mut number, &mut each) {
                return;
            }
            continue;
        }
        // The folder is walked while its first files are parsed (the walk of 2,000 files
        // took 2 ms before any core could start). Files are parsed on every core; `each`
        // still sees them in the walk's order, so the output is the same bytes as a run on
        // one thread. A worker takes a few files at a time: handing each small file to a
        // thread and back cost more than reading it.
        let (walked, complete) = crate::parallel::with_ordered_pool(
            options.threads,
            READ_AHEAD_FILES.div_ceil(MOST_FILES_PER_JOB),
            |(number, paths): (usize, Vec<PathBuf>)| {
                work(InputJob {
                    number,
                    files: JobFiles::Paths(&paths),
                    search,
                    options,
                })
            },
            &mut each,
            |pool| {
                let (mut found, mut batch) = (0usize, Vec::new());
                let mut submit = |batch: Vec<PathBuf>, number: &mut usize| {
                    let job = (*number, batch);
                    *number = number.saturating_add(1);
                    pool.submit(job)
                };
                let walked = files::walk_each(input, &is_candidate_spec, &mut |path| {
                    found = found.saturating_add(1);
                    batch.push(path);
                    batch.len() < files_per_job(found, options.threads)
                        || submit(std::mem::take(&mut batch), &mut number)
                });
                // What was found before a folder that cannot be listed is still imported.
                if !batch.is_empty() && !matches!(walked, Ok(false)) {
                    submit(batch, &mut number);
                }
                walked
            },
        );
        if !complete {
            return;
        }
        if let Err(err) = walked {
            let location = Location::file(&err.path.display().to_string());
            let outcome = FileOutcome {
                file: input.display().to_string(),
                result: Err(ImportError::new(location, ErrorKind::Io(err.source))),
            };
            if !one(outcome, &mut number, &mut each) {
                return;
            }
        }
    }
}

/// Imports one file from disk. An OVA larger than [`MAX_SPEC_BYTES`] (one that carries its
/// disk images) is streamed member by member instead of being refused.
pub fn import_file(path: &Path) -> Result<Vec<VmSpec>, ImportError> {
    import_file_with(path, &ImportOptions::default())
}

/// [`import_file`] with the user's import options.
pub fn import_file_with(path: &Path, options: &ImportOptions) -> Result<Vec<VmSpec>, ImportError> {
    let name = path.display().to_string();
    // Opened once, sized from the open file, and read through the same handle.
    let (opened, size) = files::open_with_size(path)
        .map_err(|e| ImportError::new(Location::file(&name), ErrorKind::Io(e)))?;
    if size > MAX_SPEC_BYTES {
        if !is_tar(path) {
            // Refused before reading a byte more than the tar check needed.
            return Err(ImportError::new(
                Location::file(&name),
                ErrorKind::TooLarge {
                    limit: MAX_SPEC_BYTES,
                },
            ));
        }
        let file = SourceFile {
            name,
            path: Some(path.to_path_buf()),
            bytes: Vec::new(),
        };
        return ova::parse_large(&file, path, options)
            .and_then(|vms| check_limits(&file, &vms).map(|()| vms));
    }
    SourceFile::read_opened(path, opened, size).and_then(|file| parse_with(&file, options))
}

/// Whether a file starts with a POSIX tar header (`ustar` at offset 257).
fn is_tar(path: &Path) -> bool {
    files::has_magic_at(path, 257, b"ustar")
}

/// Whether a file found while walking a folder may be a spec. Explicitly named files are
/// always tried; in folders we skip what is certainly not a spec.
pub fn is_candidate_spec(path: &Path) -> bool {
    let ext = files::extension(path);
    !matches!(
        ext.as_str(),
        "vmdk"
            | "qcow2"
            | "img"
            | "iso"
            | "raw"
            | "vdi"
            | "vhd"
            | "vhdx"
            | "mf"
            | "cert"
            | "nvram"
            | "vmsd"
            | "vmxf"
            | "log"
            | "md"
            | "txt"
            | "yaml"
            | "yml"
            | "tsv"
            | "vbox-prev"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_overflowing_cpu_topology_is_refused_naming_the_file() {
        let file = SourceFile::from_bytes("big.vmx", "");
        let mut vm = VmSpec::new(file.source_ref(SourceFormat::Vmx, None), "big");
        vm.cpu.sockets = 65536;
        vm.cpu.cores = 65536;
        let err = check_limits(&file, &[vm.clone()]).expect_err("refused");
        let text = err.to_string();
        assert!(text.starts_with("big.vmx: invalid:"), "{text}");
        assert!(
            text.contains("65536 sockets x 65536 cores x 1 threads"),
            "{text}"
        );
        vm.cpu.cores = 4;
        assert!(check_limits(&file, &[vm]).is_ok());
    }

    #[test]
    fn locations_print_like_compilers_do() {
        let loc = Location {
            file: "a.vmx".into(),
            line: Some(3),
            column: Some(7),
        };
        assert_eq!(loc.to_string(), "a.vmx:3:7");
        assert_eq!(Location::file("b.ovf").to_string(), "b.ovf");
    }

    #[test]
    fn empty_files_are_refused_with_a_reason() {
        let err = parse(&SourceFile::from_bytes("empty.ovf", Vec::new())).unwrap_err();
        assert_eq!(err.kind.category(), "invalid");
        assert!(err.to_string().starts_with("empty.ovf: "));
    }

    #[test]
    fn vms_with_absurd_device_counts_are_refused() {
        let mut text = String::from("displayName = \"many\"\nmemSize = \"1024\"\n");
        for i in 0..=MAX_DEVICES_PER_KIND {
            text.push_str(&format!("ethernet{i}.present = \"TRUE\"\n"));
        }
        let err = parse(&SourceFile::from_bytes("many.vmx", text.clone())).unwrap_err();
        assert_eq!(err.kind.category(), "invalid");
        assert!(err.to_string().starts_with("many.vmx: "), "{err}");
        assert!(err.to_string().contains("257 NICs"), "{err}");
        // One fewer is still a (strange but) real VM.
        let fewer = text.replace(
            &format!("ethernet{MAX_DEVICES_PER_KIND}.present = \"TRUE\"\n"),
            "",
        );
        assert_eq!(
            parse(&SourceFile::from_bytes("many.vmx", fewer)).unwrap()[0]
                .nics
                .len(),
            256
        );
    }

    #[test]
    fn detection_reads_content_before_extension() {
        let libvirt = SourceFile::from_bytes(
            "vm.txt",
            b"<domain type='kvm'><name>a</name></domain>".to_vec(),
        );
        assert_eq!(detect(&libvirt), Some(SourceFormat::Libvirt));
        let vmx = SourceFile::from_bytes("x.vmx", b"displayName = \"a\"\n".to_vec());
        assert_eq!(detect(&vmx), Some(SourceFormat::Vmx));
        let garbage = SourceFile::from_bytes("x.bin", vec![0u8, 1, 2, 3, 255]);
        assert_eq!(detect(&garbage), None);
    }
}
