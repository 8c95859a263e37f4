# A node agent (node-agent/target/paas-node-agent.jar) with QEMU. Needs /dev/kvm from the host
# (docker-compose.yml passes it); app instances are QEMU microVMs inside this container.
# Build context: the repository root, after `./mvnw -B -pl node-agent -am package -DskipTests`.
FROM eclipse-temurin:17-jre
RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      qemu-system-x86 util-linux e2fsprogs \
    && rm -rf /var/lib/apt/lists/*
COPY node-agent/target/paas-node-agent.jar /opt/paas/paas-node-agent.jar
VOLUME ["/var/lib/paas/node-agent"]
EXPOSE 8901
ENTRYPOINT ["java", "-jar", "/opt/paas/paas-node-agent.jar"]
