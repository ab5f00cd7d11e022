package pe.centralunica.router.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Asterisk's queue_log read as a tail, lines as Asterisk 20 writes them (captured from the reference build). */
class QueueLogFileTest {

    @TempDir
    Path dir;

    private void append(Path f, String text) throws Exception {
        Files.writeString(f, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void readsOnlyWholeLinesWrittenSinceItWasOpenedAndSinceTheLastRead() throws Exception {
        Path f = dir.resolve("queue_log");
        append(f, "1796662240|NONE|NONE|NONE|QUEUESTART|\n");
        QueueLogFile log = QueueLogFile.at(f);
        assertThat(log.readNew()).isEmpty();

        append(f, "1796662243|1796662243.0|qq|NONE|ENTERQUEUE|||1\n1796662243|1796662243.0|qq|AgentA|CONN");
        assertThat(log.readNew()).extracting(QueueLogEntry::event).containsExactly("ENTERQUEUE");
        append(f, "ECT|0|1796662243.2|0\n");
        assertThat(log.readNew()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo("CONNECT");
            assertThat(e.agent()).isEqualTo("AgentA");
            assertThat(e.at()).isEqualTo(1796662243.0);
            assertThat(e.data(2)).isEqualTo("1796662243.2");
        });
        assertThat(log.readNew()).isEmpty();
    }

    @Test
    void aLogOpenedWithItsRecentPastFirstReturnsTheWholeLinesOfThatPastThenOnlyWhatFollows() throws Exception {
        Path f = dir.resolve("queue_log");
        String old = "1796662200|1796662200.0|qq|NONE|ENTERQUEUE||987000001|1\n";
        String recent = "1796662243|1796662243.0|qq|NONE|ENTERQUEUE||987000002|1\n";
        append(f, old.repeat(100) + recent);
        // 10 bytes into the last old line: that cut line is skipped, the recent one is whole.
        QueueLogFile log = QueueLogFile.withRecentPast(f, recent.length() + 10);
        assertThat(log.readNew()).extracting(QueueLogEntry::callid).containsExactly("1796662243.0");
        append(f, "1796662248|1796662243.0|qq|NONE|ABANDON|1|1|5\n");
        assertThat(log.readNew()).extracting(QueueLogEntry::event).containsExactly("ABANDON");
        assertThat(QueueLogFile.withRecentPast(f, 1L << 30).readNew()).as("a look-back beyond the start reads it all")
                .hasSize(102);
    }

    @Test
    void aRotatedLogIsReadFromItsStart() throws Exception {
        Path f = dir.resolve("queue_log");
        append(f, "1796662240|NONE|NONE|NONE|QUEUESTART|\n".repeat(5));
        QueueLogFile log = QueueLogFile.at(f);
        Files.writeString(f, "1796662248|1796662243.0|qq|AgentA|COMPLETECALLER|0|5|1\n");
        assertThat(log.readNew()).extracting(QueueLogEntry::event).containsExactly("COMPLETECALLER");
    }

    @Test
    void aMissingLogYieldsNothingUntilAsteriskCreatesIt() throws Exception {
        Path f = dir.resolve("queue_log");
        QueueLogFile log = QueueLogFile.at(f);
        assertThat(log.readNew()).isEmpty();
        append(f, "1796662243|1796662243.0|qq|NONE|ENTERQUEUE|||1\n");
        assertThat(log.readNew()).hasSize(1);
    }

    @Test
    void historiesTurnAsterisksLinesIntoTheTrackersSteps() {
        var h = QueueHistory.byCall(java.util.stream.Stream.of(
                        "1796662240|NONE|NONE|NONE|QUEUESTART|",
                        "1796662243|1796662243.0|qq|NONE|ENTERQUEUE|||1",
                        "1796662250|1796662243.0|qq|AgentB|RINGNOANSWER|6000",
                        "1796662253|1796662243.0|qq|AgentA|CONNECT|10|1796662243.2|3",
                        "1796662258|1796662243.0|qq|AgentA|COMPLETEAGENT|10|5|1")
                .map(l -> QueueLogEntry.parse(l).orElseThrow()).toList());
        assertThat(h).containsOnlyKeys("1796662243.0");
        QueueHistory call = h.get("1796662243.0");
        assertThat(call.steps()).extracting(QueueHistory.Step::type).containsExactly(
                pe.centralunica.db.journal.CallEventType.QUEUE_JOINED, pe.centralunica.db.journal.CallEventType.AGENT_RUNG,
                pe.centralunica.db.journal.CallEventType.AGENT_RUNG, pe.centralunica.db.journal.CallEventType.ANSWERED);
        assertThat(call.steps().get(1).at()).isEqualTo(1796662244.0); // rung 6 s before its RINGNOANSWER
        assertThat(call.steps().get(2).at()).isEqualTo(1796662250.0); // rung 3 s before CONNECT
        assertThat(call.ended()).contains(new QueueHistory.Ending(1796662258.0, "agent"));
        assertThat(call.agentNow()).isEmpty();
    }
}
