package dev.paas.nodeagent.infra;

/** The control plane refused the join token (401): nothing was registered; the agent must not retry. */
public final class JoinRejectedException extends Exception {
    public JoinRejectedException(String message) {
        super(message);
    }
}
