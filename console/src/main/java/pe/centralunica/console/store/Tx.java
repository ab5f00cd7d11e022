package pe.centralunica.console.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Statements inside one transaction. Most reads let PostgreSQL build the JSON the API returns
 * ({@code json_agg}/{@code to_jsonb}), so a column added to a query is one edit, not three.
 */
public final class Tx {

    private final Connection c;

    Tx(Connection c) {
        this.c = c;
    }

    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public <T> List<T> list(String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row.map(rs));
            }
            return out;
        }
    }

    public <T> Optional<T> one(String sql, Row<T> row, Object... params) throws SQLException {
        List<T> all = list(sql, row, params);
        return all.isEmpty() ? Optional.empty() : Optional.ofNullable(all.getFirst());
    }

    /** A query whose single column is a JSON object (one row) — empty when no row. */
    public Optional<JsonObject> object(String sql, Object... params) throws SQLException {
        return one(sql, rs -> rs.getString(1), params).map(JsonObject::new);
    }

    /** Every row of {@code select} as a JSON array of objects (column names as keys). */
    public JsonArray array(String select, Object... params) throws SQLException {
        return one("SELECT coalesce(json_agg(t), '[]'::json)::text FROM (" + select + ") t", rs -> rs.getString(1), params)
                .map(JsonArray::new).orElseGet(JsonArray::new);
    }

    /** The row of {@code select} as a JSON object, if there is one. */
    public Optional<JsonObject> row(String select, Object... params) throws SQLException {
        return object("SELECT to_json(t)::text FROM (" + select + ") t", params);
    }

    public int update(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(sql, params)) {
            return ps.executeUpdate();
        }
    }

    /** Appends to audit_log (append-only; a trigger refuses changes). before/after: JSON or null. */
    public void audit(String actor, String action, String entity, String entityId, JsonObject before, JsonObject after)
            throws SQLException {
        update("INSERT INTO audit_log (actor, action, entity, entity_id, before, after) VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb)",
                actor, action, entity, entityId, before == null ? null : before.encode(), after == null ? null : after.encode());
    }

    private PreparedStatement prepare(String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                Object p = params[i];
                if (p instanceof Optional<?> o) {
                    p = o.orElse(null);
                }
                if (p == null) {
                    ps.setNull(i + 1, java.sql.Types.NULL);
                } else {
                    ps.setObject(i + 1, p);
                }
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }
}
