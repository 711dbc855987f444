//! Importer stub for this format; replaced by the real importer.

use super::{ImportError, SourceFile};
use crate::model::VmSpec;

/// Parses one file of this format.
pub fn parse(file: &SourceFile) -> Result<Vec<VmSpec>, ImportError> {
    Err(ImportError::unsupported(
        file.at(),
        "this format is not implemented yet",
    ))
}

/// Whether the start of a file looks like this format.
pub fn looks_like(_head: &str) -> bool {
    false
}
