package dev.paas.nodeagent.api;

/** A VM could not be started; the message is the reason reported to the control plane. */
public class VmStartException extends Exception {
    public VmStartException(String message) {
        super(message);
    }

    public VmStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
