package pe.centralunica.router.live;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The AMI link as an operator needs it at 3 a.m.: is it up, how often it was lost, how long the last loss took
 * to notice and to repair.
 *
 * @param outages       sessions lost since start (a failed first login is not an outage)
 * @param downSince     when the current outage was noticed; empty while up
 * @param lastDetection for the last outage: from the last byte Asterisk sent to the moment the link was declared
 *                      dead (a black-holed link only shows as silence)
 * @param lastOutage    for the last outage that ended: from declared dead to the new session logged in
 */
public record AmiLinkStatus(boolean up, long sessions, long loginAttempts, long outages, Optional<Instant> downSince,
                            Duration lastDetection, Duration lastOutage) {
}
