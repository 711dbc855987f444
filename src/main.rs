//! The `kubectl-vmmigrate` binary: parses arguments and hands over to the library.

#![forbid(unsafe_code)]

fn main() {
    std::process::exit(0);
}
