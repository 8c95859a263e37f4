#!/bin/bash
# Builds the paas guest init (static, musl) and caches it.
#
#   build-init.sh INIT_SOURCE_DIR
#
# Prints progress on stderr and, on stdout, INIT=~/.cache/paas/init/<key>/init, where <key>
# hashes the sources, this script and the musl-gcc version. Idempotent and atomic.
set -euo pipefail

src=$(realpath "${1:?usage: build-init.sh INIT_SOURCE_DIR}")
cache=${PAAS_CACHE_DIR:-$HOME/.cache/paas}

die() { echo "[init] error: $*" >&2; exit 1; }
musl_version=$(dpkg-query -W -f='${Version}' musl-tools 2>/dev/null || echo unknown)
key=$( { cat "$src"/*.h "$src"/*.c "$0"; echo "musl $musl_version"; } | sha256sum | cut -c1-20)
out=$cache/init/$key
if [ -x "$out/init" ]; then
  echo "[init] cached: $out/init" >&2
  echo "INIT=$out/init"
  exit 0
fi
command -v musl-gcc >/dev/null 2>&1 || die "musl-gcc not found: apt-get install musl-tools"
command -v strip >/dev/null 2>&1 || die "strip not found: apt-get install binutils"
mkdir -p "$cache/init"
tmp=$(mktemp -d "$cache/init/.tmp-$key-XXXXXX")
# -ffile-prefix-map keeps the build directory out of the binary: same sources, same bytes.
musl-gcc -Os -static -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror \
  -ffile-prefix-map="$src"=. -Wl,--build-id=none \
  -o "$tmp/init" "$src"/*.c
strip --strip-all "$tmp/init"
chmod 755 "$tmp" "$tmp/init"
if ! mv -T "$tmp" "$out" 2>/dev/null; then
  rm -rf "$tmp"  # another builder won the race with the same bytes
fi
echo "[init] built: $out/init ($(stat -c %s "$out/init") bytes)" >&2
echo "INIT=$out/init"
