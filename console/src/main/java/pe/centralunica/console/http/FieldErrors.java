package pe.centralunica.console.http;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every problem with a request body's fields, collected before anything is saved, so the client learns all of
 * them at once: 400 with {@code "fields": {"latitude": "must be a number between -90 and 90", …}}.
 */
public final class FieldErrors {

    private final Map<String, String> problems = new LinkedHashMap<>();

    public void add(String field, String problem) {
        problems.putIfAbsent(field, problem);
    }

    public boolean has(String field) {
        return problems.containsKey(field);
    }

    /** Throws the 400 when any field was refused; nothing has been written by then. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            JsonObject fields = new JsonObject();
            problems.forEach(fields::put);
            String first = problems.entrySet().iterator().next().getKey();
            throw new ApiException(400, problems.size() == 1
                    ? "'" + first + "' " + problems.get(first)
                    : problems.size() + " fields are invalid: " + String.join(", ", problems.keySet()),
                    new JsonObject().put("fields", fields));
        }
    }
}
