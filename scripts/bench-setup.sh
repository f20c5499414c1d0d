#!/usr/bin/env bash
# What `npm run bench` needs beyond `npm ci`: Debian's Fashion-MNIST (the real-data benchmark) and PyTorch
# (the CPU reference the engine benchmark compares with). Skipped when present; a failure only means those
# parts of the benchmark are skipped, so it never stops the run.
set -uo pipefail
missing=()
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || missing+=(dataset-fashion-mnist)
/usr/bin/python3 -c 'import torch' 2>/dev/null || missing+=(python3-torch)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "bench-setup: installing Debian packages: ${missing[*]}"
sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq -o DPkg::Lock::Timeout=300 "${missing[@]}" >/dev/null \
  || echo "bench-setup: could not install ${missing[*]}; the benchmark skips what needs them" >&2
exit 0
