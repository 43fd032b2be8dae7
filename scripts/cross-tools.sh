#!/usr/bin/env bash
# Debian packages the cross-platform build and checks need, installed once with apt-get (root):
#   binutils-aarch64-linux-gnu   aarch64-linux-gnu-strip, for the linux/arm64 node's debug info
#   qemu-user-static + arm64 libc, libstdc++, libgcc, libatomic   to run the linux/arm64 binary here
# Prints the arm64 sysroot (QEMU_LD_PREFIX for qemu-aarch64-static) on the last line of stdout.
set -euo pipefail
SYSROOT=/usr/aarch64-linux-gnu
have() {
  command -v qemu-aarch64-static >/dev/null && command -v aarch64-linux-gnu-strip >/dev/null &&
    [ -e "$SYSROOT/lib/libatomic.so.1" ] && [ -e "$SYSROOT/lib/libstdc++.so.6" ]
}
if ! have; then
  [ "$(id -u)" = 0 ] || { echo "cross-tools: needs root for apt-get install (or install the packages named here)" >&2; exit 4; }
  echo "cross-tools: apt-get install qemu-user-static and the arm64 runtime libraries" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends qemu-user-static binutils-aarch64-linux-gnu libc6-arm64-cross \
    libstdc++6-arm64-cross libgcc-s1-arm64-cross libatomic1-arm64-cross >&2 ||
    { apt-get update >&2 && apt-get install -y --no-install-recommends qemu-user-static binutils-aarch64-linux-gnu \
      libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross libatomic1-arm64-cross >&2; }
  have || { echo "cross-tools: installed, but qemu-aarch64-static or the arm64 libraries are missing" >&2; exit 4; }
fi
echo "$SYSROOT"
