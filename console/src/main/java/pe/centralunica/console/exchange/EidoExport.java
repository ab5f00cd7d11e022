package pe.centralunica.console.exchange;

import io.vertx.core.json.JsonObject;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.console.store.Tx;
import pe.centralunica.exchange.eido.EidoSchema;
import pe.centralunica.exchange.eido.EidoWriter;
import pe.centralunica.exchange.eido.IncidentFacts;
import tools.jackson.databind.node.ObjectNode;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An incident as a validated EIDO message. A message that fails the schema is never handed out: it is a bug
 * here, and an agency's system would reject or, worse, half-read it.
 */
public final class EidoExport {

    private final Jdbc jdbc;
    private final IncidentFactsReader reader = new IncidentFactsReader();
    private final EidoWriter writer;
    private final EidoSchema schema;

    public EidoExport(Jdbc jdbc, EidoWriter writer, EidoSchema schema) {
        this.jdbc = jdbc;
        this.writer = writer;
        this.schema = schema;
    }

    /** Empty when the incident does not exist or is outside {@code districtScope}. */
    public Optional<ObjectNode> eido(long incidentId, Optional<String> districtScope) {
        Optional<IncidentFacts> facts = jdbc.tx("reading incident #" + incidentId + " for its EIDO",
                tx -> reader.read(tx, incidentId, districtScope));
        return facts.map(f -> checked(f, incidentId));
    }

    private ObjectNode checked(IncidentFacts facts, long incidentId) {
        ObjectNode message = writer.write(facts, UUID.randomUUID());
        List<String> problems = schema.problems(message);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the EIDO of incident #" + incidentId + " fails its schema: " + problems);
        }
        return message;
    }

    /** The EIDO of an incident read inside {@code tx} (no scope: for the outbox, which checks its own). */
    public Optional<JsonObject> eidoJson(Tx tx, long incidentId) throws SQLException {
        return reader.read(tx, incidentId, Optional.empty()).map(f -> new JsonObject(checked(f, incidentId).toString()));
    }

    /** The same, as the console API's JSON type. */
    public Optional<JsonObject> eidoJson(long incidentId, Optional<String> districtScope) {
        return eido(incidentId, districtScope).map(n -> new JsonObject(n.toString()));
    }
}
