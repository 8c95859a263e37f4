# The router (router/target/paas-router.jar): proxies by Host header to app instances.
# Build context: the repository root, after `./mvnw -B -pl router -am package -DskipTests`.
FROM eclipse-temurin:17-jre
COPY router/target/paas-router.jar /opt/paas/paas-router.jar
EXPOSE 8080 8081
ENTRYPOINT ["java", "-jar", "/opt/paas/paas-router.jar"]
