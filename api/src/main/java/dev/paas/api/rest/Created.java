package dev.paas.api.rest;

import jakarta.ws.rs.core.Response;
import java.net.URI;

/** 201 answers with a Location header. */
final class Created {

    private Created() {
    }

    static Response at(String location, Object body) {
        return Response.created(URI.create(location)).entity(body).build();
    }
}
