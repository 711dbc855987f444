//! OVA importer: a tar archive that holds an OVF descriptor, a manifest and disk images.
//!
//! The archive is read in memory from the file's bytes with the `tar` crate and never
//! extracted. Only the descriptor (`.ovf`) and the manifest (`.mf`) are read; disk images are
//! only listed, since every size the model needs is in the descriptor. Members with absolute
//! paths, `..` components, links or device nodes make the whole archive refused: an OVA holds
//! plain files, and such members are the shape of an archive built to attack an extractor.
//!
//! When the manifest lists the descriptor, its SHA-1/SHA-256/SHA-512 digest is checked and a
//! mismatch refuses the archive: the VM would otherwise be built from a descriptor that is not
//! the one the package was published with.

use super::{ovf, xml, ImportError, ImportOptions, Location, SourceFile, MAX_SPEC_BYTES};
use crate::hex::encode as hex;
use crate::model::{SourceFormat, VmSpec};
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};
use std::io::{Read, Seek, SeekFrom};

/// Largest manifest read; real ones are a few lines.
const MAX_MANIFEST_BYTES: u64 = 1024 * 1024;

/// A member of the archive that was read (descriptor or manifest).
struct Member {
    name: String,
    bytes: Vec<u8>,
    /// Position among the archive's file members (0 = first).
    position: usize,
}

/// What a pass over the archive found.
struct Contents {
    descriptor: Option<Member>,
    manifest: Option<Member>,
    /// Names of every file member, for checking that referenced disks are present.
    names: Vec<String>,
    warnings: Vec<String>,
}

/// Parses one `.ova` archive.
pub fn parse(file: &SourceFile) -> Result<Vec<VmSpec>, ImportError> {
    parse_with(file, &ImportOptions::default())
}

/// [`parse`] with the user's import options.
pub fn parse_with(file: &SourceFile, options: &ImportOptions) -> Result<Vec<VmSpec>, ImportError> {
    ovf::refuse_gzip(file)?;
    if file.bytes.is_empty() {
        return Err(ImportError::invalid(file.at(), "the file is empty"));
    }
    let head = super::text::sniff_prefix(&file.bytes, 512);
    if head.trim_start().starts_with('<') {
        // A bare descriptor named .ova: read it as what it is.
        return ovf::parse_with(file, options);
    }
    let contents = read_archive(file, std::io::Cursor::new(file.bytes.as_slice()))?;
    from_contents(file, contents, options)
}

/// Parses an `.ova` too large to hold in memory (real ones carry their disk images) by
/// seeking past every member it does not need: memory stays flat whatever the size.
pub fn parse_large(
    file: &SourceFile,
    path: &std::path::Path,
    options: &ImportOptions,
) -> Result<Vec<VmSpec>, ImportError> {
    let handle = crate::files::open_for_streaming(path)
        .map_err(|err| ImportError::new(file.at(), super::ErrorKind::Io(err)))?;
    let contents = read_archive(file, handle)?;
    from_contents(file, contents, options)
}

fn from_contents(
    file: &SourceFile,
    contents: Contents,
    options: &ImportOptions,
) -> Result<Vec<VmSpec>, ImportError> {
    let Some(descriptor) = contents.descriptor else {
        let listed = if contents.names.is_empty() {
            "it has no files".to_string()
        } else {
            format!("its files are: {}", contents.names.join(", "))
        };
        return Err(ImportError::invalid(
            file.at(),
            format!("the archive holds no .ovf descriptor; {listed}"),
        ));
    };

    let member_file = SourceFile::from_bytes(
        format!("{}!/{}", file.name, descriptor.name),
        descriptor.bytes,
    );
    let mut warnings = contents.warnings;
    if let Some(manifest) = &contents.manifest {
        verify_manifest(
            file,
            manifest,
            &descriptor.name,
            &member_file.bytes,
            &mut warnings,
        )?;
    }
    if descriptor.position != 0 {
        warnings.push(format!(
            "the descriptor {} is not the first file of the archive, as the OVF specification requires",
            descriptor.name
        ));
    }

    ovf::refuse_gzip(&member_file)?;
    let text = xml::decode(&member_file)?;
    let mut vms = ovf::parse_descriptor(&member_file, &text, options)?;
    for vm in &mut vms {
        vm.source = file.source_ref(SourceFormat::Ova, vm.source.index);
        for disk in &vm.disks {
            let Some(path) = disk.source_path.as_deref() else {
                continue;
            };
            if !contains_file(&contents.names, path) {
                vm.warnings.push(crate::model::Warning::from(format!(
                    "disk {}: its image {path} is not in the archive",
                    disk.id
                )));
            }
        }
        vm.warnings
            .extend(warnings.iter().cloned().map(crate::model::Warning::from));
    }
    Ok(vms)
}

/// Lists the archive and reads its descriptor and manifest, seeking past every other
/// member: tar's own skip reads what it passes over through a zeroed 32 KiB buffer, once per
/// member, which was most of the time an in-memory `.ova` took to list.
fn read_archive<R: Read + Seek>(file: &SourceFile, reader: R) -> Result<Contents, ImportError> {
    let io = |err: std::io::Error| ImportError::new(file.at(), super::ErrorKind::Io(err));
    let mut archive = tar::Archive::new(reader);
    let entries = archive
        .entries_with_seek()
        .map_err(|err| truncated(file, err))?;
    let contents = scan_entries(file, entries)?;
    // The end-of-archive marker must sit just before where the reader stopped; a seek past
    // the end (the archive stopped inside a member it skipped) leaves nothing to read there.
    let mut handle = archive.into_inner();
    let end = handle.stream_position().map_err(io)?;
    let mut last_block = [1u8; 512];
    let ends_cleanly = end >= 512
        && handle.seek(SeekFrom::Start(end - 512)).is_ok()
        && handle.read_exact(&mut last_block).is_ok()
        && last_block.iter().all(|b| *b == 0);
    if !ends_cleanly {
        return Err(ImportError::syntax(
            file.at(),
            "the archive is truncated: it ends without the tar end-of-archive marker",
        ));
    }
    Ok(contents)
}

/// One pass over the members: refuses unsafe ones, reads the descriptor and manifest.
fn scan_entries<R: Read>(
    file: &SourceFile,
    entries: tar::Entries<'_, R>,
) -> Result<Contents, ImportError> {
    let truncated = |err| truncated(file, err);
    let mut contents = Contents {
        descriptor: None,
        manifest: None,
        names: Vec::new(),
        warnings: Vec::new(),
    };
    let mut seen = std::collections::HashSet::new();
    for entry in entries {
        let mut entry = entry.map_err(truncated)?;
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let kind = entry.header().entry_type();
        let location = Location::file(&format!("{}!/{name}", file.name));
        check_member_path(&location, &name)?;
        if kind.is_symlink() || kind.is_hard_link() {
            return Err(ImportError::invalid(
                location,
                "the archive holds a link; OVA packages hold plain files only, and links are \
                 refused for safety",
            ));
        }
        if kind.is_character_special() || kind.is_block_special() || kind.is_fifo() {
            return Err(ImportError::invalid(
                location,
                "the archive holds a device node or FIFO; OVA packages hold plain files only",
            ));
        }
        if kind.is_dir() || kind.is_pax_global_extensions() {
            continue;
        }
        if !(kind.is_file() || kind.is_contiguous() || kind.is_gnu_sparse()) {
            contents.warnings.push(format!(
                "archive member {name} of an unknown tar type was ignored"
            ));
            continue;
        }
        // Two members with one name: an extractor keeps the last, a reader may use the
        // first, so what a reviewer checks need not be what gets deployed.
        if !seen.insert(name.trim_start_matches("./").to_string()) {
            return Err(ImportError::invalid(
                location,
                "the archive holds two members with this name; such archives are refused, since                  which one is used depends on the tool that reads it",
            ));
        }
        let position = contents.names.len();
        contents.names.push(name.clone());
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".ovf") {
            if let Some(first) = &contents.descriptor {
                contents.warnings.push(format!(
                    "the archive holds more than one descriptor; {} was used and {name} ignored",
                    first.name
                ));
                continue;
            }
            let bytes = read_member(file, &mut entry, MAX_SPEC_BYTES, &location)?;
            contents.descriptor = Some(Member {
                name,
                bytes,
                position,
            });
        } else if lower.ends_with(".mf") && contents.manifest.is_none() {
            let bytes = read_member(file, &mut entry, MAX_MANIFEST_BYTES, &location)?;
            contents.manifest = Some(Member {
                name,
                bytes,
                position,
            });
        } else if lower.ends_with(".cert") {
            contents.warnings.push(format!(
                "the package is signed ({name}); the signature was not verified"
            ));
        }
    }
    Ok(contents)
}

fn truncated(file: &SourceFile, err: std::io::Error) -> ImportError {
    ImportError::syntax(
        file.at(),
        // The tar reader's message may quote raw header bytes: escape and cut them.
        format!(
            "the archive is truncated or is not a valid tar file ({})",
            super::text::quote(&super::text::printable(&err.to_string()))
        ),
    )
}

/// Reads a member whole, refusing one larger than `limit`.
fn read_member<R: Read>(
    file: &SourceFile,
    entry: &mut tar::Entry<'_, R>,
    limit: u64,
    location: &Location,
) -> Result<Vec<u8>, ImportError> {
    let mut bytes = Vec::new();
    entry
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| truncated(file, err))?;
    if bytes.len() as u64 > limit {
        return Err(ImportError::new(
            location.clone(),
            super::ErrorKind::TooLarge { limit },
        ));
    }
    Ok(bytes)
}

/// Refuses absolute member paths and `..` components (path traversal on extraction).
fn check_member_path(location: &Location, name: &str) -> Result<(), ImportError> {
    let absolute =
        name.starts_with('/') || name.starts_with('\\') || name.as_bytes().get(1) == Some(&b':');
    if absolute {
        return Err(ImportError::invalid(
            location.clone(),
            "the archive member has an absolute path; such archives are refused for safety",
        ));
    }
    if name.split(['/', '\\']).any(|part| part == "..") {
        return Err(ImportError::invalid(
            location.clone(),
            "the archive member's path contains '..'; such archives are refused for safety",
        ));
    }
    Ok(())
}

/// Whether the archive holds `href` (or its first chunk, for chunked images).
fn contains_file(names: &[String], href: &str) -> bool {
    let wanted = href.trim_start_matches("./");
    names.iter().any(|name| {
        let name = name.trim_start_matches("./");
        name == wanted
            || name
                .strip_prefix(wanted)
                .is_some_and(|rest| rest == ".000000000")
    })
}

/// Checks the descriptor against the manifest's digest for it, when the manifest has one.
fn verify_manifest(
    file: &SourceFile,
    manifest: &Member,
    descriptor_name: &str,
    descriptor: &[u8],
    warnings: &mut Vec<String>,
) -> Result<(), ImportError> {
    let text = String::from_utf8_lossy(&manifest.bytes);
    let wanted = base_name(descriptor_name);
    for (index, line) in text.lines().enumerate() {
        let Some((algorithm, name, expected)) = manifest_line(line) else {
            continue;
        };
        if base_name(name) != wanted {
            continue;
        }
        let actual = match algorithm.to_ascii_uppercase().as_str() {
            "SHA1" => hex(&Sha1::digest(descriptor)),
            "SHA256" => hex(&Sha256::digest(descriptor)),
            "SHA512" => hex(&Sha512::digest(descriptor)),
            other => {
                warnings.push(format!(
                    "the manifest {} uses the {other} digest, which this tool cannot check; \
                     the descriptor was not verified",
                    manifest.name
                ));
                return Ok(());
            }
        };
        if !actual.eq_ignore_ascii_case(expected) {
            return Err(ImportError::invalid(
                Location {
                    file: format!("{}!/{}", file.name, manifest.name),
                    line: Some(index + 1),
                    column: None,
                },
                format!(
                    "the {algorithm} digest of {descriptor_name} is {actual}, but the manifest \
                     says {expected}; the descriptor was altered or the archive is corrupt"
                ),
            ));
        }
        return Ok(());
    }
    warnings.push(format!(
        "the manifest {} does not list the descriptor {descriptor_name}; it was not verified",
        manifest.name
    ));
    Ok(())
}

/// `SHA256(name.ovf)= 0123...` → (`SHA256`, `name.ovf`, `0123...`).
pub(crate) fn manifest_line(line: &str) -> Option<(&str, &str, &str)> {
    let (algorithm, rest) = line.trim().split_once('(')?;
    let (name, rest) = rest.rsplit_once(')')?;
    let digest = rest.trim_start().strip_prefix('=')?.trim();
    let algorithm = algorithm.trim();
    if algorithm.is_empty() || digest.is_empty() {
        return None;
    }
    Some((algorithm, name.trim(), digest))
}

fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DiskBus;

    const DESCRIPTOR: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" xmlns:vmw="http://www.vmware.com/schema/ovf" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData">
  <References><File ovf:id="file1" ovf:href="web01-disk1.vmdk" ovf:size="4"/></References>
  <DiskSection><Info>d</Info>
    <Disk ovf:diskId="vmdisk1" ovf:fileRef="file1" ovf:capacity="40" ovf:capacityAllocationUnits="byte * 2^30"/>
  </DiskSection>
  <VirtualSystem ovf:id="web01"><Info>vm</Info><Name>web01</Name>
    <OperatingSystemSection ovf:id="94" vmw:osType="ubuntu64Guest"><Info>os</Info></OperatingSystemSection>
    <VirtualHardwareSection><Info>hw</Info>
      <Item><rasd:ElementName>2 vCPU</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>2</rasd:VirtualQuantity></Item>
      <Item><rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits><rasd:ElementName>mem</rasd:ElementName><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>4096</rasd:VirtualQuantity></Item>
      <Item><rasd:ElementName>SCSI 0</rasd:ElementName><rasd:InstanceID>3</rasd:InstanceID><rasd:ResourceSubType>lsilogic</rasd:ResourceSubType><rasd:ResourceType>6</rasd:ResourceType></Item>
      <Item><rasd:ElementName>Hard disk 1</rasd:ElementName><rasd:HostResource>ovf:/disk/vmdisk1</rasd:HostResource><rasd:InstanceID>4</rasd:InstanceID><rasd:Parent>3</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
    </VirtualHardwareSection>
  </VirtualSystem>
</Envelope>"#;

    /// One tar member, written raw so that tests can build the hostile archives that
    /// `tar::Builder` itself refuses to write.
    struct Spec<'a> {
        name: &'a str,
        data: &'a [u8],
        kind: tar::EntryType,
        link: Option<&'a str>,
    }

    fn file<'a>(name: &'a str, data: &'a [u8]) -> Spec<'a> {
        Spec {
            name,
            data,
            kind: tar::EntryType::Regular,
            link: None,
        }
    }

    fn archive(members: &[Spec]) -> Vec<u8> {
        let mut builder = tar::Builder::new(Vec::new());
        for member in members {
            let mut header = tar::Header::new_ustar();
            let raw = &mut header.as_old_mut().name;
            raw[..member.name.len()].copy_from_slice(member.name.as_bytes());
            if let Some(link) = member.link {
                let raw = &mut header.as_old_mut().linkname;
                raw[..link.len()].copy_from_slice(link.as_bytes());
            }
            header.set_entry_type(member.kind);
            header.set_mode(0o644);
            header.set_size(member.data.len() as u64);
            header.set_cksum();
            builder.append(&header, member.data).unwrap();
        }
        builder.into_inner().unwrap()
    }

    fn manifest(name: &str, data: &[u8]) -> String {
        format!(
            "SHA256({name})= {}\nSHA256(web01-disk1.vmdk)= 00\n",
            hex(&Sha256::digest(data))
        )
    }

    fn import(bytes: Vec<u8>) -> Result<Vec<VmSpec>, ImportError> {
        parse(&SourceFile::from_bytes("web01.ova", bytes))
    }

    #[test]
    fn an_ova_built_in_memory_imports_with_its_manifest_checked() {
        let mf = manifest("web01.ovf", DESCRIPTOR.as_bytes());
        let bytes = archive(&[
            file("web01.ovf", DESCRIPTOR.as_bytes()),
            file("web01.mf", mf.as_bytes()),
            file("web01-disk1.vmdk", b"KDMV"),
        ]);
        let vms = import(bytes).unwrap();
        assert_eq!(vms.len(), 1);
        let vm = &vms[0];
        assert_eq!(vm.name, "web01");
        assert_eq!(vm.source.format, SourceFormat::Ova);
        assert_eq!(vm.source.file, "web01.ova");
        assert_eq!(vm.source.index, None);
        assert_eq!(vm.cpu.vcpus(), Some(2));
        assert_eq!(vm.memory.bytes, 4 << 30);
        assert_eq!(vm.disks.len(), 1);
        assert_eq!(vm.disks[0].bus, DiskBus::Scsi);
        assert_eq!(vm.disks[0].capacity_bytes, Some(40 << 30));
        assert!(vm.warnings.is_empty(), "{:?}", vm.warnings);
    }

    #[test]
    fn a_manifest_digest_mismatch_refuses_the_archive() {
        let mf = manifest("web01.ovf", b"another descriptor");
        let bytes = archive(&[
            file("web01.ovf", DESCRIPTOR.as_bytes()),
            file("web01.mf", mf.as_bytes()),
        ]);
        let err = import(bytes).unwrap_err();
        assert_eq!(err.kind.category(), "invalid");
        assert_eq!(err.location.file, "web01.ova!/web01.mf");
        assert_eq!(err.location.line, Some(1));
        assert!(
            err.to_string().contains("SHA256 digest of web01.ovf"),
            "{err}"
        );
    }

    #[test]
    fn sha1_manifests_are_checked_too() {
        let mf = format!(
            "SHA1(web01.ovf)= {}\n",
            hex(&Sha1::digest(DESCRIPTOR.as_bytes()))
        );
        let bytes = archive(&[
            file("web01.ovf", DESCRIPTOR.as_bytes()),
            file("web01.mf", mf.as_bytes()),
            file("web01-disk1.vmdk", b"KDMV"),
        ]);
        assert_eq!(import(bytes).unwrap()[0].name, "web01");
    }

    #[test]
    fn traversal_paths_links_and_absolute_paths_are_refused() {
        let evil = archive(&[file("../evil.ovf", DESCRIPTOR.as_bytes())]);
        let err = import(evil).unwrap_err();
        assert_eq!(err.kind.category(), "invalid");
        assert_eq!(err.location.file, "web01.ova!/../evil.ovf");
        assert!(err.to_string().contains("'..'"), "{err}");

        let absolute = archive(&[file("/etc/evil.ovf", DESCRIPTOR.as_bytes())]);
        assert!(import(absolute)
            .unwrap_err()
            .to_string()
            .contains("absolute path"));

        let symlink = archive(&[
            file("web01.ovf", DESCRIPTOR.as_bytes()),
            Spec {
                name: "web01-disk1.vmdk",
                data: b"",
                kind: tar::EntryType::Symlink,
                link: Some("/dev/sda"),
            },
        ]);
        let err = import(symlink).unwrap_err();
        assert!(err.to_string().contains("link"), "{err}");
        assert_eq!(err.location.file, "web01.ova!/web01-disk1.vmdk");

        let hardlink = archive(&[Spec {
            name: "web01.ovf",
            data: b"",
            kind: tar::EntryType::Link,
            link: Some("other.ovf"),
        }]);
        assert!(import(hardlink).unwrap_err().to_string().contains("link"));
    }

    #[test]
    fn truncated_archives_are_refused() {
        let disk = vec![7u8; 4096];
        let whole = archive(&[
            file("web01.ovf", DESCRIPTOR.as_bytes()),
            file("web01-disk1.vmdk", &disk),
        ]);
        // Cut inside the disk image's data.
        let cut = whole[..whole.len() - 3000].to_vec();
        let err = import(cut).unwrap_err();
        assert_eq!(err.kind.category(), "malformed");
        assert!(err.to_string().contains("truncated"), "{err}");

        // Cut exactly after the descriptor, on a block boundary: no end-of-archive marker.
        let descriptor_blocks = 512 + DESCRIPTOR.len().div_ceil(512) * 512;
        let err = import(whole[..descriptor_blocks].to_vec()).unwrap_err();
        assert!(err.to_string().contains("end-of-archive"), "{err}");

        // Cut inside a header.
        let err = import(whole[..descriptor_blocks + 100].to_vec()).unwrap_err();
        assert!(err.to_string().contains("truncated"), "{err}");
    }

    #[test]
    fn descriptor_errors_name_the_member_and_its_line() {
        let broken = "<?xml version=\"1.0\"?>\n<Envelope>\n<VirtualSystem>\n</Envelope>";
        let err = import(archive(&[file("web01.ovf", broken.as_bytes())])).unwrap_err();
        assert_eq!(err.location.file, "web01.ova!/web01.ovf");
        assert_eq!(err.location.line, Some(4));
    }

    #[test]
    fn a_late_descriptor_and_a_missing_disk_are_warned_about() {
        let bytes = archive(&[
            file("README.txt", b"hello"),
            file("web01.ovf", DESCRIPTOR.as_bytes()),
        ]);
        let vm = &import(bytes).unwrap()[0];
        assert!(vm.warnings.iter().any(|w| w.contains("not the first file")));
        assert!(vm
            .warnings
            .iter()
            .any(|w| w.contains("web01-disk1.vmdk is not in the archive")));
    }

    #[test]
    fn gzip_empty_and_descriptorless_archives_are_refused() {
        let err = import(vec![0x1f, 0x8b, 8, 0]).unwrap_err();
        assert_eq!(err.kind.category(), "unsupported");
        assert!(err.to_string().contains("gzip"), "{err}");

        let err = import(Vec::new()).unwrap_err();
        assert_eq!(err.kind.category(), "invalid");

        let err = import(archive(&[file("disk.vmdk", b"KDMV")])).unwrap_err();
        assert!(err.to_string().contains("no .ovf descriptor"), "{err}");
        assert!(err.to_string().contains("disk.vmdk"), "{err}");

        let err = import(vec![b'x'; 2048]).unwrap_err();
        assert_eq!(err.kind.category(), "malformed");
    }

    #[test]
    fn manifest_lines_parse_with_or_without_spaces() {
        assert_eq!(
            manifest_line("SHA256(a b.ovf)= abc\r"),
            Some(("SHA256", "a b.ovf", "abc"))
        );
        assert_eq!(
            manifest_line("SHA1(x.vmdk)=0f"),
            Some(("SHA1", "x.vmdk", "0f"))
        );
        assert_eq!(manifest_line("garbage"), None);
    }
}
