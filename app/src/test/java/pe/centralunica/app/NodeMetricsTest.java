package pe.centralunica.app;

import org.junit.jupiter.api.Test;
import pe.centralunica.db.journal.CallEvent;
import pe.centralunica.db.journal.CallJournal;
import pe.centralunica.router.AvailabilityBoard;
import pe.centralunica.router.live.AmiCallTracker;
import pe.centralunica.router.live.AmiSettings;
import pe.centralunica.router.live.TargetDirectory;
import pe.centralunica.router.rules.Target;
import pe.centralunica.simulator.MemberSpec;
import pe.centralunica.simulator.QueueSpec;
import pe.centralunica.simulator.SimulatedAsterisk;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What /metrics says about the AMI link: events per call, events dropped and the tracker's backlog can be read. */
class NodeMetricsTest {

    private static final CallJournal NOWHERE = new CallJournal() {
        @Override
        public void append(CallEvent event) {
            // the metrics are under test, not the records
        }
    };

    @Test
    void amiEventsDroppedAndInboxDepthArePublishedAndEventsMove() throws Exception {
        try (SimulatedAsterisk asterisk = SimulatedAsterisk.builder().agiServer("127.0.0.1", 9)
                .queue(QueueSpec.named("cic-sc").member(MemberSpec.named("PJSIP/cic-01")))
                .ami(0, "cu", "secret").start();
             AmiCallTracker tracker = new AmiCallTracker(AmiSettings.of("127.0.0.1", asterisk.amiPort(), "cu", "secret"), NOWHERE,
                     new AvailabilityBoard(), TargetDirectory.of(List.of(
                     new Target("Q-METRO", Target.Kind.QUEUE, "cic-sc", Optional.empty(), 30, true)))).start();
             NodeMetrics metrics = new NodeMetrics()) {
            metrics.bindAmi(tracker);
            String before = metrics.registry().scrape();
            assertThat(before).contains("cu_ami_events_total ", "cu_ami_events_dropped_total 0.0", "cu_ami_inbox_depth ");

            // Connecting resynchronises: Asterisk sends the queue's parameters and members as events.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (value(metrics.registry().scrape(), "cu_ami_events_total") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            String after = metrics.registry().scrape();
            // More events may arrive between the scrape and the tracker's own count, never fewer.
            assertThat(value(after, "cu_ami_events_total")).isPositive().isLessThanOrEqualTo((double) tracker.eventsReceived());
            assertThat(value(after, "cu_ami_events_dropped_total")).isZero().isEqualTo((double) tracker.eventsDropped());
            assertThat(value(after, "cu_ami_inbox_depth")).isGreaterThanOrEqualTo(0);
        }
    }

    private static double value(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElseThrow(() -> new AssertionError(name + " absent"));
    }
}
