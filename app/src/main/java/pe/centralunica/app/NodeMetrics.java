package pe.centralunica.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import pe.centralunica.db.Database;
import pe.centralunica.db.journal.SpooledCallJournal;

/** The node's meter registry: JVM, process, HTTP (through Vert.x) and the connection pool. */
final class NodeMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    NodeMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    void bindPool(Database database) {
        Gauge.builder("cu_db_pool_active", database, d -> d.poolStats().active())
                .description("connections in use").register(registry);
        Gauge.builder("cu_db_pool_idle", database, d -> d.poolStats().idle())
                .description("idle connections").register(registry);
        Gauge.builder("cu_db_pool_waiting", database, d -> d.poolStats().waiting())
                .description("threads waiting for a connection").register(registry);
        Gauge.builder("cu_db_pool_max", database, d -> d.poolStats().max())
                .description("pool size limit").register(registry);
    }

    void bindJournal(SpooledCallJournal journal) {
        Gauge.builder("cu_journal_unshipped_events", journal, j -> j.stats().unshippedEvents())
                .description("call events durable in the local spool, not yet in PostgreSQL").register(registry);
        Gauge.builder("cu_journal_oldest_unshipped_seconds", journal, j -> j.stats().oldestUnshippedAge().toMillis() / 1000.0)
                .description("age of the oldest unshipped call event").register(registry);
        Gauge.builder("cu_journal_shipped_events", journal, j -> j.stats().shippedTotal())
                .description("call events committed to PostgreSQL since start").register(registry);
        Gauge.builder("cu_journal_fsyncs", journal, j -> j.stats().fsyncs())
                .description("spool fsyncs since start (group commit)").register(registry);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
