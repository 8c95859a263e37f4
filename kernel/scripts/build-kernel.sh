#!/bin/bash
# Builds the paas guest kernel from Debian's linux-source-6.1 and caches it.
#
#   build-kernel.sh FRAGMENT
#
# Prints progress on stderr and, on stdout, the cached artefacts as KEY=VALUE lines:
#   KERNEL_DIR=~/.cache/paas/kernels/<key>   BZIMAGE=.../bzImage   VMLINUX=.../vmlinux
# <key> hashes the fragment, this script and the source package version, so a changed
# fragment builds a new kernel and an unchanged one is reused. Idempotent; a lock file
# serialises concurrent builders; the result appears atomically (built in a temporary
# directory, renamed at the end). The build tree under ~/.cache/paas/kernel-build is
# kept so that a changed fragment rebuilds incrementally (delete it to start clean).
set -euo pipefail

fragment=$(realpath "${1:?usage: build-kernel.sh FRAGMENT}")
src_tar=${PAAS_LINUX_SOURCE:-/usr/src/linux-source-6.1.tar.xz}
cache=${PAAS_CACHE_DIR:-$HOME/.cache/paas}
jobs=${PAAS_KERNEL_JOBS:-2}

log() { echo "[kernel] $*" >&2; }
die() { echo "[kernel] error: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found: apt-get install $2"; }

# The source package version is part of the cache key (a Debian kernel update rebuilds).
version=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || stat -c '%s-%Y' "$src_tar" 2>/dev/null || echo unknown)
key=$( { cat "$fragment" "$0"; echo "linux-source-6.1 $version"; } | sha256sum | cut -c1-20)
out_dir=$cache/kernels/$key
if [ "${PAAS_PRINT_KEY:-}" = 1 ]; then  # for tests: the cache key, nothing else
  echo "KEY=$key"
  exit 0
fi

print_result() {
  echo "KERNEL_DIR=$out_dir"
  echo "BZIMAGE=$out_dir/bzImage"
  echo "VMLINUX=$out_dir/vmlinux"
}

if [ -s "$out_dir/bzImage" ] && [ -s "$out_dir/vmlinux" ]; then
  log "cached: $out_dir"
  print_result
  exit 0
fi

# Only a build needs the tool chain; a cached kernel does not.
[ -r "$src_tar" ] || die "$src_tar not found: apt-get install linux-source-6.1"
need make build-essential
need gcc build-essential
need flex flex
need bison bison
need bc bc
need xz xz-utils
need lz4 lz4
need flock util-linux
need objcopy binutils
[ -r /usr/include/gelf.h ] || die "libelf headers not found: apt-get install libelf-dev"
[ -r /usr/include/openssl/ssl.h ] || die "OpenSSL headers not found: apt-get install libssl-dev"

mkdir -p "$cache/kernels"
exec 9>"$cache/kernels/.lock"
log "waiting for the build lock ($cache/kernels/.lock)"
flock 9
if [ -s "$out_dir/bzImage" ] && [ -s "$out_dir/vmlinux" ]; then
  log "built by another process meanwhile: $out_dir"
  print_result
  exit 0
fi

start=$(date +%s)
tree=$cache/kernel-build/$version
src=$tree/src
obj=$tree/obj
if [ ! -f "$src/Makefile" ]; then
  log "extracting $src_tar (about a minute)"
  rm -rf "$tree/src.tmp"
  mkdir -p "$tree/src.tmp"
  tar -xJf "$src_tar" -C "$tree/src.tmp" --strip-components=1
  mv -T "$tree/src.tmp" "$src"
fi
mkdir -p "$obj"

# Same inputs, same bytes: no timestamp, user or host of this machine leaks into the image.
export KBUILD_BUILD_TIMESTAMP='1970-01-01 00:00:00 UTC'
export KBUILD_BUILD_USER=paas
export KBUILD_BUILD_HOST=paas
export KBUILD_BUILD_VERSION=1
kmake() { make -C "$src" O="$obj" ARCH=x86_64 LOCALVERSION= -j"$jobs" "$@"; }

log "configuring: tinyconfig + $(basename "$fragment")"
kmake -s tinyconfig >&2
"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$fragment" >/dev/null
kmake -s olddefconfig >&2

# Every option of the fragment must have survived olddefconfig (a dropped dependency would
# otherwise silently remove a driver).
missing=0
while IFS= read -r line; do
  case "$line" in
    CONFIG_*=*)
      grep -qxF "$line" "$obj/.config" || { log "fragment option not in .config: $line"; missing=1; } ;;
    "# CONFIG_"*" is not set")
      name=${line#\# }; name=${name%% *}
      if grep -q "^$name=" "$obj/.config"; then log "fragment says unset but .config has: $(grep "^$name=" "$obj/.config")"; missing=1; fi ;;
  esac
done < "$fragment"
[ "$missing" = 0 ] || die "the fragment does not apply cleanly to linux-source-6.1 $version"

log "building bzImage and vmlinux with make -j$jobs (5-9 min cold, seconds when cached)"
kmake bzImage >"$tree/build.log" 2>&1 || { tail -40 "$tree/build.log" >&2; die "kernel build failed, see $tree/build.log"; }

tmp=$(mktemp -d "$cache/kernels/.tmp-$key-XXXXXX")
cp "$obj/arch/x86/boot/bzImage" "$tmp/bzImage"
# Symbols are not needed to boot; the PVH ELF note stays.
objcopy --strip-all "$obj/vmlinux" "$tmp/vmlinux"
cp "$obj/.config" "$tmp/config"
cp "$fragment" "$tmp/fragment"
end=$(date +%s)
{
  echo "source=linux-source-6.1 $version"
  echo "build_seconds=$((end - start))"
  echo "bzimage_bytes=$(stat -c %s "$tmp/bzImage")"
  echo "vmlinux_bytes=$(stat -c %s "$tmp/vmlinux")"
  echo "bzimage_sha256=$(sha256sum "$tmp/bzImage" | cut -d' ' -f1)"
} > "$tmp/info"
chmod 755 "$tmp"
rm -rf "$out_dir"
mv -T "$tmp" "$out_dir"
log "built in $((end - start)) s: $out_dir ($(stat -c %s "$out_dir/bzImage") bytes bzImage)"
print_result
