//! Output: generated objects as YAML streams, JSON lists, kustomize folders and tables.
//!
//! Everything here writes bytes for stdout or files; nothing talks to a cluster and nothing
//! reads source formats.

pub mod table;
pub mod warnings;
pub mod yaml;

use crate::generate::GeneratedVm;
use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};

/// All generated objects, in order, as one YAML stream.
pub fn yaml_stream(vms: &[GeneratedVm]) -> String {
    yaml::to_yaml_stream(vms.iter().flat_map(|vm| vm.objects.iter()))
}

/// All generated objects as one kubectl `List`, pretty-printed, ending with a newline.
pub fn json_list(vms: &[GeneratedVm]) -> String {
    let items: Vec<&Value> = vms.iter().flat_map(|vm| vm.objects.iter()).collect();
    let list = json!({"apiVersion": "v1", "kind": "List", "items": items, "metadata": {}});
    let mut text = serde_json::to_string_pretty(&list).unwrap_or_default();
    text.push('\n');
    text
}

/// The VMs with every Secret's values replaced by `***`, as `kubectl diff` masks them:
/// previews are for reading and pasting, and the user's data stays out of them.
pub fn mask_secrets(vms: &[GeneratedVm]) -> Vec<GeneratedVm> {
    let mut masked = vms.to_vec();
    for object in masked.iter_mut().flat_map(|vm| vm.objects.iter_mut()) {
        if object["kind"] == "Secret" && object["apiVersion"] == "v1" {
            for field in ["data", "stringData"] {
                if let Some(Value::Object(entries)) = object.get_mut(field) {
                    for value in entries.values_mut() {
                        *value = Value::String("***".into());
                    }
                }
            }
        }
    }
    masked
}

/// `kind.group/name` lines, as `kubectl get -o name` prints them.
pub fn names(vms: &[GeneratedVm]) -> String {
    let mut out = String::new();
    for object in vms.iter().flat_map(|vm| vm.objects.iter()) {
        out.push_str(&object_ref(object));
        out.push('\n');
    }
    out
}

/// `virtualmachine.kubevirt.io/web01` for an object.
pub fn object_ref(object: &Value) -> String {
    let kind = object["kind"]
        .as_str()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let group = object["apiVersion"]
        .as_str()
        .and_then(|v| v.rsplit_once('/'))
        .map(|(group, _)| group)
        .unwrap_or("");
    let name = object["metadata"]["name"].as_str().unwrap_or_default();
    if group.is_empty() {
        format!("{kind}/{name}")
    } else {
        format!("{kind}.{group}/{name}")
    }
}

/// The `kustomization.yaml` listing a folder's manifest files (sorted), so the folder can
/// go straight into Git and `kubectl apply -k`.
fn write_kustomization(dir: &Path, files: &mut [String]) -> std::io::Result<()> {
    files.sort();
    let kustomization = json!({
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "resources": files,
    });
    std::fs::write(
        dir.join("kustomization.yaml"),
        yaml::to_yaml(&kustomization),
    )
}

/// Where `import` writes, one batch of VMs at a time: the streaming form of
/// [`yaml_stream`], [`json_list`] and [`names`], plus one `<vm>.yaml` per VM and a
/// `kustomization.yaml` for a folder, giving the same bytes while
/// holding nothing but the file names (for `kustomization.yaml`) between batches.
pub enum StreamSink<W: Write> {
    Yaml {
        out: W,
        objects: usize,
    },
    Name {
        out: W,
    },
    /// The List header goes out before the first item, the footer in [`StreamSink::finish`].
    Json {
        out: W,
        items: usize,
    },
    Dir {
        dir: PathBuf,
        files: Vec<String>,
    },
}

/// The `"items": []` of an empty List, where the streamed items go.
const JSON_ITEMS_HOLE: &str = "\"items\": []";

impl<W: Write> StreamSink<W> {
    /// A folder sink; the folder is created now, so even a run without VMs leaves a valid
    /// (empty) kustomization.
    pub fn dir(dir: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        Ok(StreamSink::Dir {
            dir: dir.to_path_buf(),
            files: Vec::new(),
        })
    }

    /// The form this sink writes, for [`render`] to make a VM's text (or file) ahead of it.
    pub fn format(&self) -> SinkFormat {
        match self {
            StreamSink::Yaml { .. } => SinkFormat::Yaml,
            StreamSink::Name { .. } => SinkFormat::Name,
            StreamSink::Json { .. } => SinkFormat::Json,
            StreamSink::Dir { dir, .. } => SinkFormat::Dir(dir.clone()),
        }
    }

    /// Writes the objects of these VMs after those already written.
    pub fn write(&mut self, vms: &[GeneratedVm]) -> std::io::Result<()> {
        let format = self.format();
        vms.iter()
            .try_for_each(|vm| self.write_rendered(render(&format, vm)))
    }

    /// Writes one VM's objects, rendered by [`render`] for this sink's format, after those
    /// already written: only the separators between objects depend on what came before.
    pub fn write_rendered(&mut self, rendered: Rendered) -> std::io::Result<()> {
        let texts = match rendered.body {
            Body::Texts(texts) => texts,
            // A folder's file, written by `render` already.
            Body::Written(written) => {
                written?;
                if let StreamSink::Dir { files, .. } = self {
                    files.push(vm_file_name(&rendered.vm));
                }
                return Ok(());
            }
        };
        match self {
            StreamSink::Yaml { out, objects } => {
                for text in texts {
                    if *objects > 0 {
                        out.write_all(b"---\n")?;
                    }
                    out.write_all(text.as_bytes())?;
                    *objects += 1;
                }
            }
            StreamSink::Name { out } => {
                for text in texts {
                    out.write_all(text.as_bytes())?;
                }
            }
            StreamSink::Json { out, items } => {
                for text in texts {
                    if *items == 0 {
                        out.write_all(json_list_halves().0.as_bytes())?;
                        out.write_all(b"[")?;
                    } else {
                        out.write_all(b",")?;
                    }
                    out.write_all(text.as_bytes())?;
                    *items += 1;
                }
            }
            StreamSink::Dir { dir, files } => {
                let file = vm_file_name(&rendered.vm);
                std::fs::write(dir.join(&file), texts.concat())?;
                files.push(file);
            }
        }
        Ok(())
    }

    /// Ends the output (the List footer, `kustomization.yaml`); returns the manifest file
    /// names for a folder.
    pub fn finish(self) -> std::io::Result<Vec<String>> {
        match self {
            StreamSink::Yaml { mut out, .. } | StreamSink::Name { mut out } => out.flush()?,
            StreamSink::Json { mut out, items } => {
                let (head, tail) = json_list_halves();
                let text = if items == 0 {
                    format!("{head}[]{tail}")
                } else {
                    format!("\n  ]{tail}")
                };
                out.write_all(text.as_bytes())?;
                out.flush()?;
            }
            StreamSink::Dir { dir, mut files } => {
                write_kustomization(&dir, &mut files)?;
                return Ok(files);
            }
        }
        Ok(Vec::new())
    }
}

/// The forms a [`StreamSink`] writes; a folder with its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SinkFormat {
    Yaml,
    Name,
    Json,
    Dir(PathBuf),
}

/// One VM's objects made ready for a [`StreamSink`] apart from it (on another thread):
/// rendering is most of the work and the same whatever came before.
#[derive(Debug)]
pub struct Rendered {
    vm: String,
    body: Body,
}

#[derive(Debug)]
enum Body {
    /// One text per object, for a stream.
    Texts(Vec<String>),
    /// For a folder, the VM's file is written already: thousands of small file writes
    /// were most of a folder import's time, and they too run on every core this way
    /// (each VM has its own file; the generator makes the names unique).
    Written(std::io::Result<()>),
}

/// `<vm>.yaml`, a VM's file in a folder.
fn vm_file_name(vm: &str) -> String {
    format!("{vm}.yaml")
}

/// Renders a VM's objects for a sink of this format; for a folder, writes its file.
pub fn render(format: &SinkFormat, vm: &GeneratedVm) -> Rendered {
    let texts = match format {
        SinkFormat::Yaml => vm.objects.iter().map(yaml::to_yaml).collect(),
        SinkFormat::Name => vm
            .objects
            .iter()
            .map(|object| format!("{}\n", object_ref(object)))
            .collect(),
        SinkFormat::Json => vm
            .objects
            .iter()
            .map(|object| {
                // Pretty JSON never has a raw newline inside a string, so indenting each
                // line nests the item exactly as the whole List would.
                let item = serde_json::to_string_pretty(object).unwrap_or_default();
                let mut text = String::with_capacity(item.len() + item.len() / 8);
                for line in item.lines() {
                    text.push_str("\n    ");
                    text.push_str(line);
                }
                text
            })
            .collect(),
        SinkFormat::Dir(dir) => {
            let text = yaml::to_yaml_stream(vm.objects.iter());
            return Rendered {
                vm: vm.name.clone(),
                body: Body::Written(std::fs::write(dir.join(vm_file_name(&vm.name)), text)),
            };
        }
    };
    Rendered {
        vm: vm.name.clone(),
        body: Body::Texts(texts),
    }
}

/// An empty List as [`json_list`] prints it, cut around the items' `[]`: the text before
/// `[` (ending in `"items": `) and after `]`.
fn json_list_halves() -> (String, String) {
    let empty = json_list(&[]);
    match empty.split_once(JSON_ITEMS_HOLE) {
        Some((head, tail)) => (format!("{head}\"items\": "), tail.to_string()),
        None => (empty, String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{generate, GenerateOptions};
    use crate::model::{Disk, DiskBus, Nic, SourceFormat, SourceRef, VmSpec};

    fn vm(name: &str) -> VmSpec {
        let source = SourceRef {
            format: SourceFormat::Vmx,
            file: format!("{name}.vmx"),
            index: None,
        };
        let mut vm = VmSpec::new(source, name);
        vm.disks.push(Disk::new("scsi0:0", DiskBus::Scsi));
        vm.nics.push(Nic::new("ethernet0"));
        vm
    }

    fn streamed(
        make: fn(&mut Vec<u8>) -> StreamSink<&mut Vec<u8>>,
        batches: &[&[GeneratedVm]],
    ) -> String {
        let mut buffer = Vec::new();
        let mut sink = make(&mut buffer);
        for batch in batches {
            sink.write(batch).unwrap();
        }
        sink.finish().unwrap();
        String::from_utf8(buffer).unwrap()
    }

    #[test]
    fn streaming_gives_the_same_bytes_as_the_whole_run() {
        let specs = [vm("a"), vm("b"), vm("a"), vm("c")];
        let all = generate(&specs, &GenerateOptions::default());
        assert_eq!(all.len(), 4);
        let splits: [&[&[GeneratedVm]]; 3] =
            [&[], &[&all[..1]], &[&all[..1], &[], &all[1..3], &all[3..]]];
        for batches in splits {
            let whole: Vec<GeneratedVm> = batches.iter().flat_map(|b| b.to_vec()).collect();
            let yaml = streamed(|out| StreamSink::Yaml { out, objects: 0 }, batches);
            assert_eq!(yaml, yaml_stream(&whole));
            let json = streamed(|out| StreamSink::Json { out, items: 0 }, batches);
            assert_eq!(json, json_list(&whole));
            let name = streamed(|out| StreamSink::Name { out }, batches);
            assert_eq!(name, names(&whole));
        }
    }
}
