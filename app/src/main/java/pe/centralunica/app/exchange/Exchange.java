package pe.centralunica.app.exchange;

import pe.centralunica.app.store.Jdbc;
import pe.centralunica.exchange.eido.EidoSchema;
import pe.centralunica.exchange.eido.EidoWriter;

/** Wiring of the incident exchange with the agencies: what the HTTP routes and the node need of it. */
public final class Exchange {

    /** The URI that names this centre in every EIDO it sends. */
    public static final String SENDING_SYSTEM = "urn:centralunica:lima";

    private final EidoExport eido;
    private final AgencyTokens tokens;
    private final AgencyApi agencies;

    public Exchange(Jdbc jdbc) {
        EidoSchema schema = new EidoSchema();
        this.eido = new EidoExport(jdbc, new EidoWriter(SENDING_SYSTEM), schema);
        this.tokens = new AgencyTokens(jdbc);
        this.agencies = new AgencyApi(jdbc, eido, schema);
    }

    public EidoExport eido() {
        return eido;
    }

    public AgencyTokens tokens() {
        return tokens;
    }

    public AgencyApi agencies() {
        return agencies;
    }
}
