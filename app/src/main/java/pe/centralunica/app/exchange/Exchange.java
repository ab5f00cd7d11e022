package pe.centralunica.app.exchange;

import pe.centralunica.app.store.Jdbc;
import pe.centralunica.exchange.eido.EidoSchema;
import pe.centralunica.exchange.eido.EidoWriter;

/** Wiring of the incident exchange with the agencies: what the HTTP routes and the node need of it. */
public final class Exchange {

    /** The URI that names this centre in every EIDO it sends. */
    public static final String SENDING_SYSTEM = "urn:centralunica:lima";

    private final EidoExport eido;

    public Exchange(Jdbc jdbc) {
        this.eido = new EidoExport(jdbc, new EidoWriter(SENDING_SYSTEM), new EidoSchema());
    }

    public EidoExport eido() {
        return eido;
    }
}
