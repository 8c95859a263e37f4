package dev.paas.imagefactory.infra;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.paas.imagefactory.api.ImageMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * {@code image.json}: canonical bytes (properties sorted, two-space indent, trailing newline) and
 * the digest over them, {@code sha256:<64 hex>}.
 */
public final class ImageJson {

    public static final String FILE_NAME = "image.json";
    public static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ImageJson() {}

    public static byte[] bytes(ImageMetadata metadata) {
        try {
            String json = MAPPER.writeValueAsString(metadata).replace("\r\n", "\n") + "\n";
            return json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ImageMetadata parse(byte[] json) throws IOException {
        return MAPPER.readValue(json, ImageMetadata.class);
    }

    public static String digest(byte[] manifest) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(manifest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
