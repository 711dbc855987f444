#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seed inputs: the shared corpus (../shared/corpus, beside the
# repository), the bundled examples and the test fixtures. The seeds are copied, not
# committed; libFuzzer adds its own finds to the same folders.
set -euo pipefail
cd "$(dirname "$0")"
shared=${SHARED_CORPUS:-../../shared/corpus}
[ -d "$shared" ] || { echo "seed corpus $shared not found (set SHARED_CORPUS)" >&2; exit 1; }

seed() { # seed TARGET FILES...
  local target=$1; shift
  mkdir -p "corpus/$target"
  for f in "$@"; do
    [ -f "$f" ] || continue
    cp -f "$f" "corpus/$target/$(printf '%s' "$f" | sha1sum | cut -c1-16)"
  done
}
mapfile -t vmx < <(find "$shared/vmx" ../examples -name '*.vmx')
mapfile -t vmdk < <(find ../examples ../tests -name '*.vmdk' -size -64k)
mapfile -t ovf < <(find "$shared/ovf" ../examples -type f ! -iname '*.ova')
mapfile -t ova < <(find "$shared/ovf" -iname '*.ova')
mapfile -t libvirt < <(find "$shared/libvirt" ../tests/fixtures/libvirt -type f)
mapfile -t proxmox < <(find "$shared/proxmox" ../tests/fixtures/proxmox -type f)
mapfile -t vbox < <(find "$shared/vbox" ../tests/fixtures/vbox -type f)
mapfile -t xen < <(find "$shared/xen" ../tests/fixtures/xen -type f)
mapfile -t vsphere < <(find "$shared/vsphere-json" ../tests/fixtures/vsphere -type f)
seed vmx "${vmx[@]}"
seed vmdk "${vmdk[@]}"
# Sparse extents: the kept regression inputs, and small ones qemu-img makes when present.
mapfile -t sparse < <(find ../tests/fuzz_regressions/vmdk_sparse -type f)
seed vmdk_sparse "${sparse[@]}"
if command -v qemu-img >/dev/null; then
  tmp=$(mktemp -d)
  qemu-img create -q -f vmdk -o subformat=twoGbMaxExtentSparse "$tmp/s.vmdk" 4M
  qemu-img create -q -f vmdk -o subformat=monolithicSparse,zeroed_grain=on "$tmp/m.vmdk" 4M
  command -v qemu-io >/dev/null && qemu-io -f vmdk -c 'write -P 0xab 1M 64k' "$tmp/m.vmdk" >/dev/null
  seed vmdk_sparse "$tmp/s-s001.vmdk" "$tmp/m.vmdk"
  rm -rf "$tmp"
fi
seed ovf "${ovf[@]}"
seed ova "${ova[@]}"
seed libvirt "${libvirt[@]}"
seed proxmox "${proxmox[@]}"
seed vbox "${vbox[@]}"
seed xen "${xen[@]}"
seed vsphere_json "${vsphere[@]}"
seed detect "${vmx[@]}" "${ovf[@]}" "${ova[@]}" "${proxmox[@]}" "${xen[@]}" "${vsphere[@]}" "${vbox[@]}"
mapfile -t mapping < <(find ../examples/mapping.yaml ../tests/mappings -name "*.yaml")
seed mapping "${mapping[@]}"
for d in corpus/*/; do echo "$d $(ls "$d" | wc -l) seeds"; done
