#!/bin/bash
# Builds the paas guest into the cache, or finds it there: the kernel (5-9 min cold, seconds
# when cached), the init and the test fixture app. Idempotent; ./scripts/test calls it before
# Maven so the vm tests find everything cached. Prints the cached paths as KEY=VALUE lines.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/scripts/build-kernel.sh" "$here/config/microvm.fragment"
"$here/scripts/build-init.sh" "$here/init"
"$here/src/test/fixtures/build-fixture.sh"
