//! The `kubectl-vmmigrate` binary: parses arguments and hands over to the library.

#![forbid(unsafe_code)]

use clap::Parser;

fn main() {
    let cli = vmmigrate::cli::Cli::parse();
    let status = vmmigrate::cli::run(cli);
    std::process::exit(status as i32);
}
