package dev.paas.api.ui;

import dev.paas.api.core.ApiException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

/**
 * Failures on dashboard endpoints: a whole error page for a page load, the bare message for htmx
 * and page scripts (shown in the page's message bar). Same status codes as the API.
 */
final class UiErrors {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance error(int status, String title, String message);
    }

    private UiErrors() {
    }

    static Response answer(ApiException e, HttpHeaders headers, Request request) {
        int status = e.code().httpStatus();
        if (headers.getHeaderString("HX-Request") != null || !"GET".equals(request.getMethod())) {
            return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity(e.getMessage()).build();
        }
        String title = switch (status) {
            case 403 -> "Not for your role";
            case 404 -> "Not found";
            case 401 -> "Log in first";
            default -> "That did not work";
        };
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.error(status, title, e.getMessage()).render()).build();
    }
}
