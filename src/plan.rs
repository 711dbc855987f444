//! One way in from the command line's paths to generated objects: every subcommand that
//! collects a run (`import` with `--interactive` or a mapping on stdin, `preview`, `assess`,
//! `apply`) goes through here, so they read the same files the same way and generate with
//! the same checks. `import`'s streaming path uses the same pieces one job of files at a
//! time (`import::for_each_job`, [`event`] and `generate::Generator`).
//!
//! Nothing here prints: what happens to each input file is handed to the caller as an
//! [`Event`], and the CLI decides how to show it.

use crate::generate::{self, GenerateError, GenerateOptions, GeneratedVm};
use crate::import::images::ImageSearch;
use crate::import::{self, ImportError, ImportOptions};
use crate::model::{SourceFormat, VmSpec};
use std::path::PathBuf;

/// What happened to one input file.
#[derive(Debug)]
pub enum Event<'a> {
    /// The file was read and held `vms` VMs; `ovf` says whether it was an OVF or OVA
    /// (the only formats import options speak to today).
    Imported {
        file: &'a str,
        vms: usize,
        ovf: bool,
    },
    /// The file could not be imported; the others still are.
    Failed(&'a ImportError),
}

/// The VMs of every input that could be imported, and how many inputs could not.
#[derive(Debug, Default)]
pub struct Imported {
    pub vms: Vec<VmSpec>,
    pub failed: usize,
}

/// Imports every input (files, folders walked, `-` for stdin); one bad file never stops the
/// others. Disk sizes the specs leave out are read from images found through `images`.
pub fn import_all(
    paths: &[PathBuf],
    images: &ImageSearch,
    options: &ImportOptions,
    on: impl FnMut(Event),
) -> Imported {
    let mut vms = Vec::new();
    let failed = for_each_file(paths, images, options, on, |found| {
        vms.extend(found);
        true
    });
    Imported { vms, failed }
}

/// Imports the inputs one file at a time, in order: `on` hears what happened to each file,
/// then `each` gets the VMs of a good one and may drop them before the next file is read
/// (memory stays flat with the number of files); `each` returns `false` to stop (a closed
/// pipe). Returns how many inputs could not be imported.
pub fn for_each_file(
    paths: &[PathBuf],
    images: &ImageSearch,
    options: &ImportOptions,
    mut on: impl FnMut(Event),
    mut each: impl FnMut(Vec<VmSpec>) -> bool,
) -> usize {
    let mut failed = 0;
    import::for_each_input(paths, images, options, |outcome| {
        on(event(&outcome));
        match outcome.result {
            Ok(found) => each(found),
            Err(_) => {
                failed += 1;
                true
            }
        }
    });
    failed
}

/// What happened to one input file, as an [`Event`].
pub fn event(outcome: &import::FileOutcome) -> Event<'_> {
    match &outcome.result {
        Ok(found) => Event::Imported {
            file: &outcome.file,
            vms: found.len(),
            ovf: found
                .iter()
                .all(|vm| matches!(vm.source.format, SourceFormat::Ovf | SourceFormat::Ova)),
        },
        Err(err) => Event::Failed(err),
    }
}

/// A run generated whole.
#[derive(Debug)]
pub struct Plan {
    pub vms: Vec<GeneratedVm>,
    /// Inputs that could not be imported.
    pub failed: usize,
}

/// Imports and generates. With a mapping, every VM must be covered and every rule must
/// apply (see [`generate::try_generate`]): nothing is returned otherwise.
pub fn plan(
    paths: &[PathBuf],
    images: &ImageSearch,
    import_options: &ImportOptions,
    options: &GenerateOptions,
    on: impl FnMut(Event),
) -> Result<Plan, GenerateError> {
    let imported = import_all(paths, images, import_options, on);
    let vms = generate::try_generate(&imported.vms, options)?;
    Ok(Plan {
        vms,
        failed: imported.failed,
    })
}

/// Imports and generates, falling back with a warning where a mapping rule cannot apply
/// (`assess` reports such gaps as concerns instead of failing). The imported VMs come back
/// too, for judging them beside what was generated.
pub fn plan_lenient(
    paths: &[PathBuf],
    images: &ImageSearch,
    import_options: &ImportOptions,
    options: &GenerateOptions,
    on: impl FnMut(Event),
) -> (Imported, Vec<GeneratedVm>) {
    let imported = import_all(paths, images, import_options, on);
    let generated = generate::generate(&imported.vms, options);
    (imported, generated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_input_is_reported_and_a_bad_one_does_not_stop_the_others() {
        let dir = std::env::temp_dir().join(format!("vmmigrate-plan-unit-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("a.vmx"),
            "displayName = \"web\"\nmemSize = \"1024\"\nnumvcpus = \"2\"\n",
        )
        .unwrap();
        std::fs::write(dir.join("b.conf"), "this is not a VM spec\n").unwrap();
        let mut seen = Vec::new();
        let plan = plan(
            std::slice::from_ref(&dir),
            &ImageSearch::default(),
            &ImportOptions::default(),
            &GenerateOptions::default(),
            |event| {
                seen.push(match event {
                    Event::Imported { file, vms, .. } => {
                        format!("ok {vms} {}", file.ends_with("a.vmx"))
                    }
                    Event::Failed(err) => format!("failed {}", err.kind.category()),
                })
            },
        )
        .unwrap();
        assert_eq!(seen, ["ok 1 true", "failed malformed"]);
        assert_eq!(plan.failed, 1);
        assert_eq!(plan.vms.len(), 1);
        assert_eq!(plan.vms[0].name, "web");
        let (imported, generated) = plan_lenient(
            std::slice::from_ref(&dir),
            &ImageSearch::default(),
            &ImportOptions::default(),
            &GenerateOptions::default(),
            |_| {},
        );
        assert_eq!(
            (imported.vms.len(), imported.failed, generated.len()),
            (1, 1, 1)
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
