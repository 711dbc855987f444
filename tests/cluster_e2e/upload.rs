//! `apply --upload` and `upload` against the test cluster's CDI upload path
//! (`vmmigrate_testcluster::upload_proxy`): an OVA's two disks (read in place from the
//! archive, checked against its manifest) and a qcow2 image named by a libvirt spec, with a
//! connection drop injected mid-stream; the bytes the proxy received equal the images; a
//! rerun after Ctrl-C uploads only what is missing; bad input (a truncated archive, a missing
//! image, a manifest digest that does not match) is refused or reported; a split sparse VMDK
//! beside a .vmx is converted on the fly and arrives as qemu-img's raw conversion of it; a
//! proxy with a self-signed certificate is refused unless `--insecure` is given.

use crate::apply_env::*;
use sha2::Digest;
use std::path::{Path, PathBuf};
use std::time::Duration;

const OVF: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"
  xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData">
  <References>
    <File ovf:id="f1" ovf:href="app-disk1.vmdk"/>
    <File ovf:id="f2" ovf:href="app-disk2.img"/>
  </References>
  <DiskSection><Info>Disks</Info>
    <Disk ovf:diskId="d1" ovf:fileRef="f1" ovf:capacity="2" ovf:capacityAllocationUnits="byte * 2^20"/>
    <Disk ovf:diskId="d2" ovf:fileRef="f2" ovf:capacity="2" ovf:capacityAllocationUnits="byte * 2^20"/>
  </DiskSection>
  <VirtualSystem ovf:id="app"><Info>VM</Info><Name>app</Name>
    <VirtualHardwareSection><Info>HW</Info>
      <Item><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>1</rasd:VirtualQuantity></Item>
      <Item><rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>512</rasd:VirtualQuantity></Item>
      <Item><rasd:InstanceID>3</rasd:InstanceID><rasd:ResourceType>6</rasd:ResourceType></Item>
      <Item><rasd:AddressOnParent>0</rasd:AddressOnParent><rasd:HostResource>ovf:/disk/d1</rasd:HostResource><rasd:InstanceID>4</rasd:InstanceID><rasd:Parent>3</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
      <Item><rasd:AddressOnParent>1</rasd:AddressOnParent><rasd:HostResource>ovf:/disk/d2</rasd:HostResource><rasd:InstanceID>5</rasd:InstanceID><rasd:Parent>3</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
    </VirtualHardwareSection>
  </VirtualSystem>
</Envelope>
"#;

/// The simulator with CDI's upload path on.
fn upload_sim() -> vmmigrate_testcluster::simulator::SimConfig {
    vmmigrate_testcluster::simulator::SimConfig {
        cdi_upload: true,
        ..fast_sim()
    }
}

/// Deterministic, incompressible-looking bytes.
fn pattern(len: usize, seed: u32) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2_654_435_761).max(1);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 8) as u8
        })
        .collect()
}

fn qemu_img(args: &[&str]) -> bool {
    std::process::Command::new("qemu-img")
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn sha256(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// An OVA whose first disk is a streamOptimized VMDK made by qemu-img (a raw image when
/// qemu-img is missing) and second a raw image, with a SHA256 manifest. Returns the OVA and
/// the members' bytes.
fn build_ova(dir: &Path) -> (PathBuf, Vec<u8>, Vec<u8>) {
    let raw1 = dir.join("raw1.img");
    std::fs::write(&raw1, pattern(1 << 20, 1)).unwrap();
    let vmdk = dir.join("disk1.vmdk");
    let disk1 = if qemu_img(&[
        "convert",
        "-f",
        "raw",
        "-O",
        "vmdk",
        "-o",
        "subformat=streamOptimized",
        raw1.to_str().unwrap(),
        vmdk.to_str().unwrap(),
    ]) {
        std::fs::read(&vmdk).unwrap()
    } else {
        pattern(1 << 20, 1)
    };
    let disk2 = pattern(768 * 1024, 2);
    let mf = format!(
        "SHA256(app.ovf)= {}\nSHA256(app-disk1.vmdk)= {}\nSHA256(app-disk2.img)= {}\n",
        sha256(OVF.as_bytes()),
        sha256(&disk1),
        sha256(&disk2)
    );
    let mut tar = tar::Builder::new(Vec::new());
    for (name, data) in [
        ("app.ovf", OVF.as_bytes()),
        ("app-disk1.vmdk", &disk1[..]),
        ("app-disk2.img", &disk2[..]),
        ("app.mf", mf.as_bytes()),
    ] {
        let mut h = tar::Header::new_ustar();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        tar.append_data(&mut h, name, data).unwrap();
    }
    let ova = dir.join("app.ova");
    std::fs::write(&ova, tar.into_inner().unwrap()).unwrap();
    (ova, disk1, disk2)
}

/// A libvirt domain whose one disk is a qcow2 image beside it; returns the spec and image.
fn build_libvirt(dir: &Path) -> Option<(PathBuf, Vec<u8>)> {
    let raw = dir.join("raw3.img");
    std::fs::write(&raw, pattern(1 << 20, 3)).unwrap();
    let qcow2 = dir.join("db01.qcow2");
    if !qemu_img(&[
        "convert",
        "-f",
        "raw",
        "-O",
        "qcow2",
        raw.to_str()?,
        qcow2.to_str()?,
    ]) {
        return None;
    }
    let xml = format!(
        "<domain type='kvm'><name>db01</name><memory unit='MiB'>512</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os><devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{}'/><target dev='vda' bus='virtio'/></disk></devices></domain>",
        qcow2.display()
    );
    let spec = dir.join("db01.xml");
    std::fs::write(&spec, xml).unwrap();
    Some((spec, std::fs::read(&qcow2).ok()?))
}

/// The DataVolume names of a VM, in template order.
fn dv_names(e: &Env, vm: &str) -> Vec<String> {
    let vm = e.vm(vm).expect("vm applied");
    vm["spec"]["dataVolumeTemplates"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["metadata"]["name"].as_str().map(str::to_string))
        .collect()
}

fn dv(e: &Env, name: &str) -> serde_json::Value {
    e.cluster
        .object("cdi.kubevirt.io", "datavolumes", "default", name)
        .expect("datavolume")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_upload_wait_takes_an_ova_and_a_qcow2_through_a_dropped_connection() {
    let e = env(true).await;
    let _sim = vmmigrate_testcluster::simulator::Simulator::start(e.cluster.client(), upload_sim());
    let proxy = e.cluster.start_upload_proxy().await.expect("upload proxy");
    let (ova, disk1, disk2) = build_ova(e.dir.path());
    let Some((xml, qcow2)) = build_libvirt(e.dir.path()) else {
        eprintln!("qemu-img missing: skipped");
        return;
    };
    // The first upload to pass 100 KB loses its connection.
    proxy.drop_after(100 * 1024, 1);
    let (ova_s, xml_s, kc) = (ova.clone(), xml.clone(), e.kubeconfig.clone());
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(BIN)
            .args([
                "apply",
                ova_s.to_str().unwrap(),
                xml_s.to_str().unwrap(),
                "--upload",
                "--wait",
                "--timeout",
                "60s",
                "--yes",
                "--parallel",
                "2",
                "--kubeconfig",
            ])
            .arg(&kc)
            .env_remove("KUBECONFIG")
            .output()
            .expect("plugin runs")
    })
    .await
    .unwrap();
    let (so, se) = (stdout(&out), stderr(&out));
    assert!(out.status.success(), "stdout:\n{so}\nstderr:\n{se}");
    assert!(
        se.contains("CDI's upload server cannot resume a broken upload: restarting"),
        "{se}"
    );
    let app = dv_names(&e, "app");
    let db = dv_names(&e, "db01");
    assert_eq!((app.len(), db.len()), (2, 1), "{app:?} {db:?}");
    for name in app.iter().chain(&db) {
        assert!(
            so.contains(&format!("datavolume.cdi.kubevirt.io/{name} uploaded")),
            "{so}"
        );
    }
    // The bytes: the OVA's members as they sit in the archive, the qcow2 file as it is.
    assert_eq!(
        proxy.received("default", &app[0]).as_deref(),
        Some(&disk1[..])
    );
    assert_eq!(
        proxy.received("default", &app[1]).as_deref(),
        Some(&disk2[..])
    );
    assert_eq!(
        proxy.received("default", &db[0]).as_deref(),
        Some(&qcow2[..])
    );
    let d = dv(&e, &app[1]);
    assert_eq!(
        d["metadata"]["annotations"]["vmmigrate.io/uploaded-sha256"],
        sha256(&disk2)
    );
    assert!(se.contains("SHA256 matches"), "{se}");
    let attempts = proxy.attempts();
    assert_eq!(
        attempts.iter().filter(|a| a.dropped).count(),
        1,
        "{attempts:?}"
    );
    assert_eq!(
        attempts.iter().filter(|a| a.status == 200).count(),
        3,
        "{attempts:?}"
    );
    // --wait saw the VMs Ready.
    assert!(e.vmi("app").is_some() && e.vmi("db01").is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rerun_after_ctrl_c_uploads_only_what_is_missing() {
    let e = env(true).await;
    let _sim = vmmigrate_testcluster::simulator::Simulator::start(e.cluster.client(), upload_sim());
    let proxy = e.cluster.start_upload_proxy().await.expect("upload proxy");
    let (ova, _disk1, disk2) = build_ova(e.dir.path());
    let ova_s = ova.to_str().unwrap().to_string();
    let applied = e.run(&["apply", &ova_s, "--yes"]);
    assert!(applied.status.success(), "{}", stderr(&applied));
    let app = dv_names(&e, "app");
    // Slow enough that the second disk is still on its way when the first is done.
    proxy.throttle(256 * 1024);
    let mut child = std::process::Command::new(BIN)
        .args(["upload", &ova_s, "--parallel", "1", "--kubeconfig"])
        .arg(&e.kubeconfig)
        .env_remove("KUBECONFIG")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("plugin runs");
    e.until(Duration::from_secs(30), "the first disk uploaded", |e| {
        let d = e
            .cluster
            .object("cdi.kubevirt.io", "datavolumes", "default", &app[0])?;
        (d["status"]["phase"] == "Succeeded").then_some(())
    })
    .await;
    // The second disk is on its way (256 KiB/s: about 3 s for its 768 KiB).
    tokio::time::sleep(Duration::from_millis(500)).await;
    // Ctrl-C: the uploads in flight stop, exit 4 (Aborted).
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill -INT");
    assert!(interrupted.success());
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(4), "Ctrl-C exits with Aborted");
    assert!(
        proxy.received("default", &app[1]).is_none(),
        "the second disk finished before the kill"
    );
    proxy.throttle(0);
    // --uploadproxy-url instead of CDIConfig's (the same proxy here).
    let rerun = e.run(&["upload", &ova_s, "--uploadproxy-url", proxy.url()]);
    let (so, se) = (stdout(&rerun), stderr(&rerun));
    assert!(rerun.status.success(), "stdout:\n{so}\nstderr:\n{se}");
    assert!(
        so.contains(&format!(
            "datavolume.cdi.kubevirt.io/{} unchanged (already Succeeded)",
            app[0]
        )),
        "{so}"
    );
    assert!(
        so.contains(&format!("datavolume.cdi.kubevirt.io/{} uploaded", app[1])),
        "{so}"
    );
    assert_eq!(
        proxy.received("default", &app[1]).as_deref(),
        Some(&disk2[..])
    );
    let completed: Vec<_> = proxy
        .attempts()
        .into_iter()
        .filter(|a| a.status == 200)
        .map(|a| a.pvc)
        .collect();
    assert_eq!(
        completed,
        vec![app[0].clone(), app[1].clone()],
        "each disk completed once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_before_a_byte_is_sent() {
    let e = env(true).await;
    let _sim = vmmigrate_testcluster::simulator::Simulator::start(e.cluster.client(), upload_sim());
    let proxy = e.cluster.start_upload_proxy().await.expect("upload proxy");
    let (ova, _, _) = build_ova(e.dir.path());
    let applied = e.run(&["apply", ova.to_str().unwrap(), "--yes"]);
    assert!(applied.status.success(), "{}", stderr(&applied));
    // The same OVA cut inside its second disk: refused naming the archive.
    let bytes = std::fs::read(&ova).unwrap();
    let cut = e.dir.path().join("cut");
    std::fs::create_dir(&cut).unwrap();
    let cut_ova = cut.join("app.ova");
    std::fs::write(&cut_ova, &bytes[..bytes.len() - 300 * 1024]).unwrap();
    let out = e.run(&["upload", cut_ova.to_str().unwrap()]);
    let se = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{se}");
    assert!(se.contains("app.ova") && se.contains("truncated"), "{se}");
    // A libvirt disk whose image is missing: named, nothing sent.
    let xml = e.dir.path().join("gone.xml");
    std::fs::write(&xml, "<domain type='kvm'><name>gone</name><memory unit='MiB'>512</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os><devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/nonexistent/gone.qcow2'/><target dev='vda' bus='virtio'/></disk></devices></domain>").unwrap();
    let xml_s = xml.to_str().unwrap();
    assert!(e.run(&["apply", xml_s, "--yes"]).status.success());
    let out = e.run(&["upload", xml_s]);
    let se = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{se}");
    assert!(
        se.contains("image /nonexistent/gone.qcow2 not found")
            && se.contains("nothing was sent for it"),
        "{se}"
    );
    assert!(proxy.attempts().is_empty(), "{:?}", proxy.attempts());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disk_that_does_not_match_the_manifest_is_reported_and_not_marked() {
    let e = env(true).await;
    let _proxy = e.cluster.start_upload_proxy().await.expect("upload proxy");
    let (ova, _, _) = build_ova(e.dir.path());
    // Rewrite the manifest's line for the second disk with another digest, in place (same
    // length, so the archive stays valid).
    let mut bytes = std::fs::read(&ova).unwrap();
    let needle = b"SHA256(app-disk2.img)= ";
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("manifest line")
        + needle.len();
    for b in &mut bytes[at..at + 64] {
        *b = b'0';
    }
    // The tar header checksum covers headers only, so the member stays readable.
    std::fs::write(&ova, &bytes).unwrap();
    // KubeVirt creates the DataVolumes only after the VM is applied (here: after the upload
    // started, since the simulator starts later): upload waits for them to exist.
    let (ova_s, kc) = (ova.to_str().unwrap().to_string(), e.kubeconfig.clone());
    let run = tokio::task::spawn_blocking(move || {
        std::process::Command::new(BIN)
            .args(["apply", &ova_s, "--upload", "--yes", "--kubeconfig"])
            .arg(&kc)
            .env_remove("KUBECONFIG")
            .output()
            .expect("plugin runs")
    });
    e.until(Duration::from_secs(30), "the VM applied", |e| e.vm("app"))
        .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let _sim = vmmigrate_testcluster::simulator::Simulator::start(e.cluster.client(), upload_sim());
    let out = run.await.unwrap();
    let (so, se) = (stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(1), "stdout:\n{so}\nstderr:\n{se}");
    assert!(
        se.contains("app.ova!/app-disk2.img: the SHA256 of the bytes sent is"),
        "{se}"
    );
    assert!(
        se.contains("but app.ova") || se.contains("app.mf lists 0000"),
        "{se}"
    );
    let app = dv_names(&e, "app");
    assert!(dv(&e, &app[0])["metadata"]["annotations"]["vmmigrate.io/uploaded-sha256"].is_string());
    assert!(dv(&e, &app[1])["metadata"]["annotations"]["vmmigrate.io/uploaded-sha256"].is_null());
}

/// Whether qemu-img and qemu-io run: a visible skip otherwise, a failure when CI is set.
fn qemu_tools() -> bool {
    let runs = |tool: &str| {
        std::process::Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let ok = runs("qemu-img") && runs("qemu-io");
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "qemu-img or qemu-io is missing and CI is set: install qemu-utils"
        );
        eprintln!("SKIPPED: qemu-img or qemu-io not found (install qemu-utils)");
    }
    ok
}

fn qemu(tool: &str, args: &[&str]) {
    let out = std::process::Command::new(tool)
        .args(args)
        .output()
        .expect("qemu tool runs");
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A Workstation VM: `ws01.vmx` and a split sparse disk `ws01.vmdk` whose two extents are
/// hosted sparse files made by qemu-img (3 MiB and 2 MiB, data written with qemu-io), joined
/// by a twoGbMaxExtentSparse descriptor as Workstation writes it. Returns the .vmx and the
/// raw disk qemu-img converts the descriptor to.
fn build_workstation_vm(dir: &Path) -> (PathBuf, Vec<u8>) {
    let vm = dir.join("ws01");
    std::fs::create_dir(&vm).unwrap();
    for (name, size, writes) in [
        (
            "part1.vmdk",
            "3M",
            &["write -P 0xab 1M 64k", "write -P 0x17 3008k 64k"][..],
        ),
        (
            "part2.vmdk",
            "2M",
            &["write -P 0xcd 0 4k", "write -P 0x01 1M 1M"][..],
        ),
    ] {
        let p = vm.join(name);
        let p = p.to_str().unwrap();
        qemu(
            "qemu-img",
            &[
                "create",
                "-q",
                "-f",
                "vmdk",
                "-o",
                "subformat=twoGbMaxExtentSparse",
                p,
                size,
            ],
        );
        for w in writes {
            qemu("qemu-io", &["-f", "vmdk", "-c", w, p]);
        }
    }
    std::fs::rename(vm.join("part1-s001.vmdk"), vm.join("ws01-s001.vmdk")).unwrap();
    std::fs::rename(vm.join("part2-s001.vmdk"), vm.join("ws01-s002.vmdk")).unwrap();
    std::fs::remove_file(vm.join("part1.vmdk")).unwrap();
    std::fs::remove_file(vm.join("part2.vmdk")).unwrap();
    let descriptor = vm.join("ws01.vmdk");
    std::fs::write(
        &descriptor,
        "# Disk DescriptorFile\nversion=1\nencoding=\"UTF-8\"\nCID=fffffffe\nparentCID=ffffffff\ncreateType=\"twoGbMaxExtentSparse\"\n\n# Extent description\nRW 6144 SPARSE \"ws01-s001.vmdk\"\nRW 4096 SPARSE \"ws01-s002.vmdk\"\n\n# The Disk Data Base\n#DDB\n\nddb.adapterType = \"lsilogic\"\nddb.virtualHWVersion = \"19\"\n",
    )
    .unwrap();
    let vmx = vm.join("ws01.vmx");
    std::fs::write(
        &vmx,
        ".encoding = \"UTF-8\"\nconfig.version = \"8\"\nvirtualHW.version = \"19\"\ndisplayName = \"ws01\"\nguestOS = \"ubuntu-64\"\nmemsize = \"512\"\nnumvcpus = \"1\"\nscsi0.present = \"TRUE\"\nscsi0.virtualDev = \"lsilogic\"\nscsi0:0.present = \"TRUE\"\nscsi0:0.fileName = \"ws01.vmdk\"\n",
    )
    .unwrap();
    let raw = dir.join("ws01.qemu.raw");
    qemu(
        "qemu-img",
        &[
            "convert",
            "-f",
            "vmdk",
            "-O",
            "raw",
            descriptor.to_str().unwrap(),
            raw.to_str().unwrap(),
        ],
    );
    (vmx, std::fs::read(&raw).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_split_sparse_vmdk_beside_a_vmx_arrives_as_qemu_img_converts_it() {
    if !qemu_tools() {
        return;
    }
    let e = env(true).await;
    let _sim = vmmigrate_testcluster::simulator::Simulator::start(e.cluster.client(), upload_sim());
    let proxy = e.cluster.start_upload_proxy().await.expect("upload proxy");
    let (vmx, raw) = build_workstation_vm(e.dir.path());
    assert_eq!(raw.len(), 5 << 20);
    // The first upload loses its connection after 1 MiB: the extents are read again from
    // the start.
    proxy.drop_after(1 << 20, 1);
    let (vmx_s, kc) = (vmx.to_str().unwrap().to_string(), e.kubeconfig.clone());
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(BIN)
            .args([
                "apply",
                &vmx_s,
                "--upload",
                "--wait",
                "--timeout",
                "60s",
                "--yes",
                "--kubeconfig",
            ])
            .arg(&kc)
            .env_remove("KUBECONFIG")
            .output()
            .expect("plugin runs")
    })
    .await
    .unwrap();
    let (so, se) = (stdout(&out), stderr(&out));
    assert!(out.status.success(), "stdout:\n{so}\nstderr:\n{se}");
    let dvs = dv_names(&e, "ws01");
    assert_eq!(dvs.len(), 1, "{dvs:?}");
    assert!(se.contains("restarting"), "{se}");
    assert!(
        se.contains(&format!(
            "uploaded {} bytes (sha256 {})",
            raw.len(),
            sha256(&raw)
        )),
        "{se}"
    );
    let received = proxy
        .received("default", &dvs[0])
        .expect("the disk arrived");
    assert_eq!(received.len(), raw.len());
    assert!(
        received == raw,
        "the bytes received differ from qemu-img's raw conversion"
    );
    assert_eq!(
        dv(&e, &dvs[0])["metadata"]["annotations"]["vmmigrate.io/uploaded-sha256"],
        sha256(&raw)
    );
    let attempts = proxy.attempts();
    assert_eq!(
        attempts.iter().filter(|a| a.dropped).count(),
        1,
        "{attempts:?}"
    );
    assert!(e.vmi("ws01").is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_self_signed_upload_proxy_is_refused_unless_insecure_is_asked_for() {
    let e = env(true).await;
    let _sim = vmmigrate_testcluster::simulator::Simulator::start(e.cluster.client(), upload_sim());
    let proxy = e
        .cluster
        .start_self_signed_upload_proxy()
        .await
        .expect("upload proxy");
    let (ova, disk1, disk2) = build_ova(e.dir.path());
    let ova_s = ova.to_str().unwrap().to_string();
    let applied = e.run(&["apply", &ova_s, "--yes"]);
    assert!(applied.status.success(), "{}", stderr(&applied));
    let app = dv_names(&e, "app");
    let refused = e.run(&["upload", &ova_s]);
    let se = stderr(&refused);
    assert_eq!(refused.status.code(), Some(1), "{se}");
    assert!(se.contains("certificate"), "{se}");
    assert!(se.contains("--insecure"), "{se}");
    assert!(
        !se.contains("restarting"),
        "a certificate problem is not retried: {se}"
    );
    assert!(proxy.attempts().is_empty(), "{:?}", proxy.attempts());
    let accepted = e.run(&["upload", &ova_s, "--insecure"]);
    let (so, se) = (stdout(&accepted), stderr(&accepted));
    assert!(accepted.status.success(), "stdout:\n{so}\nstderr:\n{se}");
    assert_eq!(
        proxy.received("default", &app[0]).as_deref(),
        Some(&disk1[..])
    );
    assert_eq!(
        proxy.received("default", &app[1]).as_deref(),
        Some(&disk2[..])
    );
}
