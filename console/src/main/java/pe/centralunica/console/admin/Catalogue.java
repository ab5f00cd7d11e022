package pe.centralunica.console.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import pe.centralunica.console.http.ApiException;
import pe.centralunica.console.http.BadRequestException;
import pe.centralunica.console.store.Jdbc;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Administrators' CRUD over one reference table (districts, agencies, route targets, panic buttons): field
 * types checked here, the rest (formats, ranges, references) by the schema's constraints, which the API turns
 * into 400/409 with PostgreSQL's reason. Every change is one transaction with its audit_log row (before/after).
 * Changes to route targets and districts bump the routing version (V3 triggers): every node reloads at once.
 */
public final class Catalogue {

    private final String resource;
    private final String table;
    private final List<Field> fields;
    private final Field key;
    private final String select;

    private final Jdbc jdbc;

    public Catalogue(String resource, String table, List<Field> fields, Jdbc jdbc) {
        this.jdbc = jdbc;
        this.resource = resource;
        this.table = table;
        this.fields = List.copyOf(fields);
        this.key = fields.stream().filter(Field::key).findFirst().orElseThrow();
        this.select = "SELECT " + fields.stream().map(f -> f.column() + " AS \"" + f.name() + "\"").collect(Collectors.joining(", "))
                + " FROM " + table;
    }

    public String resource() {
        return resource;
    }

    public List<Field> fields() {
        return fields;
    }

    public JsonArray list() {
        return jdbc.tx("listing " + resource, tx -> tx.array(select + " ORDER BY " + key.column()));
    }

    public Optional<JsonObject> get(String id) {
        return jdbc.tx("reading " + resource, tx -> tx.row(select + " WHERE " + key.column() + " = ?", id));
    }

    public JsonObject create(JsonObject body, String actor) {
        refuseUnknown(body);
        List<Field> given = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (Field f : fields) {
            if (body.containsKey(f.name())) {
                given.add(f);
                values.add(value(body, f));
            } else if (f.required()) {
                throw new BadRequestException("'" + f.name() + "' is required");
            }
        }
        String id = (String) value(body, key);
        return jdbc.tx("creating " + resource, tx -> {
            if (tx.row(select + " WHERE " + key.column() + " = ?", id).isPresent()) {
                throw new ApiException(409, resource + " '" + id + "' already exists");
            }
            tx.update("INSERT INTO " + table + " (" + given.stream().map(Field::column).collect(Collectors.joining(", "))
                    + ") VALUES (" + given.stream().map(f -> "?").collect(Collectors.joining(", ")) + ")", values.toArray());
            JsonObject after = tx.row(select + " WHERE " + key.column() + " = ?", id).orElseThrow();
            tx.audit(actor, "CREATE", table, id, null, after);
            return after;
        });
    }

    /** Changes the fields present in {@code patch}; the key cannot change. Empty when there is no such row. */
    public Optional<JsonObject> update(String id, JsonObject patch, String actor) {
        refuseUnknown(patch);
        if (patch.containsKey(key.name()) && !id.equals(String.valueOf(patch.getValue(key.name())))) {
            throw new BadRequestException("'" + key.name() + "' cannot change; create a new entry instead");
        }
        List<Field> given = fields.stream().filter(f -> !f.key() && patch.containsKey(f.name())).toList();
        if (given.isEmpty()) {
            throw new BadRequestException("nothing to change; editable: " + fields.stream().filter(f -> !f.key())
                    .map(Field::name).collect(Collectors.joining(", ")));
        }
        List<Object> values = new ArrayList<>();
        for (Field f : given) {
            if (f.required() && patch.getValue(f.name()) == null) {
                throw new BadRequestException("'" + f.name() + "' cannot be empty");
            }
            values.add(value(patch, f));
        }
        values.add(id);
        return jdbc.tx("updating " + resource + " " + id, tx -> {
            Optional<JsonObject> before = tx.row(select + " WHERE " + key.column() + " = ? FOR UPDATE", id);
            if (before.isEmpty()) {
                return Optional.empty();
            }
            tx.update("UPDATE " + table + " SET " + given.stream().map(f -> f.column() + " = ?").collect(Collectors.joining(", "))
                    + " WHERE " + key.column() + " = ?", values.toArray());
            JsonObject after = tx.row(select + " WHERE " + key.column() + " = ?", id).orElseThrow();
            tx.audit(actor, "UPDATE", table, id, before.get(), after);
            return Optional.of(after);
        });
    }

    /** Deletes the row; a row still referenced (calls, rules, users) is refused by its foreign keys (409). */
    public boolean delete(String id, String actor) {
        return jdbc.tx("deleting " + resource + " " + id, tx -> {
            Optional<JsonObject> before = tx.row(select + " WHERE " + key.column() + " = ? FOR UPDATE", id);
            if (before.isEmpty()) {
                return false;
            }
            tx.update("DELETE FROM " + table + " WHERE " + key.column() + " = ?", id);
            tx.audit(actor, "DELETE", table, id, before.get(), null);
            return true;
        });
    }

    private void refuseUnknown(JsonObject body) {
        for (String name : body.fieldNames()) {
            if (fields.stream().noneMatch(f -> f.name().equals(name))) {
                throw new BadRequestException("unknown field '" + name + "'; " + resource + " has "
                        + fields.stream().map(Field::name).collect(Collectors.joining(", ")));
            }
        }
    }

    private static Object value(JsonObject body, Field f) {
        Object v = body.getValue(f.name());
        if (v == null) {
            if (f.key()) {
                throw new BadRequestException("'" + f.name() + "' is required");
            }
            return null;
        }
        return switch (f.type()) {
            case TEXT -> {
                if (!(v instanceof String s) || (f.required() && s.isBlank())) {
                    throw new BadRequestException("'" + f.name() + "' must be " + (f.required() ? "non-empty " : "") + "text");
                }
                yield s.strip();
            }
            case INTEGER -> {
                if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                    throw new BadRequestException("'" + f.name() + "' must be a whole number");
                }
                yield n.intValue();
            }
            case DECIMAL -> {
                if (!(v instanceof Number n)) {
                    throw new BadRequestException("'" + f.name() + "' must be a number");
                }
                yield new BigDecimal(n.toString());
            }
            case BOOLEAN -> {
                if (!(v instanceof Boolean b)) {
                    throw new BadRequestException("'" + f.name() + "' must be true or false");
                }
                yield b;
            }
        };
    }
}
