#!/bin/bash
# Boot benchmark for the paas guest: QEMU start -> kernel -> init -> first HTTP 200 of the static
# fixture server, medians over N runs, beside the same server started natively on the host.
#
#   bench/boot/run.sh [--runs N] [--accel auto|tcg|kvm] [--variants vmlinux,bzImage,vmlinux+disk,bzImage+disk]
#
# A "+disk" variant attaches the writable disk the node agent gives every instance (1G, Cloud
# Foundry's default disk_quota), made with GuestDisk.create before each boot.
#
# Builds what it needs first (kernel/build.sh: cached after the first time; the paas-kernel
# classes with Maven, offline).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
eval "$("$root/kernel/build.sh" | grep -E '^(FIXTURE)=')"
# -am compiles paas-model in the same reactor: a fresh clone needs nothing in ~/.m2.
(cd "$root" && ./mvnw -B -ntp -q -pl kernel -am compile) >&2
exec java -XX:TieredStopAtLevel=1 -cp "$root/kernel/target/classes:$root/model/target/classes" \
  "$root/bench/boot/BootBench.java" --fixture "$FIXTURE" "$@"
