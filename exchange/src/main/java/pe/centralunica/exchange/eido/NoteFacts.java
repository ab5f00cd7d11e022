package pe.centralunica.exchange.eido;

import java.time.Instant;

/** One entry of the incident's narrative (kind: NOTE, CLOSED, REOPENED). */
public record NoteFacts(long id, Instant at, String author, String kind, String text) {
}
