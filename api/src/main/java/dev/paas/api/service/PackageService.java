package dev.paas.api.service;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.api.infra.AppEntity;
import dev.paas.api.infra.BlobStore;
import dev.paas.api.infra.PackageEntity;
import dev.paas.api.infra.PaasConfig;
import dev.paas.model.DockerPackage;
import dev.paas.model.ErrorCode;
import dev.paas.model.PackageView;
import dev.paas.pushrules.DockerReference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Packages: the bits of a push. Bytes go to the {@link BlobStore} under their sha256, so an
 * unchanged push registers the digest instead of uploading again. Or a docker image, pulled when
 * staged.
 */
@ApplicationScoped
public class PackageService {

    private static final Logger LOG = Logger.getLogger(PackageService.class);
    /** Registry tokens (ECR's, GCR's JSON keys) run to a few KiB. */
    static final int MAX_DOCKER_PASSWORD = 16 * 1024;
    private static final Pattern FILENAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,254}");
    private final BlobStore blobs;
    private final PaasConfig config;
    private final Clock clock;
    private final EventLog events;
    private final EntityManager em;

    private final ServiceKeys keys;

    public PackageService(BlobStore blobs, PaasConfig config, Clock clock, EventLog events, EntityManager em, ServiceKeys keys) {
        this.keys = keys;
        this.em = em;
        this.blobs = blobs;
        this.config = config;
        this.clock = clock;
        this.events = events;
    }

    /** Creates a package from bits the store already holds; 404 when it must be uploaded. */
    @Transactional
    public PackageView register(Caller caller, String space, String app, String sha256, String filename) {
        AppEntity a = Lookup.app(caller, space, app);
        checkSha("sha256", sha256);
        String name = filename("filename", filename);
        BlobSweeper.holdOff(em);
        Optional<Path> blob = blobs.findPackage(sha256);
        if (blob.isEmpty()) {
            throw ApiException.notFound("package with sha256 " + sha256 + " (upload it with PUT .../packages/" + sha256 + ")");
        }
        long size;
        try {
            size = Files.size(blob.get());
        } catch (IOException e) {
            throw storage(new BlobStore.StorageFailure("cannot read the package store", e));
        }
        return insert(caller, a, sha256, size, name, false);
    }

    /**
     * Creates a docker package: the image is pulled when it is staged (every staging: a restage
     * pulls again). Every field is checked before anything is written; the password is sealed with
     * the services key (a 409 naming the setting when there is none) and never recorded elsewhere.
     */
    @Transactional
    public PackageView registerDocker(Caller caller, String space, String app, DockerPackage docker, boolean withBits) {
        AppEntity a = Lookup.app(caller, space, app);
        if (withBits) {
            throw ApiException.invalid("docker", "a package is either bits (sha256, filename) or a docker image; send one of them");
        }
        String image = docker.image();
        DockerReference.problem(image).ifPresent(p -> {
            throw ApiException.invalid("docker.image", p);
        });
        String username = docker.username();
        String password = docker.password();
        if (username != null) {
            DockerReference.usernameProblem(username).ifPresent(p -> {
                throw ApiException.invalid("docker.username", p);
            });
            if (password == null || password.isEmpty()) {
                throw ApiException.invalid("docker.password", "is required with docker.username (the registry's password or "
                        + "token; paas push reads it from PAAS_DOCKER_PASSWORD)");
            }
            if (password.length() > MAX_DOCKER_PASSWORD || password.chars().anyMatch(Character::isISOControl)) {
                throw ApiException.invalid("docker.password", "must be at most " + MAX_DOCKER_PASSWORD
                        + " characters without control characters");
            }
        } else if (password != null) {
            throw ApiException.invalid("docker.password", "is given without docker.username; send the registry user "
                    + "too, or neither for an anonymous pull");
        }
        PackageEntity p = new PackageEntity();
        p.app = a;
        p.dockerImage = DockerReference.parse(image).toString();
        p.dockerUsername = username;
        p.dockerPassword = username == null ? null : keys.box().seal(password);
        p.sizeBytes = 0;
        p.createdBy = caller.username();
        p.createdAt = Instant.now(clock);
        p.persist();
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("docker", p.dockerImage);
        if (username != null) {
            details.put("username", username);  // the password: never
        }
        events.record(caller, "app.upload", a.space, a, "app/" + a.space.name + "/" + a.name, details);
        return view(p);
    }

    /** Checks access and names before any byte is read, so a refused upload stores nothing. */
    @Transactional
    public void checkUpload(Caller caller, String space, String app, String sha256, String filename) {
        Lookup.app(caller, space, app);
        checkSha("sha256", sha256);
        filename("filename", filename);
    }

    /**
     * Streams an upload (already checked with {@link #checkUpload}) into the store and creates its package.
     * A digest mismatch is 400 and an oversized upload 413; neither keeps any bytes.
     */
    @Transactional
    public PackageView upload(Caller caller, String space, String app, String sha256, String filename, InputStream body) {
        AppEntity a = Lookup.app(caller, space, app);
        String name = filename("filename", filename);
        long limit = config.storage().maxPackageBytes();
        BlobSweeper.holdOff(em);
        BlobStore.Stored stored;
        try (InputStream in = body) {
            stored = blobs.storePackage(in, limit, sha256);
        } catch (BlobStore.TooLarge e) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the package is larger than the limit of " + (limit / (1024 * 1024))
                    + " MiB; leave out what the app does not need at run time (e.g. with .cfignore)");
        } catch (BlobStore.StorageFailure e) {
            throw storage(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!stored.sha256().equals(sha256)) {
            throw ApiException.invalid("sha256", "the uploaded bytes have sha256 " + stored.sha256() + ", not " + sha256
                    + "; the upload was corrupted or the digest is wrong");
        }
        return insert(caller, a, stored.sha256(), stored.bytes(), name, true);
    }

    @Transactional
    public List<PackageView> list(Caller caller, String space, String app) {
        AppEntity a = Lookup.app(caller, space, app);
        return PackageEntity.<PackageEntity>list("app = ?1 order by id desc", a).stream().map(PackageService::view).toList();
    }

    private PackageEntity entity(Caller caller, AppEntity a, String sha, long size, String name) {
        PackageEntity p = new PackageEntity();
        p.app = a;
        p.sha256 = sha;
        p.sizeBytes = size;
        p.filename = name;
        p.createdBy = caller.username();
        p.createdAt = Instant.now(clock);
        p.persist();
        return p;
    }

    private PackageView insert(Caller caller, AppEntity a, String sha, long size, String name, boolean uploaded) {
        PackageEntity p = entity(caller, a, sha, size, name);
        events.record(caller, "app.upload", a.space, a, "app/" + a.space.name + "/" + a.name,
                Map.of("sha256", sha, "bytes", size, "uploaded", uploaded));
        return view(p);
    }

    private static ApiException storage(BlobStore.StorageFailure e) {
        LOG.errorf("storage.package-write-failed error=%s", e.getMessage());
        return new ApiException(ErrorCode.STORAGE_UNAVAILABLE, e.getMessage()
                + "; nothing was kept. The operator must make the store writable (paas.storage.dir) or free space, then push again");
    }

    static PackageView view(PackageEntity p) {
        return p.isDocker()
                ? new PackageView(p.id, p.app.name, null, 0, null, p.createdAt, PackageView.DOCKER, p.dockerImage, p.dockerUsername)
                : new PackageView(p.id, p.app.name, p.sha256, p.sizeBytes, p.filename, p.createdAt);
    }

    private static void checkSha(String field, String sha) {
        if (!BlobStore.isSha256(sha)) {
            throw ApiException.invalid(field, "must be 64 lowercase hex characters (the package's sha256)");
        }
    }

    private static String filename(String field, String name) {
        if (name == null || name.isBlank()) {
            return "app.bin";
        }
        if (!FILENAME.matcher(name).matches() || name.contains("..")) {
            throw ApiException.invalid(field, "'" + name + "' must be a plain file name (letters, digits, '.', '_', '+', '-'), e.g. app.jar");
        }
        return name;
    }
}
