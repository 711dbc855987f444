//! kubectl-vmmigrate: turn VM specs from other hypervisors into KubeVirt objects.
//!
//! Data flows one way: source file -> [`import`] -> [`model::VmSpec`] -> [`generate`] ->
//! [`output`]. [`cli`] turns arguments into options and calls these layers. See
//! ARCHITECTURE.md for the map and the rules between layers.

#![forbid(unsafe_code)]

pub mod assess;
pub mod cli;
pub mod cluster;
pub mod files;
pub mod generate;
pub mod import;
pub mod kubevirt;
pub mod mapping;
pub mod model;
pub mod output;
pub mod plan;
pub mod roll;
