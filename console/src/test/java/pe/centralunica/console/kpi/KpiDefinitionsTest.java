package pe.centralunica.console.kpi;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.db.Database;
import pe.centralunica.db.testing.TestDatabases;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every KPI on ten hand-made calls whose figures are worked out below by hand, including the edge cases: abandoned
 * before queueing, transferred, answered after a retry at another central, a test call, a call still waiting.
 */
class KpiDefinitionsTest {

    private static final Instant T0 = Instant.parse("2026-03-02T15:00:00Z");
    private static final Instant FROM = T0.minusSeconds(3600);
    private static final Instant TO = T0.plusSeconds(3600);
    private static final java.time.LocalDate DAY = java.time.LocalDate.of(2026, 3, 2);

    private static Database db;
    private static KpiQueries kpis;

    @BeforeAll
    static void generate() {
        db = TestDatabases.fresh();
        Jdbc jdbc = new Jdbc(db.dataSource());
        kpis = new KpiQueries(jdbc, ZoneId.of("America/Lima"));
        GeneratedCalls g = new GeneratedCalls(jdbc);
        // A: queued 5 s, answered 12 s from arrival (Serenazgo Miraflores) → within 15
        g.call(T0).queued(5, "ser-150122").answered(12).hungUp(100).save();
        // B: queued 8 s, answered 18 s → within 20 only
        g.call(T0.plusSeconds(60)).queued(8, "cic-sc").answered(18).hungUp(200).save();
        // C: queued 10 s, abandoned in the queue
        g.call(T0.plusSeconds(120)).queued(10, "cic-sc").abandoned(40).hungUp(40).save();
        // D: hung up in the IVR before any queue → improper, not offered
        g.call(T0.plusSeconds(180)).hungUp(6).save();
        // E: queued 4 s at the PNP desk, answered 9 s, transferred and answered again at 70 s → the first answer counts
        g.call(T0.plusSeconds(240)).in("150132", "FIRE", "qu").queued(4, "desk-pnp").answered(9).transferred(60).answered(70).hungUp(300).save();
        // F: queued 6 s at SJL, no answer, retried at the metropolitan centre, answered 30 s → central CIC-SC, late
        g.call(T0.plusSeconds(300)).queued(6, "ser-150132").targetFailed(26, "Q-SER-150132").queued(27, "cic-sc").answered(30).hungUp(250).save();
        // G: a test call (CU_TEST): never counts, however good
        g.call(T0.plusSeconds(360)).test().queued(1, "cic-sc").answered(2).hungUp(10).save();
        // H: silent caller, no incident: answered 14 s → within 15, improper
        g.call(T0.plusSeconds(420)).silentWithoutIncident().queued(3, "cic-sc").answered(14).hungUp(40).save();
        // I: queued 7 s, answered 11 s, marked prank → improper
        g.call(T0.plusSeconds(480)).queued(7, "cic-sc").answered(11).hungUp(50).prank().save();
        // J: still waiting in the queue (queued 5 s): not settled yet, not abandoned
        g.call(T0.plusSeconds(540)).queued(5, "cic-sc").save();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void cityFiguresMatchTheHandCount() {
        KpiFigures f = kpis.live(FROM, TO);
        // non-test calls A B C D E F H I J; settled A B C E F H I; within 15: A E H I; within 20: + B
        assertThat(f.calls()).isEqualTo(9);
        assertThat(f.settled()).isEqualTo(7);
        assertThat(f.within15()).isEqualTo(4);
        assertThat(f.within20()).isEqualTo(5);
        assertThat(f.abandoned()).isEqualTo(1);
        assertThat(f.improper()).isEqualTo(3);
        assertThat(f.percentWithin15()).isEqualTo(57.1);
        assertThat(f.percentWithin20()).isEqualTo(71.4);
        assertThat(f.abandonmentPercent()).isEqualTo(14.3);
        assertThat(f.improperPercent()).isEqualTo(33.3);
        // IVR seconds of the queued calls: 3 4 5 5 6 7 8 10 → p50 = 5.5, p90 = 8 + 0.3 × 2 = 8.6 (linear interpolation)
        assertThat(f.ivrP50()).isEqualTo(5.5);
        assertThat(f.ivrP90()).isCloseTo(8.6, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aCallRetriedElsewhereCountsAtTheCentralWhereItLastQueued() {
        Map<String, KpiFigures> by = byKey(kpis.liveByCentral(FROM, TO));
        assertThat(by).containsOnlyKeys("CIC-SC", "SER-150122", "PNP", "-");
        KpiFigures metro = by.get("CIC-SC"); // B C F H I J
        assertThat(metro.calls()).isEqualTo(6);
        assertThat(metro.settled()).isEqualTo(5);
        assertThat(metro.within15()).isEqualTo(2);
        assertThat(metro.within20()).isEqualTo(3);
        assertThat(metro.abandoned()).isEqualTo(1);
        assertThat(metro.improper()).isEqualTo(2);
        assertThat(by.get("-").calls()).isEqualTo(1);
        assertThat(by.get("-").settled()).isZero();
        assertThat(by.get("-").improper()).isEqualTo(1);
        assertThat(by.get("PNP").within15()).isEqualTo(1);
    }

    @Test
    void theWallboardsSinglePassGivesTheSameCityAndCentrals() {
        KpiQueries.LiveFigures both = kpis.liveCityAndCentrals(FROM, TO);
        assertThat(both.city()).isEqualTo(kpis.live(FROM, TO));
        assertThat(both.byCentral()).containsExactlyElementsOf(kpis.liveByCentral(FROM, TO));
    }

    @Test
    void reportsReadTheRolledUpEndedCallsOnly() {
        int rows = new KpiRollup(new Jdbc(db.dataSource()), ZoneId.of("America/Lima")).refreshSince(FROM);
        assertThat(rows).isEqualTo(8); // A B C D E F H I: J is still waiting, G is a test call
        KpiFigures total = kpis.reportTotal(DAY, DAY);
        assertThat(total.calls()).isEqualTo(8);
        assertThat(total.settled()).isEqualTo(7);
        assertThat(total.within15()).isEqualTo(4);
        // IVR seconds 3 4 5 6 7 8 10 → p50 = 6, p90 = 8 + 0.4 × 2 = 8.8
        assertThat(total.ivrP50()).isEqualTo(6.0);
        assertThat(total.ivrP90()).isCloseTo(8.8, org.assertj.core.data.Offset.offset(1e-9));

        Map<String, KpiFigures> byLanguage = byKey(kpis.report(DAY, DAY, KpiDimension.LANGUAGE));
        assertThat(byLanguage.get("qu").calls()).isEqualTo(1);
        assertThat(byLanguage.get("es").calls()).isEqualTo(7);
        Map<String, KpiFigures> byHour = byKey(kpis.report(DAY, DAY, KpiDimension.HOUR));
        assertThat(byHour).containsOnlyKeys("10"); // 15:00 UTC is 10:00 in Lima
        assertThat(new KpiRollup(new Jdbc(db.dataSource()), ZoneId.of("America/Lima")).refreshSince(FROM)).as("idempotent").isEqualTo(8);
        assertThat(kpis.reportTotal(DAY, DAY).calls()).isEqualTo(8);
    }

    private static Map<String, KpiFigures> byKey(List<KpiFigures> list) {
        return list.stream().collect(Collectors.toMap(KpiFigures::key, Function.identity()));
    }
}
