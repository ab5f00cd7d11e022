package pe.centralunica.console.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import pe.centralunica.db.District;
import pe.centralunica.db.DistrictRepository;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** GET /api/districts[?jurisdiction=LIMA]: public, read-only reference data. */
final class DistrictRoutes {

    private static final Set<String> JURISDICTIONS = Set.of("LIMA", "CALLAO", "TRUJILLO");

    private final DistrictRepository districts;
    private final BlockingCalls blocking;

    DistrictRoutes(DistrictRepository districts, BlockingCalls blocking) {
        this.districts = districts;
        this.blocking = blocking;
    }

    void mount(ApiRouter api) {
        api.raw(io.vertx.core.http.HttpMethod.GET, "/api/districts", Access.PUBLIC, "Districts (?jurisdiction=LIMA)", this::list);
    }

    private void list(RoutingContext ctx) {
        List<String> values = ctx.queryParam("jurisdiction");
        if (values.size() > 1) {
            throw new BadRequestException("give 'jurisdiction' at most once");
        }
        Optional<String> jurisdiction = values.stream().findFirst().map(v -> v.trim().toUpperCase(Locale.ROOT));
        if (jurisdiction.isPresent() && !JURISDICTIONS.contains(jurisdiction.get())) {
            throw new BadRequestException("unknown jurisdiction '" + values.getFirst()
                    + "'; use one of " + String.join(", ", JURISDICTIONS.stream().sorted().toList()));
        }
        blocking.run(() -> districts.list(jurisdiction)).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            JsonArray body = new JsonArray();
            for (District d : ar.result()) {
                body.add(new JsonObject().put("code", d.code()).put("name", d.name()).put("jurisdiction", d.jurisdiction()));
            }
            ctx.response()
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .end(body.encode());
        });
    }
}
