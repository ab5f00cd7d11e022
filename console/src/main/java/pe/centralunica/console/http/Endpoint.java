package pe.centralunica.console.http;

import io.vertx.core.http.HttpMethod;

/** One route of the API as registered: the route walk test and the OpenAPI test read these. */
public record Endpoint(HttpMethod method, String path, Access access, String summary) {

    /** The path in OpenAPI form: /api/incidents/{id} for /api/incidents/:id. */
    public String openApiPath() {
        return path.replaceAll(":([A-Za-z]+)", "{$1}");
    }
}
