package dev.paas.cli.infra;

import dev.paas.cli.core.Progress;
import dev.paas.model.ErrorCode;
import java.util.Map;

/**
 * Uploads through the control plane: first "do you already have bits with this sha256?"
 * ({@code POST .../packages}: an unchanged push sends nothing), else the bytes themselves
 * ({@code PUT .../packages/{sha256}}), which the control plane checks against the digest.
 */
public final class HttpUploader implements Uploader {

    private final ApiClient api;

    public HttpUploader(ApiClient api) {
        this.api = api;
    }

    @Override
    public PackageRef upload(String space, String app, Bits bits, Progress progress) {
        String base = ApiClient.appPath(space, app) + "/packages";
        String filename = bits.zipped() ? "app.zip" : safeName(bits.file().getFileName().toString());
        try {
            var reused = api.post(base, Map.of("sha256", bits.sha256(), "filename", filename)).tree();
            progress.start("upload", 0);
            progress.done("unchanged bits (" + bits.sha256().substring(0, 12) + "), nothing to upload");
            return new PackageRef(reused.get("id").asText(), bits.sha256());
        } catch (ApiException e) {
            if (e.status() != 404 || !e.is(ErrorCode.NOT_FOUND)) {
                throw e;
            }
        }
        progress.start("uploading", bits.size());
        var uploaded = api.sendFile("PUT", base + "/" + bits.sha256() + "?filename=" + ApiClient.seg(filename), bits.file(),
                "application/octet-stream", progress).tree();
        progress.done("uploaded " + bits.size() + " bytes");
        return new PackageRef(uploaded.get("id").asText(), bits.sha256());
    }

    /** The control plane takes plain names (letters, digits, '.', '_', '+', '-'). */
    static String safeName(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._+-]", "_").replaceAll("^[^A-Za-z0-9]+", "");
        return s.isEmpty() ? "app.bin" : s.length() > 200 ? s.substring(s.length() - 200) : s;
    }
}
