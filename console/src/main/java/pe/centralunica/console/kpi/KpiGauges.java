package pe.centralunica.console.kpi;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The wallboard's figures as Prometheus gauges (label {@code central}, "ALL" = the whole city), so Grafana can alert on
 * them. Values are set by {@link #update} from the periodic refresh, never computed at scrape time (a scrape runs on
 * the event loop). A figure without calls (a rate over nothing) is absent rather than 0 or 100.
 */
final class KpiGauges {

    private final List<Figure<KpiFigures>> today = new ArrayList<>();
    private final List<Figure<DeskNow>> live = new ArrayList<>();

    private record Figure<T>(MultiGauge gauge, Function<T, Double> value) {
    }

    public KpiGauges(MeterRegistry registry) {
        today(registry, "cu_kpi_answered_within_15s_percent", "today's settled calls answered within 15 s of arrival (NENA: 90)", KpiFigures::percentWithin15);
        today(registry, "cu_kpi_answered_within_20s_percent", "today's settled calls answered within 20 s of arrival (NENA: 95)", KpiFigures::percentWithin20);
        today(registry, "cu_kpi_abandoned_percent", "today's settled calls abandoned in the queue", KpiFigures::abandonmentPercent);
        today(registry, "cu_kpi_improper_percent", "today's calls that were pranks, silent without incident or IVR hang-ups", KpiFigures::improperPercent);
        today(registry, "cu_kpi_ivr_p50_seconds", "median seconds from arrival to the queue today", KpiFigures::ivrP50);
        today(registry, "cu_kpi_ivr_p90_seconds", "90th percentile seconds from arrival to the queue today", KpiFigures::ivrP90);
        today(registry, "cu_kpi_calls_today", "non-test calls arrived since local midnight", f -> (double) f.calls());
        live(registry, "cu_kpi_calls_waiting", "callers waiting for a dispatcher now", d -> (double) d.waiting());
        live(registry, "cu_kpi_longest_wait_seconds", "longest wait since arrival among callers waiting now", d -> (double) d.longestWaitSeconds());
        live(registry, "cu_kpi_dispatchers_free", "logged-in dispatchers free now", d -> (double) d.free());
        live(registry, "cu_kpi_dispatchers_busy", "dispatchers on a call now", d -> (double) d.busy());
        live(registry, "cu_kpi_dispatchers_paused", "dispatchers paused now", d -> (double) d.paused());
    }

    private void today(MeterRegistry registry, String name, String help, Function<KpiFigures, Double> value) {
        today.add(new Figure<>(MultiGauge.builder(name).description(help).register(registry), value));
    }

    private void live(MeterRegistry registry, String name, String help, Function<DeskNow, Double> value) {
        live.add(new Figure<>(MultiGauge.builder(name).description(help).register(registry), value));
    }

    /** Replaces every gauge's rows: {@code city} under central="ALL", then one row per central. */
    public void update(KpiFigures city, List<KpiFigures> byCentral, List<DeskNow> desks) {
        for (Figure<KpiFigures> f : today) {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            add(rows, "ALL", city, f.value());
            byCentral.forEach(k -> add(rows, k.key(), k, f.value()));
            f.gauge().register(rows, true);
        }
        for (Figure<DeskNow> f : live) {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            desks.forEach(d -> add(rows, d.agency(), d, f.value()));
            f.gauge().register(rows, true);
        }
    }

    private static <T> void add(List<MultiGauge.Row<?>> rows, String central, T source, Function<T, Double> value) {
        Double v = value.apply(source);
        if (v != null) {
            double fixed = v;
            rows.add(MultiGauge.Row.of(Tags.of("central", central), () -> fixed));
        }
    }

}
