#!/usr/bin/env bash
# Builds the release archive for one platform, prints its sha256, and renders the krew
# manifest (krew/vmmigrate.yaml layout) from .krew.yaml for every archive present in the
# output folder. krew-release-bot does the same from .krew.yaml on a GitHub release.
#
#   scripts/release.sh                       # static Linux build (musl), into dist/
#   scripts/release.sh --target aarch64-unknown-linux-musl
#   scripts/release.sh --binary PATH --out DIR   # package an already-built binary (tests)
set -euo pipefail
cd "$(dirname "$0")/.."

target="x86_64-unknown-linux-musl"
binary=""
out="dist"
while [ $# -gt 0 ]; do
  case "$1" in
    --target) target="$2"; shift 2 ;;
    --binary) binary="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "usage: $0 [--target TRIPLE] [--binary PATH] [--out DIR]" >&2; exit 2 ;;
  esac
done

version="v$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
case "$target" in
  x86_64-*-linux-*) platform="linux_amd64" ;;
  aarch64-*-linux-*) platform="linux_arm64" ;;
  x86_64-apple-darwin) platform="darwin_amd64" ;;
  aarch64-apple-darwin) platform="darwin_arm64" ;;
  x86_64-pc-windows-*) platform="windows_amd64" ;;
  *) echo "unsupported target $target" >&2; exit 2 ;;
esac
exe="kubectl-vmmigrate"
[ "${platform%%_*}" = "windows" ] && exe="kubectl-vmmigrate.exe"

if [ -z "$binary" ]; then
  rustup target list --installed | grep -qx "$target" || rustup target add "$target"
  cargo build --release --locked --target "$target"
  binary="target/$target/release/$exe"
fi

mkdir -p "$out"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp "$binary" "$stage/$exe"
cp completions/kubectl_complete-vmmigrate LICENSE README.md "$stage/"
archive="$out/kubectl-vmmigrate_${version}_${platform}.tar.gz"
# Fixed owner, order and times so the same binary always gives the same archive.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2020-01-01 00:00Z' \
  -C "$stage" -czf "$archive" "$exe" kubectl_complete-vmmigrate LICENSE README.md
sha="$(sha256sum "$archive" | cut -d' ' -f1)"
echo "$archive $sha $(stat -c %s "$binary") bytes (binary)"

# Render the manifest: keep the platforms whose archive exists in $out.
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
open(os.path.join(out, 'vmmigrate.yaml'), 'w').write(head + '  platforms:\n' + ''.join(kept))
PY
echo "krew manifest: $out/vmmigrate.yaml"
