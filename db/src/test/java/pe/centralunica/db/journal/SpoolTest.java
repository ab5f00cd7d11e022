package pe.centralunica.db.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local spool on its own: group commit, segment rolling, recovery after a crash. */
class SpoolTest {

    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");

    @Test
    void aBurstOfAThousandAppendsCostsFarFewerFsyncsThanAppends() throws Exception {
        try (SpoolDirectory spool = SpoolDirectory.open(dir)) {
            SpoolWriter writer = new SpoolWriter(spool, 1, JournalSettings.defaults(spool.path()).withSegmentBytes(64L << 20), () -> { }, () -> { });
            TestCall call = TestCall.at(T0, 1);
            List<CallEvent> events = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                events.add(call.event(i, CallEventType.NOTE, Map.of("text", "note " + i)));
            }
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                events.forEach(e -> threads.submit(() -> writer.append(e)));
            }
            writer.close();

            assertThat(writer.appendedEvents()).isEqualTo(1_000);
            assertThat(writer.fsyncs()).isLessThan(500);
            assertThat(readAll(spool)).containsExactlyInAnyOrderElementsOf(events);
        }
    }

    @Test
    void segmentsRollAtTheConfiguredSizeAndReadBackInOrder() throws Exception {
        try (SpoolDirectory spool = SpoolDirectory.open(dir)) {
            SpoolWriter writer = new SpoolWriter(spool, 1, JournalSettings.defaults(spool.path()).withSegmentBytes(4096), () -> { }, () -> { });
            TestCall call = TestCall.at(T0, 2);
            List<CallEvent> events = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                CallEvent e = call.event(i, CallEventType.DIGIT, Map.of("digit", "1", "menu", "type"));
                events.add(e);
                writer.append(e);
            }
            writer.close();

            assertThat(spool.segments()).hasSizeGreaterThan(3);
            assertThat(readAll(spool)).containsExactlyElementsOf(events);
        }
    }

    @Test
    void tornTailLeftByACrashIsCutOffOnOpenAndEverythingBeforeItSurvives() throws Exception {
        TestCall call = TestCall.at(T0, 3);
        List<CallEvent> events = new ArrayList<>();
        try (SpoolDirectory spool = SpoolDirectory.open(dir)) {
            SpoolWriter writer = new SpoolWriter(spool, 1, JournalSettings.defaults(spool.path()).withSegmentBytes(64L << 20), () -> { }, () -> { });
            for (int i = 0; i < 10; i++) {
                CallEvent e = call.event(i, CallEventType.NOTE, Map.of("text", "n" + i));
                events.add(e);
                writer.append(e);
            }
            writer.close();
        }
        Path segment = dir.resolve("segment-0000000000000001.spool");
        long validSize = Files.size(segment);
        ByteBuffer torn = RecordFrame.frame(EventCodec.encode(call.event(99, CallEventType.NOTE, Map.of("text", "torn"))));
        try (var ch = Files.newByteChannel(segment, StandardOpenOption.APPEND)) {
            ch.write(torn.limit(torn.limit() / 2));
        }

        try (SpoolDirectory spool = SpoolDirectory.open(dir)) {
            SpoolRecovery.Recovered recovered = SpoolRecovery.recover(spool);

            assertThat(Files.size(segment)).isEqualTo(validSize);
            assertThat(recovered.unshippedEvents()).isEqualTo(10);
            assertThat(recovered.nextSegment()).isEqualTo(2);
            assertThat(readAll(spool)).containsExactlyElementsOf(events);
        }
    }

    @Test
    void recordWithABadChecksumEndsTheValidLog() throws Exception {
        TestCall call = TestCall.at(T0, 4);
        try (SpoolDirectory spool = SpoolDirectory.open(dir)) {
            SpoolWriter writer = new SpoolWriter(spool, 1, JournalSettings.defaults(spool.path()).withSegmentBytes(64L << 20), () -> { }, () -> { });
            for (int i = 0; i < 3; i++) {
                writer.append(call.event(i, CallEventType.NOTE, Map.of("text", "n" + i)));
            }
            writer.close();
        }
        Path segment = dir.resolve("segment-0000000000000001.spool");
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 3] ^= 0x5A; // flip bits inside the last record's payload
        Files.write(segment, bytes);

        try (SpoolDirectory spool = SpoolDirectory.open(dir)) {
            assertThat(SpoolRecovery.recover(spool).unshippedEvents()).isEqualTo(2);
            assertThat(readAll(spool)).extracting(CallEvent::seq).containsExactly(0, 1);
        }
    }

    @Test
    void checkpointSurvivesReopeningAndAnUnreadableOneMeansReshipEverything() throws IOException {
        try (SpoolDirectory spool = SpoolDirectory.open(dir)) {
            spool.writeCheckpoint(new SpoolPosition(3, 4242));
        }
        try (SpoolDirectory spool = SpoolDirectory.open(dir)) {
            assertThat(spool.readCheckpoint()).contains(new SpoolPosition(3, 4242));
        }
        Files.write(dir.resolve("checkpoint"), new byte[] {1, 2, 3});
        try (SpoolDirectory spool = SpoolDirectory.open(dir)) {
            assertThat(spool.readCheckpoint()).isEmpty();
        }
    }

    @Test
    void secondJournalOnTheSameDirectoryIsRefused() {
        try (SpoolDirectory first = SpoolDirectory.open(dir)) {
            assertThat(first.path()).isEqualTo(dir);
            assertThatThrownBy(() -> SpoolDirectory.open(dir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another journal");
        }
    }

    private static List<CallEvent> readAll(SpoolDirectory spool) throws IOException {
        List<Long> segments = spool.segments();
        SpoolPosition end = new SpoolPosition(segments.getLast(), Files.size(spool.segmentPath(segments.getLast())));
        List<CallEvent> out = new ArrayList<>();
        try (SpoolReader reader = new SpoolReader(spool, new SpoolPosition(segments.getFirst(), 0))) {
            while (true) {
                SpoolReader.Batch batch = reader.read(37, end);
                if (batch.isEmpty() && batch.end().compareTo(end) >= 0) {
                    return out;
                }
                out.addAll(batch.events());
            }
        }
    }
}
