#!/usr/bin/env bash
# Installs what Train Studio needs on a fresh Debian machine. Every step is skipped when it is already done,
# so this is cheap to run before each command.
#   scripts/setup.sh               npm packages (enough to build and to run the CLI)
#   scripts/setup.sh --test-host   also Debian's Chromium and the offline VS Code (code-server) the tests run in
set -euo pipefail
cd "$(dirname "$0")/.."
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
# onnxruntime-node's postinstall downloads CUDA add-ons from a host we cannot reach; its CPU binaries ship in
# the package itself, so the download is skipped.
export ONNXRUNTIME_NODE_INSTALL=skip

# npm ci whenever node_modules is missing or older than the lockfile. The optional GPU runtime's install fails
# offline (it downloads libtensorflow); npm then skips it and carries on, which is what we want.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

[ "${1:-}" = "--test-host" ] || exit 0

missing=()
command -v chromium >/dev/null || missing+=(chromium)
# code-server's native 'kerberos' module compiles from source and needs these headers.
[ -e /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
# @vscode/ripgrep's install downloads rg from GitHub unless its cache holds one; Debian's is the same 13.0.0.
command -v rg >/dev/null || missing+=(ripgrep)
# ONNX's own checker (onnx.checker.check_model) reads our exported models in the tests: an independent judge.
/usr/bin/python3 -c 'import onnx' 2>/dev/null || missing+=(python3-onnx)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq -o DPkg::Lock::Timeout=300 "${missing[@]}" >/dev/null
fi

rg_cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
rg_archive="$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$rg_archive" ]; then
  mkdir -p "$rg_cache"; staging=$(mktemp -d); cp "$(command -v rg)" "$staging/rg"
  tar czf "$rg_archive" -C "$staging" rg; rm -rf "$staging"
fi

host=tools/vscode-host
pty=$host/node_modules/code-server/lib/vscode/node_modules/node-pty/build/Release/pty.node
if [ ! -f "$pty" ] || [ $host/package-lock.json -nt "$pty" ]; then
  echo "setup: installing code-server for the VS Code tests (log: $host/install.log)"
  # As root, code-server's postinstall insists on unsafe-perm, and node-pty's runs `npx node-gyp` (needs yes).
  if ! (cd $host && npm_config_unsafe_perm=true npm_config_yes=true npm ci --foreground-scripts >install.log 2>&1); then
    grep -v 'gyp info' $host/install.log | tail -40
    echo "setup: code-server install failed; the full log is $host/install.log" >&2
    exit 1
  fi
fi
