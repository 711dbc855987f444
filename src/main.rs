//! The `kubectl-vmmigrate` binary: hands the command line to the library and exits with
//! the status it returns.

#![forbid(unsafe_code)]

/// mimalloc instead of the system allocator: import's many small allocations, made on one
/// thread and freed on another, cost glibc's malloc a fifth of the CPU (see Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let status = vmmigrate::cli::main_with_args(std::env::args_os().collect());
    std::process::exit(status as i32);
}
