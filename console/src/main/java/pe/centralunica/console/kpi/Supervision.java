package pe.centralunica.console.kpi;

import io.micrometer.core.instrument.MeterRegistry;
import pe.centralunica.console.live.QueueDirectory;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.router.live.LiveCalls;

import java.time.ZoneId;

/** The supervisors' side assembled: queries, the wallboard, staffing advice, hotspots, and the periodic gauges and roll-up. */
public record Supervision(KpiQueries kpis, Wallboard wallboard, StaffingAdvice staffing, Hotspots hotspots,
                          SupervisorFigures jobs)
        implements AutoCloseable {

    public static Supervision start(Jdbc jdbc, LiveCalls live, ZoneId zone, MeterRegistry registry) {
        QueueDirectory queues = new QueueDirectory(jdbc);
        queues.reload();
        LiveDesks desks = new LiveDesks(live, queues);
        KpiQueries kpis = new KpiQueries(jdbc, zone);
        SupervisorFigures jobs = SupervisorFigures.start(kpis, desks, new KpiGauges(registry), new KpiRollup(jdbc, zone), zone);
        return new Supervision(kpis, new Wallboard(desks, kpis, zone), new StaffingAdvice(jdbc, desks, zone),
                new Hotspots(jdbc, zone), jobs);
    }

    @Override
    public void close() {
        jobs.close();
    }
}
