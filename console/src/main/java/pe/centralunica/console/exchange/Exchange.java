package pe.centralunica.console.exchange;

import pe.centralunica.console.store.Jdbc;
import pe.centralunica.exchange.eido.EidoSchema;
import pe.centralunica.exchange.eido.EidoWriter;

import java.time.Duration;

/** Wiring of the incident exchange with the agencies: what the HTTP routes and the node need of it. */
public final class Exchange {

    /** The URI that names this centre in every EIDO it sends. */
    public static final String SENDING_SYSTEM = "urn:centralunica:lima";

    private final EidoExport eido;
    private final AgencyTokens tokens;
    private final AgencyApi agencies;
    private final AgencyEndpoints endpoints;
    private final Outbox outbox;
    private final TransferAhead transferAhead;
    private final EvidenceExport evidence;
    private final CallEvidence callEvidence;

    public Exchange(Jdbc jdbc) {
        EidoSchema schema = new EidoSchema();
        this.eido = new EidoExport(jdbc, new EidoWriter(SENDING_SYSTEM), schema);
        this.tokens = new AgencyTokens(jdbc);
        this.agencies = new AgencyApi(jdbc, eido, schema);
        this.endpoints = new AgencyEndpoints(jdbc);
        this.outbox = new Outbox(jdbc, eido);
        this.evidence = new EvidenceExport(jdbc, eido);
        this.callEvidence = new CallEvidence(jdbc, eido);
        // A caller being transferred waits at most this long for the agency's system to take the EIDO.
        Duration patience = Duration.ofMillis(1_500);
        this.transferAhead = new TransferAhead(jdbc, eido, outbox, new WebhookSender(patience, java.time.Clock.systemUTC()),
                WebhookDelivery.Settings.defaults().backoff(), patience);
    }

    public EvidenceExport evidence() {
        return evidence;
    }

    public CallEvidence callEvidence() {
        return callEvidence;
    }

    public TransferAhead transferAhead() {
        return transferAhead;
    }

    /** The node's webhook loop, woken by {@code outboxChanges} (stop it with close()). */
    public WebhookDelivery startDelivery(WebhookDelivery.Settings settings, pe.centralunica.db.notify.ChangeSignal outboxChanges) {
        return WebhookDelivery.start(outbox, new WebhookSender(settings.timeout(), java.time.Clock.systemUTC()), settings,
                outboxChanges);
    }

    public AgencyEndpoints endpoints() {
        return endpoints;
    }

    public Outbox outbox() {
        return outbox;
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
