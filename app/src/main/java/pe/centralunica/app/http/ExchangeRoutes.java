package pe.centralunica.app.http;

import pe.centralunica.app.exchange.EidoExport;

/** Incidents leaving Central Única in a standard form: the EIDO of an incident. */
final class ExchangeRoutes {

    private final EidoExport eido;

    ExchangeRoutes(EidoExport eido) {
        this.eido = eido;
    }

    void mount(ApiRouter api) {
        api.get("/api/incidents/:id/eido", Access.DISPATCHER, "The incident as a NENA EIDO message (JSON, schema-validated)",
                ctx -> eido.eidoJson(ApiRouter.id(ctx, "id"), ApiRouter.user(ctx).districtScope())
                        .orElseThrow(() -> new ApiException(404, "no such incident")));
    }
}
