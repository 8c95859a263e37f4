#!/bin/bash
# Builds the native sample twice: static with musl-gcc and dynamic (glibc) with gcc.
#
#   build-native.sh OUTDIR     prints STATIC=OUTDIR/hello-static and DYNAMIC=OUTDIR/hello-dynamic
set -euo pipefail
out=${1:?usage: build-native.sh OUTDIR}
src=$(cd "$(dirname "$0")" && pwd)/native/hello.c
command -v musl-gcc >/dev/null || { echo "musl-gcc not found: apt-get install musl-tools" >&2; exit 1; }
command -v gcc >/dev/null || { echo "gcc not found: apt-get install build-essential" >&2; exit 1; }
mkdir -p "$out"
musl-gcc -Os -static -s -DLINKAGE='"static"' -o "$out/hello-static" "$src"
gcc -Os -s -DLINKAGE='"dynamic"' -o "$out/hello-dynamic" "$src"
echo "STATIC=$out/hello-static"
echo "DYNAMIC=$out/hello-dynamic"
