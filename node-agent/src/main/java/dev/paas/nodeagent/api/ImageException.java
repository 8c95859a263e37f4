package dev.paas.nodeagent.api;

/** An image could not be made available locally; the message says why (e.g. a digest mismatch). */
public class ImageException extends Exception {
    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
