//! Issue 15.6 on every verb: a closed stderr or stdout (`2>&1 | head -1`) never turns into
//! a panic. Every `eprintln!`/`println!` in the crate goes through one writer that drops a
//! failed write (src/stdio.rs); std's own macros panicked (exit 101, or 134 in the release
//! build, which aborts on panic).

use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");

/// Run with stdout and stderr both pipes closed before the binary writes: its exit code.
fn exit_with_closed_streams(args: &[&str]) -> Option<i32> {
    let home = tempfile::tempdir().expect("tempdir");
    let mut child = Command::new(BIN)
        .args(args)
        .env_clear()
        .env("HOME", home.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    drop(child.stderr.take());
    child.wait().expect("wait").code()
}

#[test]
fn closed_streams_never_panic_on_any_verb() {
    // Progress lines (-v) and the YAML of every example.
    assert_eq!(
        exit_with_closed_streams(&["-v=1", "import", "examples"]),
        Some(0)
    );
    assert_eq!(exit_with_closed_streams(&["preview", "examples"]), Some(0));
    // Errors printed on a closed stderr: the exit code stays the error's.
    assert_eq!(
        exit_with_closed_streams(&["import", "no-such-file.vmx"]),
        Some(1)
    );
    assert_eq!(
        exit_with_closed_streams(&["roll", "status", "-l", "app=web"]),
        Some(1)
    );
    assert_eq!(exit_with_closed_streams(&["roll", "pause"]), Some(2));
    assert_eq!(exit_with_closed_streams(&["apply", "examples"]), Some(1));
    assert_eq!(exit_with_closed_streams(&["upload", "examples"]), Some(1));
}
