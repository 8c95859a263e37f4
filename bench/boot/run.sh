#!/bin/bash
# Boot benchmark for the paas guest, through the node agent's own QEMU driver: the agent's start
# call (per-instance network set-up included) -> kernel -> init -> first HTTP 200 of the static
# fixture server through the instance's endpoint, medians over N runs, for the old data path
# (QEMU user networking, hostfwd: the baseline) and the agent's default (network namespace, veth,
# tap, nftables; needs root, ip and nft), beside the same server started natively on the host.
#
#   bench/boot/run.sh [--runs N] [--accel auto|tcg|kvm] [--variants vmlinux,bzImage]
#                     [--network user,netns] [--vm-network 10.252.0.0/16] [--kernels DIR]
#
# --kernels DIR boots the vmlinux/bzImage of another kernel cache entry (e.g. an older build under
# ~/.cache/paas/kernels/) with the current init. Builds what it needs first (kernel/build.sh:
# cached after the first time; the node agent's jar with Maven when its sources are newer).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
eval "$("$root/kernel/build.sh" | grep -E '^(FIXTURE)=')"
jar=$root/node-agent/target/paas-node-agent.jar
if [ ! -f "$jar" ] || [ -n "$(find "$root/node-agent/src/main" "$root/kernel/src/main" "$root/model/src/main" \
    -newer "$jar" -print -quit)" ]; then
  # -am builds paas-model and paas-kernel in the same reactor: a fresh clone needs nothing in ~/.m2.
  (cd "$root" && ./mvnw -B -ntp -q -pl node-agent -am package -DskipTests) >&2
fi
exec java -XX:TieredStopAtLevel=1 -cp "$jar" "$root/bench/boot/BootBench.java" --fixture "$FIXTURE" "$@"
