package dev.paas.cli.core;

import dev.paas.pushrules.AppManifest;
import dev.paas.pushrules.DockerManifest;
import dev.paas.pushrules.DockerReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The docker part of a push plan, as {@code cf push} checks it: {@code --docker-image} (or the
 * manifest's {@code docker.image}) instead of bits, never with {@code -p} or {@code -b}; a
 * {@code --docker-username} (or {@code docker.username}) only with an image and with the password in
 * {@code PAAS_DOCKER_PASSWORD} (or {@code CF_DOCKER_PASSWORD}). The reference is read with the push
 * rules' {@link DockerReference}, the control plane's and the image factory's grammar.
 */
final class DockerPlanner {

    static final String PASSWORD_ENV = "PAAS_DOCKER_PASSWORD";
    static final String CF_PASSWORD_ENV = "CF_DOCKER_PASSWORD";

    private DockerPlanner() {
    }

    /** The app's image, or null for bits; adds every problem found to {@code problems}. */
    static PushPlan.Docker plan(AppManifest app, PushFlags flags, String src, List<String> problems) {
        DockerManifest written = app.docker();
        boolean flag = flags.dockerImage() != null;
        if (!flag && written == null) {
            if (flags.dockerUsername() != null) {
                problems.add("--docker-username: is for an image: give --docker-image REF too (or docker.image in the manifest)");
            }
            return null;
        }
        List<String> clash = new ArrayList<>();
        if (flags.path() != null) {
            clash.add("-p");
        }
        if (flags.buildpack() != null) {
            clash.add("-b");
        }
        if (!clash.isEmpty()) {
            problems.add((flag ? "--docker-image" : PushPlanner.where(app, "docker", src, false) + "docker")
                    + " cannot be used with " + String.join(" or ", clash) + ": an app runs either an image or bits staged by a "
                    + "buildpack; leave out " + String.join(" and ", clash) + (flag ? "" : ", or the manifest's docker"));
        }
        if (flag) {
            // The flag wins over the manifest's image, as cf's flags do; bits written there clash with it.
            for (String attribute : List.of("path", "buildpacks", "buildpack")) {
                if (app.locations().containsKey(attribute) && !(attribute.equals("path") && flags.path() != null)
                        && !(attribute.startsWith("buildpack") && flags.buildpack() != null)) {
                    problems.add(PushPlanner.where(app, attribute, src, false) + "--docker-image cannot be used with the "
                            + "manifest's " + attribute + ": an app runs either an image or bits staged by a buildpack; "
                            + "remove " + attribute + " from the manifest or push without --docker-image");
                }
            }
        }
        String image = flag ? flags.dockerImage() : written.image();
        if (image == null) {
            return null;  // the reader has refused docker: without image already
        }
        DockerReference.problem(image).ifPresent(p -> problems.add(flag ? "--docker-image: " + p
                : PushPlanner.where(app, "docker", src, false) + "docker.image: " + p));
        String username = flags.dockerUsername() != null ? flags.dockerUsername() : written == null ? null : written.username();
        if (username != null) {
            boolean userFlag = flags.dockerUsername() != null;
            DockerReference.usernameProblem(username).ifPresent(p -> problems.add(userFlag ? "--docker-username: " + p
                    : PushPlanner.where(app, "docker", src, false) + "docker.username: " + p));
            if (!flags.dockerPasswordSet()) {
                problems.add("environment variable " + PASSWORD_ENV + " not set: the docker username '" + username
                        + "' needs the registry's password there (or in " + CF_PASSWORD_ENV + ", as cf reads it)");
            }
        }
        return new PushPlan.Docker(image, username);
    }
}
