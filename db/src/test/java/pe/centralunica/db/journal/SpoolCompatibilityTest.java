package pe.centralunica.db.journal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe.centralunica.db.Database;
import pe.centralunica.db.testing.TestDatabases;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static pe.centralunica.db.journal.JournalTestSupport.await;
import static pe.centralunica.db.journal.JournalTestSupport.eventCount;

/**
 * Spools written by another build or damaged on disk: records this build cannot read are kept and shipped
 * when it can, corrupt bytes quarantine their segment, and no unshipped event is ever deleted.
 */
class SpoolCompatibilityTest {

    private static final Instant T0 = Instant.parse("2026-12-07T16:00:00Z");

    private static Database db;

    @TempDir
    Path tmp;

    @BeforeAll
    static void database() {
        db = TestDatabases.fresh();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private JournalSettings settings(Path spool) {
        return JournalSettings.defaults(spool).withIdlePoll(Duration.ofMillis(20))
                .withBackoff(Duration.ofMillis(10), Duration.ofMillis(100)).withCloseTimeout(Duration.ofSeconds(5));
    }

    private static byte[] frame(CallEvent e) {
        return RecordFrame.frame(EventCodec.encode(e)).array();
    }

    /** A NOTE event re-labelled as a kind this build does not know (same length: "NOTE" → "NOT3"). */
    private static byte[] unknownKindFrame(CallEvent note) {
        byte[] payload = EventCodec.encode(note);
        byte[] kind = "NOTE".getBytes(StandardCharsets.UTF_8);
        int at = indexOf(payload, kind);
        payload[at + 3] = '3';
        return RecordFrame.frame(payload).array();
    }

    /** A record of a later format version (this build writes version 1). */
    private static byte[] newerVersionFrame(CallEvent e) {
        byte[] payload = EventCodec.encode(e);
        payload[0] = 2;
        return RecordFrame.frame(payload).array();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }

    private static void writeSegment(Path spool, long n, List<byte[]> frames) throws Exception {
        Files.createDirectories(spool);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            out.write(f);
        }
        Files.write(spool.resolve("segment-%016d.spool".formatted(n)), out.toByteArray());
    }

    @Test
    void recordsOfAnUnknownKindOrVersionAreHeldNotTruncatedAndEverythingAroundThemShips() throws Exception {
        Path spool = tmp.resolve("spool");
        TestCall a = TestCall.at(T0, 1);
        TestCall b = TestCall.at(T0, 2);
        List<CallEvent> first = a.answeredTimeline("FIRE", "150101");
        List<CallEvent> second = b.answeredTimeline("CRIME", "150122");
        CallEvent note = a.event(70_000, CallEventType.NOTE, Map.of("text", "from a newer build"));
        List<byte[]> segment1 = new ArrayList<>();
        first.subList(0, 4).forEach(e -> segment1.add(frame(e)));
        segment1.add(unknownKindFrame(note));
        segment1.add(newerVersionFrame(a.event(71_000, CallEventType.NOTE, Map.of("text", "v2"))));
        first.subList(4, first.size()).forEach(e -> segment1.add(frame(e)));
        writeSegment(spool, 1, segment1);
        writeSegment(spool, 2, second.stream().map(SpoolCompatibilityTest::frame).toList());
        long heldBytes = segment1.get(4).length + segment1.get(5).length;

        try (SpooledCallJournal journal = SpooledCallJournal.start(settings(spool), db.dataSource())) {
            assertThat(journal.stats().unshippedEvents()).as("held records count as unshipped until set aside")
                    .isEqualTo(first.size() + 2 + second.size());
            await(() -> journal.stats().unshippedEvents() == 0, Duration.ofSeconds(30), "spool shipped");
            assertThat(journal.stats().shippedTotal()).isEqualTo(first.size() + second.size());
        }
        assertThat(eventCount(db, List.of(a.id))).isEqualTo(first.size());
        assertThat(eventCount(db, List.of(b.id))).isEqualTo(second.size());
        Path held = spool.resolve("held/records.spool");
        assertThat(held).exists();
        assertThat(Files.size(held)).isEqualTo(heldBytes);
        byte[] heldContent = Files.readAllBytes(held);
        assertThat(ByteBuffer.wrap(heldContent, 0, segment1.get(4).length)).isEqualTo(ByteBuffer.wrap(segment1.get(4)));
    }

    @Test
    void heldRecordsThisBuildCanReadAreShippedAtTheNextStart() throws Exception {
        Path spool = tmp.resolve("spool");
        TestCall call = TestCall.at(T0, 3);
        List<CallEvent> events = call.answeredTimeline("MEDICAL", "150132");
        Files.createDirectories(spool.resolve("held"));
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        for (CallEvent e : events) {
            held.write(frame(e)); // held by an older build that did not know these kinds yet
        }
        byte[] unknown = unknownKindFrame(call.event(80_000, CallEventType.NOTE, Map.of("text", "still unknown")));
        held.write(unknown);
        Files.write(spool.resolve("held/records.spool"), held.toByteArray());

        try (SpooledCallJournal journal = SpooledCallJournal.start(settings(spool), db.dataSource())) {
            await(() -> journal.stats().shippedTotal() == events.size(), Duration.ofSeconds(30), "held events shipped");
        }
        assertThat(eventCount(db, List.of(call.id))).isEqualTo(events.size());
        assertThat(Files.readAllBytes(spool.resolve("held/records.spool"))).isEqualTo(unknown);
    }

    @Test
    void aCorruptRecordQuarantinesItsSegmentAndTheRecordsAfterItStillShip() throws Exception {
        Path spool = tmp.resolve("spool");
        TestCall a = TestCall.at(T0, 4);
        TestCall b = TestCall.at(T0, 5);
        List<CallEvent> first = a.answeredTimeline("FIRE", "150101");
        List<CallEvent> second = b.answeredTimeline("CRIME", "150122");
        List<byte[]> frames = first.stream().map(SpoolCompatibilityTest::frame).toList();
        writeSegment(spool, 1, frames);
        writeSegment(spool, 2, second.stream().map(SpoolCompatibilityTest::frame).toList());
        Path segment1 = spool.resolve("segment-0000000000000001.spool");
        byte[] bytes = Files.readAllBytes(segment1);
        int corruptAt = frames.get(0).length + frames.get(1).length + frames.get(2).length + 12;
        bytes[corruptAt] ^= 0x5A; // inside the fourth record's payload: its checksum fails
        Files.write(segment1, bytes);

        try (SpooledCallJournal journal = SpooledCallJournal.start(settings(spool), db.dataSource())) {
            await(() -> journal.stats().unshippedEvents() == 0, Duration.ofSeconds(30), "spool shipped");
        }
        List<CallEvent> survivors = new ArrayList<>(first);
        survivors.remove(3);
        assertThat(eventCount(db, List.of(a.id))).isEqualTo(survivors.size());
        assertThat(eventCount(db, List.of(b.id))).isEqualTo(second.size());
        Path quarantined = spool.resolve("quarantine/segment-0000000000000001.spool");
        assertThat(quarantined).exists();
        assertThat(Files.readAllBytes(quarantined)).as("the damaged segment is kept byte for byte").isEqualTo(bytes);
        assertThat(segment1).doesNotExist();
    }

    @Test
    void corruptionInTheMiddleOfTheNewestSegmentIsNotMistakenForATornTail() throws Exception {
        Path spool = tmp.resolve("spool");
        TestCall a = TestCall.at(T0, 6);
        List<CallEvent> events = a.answeredTimeline("FIRE", "150101");
        List<byte[]> frames = events.stream().map(SpoolCompatibilityTest::frame).toList();
        writeSegment(spool, 1, frames);
        Path segment1 = spool.resolve("segment-0000000000000001.spool");
        byte[] bytes = Files.readAllBytes(segment1);
        bytes[frames.get(0).length + 12] ^= 0x5A; // second record damaged, six intact ones after it
        Files.write(segment1, bytes);

        try (SpooledCallJournal journal = SpooledCallJournal.start(settings(spool), db.dataSource())) {
            await(() -> journal.stats().unshippedEvents() == 0, Duration.ofSeconds(30), "spool shipped");
        }
        assertThat(eventCount(db, List.of(a.id))).isEqualTo(events.size() - 1);
        assertThat(spool.resolve("quarantine/segment-0000000000000001.spool")).exists();
    }
}
