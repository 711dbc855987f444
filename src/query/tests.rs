//! Every operator against every field type, and the errors' columns.

use super::fields::{Field, FieldType, Subject, ALL};
use super::*;
use crate::guest::{Distro, OsFamily, Version};
use crate::model::{Disk, DiskBus, FirmwareKind, Nic, SourceFormat, SourceRef, Tpm, VmSpec};

/// A Linux VM: 4 vCPUs, 8Gi, EFI + Secure Boot, a TPM, two disks (40Gi + unknown) on
/// ds-gold and ds-silver, two NICs on prod and backup.
fn linux() -> VmSpec {
    let mut vm = VmSpec::new(
        SourceRef {
            format: SourceFormat::Vmx,
            file: "exports/db01.vmx".into(),
            index: None,
        },
        "DB01",
    );
    vm.guest_os.family = OsFamily::Linux;
    vm.guest_os.distro = Some(Distro::Ubuntu);
    vm.guest_os.version = Some(Version::of(22, 4));
    vm.guest_os.source_id = Some("ubuntu-64".into());
    vm.cpu.sockets = 2;
    vm.cpu.cores = 2;
    vm.memory.bytes = 8 << 30;
    vm.firmware.kind = FirmwareKind::Uefi;
    vm.firmware.secure_boot = true;
    vm.tpm = Some(Tpm {
        version: Some("2.0".into()),
        passthrough: false,
    });
    let mut disk = Disk::new("scsi0:0", DiskBus::Scsi);
    disk.capacity_bytes = Some(40 << 30);
    disk.storage = Some("ds-gold".into());
    let mut other = Disk::new("scsi0:1", DiskBus::Scsi);
    other.storage = Some("ds-silver".into());
    vm.disks = vec![disk, other];
    let mut prod = Nic::new("ethernet0");
    prod.network = Some("prod".into());
    prod.mac = Some("00:50:56:AA:BB:01".into());
    let mut backup = Nic::new("ethernet1");
    backup.network = Some("backup".into());
    vm.nics = vec![prod, backup];
    vm
}

/// A Windows VM with nothing known beyond its name.
fn bare() -> VmSpec {
    let mut vm = VmSpec::new(
        SourceRef {
            format: SourceFormat::Ovf,
            file: "win.ovf".into(),
            index: Some(0),
        },
        "win",
    );
    vm.guest_os.family = OsFamily::Windows;
    vm
}

fn holds(expr: &str, vm: &VmSpec) -> bool {
    let query = Query::parse(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
    let assessments = crate::assess::assess(std::slice::from_ref(vm), &[], &[]);
    query.matches(&Subject {
        spec: vm,
        name: "db01",
        assessment: assessments.first(),
    })
}

fn error(expr: &str) -> QueryError {
    match Query::parse(expr) {
        Ok(q) => panic!("{expr} parsed: {q:?}"),
        Err(e) => e,
    }
}

#[test]
fn text_fields_compare_exactly_and_by_glob_and_regex() {
    let vm = linux();
    assert!(holds("name = db01", &vm));
    assert!(holds("source-name = 'DB01'", &vm));
    assert!(!holds("source-name = db01", &vm), "text is case-sensitive");
    assert!(holds("source-name != db01", &vm));
    assert!(holds("file like 'exports/*.vmx'", &vm));
    assert!(holds("file like 'exports/db0?.vmx'", &vm));
    assert!(!holds("file like '*.ovf'", &vm));
    assert!(holds("file not like '*.ovf'", &vm));
    assert!(holds("source-name ~= '^DB[0-9]+$'", &vm));
    assert!(!holds("source-name ~= '^db'", &vm));
    assert!(holds("name in (web01, db01)", &vm));
    assert!(!holds("name in (web01)", &vm));
    assert!(holds("name not in (web01)", &vm));
    assert!(holds("guest-id = ubuntu-64", &vm));
}

#[test]
fn keywords_ignore_case() {
    let vm = linux();
    assert!(holds("guest-family = Linux", &vm));
    assert!(holds("guest-family = linux and format = VMX", &vm));
    assert!(holds("guest-distro = ubuntu", &vm));
    assert!(holds("guest-distro like 'UBU*'", &vm));
    assert!(holds("guest-family ~= '^LIN'", &vm));
    assert!(holds("firmware = efi", &vm));
    assert!(holds("status in (ready, warnings, blocked)", &vm));
    assert!(!holds("guest-distro = ubuntu", &bare()), "no distro: empty");
    assert!(holds("guest-distro != ubuntu", &bare()));
}

#[test]
fn numbers_sizes_and_versions_order() {
    let vm = linux();
    for (expr, expected) in [
        ("cpus = 4", true),
        ("cpus != 4", false),
        ("cpus < 4", false),
        ("cpus <= 4", true),
        ("cpus > 3", true),
        ("cpus >= 5", false),
        ("cpus in (1, 2, 4)", true),
        ("memory >= 8Gi", true),
        ("memory > 8Gi", false),
        ("memory = 8589934592", true),
        ("memory < 9G", true),
        ("disk-size = 40Gi", true),
        ("disk-count = 2", true),
        ("nic-count >= 2", true),
        ("guest-version >= 22.04", true),
        ("guest-version > 22", true),
        ("guest-version < 9.1", false),
        ("guest-version = 22.4", true),
        ("guest-version in (20.04, 22.04)", true),
    ] {
        assert_eq!(holds(expr, &vm), expected, "{expr}");
    }
    // An unknown value is neither more nor less than anything, but differs from everything.
    let bare = bare();
    assert!(!holds("memory < 1Gi", &bare));
    assert!(!holds("memory >= 1Gi", &bare));
    assert!(holds("memory != 1Gi", &bare));
    assert!(!holds("guest-version >= 1", &bare));
    assert!(!holds("guest-version < 1000", &bare));
}

#[test]
fn booleans_compare_and_stand_alone() {
    let vm = linux();
    assert!(holds("secure-boot", &vm));
    assert!(holds("secure-boot = true", &vm));
    assert!(holds("tpm and secure-boot", &vm));
    assert!(holds("tpm = yes", &vm));
    assert!(!holds("tpm = false", &vm));
    assert!(holds("not tpm", &bare()));
    assert!(holds("tpm != true", &bare()));
}

#[test]
fn lists_match_when_any_element_does() {
    let vm = linux();
    assert!(holds("networks = prod", &vm));
    assert!(holds("networks = backup", &vm));
    assert!(!holds("networks = dmz", &vm));
    assert!(holds("networks != dmz", &vm));
    assert!(
        !holds("networks != prod", &vm),
        "!= on a list: no element equals"
    );
    assert!(holds("networks in (dmz, backup)", &vm));
    assert!(holds("networks like 'pr*'", &vm));
    assert!(holds("networks ~= 'ack'", &vm));
    assert!(holds("datastores = ds-gold", &vm));
    assert!(holds("macs = 00:50:56:aa:bb:01", &vm), "MACs ignore case");
    assert!(holds("macs like '00:50:56:*'", &vm));
    assert!(!holds("networks = prod", &bare()));
    assert!(holds("networks != prod", &bare()));
    // The second disk has no stated size: concerns come from the assessment.
    assert!(holds("concerns = disk-capacity-unknown", &vm));
    assert!(holds("concerns like 'disk-*'", &vm));
    let status = crate::assess::assess(std::slice::from_ref(&vm), &[], &[])[0].status;
    assert!(
        holds(&format!("status = {}", status.as_str()), &vm),
        "status is a keyword"
    );
    assert!(!holds(&format!("status != {}", status.as_str()), &vm));
    assert!(!holds("concerns = disk-capacity-unknown", &bare()));
}

#[test]
fn and_binds_tighter_than_or_and_parentheses_override() {
    let vm = linux();
    // false and false or true
    assert!(holds("cpus = 1 and cpus = 2 or cpus = 4", &vm));
    // false and (false or true)
    assert!(!holds("cpus = 1 and (cpus = 2 or cpus = 4)", &vm));
    assert!(holds("not (cpus = 1 or cpus = 2)", &vm));
    assert!(holds("not not tpm", &vm));
    assert!(holds("guest-family = linux and cpus < 8 and datastores = ds-gold and not name like '*db*' or tpm", &vm));
    assert!(!holds(
        "guest-family = linux and cpus < 8 and datastores = ds-gold and not (name like '*db*')",
        &vm
    ));
    assert!(
        holds("GUEST_FAMILY = linux AND CPUS < 8", &vm),
        "keywords and field names fold case"
    );
}

#[test]
fn errors_point_at_the_fault() {
    let e = error("cpus >> 4");
    assert_eq!(e.column, 7);
    assert!(e.message.contains("expected a value after '>'"), "{e}");
    assert_eq!(e.to_string().lines().nth(2), Some("        ^"));
    assert_eq!(e.to_string().lines().nth(1), Some("  cpus >> 4"));
    let cases = [
        ("cpu = 4", 1, "unknown field 'cpu'"),
        ("memory >= lots", 11, "memory is a size"),
        ("cpus = 4x", 8, "whole number"),
        ("name < b", 6, "'<' compares numbers"),
        ("cpus like 4", 6, "matches text"),
        ("cpus ~= 4", 6, "matches text"),
        ("tpm = maybe", 7, "true or false"),
        ("guest-version > new", 17, "is a version"),
        ("name ~= '('", 9, "not a regular expression"),
        ("(cpus = 4", 10, "expected ')' to close the '(' at column 1"),
        ("cpus = 4 tpm", 10, "expected 'and', 'or' or the end"),
        ("cpus 4", 6, "expected an operator"),
        ("name in web", 9, "expected '(' after 'in'"),
        ("name in (a b)", 12, "expected ',' or ')'"),
        ("name = 'open", 8, "unterminated"),
        ("", 1, "empty expression"),
        ("cpus = 4 and", 13, "expected a field name, found the end"),
        ("name = a; drop", 9, "unexpected character ';'"),
    ];
    for (expr, column, message) in cases {
        let e = error(expr);
        assert_eq!(
            (e.column, e.message.contains(message)),
            (column, true),
            "{expr}: {e}"
        );
    }
}

#[test]
fn sizes_take_kubernetes_suffixes() {
    assert_eq!(parse_size("8Gi"), Some(8 << 30));
    assert_eq!(parse_size("500M"), Some(500_000_000));
    assert_eq!(parse_size("1024"), Some(1024));
    assert_eq!(parse_size("1.5Gi"), None);
    assert_eq!(
        parse_size("99999999999Ei"),
        None,
        "overflow is refused, not wrapped"
    );
}

#[test]
fn every_field_has_a_type_and_reads_a_value() {
    let vm = linux();
    let subject = Subject {
        spec: &vm,
        name: "db01",
        assessment: None,
    };
    for field in ALL {
        assert_eq!(Field::lookup(field.name()), Some(field));
        let value = field.value(&subject);
        let fits = matches!(
            (field.kind(), &value),
            (FieldType::Text | FieldType::Keyword, fields::Value::Text(_))
                | (FieldType::Int, fields::Value::Int(_))
                | (FieldType::Size, fields::Value::Size(_))
                | (FieldType::Version, fields::Value::Version(_))
                | (FieldType::Bool, fields::Value::Bool(_))
                | (
                    FieldType::TextList | FieldType::KeywordList,
                    fields::Value::List(_)
                )
        );
        assert!(fits, "{}: {value:?}", field.name());
    }
    assert_eq!(Field::Memory.value(&subject).display(), "8Gi");
    assert_eq!(Field::Networks.value(&subject).display(), "prod,backup");
    assert_eq!(Field::GuestVersion.value(&subject).display(), "22.4");
}

fn named(names: &[&str]) -> Vec<VmSpec> {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let mut vm = linux();
            vm.name = n.to_string();
            vm.cpu.sockets = u32::try_from(i % 3 + 1).unwrap_or(1);
            vm.cpu.cores = 1;
            vm
        })
        .collect()
}

fn names_of(vms: &[VmSpec]) -> Vec<String> {
    vms.iter().map(|v| v.name.clone()).collect()
}

#[test]
fn selection_filters_orders_and_limits() {
    let vms = named(&["a", "b", "c", "d", "e"]); // cpus 1 2 3 1 2
    let lower = |vm: &VmSpec| vm.name.to_lowercase();
    let mut selection = Selection {
        filter: Some(Query::parse("cpus >= 2").unwrap()),
        ..Selection::default()
    };
    assert_eq!(
        names_of(&selection.apply(vms.clone(), lower)),
        ["b", "c", "e"]
    );
    selection.order = OrderBy::parse("cpus desc, name").unwrap().0;
    assert_eq!(
        names_of(&selection.apply(vms.clone(), lower)),
        ["c", "b", "e"]
    );
    selection.order = OrderBy::parse("cpus asc").unwrap().0;
    selection.limit = Some(2);
    assert_eq!(names_of(&selection.apply(vms.clone(), lower)), ["b", "e"]);
    let by_name = Selection {
        names: vec!["d".into(), "a".into()],
        ..Selection::default()
    };
    assert_eq!(names_of(&by_name.apply(vms.clone(), lower)), ["a", "d"]);
    let mut taken = 0;
    let limited = Selection {
        limit: Some(3),
        ..Selection::default()
    };
    let first = limited.apply_batch(vms[..2].to_vec(), lower, &mut taken);
    let second = limited.apply_batch(vms[2..].to_vec(), lower, &mut taken);
    assert_eq!(
        (names_of(&first), names_of(&second)),
        (vec!["a".to_string(), "b".into()], vec!["c".to_string()])
    );
}

#[test]
fn order_by_errors_point_at_the_fault() {
    assert!(OrderBy::parse("memory desc").is_ok());
    let e = OrderBy::parse("memory down").unwrap_err();
    assert_eq!(e.column, 8);
    let e = OrderBy::parse("size").unwrap_err();
    assert_eq!(e.column, 1);
}

proptest::proptest! {
    /// Any text, including every operator character and keyword in any order, parses or
    /// fails with a column inside the text (or just past it); it never panics.
    #[test]
    fn any_text_parses_or_points_inside_it(
        text in "[a-z0-9 ()'\",=!<>~*?.-]{0,40}|((cpus|name|tpm|networks|memory|and|or|not|in|like|=|!=|<|>=|~=|\\(|\\)|,|4|8Gi|'x') ){0,12}"
    ) {
        match Query::parse(&text) {
            Ok(query) => {
                let vm = linux();
                let _ = query.matches(&Subject { spec: &vm, name: "db01", assessment: None });
            }
            Err(err) => proptest::prop_assert!(err.column >= 1 && err.column <= text.chars().count() + 1, "{err}"),
        }
        let _ = OrderBy::parse(&text);
        let _ = super::complete::expression(&text);
    }
}
