//! The `kubectl-vmmigrate` binary: hands the command line to the library and exits with
//! the status it returns.

#![forbid(unsafe_code)]

fn main() {
    let status = vmmigrate::cli::main_with_args(std::env::args_os().collect());
    std::process::exit(status as i32);
}
