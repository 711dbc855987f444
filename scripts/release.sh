#!/usr/bin/env bash
# Builds the release archives (one per krew platform), prints each sha256, and renders the
# krew manifest (krew/vmmigrate.yaml layout) from .krew.yaml for every archive present in
# the output folder. krew-release-bot does the same from .krew.yaml on a GitHub release.
#
#   scripts/release.sh --all                  # all five platforms; rewrites krew/vmmigrate.yaml
#   scripts/release.sh                        # linux/amd64 only (static, musl), into dist/
#   scripts/release.sh --target TRIPLE        # one platform, see the table below
#   scripts/release.sh --binary PATH --out DIR   # package an already-built binary (tests)
#
# Every platform is built on one Linux x86_64 machine; prerequisites (once):
#   rustup target add x86_64-unknown-linux-musl aarch64-unknown-linux-musl \
#     x86_64-pc-windows-gnu x86_64-apple-darwin aarch64-apple-darwin
#   apt-get install musl-tools gcc-aarch64-linux-gnu gcc-mingw-w64-x86-64
#   pip install ziglang && cargo install --locked cargo-zigbuild     # macOS only
#
#   platform       target                       C compiler (ring)        linker
#   linux/amd64    x86_64-unknown-linux-musl    musl-gcc                 rustc's default (static)
#   linux/arm64    aarch64-unknown-linux-musl   aarch64-linux-gnu-gcc    rust-lld (static)
#   windows/amd64  x86_64-pc-windows-gnu        x86_64-w64-mingw32-gcc   x86_64-w64-mingw32-gcc
#   darwin/amd64   x86_64-apple-darwin          zig cc (cargo-zigbuild)  zig (ad-hoc signed)
#   darwin/arm64   aarch64-apple-darwin         zig cc (cargo-zigbuild)  zig (ad-hoc signed)
#
# macOS limit: zig ships libSystem stubs but no Apple frameworks, so a dependency that links
# Security/CoreFoundation (rustls-platform-verifier, rustls-native-certs: kube's rustls-tls)
# fails to link for darwin here; that needs an SDK (SDKROOT) from a Mac.
#
# Reproducible: paths are remapped out of the binaries, archives have fixed owners, order and
# times, so the same sources and toolchain give the same sha256 from any checkout folder.
set -euo pipefail
cd "$(dirname "$0")/.."

all_targets="x86_64-unknown-linux-musl aarch64-unknown-linux-musl x86_64-pc-windows-gnu x86_64-apple-darwin aarch64-apple-darwin"
targets=""
binary=""
out="dist"
all=0
usage() {
  echo "usage: $0 [--all | --target TRIPLE] [--binary PATH] [--out DIR]" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --all) all=1; targets="$all_targets"; shift ;;
    --target) [ $# -ge 2 ] || usage; targets="$2"; shift 2 ;;
    --binary) [ $# -ge 2 ] || usage; binary="$2"; shift 2 ;;
    --out) [ $# -ge 2 ] || usage; out="$2"; shift 2 ;;
    *) usage ;;
  esac
done
targets="${targets:-x86_64-unknown-linux-musl}"
if [ -n "$binary" ] && [ "$(echo "$targets" | wc -w)" -ne 1 ]; then
  echo "--binary packages one platform: give one --target, not --all" >&2
  exit 2
fi

version="v$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"

platform_of() {
  case "$1" in
    x86_64-unknown-linux-musl) echo linux_amd64 ;;
    aarch64-unknown-linux-musl) echo linux_arm64 ;;
    x86_64-apple-darwin) echo darwin_amd64 ;;
    aarch64-apple-darwin) echo darwin_arm64 ;;
    x86_64-pc-windows-gnu) echo windows_amd64 ;;
    *) echo "unsupported target $1 (one of: $all_targets)" >&2; exit 2 ;;
  esac
}

need() {
  command -v "$1" >/dev/null || { echo "$1 not found: $2" >&2; exit 1; }
}

# Builds one target and prints the path of its binary on stdout (cargo talks on stderr).
build() {
  local target="$1" exe="$2" cargo_build=(cargo build)
  rustup target list --installed | grep -qx "$target" || rustup target add "$target" >&2
  case "$target" in
    x86_64-unknown-linux-musl)
      need musl-gcc "apt-get install musl-tools" ;;
    aarch64-unknown-linux-musl)
      need aarch64-linux-gnu-gcc "apt-get install gcc-aarch64-linux-gnu"
      # rust-lld links against the musl libc and start files shipped with the Rust target.
      export CC_aarch64_unknown_linux_musl=aarch64-linux-gnu-gcc
      export AR_aarch64_unknown_linux_musl=aarch64-linux-gnu-ar
      export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_LINKER=rust-lld ;;
    x86_64-pc-windows-gnu)
      need x86_64-w64-mingw32-gcc "apt-get install gcc-mingw-w64-x86-64" ;;
    *-apple-darwin)
      need cargo-zigbuild "pip install ziglang && cargo install --locked cargo-zigbuild"
      cargo_build=(cargo zigbuild) ;;
  esac
  local dir
  dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
  RUSTFLAGS="--remap-path-prefix=$PWD=/src --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo" \
    "${cargo_build[@]}" --release --locked --target "$target" --bin kubectl-vmmigrate >&2
  echo "$dir/$target/release/$exe"
}

# Packs one binary with the completion helper, LICENSE and README; prints the archive path.
package() {
  local platform="$1" exe="$2" binary="$3" stage archive
  stage="$(mktemp -d)"
  cp "$binary" "$stage/$exe"
  chmod 0755 "$stage/$exe"
  cp completions/kubectl_complete-vmmigrate LICENSE README.md "$stage/"
  if [ "${platform%%_*}" = "windows" ]; then
    # Windows users open zip natively; krew picks the extractor from the content, not the name.
    archive="$out/kubectl-vmmigrate_${version}_${platform}.zip"
    python3 - "$stage" "$archive" "$exe" <<'PY'
import os, sys, zipfile
stage, archive, exe = sys.argv[1:]
with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for name in sorted([exe, "kubectl_complete-vmmigrate", "LICENSE", "README.md"]):
        info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3  # unix, so the mode below is honoured
        info.external_attr = (0o100755 if name in (exe, "kubectl_complete-vmmigrate") else 0o100644) << 16
        with open(os.path.join(stage, name), "rb") as f:
            z.writestr(info, f.read())
PY
  else
    archive="$out/kubectl-vmmigrate_${version}_${platform}.tar.gz"
    # Fixed owner, order and times (and no name/time in the gzip header) so the same binary
    # always gives the same archive.
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2020-01-01 00:00Z' \
      -C "$stage" -cf - "$exe" kubectl_complete-vmmigrate LICENSE README.md | gzip -9 -n >"$archive"
  fi
  rm -rf "$stage"
  echo "$archive"
}

mkdir -p "$out"
for target in $targets; do
  platform="$(platform_of "$target")"
  exe="kubectl-vmmigrate"
  [ "${platform%%_*}" = "windows" ] && exe="kubectl-vmmigrate.exe"
  bin="$binary"
  [ -n "$bin" ] || bin="$(build "$target" "$exe")"
  archive="$(package "$platform" "$exe" "$bin")"
  echo "$platform $(sha256sum "$archive" | cut -d' ' -f1) $archive binary=$(stat -c %s "$bin") archive=$(stat -c %s "$archive") bytes"
done

# Render the manifest: keep the platforms whose archive exists in $out, in the template's
# order, so the output depends only on the template, the version and the archives.
python3 - "$version" "$out" <<'PY'
import hashlib, os, re, sys
version, out = sys.argv[1], sys.argv[2]
text = open('.krew.yaml').read().replace('{{ .TagName }}', version)
head, _, platforms = text.partition('  platforms:\n')
blocks = re.split(r'(?m)^  - selector:\n', platforms)[1:]
kept = []
for block in blocks:
    m = re.search(r'\{\{addURIAndSha "([^"]+)" \.TagName \}\}', block)
    path = os.path.join(out, m.group(1).rsplit('/', 1)[1])
    if not os.path.exists(path):
        continue
    sha = hashlib.sha256(open(path, 'rb').read()).hexdigest()
    block = block.replace(m.group(0), f'uri: {m.group(1)}\n    sha256: {sha}')
    kept.append('  - selector:\n' + block)
head = '\n'.join(l for l in head.splitlines() if not l.startswith('#')) + '\n'
with open(os.path.join(out, 'vmmigrate.yaml'), 'w') as f:
    f.write(head + '  platforms:\n' + ''.join(kept))
PY
echo "krew manifest: $out/vmmigrate.yaml"
if [ "$all" = 1 ]; then
  cp "$out/vmmigrate.yaml" krew/vmmigrate.yaml
  echo "krew manifest: krew/vmmigrate.yaml (all platforms)"
fi
