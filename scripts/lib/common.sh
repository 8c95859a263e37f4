# Shared by ./paas and ./scripts/test: Debian packages the platform needs, installed when
# we run as root, otherwise named in the exact apt-get line to run.

# What each package is for:
#   openjdk-17-jdk-headless  builds and runs paas (Java 17)
#   qemu-system-x86          runs app instances as microVMs (node agent, VM tests)
#   linux-source-6.1         the guest kernel's source (kernel/build.sh)
#   build-essential flex bison bc libelf-dev libssl-dev cpio xz-utils lz4  build the guest kernel
#                            (the fragment compresses the bzImage with LZ4)
#   musl-tools               builds the static guest init and test fixtures
#   chromium                 the dashboard's browser tests (api, tag "browser")
#   curl procps              ./paas waits for health endpoints, finds and stops app VMs (pgrep/pkill)
#   iproute2                 ./paas checks that each port answers from the process it started (ss -ltnp)
PAAS_PACKAGES=(openjdk-17-jdk-headless qemu-system-x86 linux-source-6.1 build-essential flex bison bc
  libelf-dev libssl-dev cpio xz-utils lz4 musl-tools curl procps iproute2 chromium
  # every image's /etc (image-factory GuestBase): /etc/mime.types, the CA bundle, zoneinfo UTC
  media-types ca-certificates tzdata
  # the node agent's data path: a network namespace, veth, tap and nftables rules per instance
  nftables
  # the static /bin/sh an image gets when its start command needs a shell; IsolationE2ETest's probe
  # app (nc, httpd, sh) pushed as a native binary
  busybox-static
  # e2e GuestEtcAndShellE2ETest: an unmodified Debian daemon (drops to nobody, reads mime.types)
  webfs
  # image-factory OCI tests: a local registry (docker-registry, started by the test), images
  # built by the tests (umoci) and pushed to it (skopeo); zstd compresses a zstd layer
  docker-registry skopeo umoci zstd
  # e2e DockerImageE2ETest: htpasswd (bcrypt) for the test registry's basic auth, the wrong
  # credentials case of --docker-image (docker-registry has no token server)
  apache2-utils
  # image-factory's go buildpack: go.mod apps are built at staging with Debian's toolchain
  golang-go
  # image-factory's node buildpack: /usr/bin/node goes into images; npm installs dependencies at
  # staging. npm is Debian's npm package, or bundled by NodeSource's nodejs, which conflicts with
  # it: so npm is not listed here (apt would replace a NodeSource node)
  nodejs
  # image-factory's python buildpack: python3 and its standard library go into images; pip
  # installs wheels at staging
  python3 python3-pip
  # the node agent's mkfs.ext4 for every instance's writable disk (disk_quota); Debian installs it
  # everywhere (priority required), named so that a trimmed host says what is missing
  e2fsprogs
  # image-factory: a large image's read-only root disk (mkfs.erofs; the tests read it back)
  erofs-utils)

paas_missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || printf '%s\n' "$p"
  done
}

# ensure_packages PKG...: installs what is missing (as root) or explains how, then fails.
ensure_packages() {
  local missing
  missing=$(paas_missing_packages "$@" | tr '\n' ' ')
  missing=${missing% }
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    echo "==> installing Debian packages: $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    # Packages such as webfs ship a daemon: installed for its binary, it must not start
    # listening on the host. A policy-rc.d that refuses every start does that (Debian's
    # invoke-rc.d honours it), unless the machine already has one of its own.
    local policy=/usr/sbin/policy-rc.d own_policy=0
    if [ ! -e "$policy" ]; then
      printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && own_policy=1
    fi
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $missing || { [ "$own_policy" -eq 0 ] || rm -f "$policy"; return 1; }
    [ "$own_policy" -eq 0 ] || rm -f "$policy"
  else
    echo "paas needs these Debian packages: $missing" >&2
    echo "run:  sudo apt-get update && sudo apt-get install -y $missing" >&2
    return 1
  fi
}
