#!/usr/bin/env bash
# The GPU measurement, on a machine with a GPU and PyTorch but no Node and no network, from the
# repository root with .gpu-kit/ beside it (made by make-kit.sh):
#
#   bash src/dev/gpu/run.sh            # width 1, batch 64 (docs/performance.md, GPU)
#   bash src/dev/gpu/run.sh --quick    # a tiny run, to try the kit anywhere
#
# Writes machine.txt and gpu-bench.jsonl into $OUT (or the current folder): PyTorch's DCGAN
# first, then ours with webgpu for the DCGAN and the ResNet ACGAN, one JSON line each.
set -uo pipefail
cd "$(dirname "$0")/../../.."
kit=.gpu-kit
mkdir -p "${OUT:-.}"
out=$(cd "${OUT:-.}" && pwd)
args=(--steps 20)
peer=(--steps 50)
if [ "${1:-}" = --quick ]; then args=(--steps 2 --width 0.0625 --batch 4); peer=(--steps 2 --width 0.0625 --batch 4); fi
[ -f "$kit/node.xz" ] || { echo "run.sh: no $kit/node.xz: make the kit first (bash src/dev/gpu/make-kit.sh)"; exit 1; }

# The Vulkan loader, where the image has none; the NVIDIA driver brings the ICD.
if ! ldconfig -p | grep -q 'libvulkan\.so\.1'; then
  for f in "$kit"/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f "$icd" ] && export VK_DRIVER_FILES="$icd"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
xz -dc "$kit/node.xz" > "$work/node" && chmod +x "$work/node"
tar -xJf "$kit/project.tar.xz" -C "$work"

{
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 || echo "no nvidia-smi"
  lscpu | grep -m1 'Model name'
  echo "node $("$work/node" --version)"
} | tee "$out/machine.txt"

# PyTorch first: its figure comes back even if ours runs out of time.
python3 src/dev/gpu/torch_dcgan_cuda.py "${peer[@]}" | tee "$out/gpu-bench.jsonl"
(cd "$work" && timeout 420 ./node dist/dev/gpu/gpu-bench.js "${args[@]}" 2>"$out/gpu-bench.stderr") | tee -a "$out/gpu-bench.jsonl"
