# The control plane (api/target/quarkus-app) with what staging needs: a JDK (jlink, jdeps),
# musl-gcc (the static server and the guest init) and the guest kernel.
# Build context: the repository root, after `./mvnw -B -pl api -am package -DskipTests`.

# The guest kernel is built from Debian's linux-source-6.1 (5-9 minutes, once per kernel change).
FROM debian:12 AS guest
RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      linux-source-6.1 build-essential flex bison bc libelf-dev libssl-dev cpio xz-utils lz4 musl-tools \
    && rm -rf /var/lib/apt/lists/*
COPY kernel/scripts/ /guest/scripts/
COPY kernel/config/ /guest/config/
RUN PAAS_CACHE_DIR=/guest/cache /guest/scripts/build-kernel.sh /guest/config/microvm.fragment

FROM eclipse-temurin:17
RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends musl-tools \
    && rm -rf /var/lib/apt/lists/*
ENV PAAS_CACHE_DIR=/var/cache/paas PAAS_DATA_DIR=/var/lib/paas
COPY --from=guest /guest/cache/kernels/ /var/cache/paas/kernels/
COPY kernel/scripts/build-kernel.sh /tmp/guest/scripts/build-kernel.sh
COPY kernel/config/microvm.fragment /tmp/guest/config/microvm.fragment
# The kernel's cache key includes the Debian linux-source version, which this image has not:
# file the kernel under the key the control plane computes here, so it is found, not rebuilt.
# (The init is built on first use; musl-gcc is here.)
RUN key=$(PAAS_PRINT_KEY=1 PAAS_CACHE_DIR=/var/cache/paas bash /tmp/guest/scripts/build-kernel.sh \
        /tmp/guest/config/microvm.fragment | sed -n 's/^KEY=//p') \
    && test -n "$key" && cd /var/cache/paas/kernels && for k in *; do [ "$k" = "$key" ] || mv "$k" "$key"; done \
    && rm -rf /tmp/guest
COPY api/target/quarkus-app/ /opt/paas/control-plane/
# Packages and images persist; the build cache (guest kernel, JREs) stays in the image, so a
# rebuilt image never meets a stale kernel.
VOLUME ["/var/lib/paas"]
EXPOSE 8900
CMD ["java", "-jar", "/opt/paas/control-plane/quarkus-run.jar"]
