package pe.centralunica.app.callpath;

import org.junit.jupiter.api.Test;
import pe.centralunica.app.Node;
import pe.centralunica.db.Database;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.testing.TestDatabases;
import pe.centralunica.simulator.CallOutcome;
import pe.centralunica.simulator.CallScript;
import pe.centralunica.simulator.Disposition;
import pe.centralunica.simulator.MemberSpec;
import pe.centralunica.simulator.QueueSpec;
import pe.centralunica.simulator.SimulatedAsterisk;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL stops answering without closing its connections (the proxy holds every byte): calls are still
 * triaged and routed, the console answers or fails within its socket timeout instead of hanging, and once
 * the database answers again no pool is left exhausted — the console works and every record arrives.
 */
class DatabaseStallTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void databaseThatStallsWithoutClosingNeverHoldsCallsNorTheConsoleAndLeavesNoPoolExhausted() throws Exception {
        DatabaseSettings direct = TestDatabases.freshSettings();
        Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/(.*)").matcher(direct.jdbcUrl());
        assertThat(m.matches()).as("a host:port JDBC URL: %s", direct.jdbcUrl()).isTrue();
        try (CuttableProxy proxy = new CuttableProxy(m.group(1), Integer.parseInt(m.group(2)))) {
            DatabaseSettings viaProxy = new DatabaseSettings("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + m.group(3),
                    direct.user(), direct.password(), direct.maxPoolSize(), direct.connectionTimeout());
            try (Node node = TestNode.start(viaProxy);
                 Database db = Database.open(direct);
                 SimulatedAsterisk asterisk = SimulatedAsterisk.builder()
                         .agiServer("127.0.0.1", node.agiPort())
                         .queue(QueueSpec.named("desk-samu").member(MemberSpec.named("PJSIP/samu-01").answerAfter(Duration.ofSeconds(2)))
                                 .member(MemberSpec.named("PJSIP/samu-02").answerAfter(Duration.ofSeconds(2)))
                                 .member(MemberSpec.named("PJSIP/samu-03").answerAfter(Duration.ofSeconds(2))))
                         .queue(QueueSpec.named("cic-sc").member(MemberSpec.named("PJSIP/metro-01")))
                         .timeScale(0.1).seed(5).start()) {

                proxy.stall();
                List<CompletableFuture<CallOutcome>> calls = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    calls.add(asterisk.place(CallScript.caller("98711100" + i).dials("106")
                            .pressesAfter(Duration.ofSeconds(5), "22").hangsUpAfterAnswer(Duration.ofSeconds(10))));
                }
                // The console while the database is stalled: an answer or an error, within the socket timeout.
                long started = System.nanoTime();
                HttpResponse<String> console = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
                        + "/api/districts")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(took).as("console request during the stall (status %d)", console.statusCode())
                        .isLessThan(Duration.ofSeconds(12));
                long healthStarted = System.nanoTime();
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
                        + "/health/ready")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(Duration.ofNanos(System.nanoTime() - healthStarted)).isLessThan(Duration.ofSeconds(5));
                assertThat(health.statusCode()).as("ready: calls are routed, records spooled — %s", health.body()).isEqualTo(200);

                List<String> callIds = new ArrayList<>();
                for (CompletableFuture<CallOutcome> f : calls) {
                    CallOutcome o = f.get(60, TimeUnit.SECONDS);
                    assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
                    assertThat(o.fallback()).as("routed by the app, not the dialplan's fallback").isFalse();
                    assertThat(o.answeredTarget()).isEqualTo("desk-samu");
                    callIds.add(o.variable("CU_CALL_ID"));
                }

                proxy.resume();
                // No pool left exhausted: ten console requests in a row answer, each promptly.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
                int ok = 0;
                while (ok < 10 && System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
                            + "/api/districts")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                    boolean prompt = Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(2)) < 0;
                    ok = r.statusCode() == 200 && prompt ? ok + 1 : 0;
                    if (ok == 0) {
                        Thread.sleep(200);
                    }
                }
                assertThat(ok).as("consecutive prompt console answers after the stall").isEqualTo(10);
                Records records = new Records(db);
                for (String callId : callIds) {
                    assertThat(records.await("SELECT emergency_type_code FROM call WHERE id = ?::uuid", callId, "MEDICAL"))
                            .as("record of call %s", callId).isEqualTo("MEDICAL");
                }
            }
        }
    }
}
