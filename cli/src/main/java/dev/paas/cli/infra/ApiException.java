package dev.paas.cli.infra;

import dev.paas.cli.core.CliException;
import dev.paas.model.ErrorCode;

/**
 * The control plane answered with an error status. {@link #code()} is the API's code when the
 * body was the API's error body, else null (a proxy's page, an endpoint this server lacks).
 */
public final class ApiException extends CliException {

    private final int status;
    private final ErrorCode code;

    public ApiException(int status, ErrorCode code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public ErrorCode code() {
        return code;
    }

    public boolean is(ErrorCode c) {
        return code == c;
    }
}
