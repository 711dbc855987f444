//! kubectl-vmmigrate: turn VM specs from other hypervisors into KubeVirt objects.
//!
//! Data flows one way: source file -> [`import`] -> [`model::VmSpec`] -> [`generate`] ->
//! [`output`]. [`cli`] turns arguments into options and calls these layers. See
//! ARCHITECTURE.md for the map and the rules between layers.

#![forbid(unsafe_code)]

// Textually first, so that every module below uses these instead of std's, which panic
// when stderr or stdout is closed: see `stdio`.
macro_rules! eprintln {
    () => { $crate::stdio::stderr(format_args!(""), true) };
    ($($t:tt)*) => { $crate::stdio::stderr(format_args!($($t)*), true) };
}
macro_rules! eprint {
    ($($t:tt)*) => { $crate::stdio::stderr(format_args!($($t)*), false) };
}
#[allow(unused_macros)]
macro_rules! println {
    () => { $crate::stdio::stdout(format_args!(""), true) };
    ($($t:tt)*) => { $crate::stdio::stdout(format_args!($($t)*), true) };
}
#[allow(unused_macros)]
macro_rules! print {
    ($($t:tt)*) => { $crate::stdio::stdout(format_args!($($t)*), false) };
}

pub mod assess;
pub mod cli;
pub mod cluster;
pub mod device_models;
pub mod diagnose;
pub mod files;
pub mod generate;
pub mod gitops;
pub mod guest;
pub mod hex;
pub mod images;
pub mod import;
pub mod kubevirt;
pub mod lint;
pub mod mapping;
pub mod model;
pub mod output;
pub mod parallel;
pub mod plan;
pub mod query;
pub mod roll;
pub mod stdio;
pub mod waveplan;

/// The tests' one rule for `../shared` (found, or SKIPPED outside CI, or a failure in CI),
/// shared with the integration tests.
#[cfg(test)]
#[path = "../tests/support/shared.rs"]
pub(crate) mod test_shared;
