package pe.centralunica.console.http;

import io.vertx.core.json.JsonObject;

/** A refusal with its HTTP status and a message saying what to do instead; optional extra fields. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final JsonObject details;

    public ApiException(int status, String message) {
        this(status, message, null);
    }

    public ApiException(int status, String message, JsonObject details) {
        super(message);
        this.status = status;
        this.details = details;
    }

    public int status() {
        return status;
    }

    public JsonObject details() {
        return details;
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, what + " does not exist");
    }
}
