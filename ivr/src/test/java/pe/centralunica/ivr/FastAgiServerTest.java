package pe.centralunica.ivr;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.db.Database;
import pe.centralunica.db.testing.TestDatabases;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class FastAgiServerTest {

    private static Database db;

    @BeforeAll
    static void database() {
        db = TestDatabases.fresh();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void aHostOutsideTheAllowListIsRefusedBeforeAnyScriptRuns() throws Exception {
        IvrSettings onlyAsteriskLan = IvrSettings.defaults().withBind(InetAddress.getLoopbackAddress(), 0, AllowList.parse("10.20.0.0/16"));
        try (IvrFixture f = new IvrFixture(db, new TestRouter(), onlyAsteriskLan);
             Socket s = new Socket("127.0.0.1", f.ivr.port())) {
            s.getOutputStream().write("agi_network: yes\nagi_network_script: triage\nagi_uniqueid: 1.1\n\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            assertThat(in.read()).as("closed without a reply").isEqualTo(-1);
            assertThat(f.journal.events()).isEmpty();
            assertThat(f.ivr.stats().refused()).isEqualTo(1);
            assertThat(f.ivr.stats().sessions()).isZero();
        }
    }

    @Test
    void aProbeThatConnectsAndClosesLeavesNoRecordAndTheServerServesTheNextCall() throws Exception {
        try (IvrFixture f = new IvrFixture(db, new TestRouter())) {
            new Socket("127.0.0.1", f.ivr.port()).close();
            Thread.sleep(200);
            assertThat(f.journal.events()).as("a probe is not a call").isEmpty();
            ScriptedAsterisk call = new ScriptedAsterisk("triage", "105", "150101").run(f.ivr.port());
            assertThat(call.variables()).containsEntry("CU_ROUTE_OK", "1");
            assertThat(f.journal.events()).allSatisfy(e -> assertThat(e.data()).containsKey("uniqueid"));
        }
    }

    @Test
    void sixHundredSimultaneousCallsAreAllServedWhereTheStockPoolTurnsAwayCall501() throws Exception {
        int calls = 600;
        CountDownLatch allInside = new CountDownLatch(calls);
        CountDownLatch release = new CountDownLatch(1);
        try (IvrFixture f = new IvrFixture(db, new TestRouter());
             ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ScriptedAsterisk>> results = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                String caller = "9" + (10_000_000 + i);
                results.add(callers.submit(() -> {
                    // Every session is held at its first menu until all 600 are inside the IVR at once.
                    CountDownLatch mine = new CountDownLatch(1);
                    Thread.ofVirtual().start(() -> {
                        allInside.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        mine.countDown();
                    });
                    return new ScriptedAsterisk("triage", "105", "150101").caller(caller).holdFirstGetDataUntil(mine)
                            .run(f.ivr.port());
                }));
            }
            allInside.await();
            release.countDown();
            int routed = 0;
            for (Future<ScriptedAsterisk> r : results) {
                if ("1".equals(r.get().variables().get("CU_ROUTE_OK"))) {
                    routed++;
                }
            }
            assertThat(routed).isEqualTo(calls);
            assertThat(f.ivr.stats().sessions()).isEqualTo(calls);
        }
    }
}
