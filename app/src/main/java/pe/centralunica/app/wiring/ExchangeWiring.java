package pe.centralunica.app.wiring;

import pe.centralunica.app.config.AppSettings;
import pe.centralunica.console.exchange.Exchange;
import pe.centralunica.console.recording.RecordingKeeper;
import pe.centralunica.console.recording.Recordings;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.db.notify.ChangeSignal;

/** Background work for other systems: webhook delivery to the agencies, and the call recordings' retention. */
public final class ExchangeWiring implements AutoCloseable {

    private final ShutdownOrder parts;

    private ExchangeWiring(ShutdownOrder parts) {
        this.parts = parts;
    }

    /** {@code outboxChanges}: fired when the webhook outbox may have work (see WebhookDelivery). */
    public static ExchangeWiring start(AppSettings settings, Jdbc jdbc, ChangeSignal outboxChanges) {
        ShutdownOrder parts = new ShutdownOrder();
        try {
            parts.add(new Exchange(jdbc).startDelivery(settings.webhooks(), outboxChanges));
            parts.add(RecordingKeeper.start(new Recordings(jdbc, settings.recordings()), settings.recordings()));
            return new ExchangeWiring(parts);
        } catch (RuntimeException e) {
            parts.close();
            throw e;
        }
    }

    @Override
    public void close() {
        parts.close();
    }
}
