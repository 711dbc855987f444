//! The mapping assistant (`import --interactive`) driven through a real pseudo-terminal
//! (rexpect), and its refusal to prompt without one.

use std::path::PathBuf;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const EXISTING: &str = "# Hand-written mapping; the assistant must keep this comment.\nnamespace: demo\nnetworks:\n  # the office LAN\n  - source: \"VM Network\"\n    to: pod\n";

/// Types into the terminal. rexpect buffers writes until a newline; keys must go now.
fn key(session: &mut rexpect::session::PtySession, text: &str) {
    session.send(text).unwrap();
    session.flush().unwrap();
}

/// Generous guard against a hang; never an assertion about speed.
const HANG_GUARD_MS: u64 = 120_000;

#[test]
fn the_assistant_asks_on_a_terminal_shows_the_rules_and_saves_them() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("mapping.yaml");
    std::fs::write(&map, EXISTING).unwrap();
    let mut command = Command::new(BIN);
    command
        .args(["import", "--interactive", "--map"])
        .arg(&map)
        .arg("examples/vmware")
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut session = rexpect::session::spawn_command(command, Some(HANG_GUARD_MS)).unwrap();

    session
        .exp_string("1 network(s) and 1 datastore(s) are not in")
        .unwrap();
    session
        .exp_string("Source network \"Backup-VLAN120\"")
        .unwrap();
    session.exp_string("ignore (not carried over)").unwrap();
    // One key at a time, each after the screen answered the previous one: keys that arrive
    // together are read as one.
    key(&mut session, "j");
    session
        .exp_string("> Multus network (namespace/name)")
        .unwrap();
    key(&mut session, "\r");
    session
        .exp_string("Multus network (namespace/name): ")
        .unwrap();
    // A bad answer is refused with the reason and asked again.
    key(&mut session, "backup\r");
    session.exp_string("error: write namespace/name").unwrap();
    session
        .exp_string("Multus network (namespace/name): ")
        .unwrap();
    key(&mut session, "nets/backup\r");

    session
        .exp_string("Storage class for disks on controller \"pvscsi\" without a datastore (empty: cluster default): ")
        .unwrap();
    key(&mut session, "ceph-rbd\r");
    session
        .exp_string("ReadWriteMany (live migration)")
        .unwrap();
    key(&mut session, "j");
    session.exp_string("> ReadWriteOnce").unwrap();
    key(&mut session, "j");
    session
        .exp_string("> ReadWriteMany (live migration)")
        .unwrap();
    key(&mut session, "\r");

    session.exp_string("Rules to add to").unwrap();
    session.exp_string("to: {multus: nets/backup}").unwrap();
    session.exp_string("accessMode: ReadWriteMany").unwrap();
    session.exp_string("Save them to").unwrap();
    key(&mut session, "y");
    session.exp_string("saved 2 rule(s)").unwrap();
    // The manifests use the answers.
    session.exp_string("storageClassName: ceph-rbd").unwrap();
    session.exp_string("networkName: nets/backup").unwrap();
    session.exp_eof().unwrap();

    let saved = std::fs::read_to_string(&map).unwrap();
    assert!(
        saved.starts_with(EXISTING),
        "the user's text changed:\n{saved}"
    );
    assert!(
        saved.contains("  - source: \"Backup-VLAN120\"\n    to: {multus: nets/backup}\n"),
        "{saved}"
    );
    assert!(saved.contains("storage:\n  - controller: \"pvscsi\"\n    storageClass: \"ceph-rbd\"\n    accessMode: ReadWriteMany\n"), "{saved}");

    // The saved file now covers everything: a plain run needs no questions.
    let out = Command::new(BIN)
        .args(["import", "-o", "name", "--map"])
        .arg(&map)
        .arg("examples/vmware")
        .current_dir(repo())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn without_a_terminal_it_never_prompts_and_lists_everything_unmapped() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("mapping.yaml");
    std::fs::write(&map, EXISTING).unwrap();
    let out = Command::new(BIN)
        .args(["import", "--interactive", "--map"])
        .arg(&map)
        .arg("examples")
        .current_dir(repo())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("choose where they go"), "{err}");
    assert!(err.contains("7 item(s) not covered"), "{err}");
    for item in [
        "\"Backup-VLAN120\"",
        "\"Frontend\"",
        "\"Storage-NFS\"",
        "\"pvscsi\"",
        "\"lsilogic\"",
    ] {
        assert!(err.contains(item), "{item} missing:\n{err}");
    }
    assert_eq!(std::fs::read_to_string(&map).unwrap(), EXISTING);

    // --interactive needs a file to save to.
    let usage = Command::new(BIN)
        .args(["import", "--interactive", "examples"])
        .current_dir(repo())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(usage.status.code(), Some(2));
}
