//! The one writer behind every `eprintln!`/`eprint!`/`println!`/`print!` in the crate (the
//! macros in `lib.rs` shadow std's). std's macros panic when the write fails, so a closed
//! stderr (`roll ... 2>&1 | head -1`) aborted a rollout half way, its Lease still held
//! (issue 15). Progress and diagnostics are not worth stopping the work for: a failed write
//! is dropped. Data on stdout that must not be lost goes through
//! `cli::common::write_stdout`, which reports a closed pipe to its caller.

use std::io::Write;

/// Write `args` (and a newline) to stderr; a closed or broken stream is ignored.
pub fn stderr(args: std::fmt::Arguments<'_>, newline: bool) {
    let err = std::io::stderr();
    let mut err = err.lock();
    let _ = err.write_fmt(args);
    if newline {
        let _ = err.write_all(b"\n");
    }
}

/// Write `args` (and a newline) to stdout; a closed or broken stream is ignored.
pub fn stdout(args: std::fmt::Arguments<'_>, newline: bool) {
    let out = std::io::stdout();
    let mut out = out.lock();
    let _ = out.write_fmt(args);
    if newline {
        let _ = out.write_all(b"\n");
    }
    let _ = out.flush();
}
