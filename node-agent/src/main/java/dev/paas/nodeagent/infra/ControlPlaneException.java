package dev.paas.nodeagent.infra;

/** A control-plane call answered with an unexpected status (the body is kept for the log). */
public final class ControlPlaneException extends RuntimeException {
    private final int status;

    public ControlPlaneException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
