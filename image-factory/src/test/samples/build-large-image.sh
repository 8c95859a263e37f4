#!/bin/bash
# Builds issue 17's large test image as a `docker save` tarball: one plain-tar layer holding
# busybox (static) at /bin/busybox, /www/index.html, and 4 files of 52 MiB of random bytes in
# /data (208 MiB that no compression shrinks); Cmd: busybox httpd on 8080 (exposed) serving /www.
# Used by node-agent's LargeImageVmTest and bench/image/run --large.
#
#   build-large-image.sh OUT.tar      prints IMAGE=OUT.tar
set -euo pipefail
out=${1:?usage: build-large-image.sh OUT.tar}
[ -x /bin/busybox ] || { echo "/bin/busybox not found: apt-get install busybox-static" >&2; exit 1; }
work=$(mktemp -d "$(dirname "$out")/large-image.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root/bin" "$work/root/www" "$work/root/data" "$work/save/layer1"
cp /bin/busybox "$work/root/bin/busybox"
echo "served from a read-only root disk" > "$work/root/www/index.html"
for i in 0 1 2 3; do
  head -c 52M /dev/urandom > "$work/root/data/blob$i"
done
chmod 0755 "$work/root/bin/busybox"
chmod 0644 "$work/root/www/index.html" "$work/root/data/"blob*
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$work/root" -cf "$work/save/layer1/layer.tar" .
cat > "$work/save/config.json" <<'JSON'
{"architecture":"amd64","os":"linux","config":{"Cmd":["/bin/busybox","httpd","-f","-p","8080","-h","/www"],"ExposedPorts":{"8080/tcp":{}}},"rootfs":{"type":"layers","diff_ids":[]}}
JSON
echo '[{"Config":"config.json","RepoTags":["large:1"],"Layers":["layer1/layer.tar"]}]' > "$work/save/manifest.json"
tar --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$work/save" -cf "$out" manifest.json config.json layer1/layer.tar
echo "IMAGE=$out"
