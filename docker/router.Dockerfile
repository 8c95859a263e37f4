# The router (scheduler/target/paas-router.jar): proxies by Host header to app instances.
# Build context: the repository root, after `./mvnw -B -pl scheduler -am package -DskipTests`.
FROM eclipse-temurin:17-jre
COPY scheduler/target/paas-router.jar /opt/paas/paas-router.jar
EXPOSE 8080 8081
ENTRYPOINT ["java", "-jar", "/opt/paas/paas-router.jar"]
