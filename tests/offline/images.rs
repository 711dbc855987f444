//! Disk sizes read from image headers, end to end through the real binary: a libvirt XML and
//! a Xen cfg that state no sizes, images written here (and, where `qemu-img` is installed,
//! made by it), `import`, `preview` and `assess` with and without `--images`.

use crate::support;

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");
const GIB: u64 = 1 << 30;

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("KUBECONFIG")
        .output()
        .expect("the built binary runs")
}

fn qcow2(size: u64) -> Vec<u8> {
    let mut h = vec![0u8; 104];
    h[..4].copy_from_slice(b"QFI\xfb");
    h[4..8].copy_from_slice(&3u32.to_be_bytes());
    h[24..32].copy_from_slice(&size.to_be_bytes());
    h
}

fn vhd_dynamic(size: u64) -> Vec<u8> {
    let mut f = vec![0u8; 512];
    f[..8].copy_from_slice(b"conectix");
    f[48..56].copy_from_slice(&size.to_be_bytes());
    f[60..64].copy_from_slice(&3u32.to_be_bytes());
    let mut image = f.clone();
    image.extend(vec![0u8; 1024]);
    image.extend(f);
    image
}

fn libvirt_xml(disks: &[(&str, &str, &str)]) -> String {
    let mut xml = String::from(
        "<domain type='kvm'><name>db01</name><memory unit='GiB'>4</memory><vcpu>2</vcpu>\
         <os><type arch='x86_64' machine='q35'>hvm</type></os><devices>",
    );
    for (dev, format, path) in disks {
        xml.push_str(&format!(
            "<disk type='file' device='disk'><driver name='qemu' type='{format}'/>\
             <source file='{path}'/><target dev='{dev}' bus='virtio'/></disk>"
        ));
    }
    xml.push_str("</devices></domain>\n");
    xml
}

/// The DataVolume templates of the import's only VM: (name suffix, storage, origin).
fn volumes(out: &Output) -> Vec<(String, String, Option<String>)> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: Value = serde_json::from_slice(&out.stdout).expect("JSON list");
    let vm = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["kind"] == "VirtualMachine")
        .expect("a VM");
    vm["spec"]["dataVolumeTemplates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["metadata"]["name"].as_str().unwrap().to_string(),
                t["spec"]["storage"]["resources"]["requests"]["storage"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                t["metadata"]["annotations"]["vmmigrate.io/disk-size-source"]
                    .as_str()
                    .map(str::to_string),
            )
        })
        .collect()
}

#[test]
fn libvirt_sizes_come_from_the_images_and_assess_stops_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("root.qcow2"), qcow2(40 * GIB)).unwrap();
    // A 500 GB sparse raw image: only its length is asked for.
    std::fs::File::create(d.join("data.img"))
        .unwrap()
        .set_len(500 * 1000 * 1000 * 1000)
        .unwrap();
    let root = d.join("root.qcow2").display().to_string();
    let xml = libvirt_xml(&[
        ("vda", "qcow2", &root),
        ("vdb", "raw", "data.img"),
        ("vdc", "qcow2", "/var/lib/libvirt/images/absent.qcow2"),
    ]);
    let spec = d.join("db01.xml");
    std::fs::write(&spec, xml).unwrap();
    let spec = spec.display().to_string();
    let started = std::time::Instant::now();
    let out = run(&["import", &spec, "-o", "json"]);
    // Reading the 500 GB image's data would take minutes: a guard, not a speed check, with
    // room for a loaded machine (issue 25).
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    let got = volumes(&out);
    let sizes: Vec<(&str, Option<&str>)> = got
        .iter()
        .map(|(_, size, origin)| (size.as_str(), origin.as_deref()))
        .collect();
    assert_eq!(
        sizes,
        [
            ("40Gi", Some("image-header:qcow2")),
            ("488281250Ki", Some("image-header:raw")),
            ("10Gi", None),
        ]
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("disk vdc: capacity unknown"), "{stderr}");
    assert!(!stderr.contains("disk vda: capacity unknown"), "{stderr}");
    // The hint to read the size elsewhere stays only for the disk without an image.
    assert!(
        stderr.contains("disk vdc: libvirt XML does not record"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("disk vda: libvirt XML does not record"),
        "{stderr}"
    );

    // Every object still passes the schemas and admission.
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let objects = list["items"].as_array().unwrap().clone();
    if let Some(problems) = support::check_objects("libvirt_sizes_from_images", &objects) {
        assert!(problems.is_empty(), "{problems:?}");
    }

    // assess: only the disk without an image is still unknown.
    let out = run(&["assess", &spec, "-o", "json"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("disk-capacity-unknown").count(), 1, "{text}");
    assert!(text.contains("vdc"), "{text}");

    // preview totals the sizes read.
    let out = run(&["preview", &spec]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.is_empty());
}

#[test]
fn xen_images_are_found_under_images_folders_by_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("specs")).unwrap();
    std::fs::create_dir_all(d.join("store/a")).unwrap();
    std::fs::write(d.join("store/a/web-root.vhd"), vhd_dynamic(30 * GIB)).unwrap();
    let cfg = "name = 'web'\nmemory = 2048\nvcpus = 2\nbuilder = 'hvm'\n\
               disk = [ 'format=vhd, vdev=xvda, access=rw, target=/srv/xen/web-root.vhd' ]\n";
    let spec = d.join("specs/web.cfg");
    std::fs::write(&spec, cfg).unwrap();
    let spec = spec.display().to_string();
    let store = d.join("store").display().to_string();

    let without = volumes(&run(&["import", &spec, "-o", "json"]));
    assert_eq!(without[0].1, "10Gi");
    assert_eq!(without[0].2, None);

    let out = run(&["import", &spec, "--images", &store, "-o", "json"]);
    let with = volumes(&out);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("xl.cfg does not record"),
        "a stale hint: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(with[0].1, "30Gi");
    assert_eq!(with[0].2.as_deref(), Some("image-header:vhd"));

    // The flag takes folders only.
    let out = run(&["import", &spec, "--images", &spec]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a folder"));
    for sub in ["preview", "assess"] {
        let out = run(&[sub, &spec, "--images", &store]);
        assert!(
            out.status.success(),
            "{sub}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// `qemu-img info`'s virtual size for an image of a known format (a fixed VHD probes as
/// raw: its header is a footer, at the end).
fn qemu_virtual_size(path: &Path, format: &str) -> u64 {
    let out = Command::new("qemu-img")
        .args(["info", "--output=json", "-f", format])
        .arg(path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let info: Value = serde_json::from_slice(&out.stdout).unwrap();
    info["virtual-size"].as_u64().unwrap()
}

#[test]
fn sizes_match_qemu_img_for_images_it_creates() {
    let test = "sizes_match_qemu_img_for_images_it_creates";
    if Command::new("qemu-img").arg("--version").output().is_err() {
        support::skip_or_fail(test, "qemu-img is not on PATH");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // (file, qemu-img format, options, libvirt driver type)
    let cases = [
        ("a.qcow2", "qcow2", "compat=0.10", "qcow2"),
        ("b.qcow2", "qcow2", "compat=1.1", "qcow2"),
        ("c.vmdk", "vmdk", "subformat=monolithicSparse", "vmdk"),
        ("d.vmdk", "vmdk", "subformat=streamOptimized", "vmdk"),
        ("e.vmdk", "vmdk", "subformat=monolithicFlat", "vmdk"),
        ("f.vdi", "vdi", "", "vdi"),
        ("g.vhd", "vpc", "subformat=dynamic", "vpc"),
        ("h.vhd", "vpc", "subformat=fixed", "vpc"),
        ("i.vhdx", "vhdx", "", "vhdx"),
        ("j.img", "raw", "", "raw"),
    ];
    let devs = [
        "vda", "vdb", "vdc", "vdd", "vde", "vdf", "vdg", "vdh", "vdi", "vdj",
    ];
    let mut disks = Vec::new();
    let mut expected = Vec::new();
    for (i, (file, format, options, driver)) in cases.iter().enumerate() {
        let path = d.join(file);
        // Sizes qemu-img may round (VHD geometry): compare with what it reports.
        let size = format!("{}M", 100 + i * 7);
        let mut cmd = Command::new("qemu-img");
        cmd.args(["create", "-q", "-f", format]);
        if !options.is_empty() {
            cmd.args(["-o", options]);
        }
        let status = cmd.arg(&path).arg(&size).status().unwrap();
        assert!(status.success(), "qemu-img create {file}");
        expected.push(qemu_virtual_size(&path, format));
        disks.push((devs[i], *driver, file.to_string()));
    }
    let disks: Vec<(&str, &str, &str)> = disks
        .iter()
        .map(|(dev, driver, file)| (*dev, *driver, file.as_str()))
        .collect();
    let spec = d.join("qemu.xml");
    std::fs::write(&spec, libvirt_xml(&disks)).unwrap();
    let got = volumes(&run(&["import", &spec.display().to_string(), "-o", "json"]));
    for ((file, ..), ((_, size, origin), want)) in cases.iter().zip(got.iter().zip(&expected)) {
        assert_eq!(
            parse_quantity(size),
            *want,
            "{file}: {size} vs qemu-img's {want}"
        );
        assert!(
            origin
                .as_deref()
                .is_some_and(|o| o.starts_with("image-header:")),
            "{file}: {origin:?}"
        );
    }
}

/// Bytes of a quantity the generator writes (`40Gi`, `100Mi`, plain bytes).
fn parse_quantity(q: &str) -> u64 {
    for (suffix, shift) in [("Ki", 10), ("Mi", 20), ("Gi", 30), ("Ti", 40)] {
        if let Some(n) = q.strip_suffix(suffix) {
            return n.parse::<u64>().unwrap() << shift;
        }
    }
    q.parse().unwrap()
}

#[test]
fn devices_and_fifos_named_as_images_are_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fifo = d.join("pipe.img");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        support::skip_or_fail("devices_and_fifos_named_as_images", "mkfifo failed");
        return;
    }
    let xml = libvirt_xml(&[("vda", "raw", "/dev/zero"), ("vdb", "raw", "pipe.img")]);
    let spec = d.join("hostile.xml");
    std::fs::write(&spec, xml).unwrap();
    let mut child = Command::new(BIN)
        .args(["import", &spec.display().to_string(), "-o", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Opening the FIFO would block forever: the import must end on its own.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().ok();
            panic!("import hung on a FIFO named as a disk image");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let got = volumes(&out);
    assert!(
        got.iter()
            .all(|(_, size, origin)| size == "10Gi" && origin.is_none()),
        "{got:?}"
    );
}
