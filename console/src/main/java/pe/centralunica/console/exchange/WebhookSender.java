package pe.centralunica.console.exchange;

import pe.centralunica.exchange.webhook.WebhookSignature;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/** POSTs one outbox row to its agency, signed; any 2xx is accepted, anything else (or no answer) is a failure. */
final class WebhookSender implements Outbox.Sender {

    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    public WebhookSender(Duration timeout, Clock clock) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public Outbox.Sent send(Outbox.Delivery d) {
        long now = clock.instant().getEpochSecond();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(d.url())).timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header(WebhookSignature.EVENT_ID_HEADER, d.eventId().toString())
                    .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now))
                    .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(d.secret(), now, d.body()))
                    .POST(HttpRequest.BodyPublishers.ofString(d.body())).build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? new Outbox.Sent.Accepted()
                    : new Outbox.Sent.Failed("HTTP " + response.statusCode());
        } catch (IOException | IllegalArgumentException e) {
            return new Outbox.Sent.Failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outbox.Sent.Failed("interrupted");
        }
    }
}
