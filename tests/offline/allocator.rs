//! The binary's allocator asks the kernel for no transparent huge pages (mimalloc's `no_thp`
//! feature; `Cargo.toml` says why): with THP advised on its arena, the first touch could wait
//! 14-49 ms for the kernel to compact memory into a 2 MiB page, in about one run in ten, for
//! commands that are otherwise done in 3 ms.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");

/// The one-letter state of a process (`R`, `S`...) from `/proc/PID/stat`.
fn state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may hold spaces: the state follows the last one.
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

/// No mapping of a running import carries the `hg` flag, which `madvise(MADV_HUGEPAGE)`
/// sets whatever the machine's THP mode (`VmFlags` in `/proc/PID/smaps`). The import waits on
/// its standard input, so its start-up allocations are made when it is looked at.
#[test]
fn no_mapping_is_advised_to_use_huge_pages() {
    if !std::path::Path::new("/proc/self/smaps").exists() {
        eprintln!("skipped: no /proc/PID/smaps on this system");
        return;
    }
    let mut child = Command::new(BIN)
        .args(["import", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run the plugin");
    let pid = child.id();
    // Asleep twice in a row, 20 ms apart: blocked on reading stdin, past its start-up.
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut asleep = 0;
    while asleep < 2 && Instant::now() < deadline {
        asleep = if state(pid) == Some('S') {
            asleep + 1
        } else {
            0
        };
        std::thread::sleep(Duration::from_millis(20));
    }
    let smaps = std::fs::read_to_string(format!("/proc/{pid}/smaps")).unwrap_or_default();
    // Let it finish: closing stdin gives it an empty spec, refused, which is not what is
    // tested here.
    drop(child.stdin.take());
    let _ = child.wait();
    assert_eq!(asleep, 2, "the import never waited on its stdin");
    assert!(smaps.contains("VmFlags:"), "no VmFlags in smaps:\n{smaps}");
    let advised: Vec<&str> = smaps
        .lines()
        .filter(|l| l.starts_with("VmFlags:") && l.split_whitespace().any(|f| f == "hg"))
        .collect();
    assert!(
        advised.is_empty(),
        "mappings advised to use huge pages: {advised:?}"
    );
}
