package dev.paas.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.paas.api.core.ApiException;
import dev.paas.api.infra.DatabaseOutage;
import dev.paas.model.ErrorBody;
import dev.paas.model.ErrorCode;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.hibernate.StaleStateException;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become HTTP answers. Every body is
 * {@code {"code": "...", "message": "..."}}; no stack trace ever reaches a client.
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response r = answer(e.code(), e.getMessage());
        return e.retryAfterSeconds() > 0
                ? Response.fromResponse(r).header("Retry-After", Long.toString(e.retryAfterSeconds())).build() : r;
    }

    @ServerExceptionMapper({UnrecognizedPropertyException.class})
    public Response unknownField(UnrecognizedPropertyException e) {
        String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                .map(Object::toString).sorted().collect(Collectors.joining(", "));
        return answer(ErrorCode.MALFORMED_REQUEST, "unknown field '" + path(e) + "'" + (known.isEmpty() ? "" : "; known fields: " + known));
    }

    @ServerExceptionMapper({InvalidFormatException.class})
    public Response invalidFormat(InvalidFormatException e) {
        String hint = e.getTargetType() != null && e.getTargetType().isEnum()
                ? "; use one of " + Arrays.toString(e.getTargetType().getEnumConstants())
                : e.getTargetType() == null ? "" : "; expected " + simple(e.getTargetType());
        return answer(ErrorCode.INVALID_FIELD, path(e) + ": '" + e.getValue() + "' is not valid" + hint);
    }

    /** Quarkus has a built-in mapper for this subtype (a JSON value of the wrong kind): answer in our shape instead. */
    @ServerExceptionMapper({MismatchedInputException.class})
    public Response mismatched(MismatchedInputException e) {
        return mapping(e);
    }

    @ServerExceptionMapper({JsonMappingException.class})
    public Response mapping(JsonMappingException e) {
        String field = path(e);
        return answer(ErrorCode.MALFORMED_REQUEST, field.isEmpty()
                ? "the body does not have the expected shape: " + e.getOriginalMessage()
                : field + ": has the wrong type (" + firstLine(e.getOriginalMessage()) + ")");
    }

    @ServerExceptionMapper({JsonProcessingException.class})
    public Response json(JsonProcessingException e) {
        var loc = e.getLocation();
        return answer(ErrorCode.MALFORMED_REQUEST, "the body is not valid JSON"
                + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")") + ": " + firstLine(e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        // The JSON reader wraps parse errors in a plain 400; answer with what went wrong.
        if (e.getCause() instanceof UnrecognizedPropertyException u) {
            return unknownField(u);
        }
        if (e.getCause() instanceof InvalidFormatException f) {
            return invalidFormat(f);
        }
        if (e.getCause() instanceof JsonMappingException m) {
            return mapping(m);
        }
        if (e.getCause() instanceof JsonProcessingException j) {
            return json(j);
        }
        int status = e.getResponse().getStatus();
        return switch (status) {
            case 404 -> answer(ErrorCode.NOT_FOUND, "no such endpoint; see /q/openapi for the API");
            case 405 -> answer(ErrorCode.METHOD_NOT_ALLOWED, "this method is not allowed here; see /q/openapi");
            case 413 -> answer(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is too large");
            case 415 -> answer(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json");
            case 406 -> Response.status(406).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorBody(ErrorCode.MALFORMED_REQUEST, "this endpoint answers application/json")).build();
            default -> status >= 500 ? unexpected(e) : answer(ErrorCode.MALFORMED_REQUEST, firstLine(e.getMessage()));
        };
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api(api);
            }
            if (t instanceof OptimisticLockException || t instanceof StaleStateException) {
                return answer(ErrorCode.STALE_VERSION, "someone else changed this at the same time; read it again and reapply your change");
            }
            if (t instanceof ConstraintViolationException) {
                return answer(ErrorCode.ALREADY_EXISTS, "that name was taken at the same moment by another request; choose another or retry");
            }
        }
        if (DatabaseOutage.is(e)) {
            LOG.warnf("api.database-unavailable type=%s error=%s", e.getClass().getName(), firstLine(rootMessage(e)));
            return answer(ErrorCode.DATABASE_UNAVAILABLE, "the control plane cannot reach its database (PostgreSQL); retry in "
                    + DatabaseOutage.RETRY_AFTER_SECONDS + " s. If it lasts, the operator should check the database (./paas status, the control plane's log)");
        }
        LOG.errorf(e, "api.unexpected-error type=%s", e.getClass().getName());
        return answer(ErrorCode.INTERNAL, "internal error; the control plane log has the details");
    }

    static Response answer(ErrorCode code, String message) {
        Response.ResponseBuilder r = Response.status(code.httpStatus()).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(code, message));
        if (code == ErrorCode.DATABASE_UNAVAILABLE) {
            r.header("Retry-After", DatabaseOutage.RETRY_AFTER_SECONDS);
        }
        return r.build();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String simple(Class<?> type) {
        return switch (type.getSimpleName()) {
            case "Integer", "int", "Long", "long" -> "a whole number";
            case "String" -> "a string";
            case "Map" -> "an object";
            default -> type.getSimpleName();
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
