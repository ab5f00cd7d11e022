package pe.centralunica.app;

import java.util.function.ToDoubleFunction;
import io.micrometer.core.instrument.FunctionCounter;
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
import pe.centralunica.ivr.IvrServer;
import pe.centralunica.router.LiveRouter;
import pe.centralunica.router.live.AmiCallTracker;
import pe.centralunica.router.live.LeasedCallTracking;
import pe.centralunica.sipconfig.sip.SipMonitoring;

/** The node's meter registry: JVM, process, HTTP (through Vert.x) and the connection pool. Public for the wiring units. */
public final class NodeMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public NodeMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public void bindPool(Database database) {
        Gauge.builder("cu_db_pool_active", database, d -> d.poolStats().active())
                .description("connections in use").register(registry);
        Gauge.builder("cu_db_pool_idle", database, d -> d.poolStats().idle())
                .description("idle connections").register(registry);
        Gauge.builder("cu_db_pool_waiting", database, d -> d.poolStats().waiting())
                .description("threads waiting for a connection").register(registry);
        Gauge.builder("cu_db_pool_max", database, d -> d.poolStats().max())
                .description("pool size limit").register(registry);
    }

    public void bindJournal(SpooledCallJournal journal) {
        Gauge.builder("cu_journal_unshipped_events", journal, j -> j.stats().unshippedEvents())
                .description("call events durable in the local spool, not yet in PostgreSQL").register(registry);
        Gauge.builder("cu_journal_oldest_unshipped_seconds", journal, j -> j.stats().oldestUnshippedAge().toMillis() / 1000.0)
                .description("age of the oldest unshipped call event (a call's record is appended when its session ends)")
                .register(registry);
        Gauge.builder("cu_journal_ship_delay_seconds", journal, j -> j.shipDelay().toMillis() / 1000.0)
                .description("how long the oldest unshipped call event has waited in the spool for PostgreSQL").register(registry);
        Gauge.builder("cu_journal_shipped_events", journal, j -> j.stats().shippedTotal())
                .description("call events committed to PostgreSQL since start").register(registry);
        Gauge.builder("cu_journal_fsyncs", journal, j -> j.stats().fsyncs())
                .description("spool fsyncs since start (group commit)").register(registry);
        FunctionCounter.builder("cu_journal_spool_refused_events", journal, SpooledCallJournal::refusedEvents)
                .description("call events the spool writer refused (queue full, writer dead): records lost").register(registry);
        FunctionCounter.builder("cu_journal_appends_not_durable_in_time", journal, SpooledCallJournal::appendsNotDurableInTime)
                .description("appends that returned before their fsync (slow or failing disk; events stayed queued)").register(registry);
        Gauge.builder("cu_journal_queued_events", journal, SpooledCallJournal::queuedEvents)
                .description("call events in memory waiting for the spool writer").register(registry);
        Gauge.builder("cu_journal_faults", journal, j -> j.faults().size())
                .description("journal faults now (writer dead/stalled/failing, disk full, refusals, shipper stopped)").register(registry);
    }

    public void bindCallPath(IvrServer ivr, LiveRouter router) {
        FunctionCounter.builder("cu_agi_sessions", ivr, i -> i.stats().sessions())
                .description("FastAGI sessions accepted").register(registry);
        FunctionCounter.builder("cu_agi_refused", ivr, i -> i.stats().refused())
                .description("FastAGI connections refused by CU_AGI_ALLOW").register(registry);
        FunctionCounter.builder("cu_calls_routed", ivr, i -> i.stats().routed())
                .description("AGI sessions that handed the dialplan a route").register(registry);
        FunctionCounter.builder("cu_calls_fallback", ivr, i -> i.stats().fallbacks())
                .description("AGI sessions that left the call to the dialplan's static fallback").register(registry);
        FunctionCounter.builder("cu_calls_hangup_in_ivr", ivr, i -> i.stats().callerHangups())
                .description("callers who hung up during the IVR").register(registry);
        FunctionCounter.builder("cu_journal_refused_events", ivr, i -> i.stats().journalFailures())
                .description("call events the local spool refused (records lost)").register(registry);
        Gauge.builder("cu_agi_active_sessions", ivr, i -> i.stats().activeSessions())
                .description("FastAGI sessions in progress (callers in the IVR now)").register(registry);
        Gauge.builder("cu_routing_version", router, r -> r.current().version())
                .description("routing table version in force").register(registry);
        Gauge.builder("cu_routing_targets_down", router, r -> r.availability().snapshot().size())
                .description("route targets currently marked down").register(registry);
    }

    public void bindAmi(AmiCallTracker tracker) {
        Gauge.builder("cu_ami_connected", tracker, t -> t.connected() ? 1.0 : 0.0)
                .description("1 while the AMI link to Asterisk is up").register(registry);
        amiEvents(tracker, AmiCallTracker::eventsReceived, AmiCallTracker::eventsDropped, AmiCallTracker::inboxDepth,
                AmiCallTracker::reconciledSteps);
        FunctionCounter.builder("cu_ami_sessions", tracker, AmiCallTracker::sessions)
                .description("AMI sessions established (reconnects + 1)").register(registry);
        FunctionCounter.builder("cu_ami_outages", tracker, t -> t.linkStatus().outages())
                .description("AMI sessions lost (link cut, black-holed, or renewed to resync)").register(registry);
        Gauge.builder("cu_ami_down_seconds", tracker, t -> t.linkStatus().downSince()
                        .map(s -> java.time.Duration.between(s, java.time.Instant.now()).toMillis() / 1000.0).orElse(0.0))
                .description("seconds the current AMI outage has lasted (0 while up)").register(registry);
        Gauge.builder("cu_ami_last_detection_seconds", tracker, t -> t.linkStatus().lastDetection().toMillis() / 1000.0)
                .description("last AMI outage: seconds from Asterisk last heard to the link declared dead").register(registry);
        Gauge.builder("cu_ami_last_outage_seconds", tracker, t -> t.linkStatus().lastOutage().toMillis() / 1000.0)
                .description("last AMI outage that ended: seconds from declared dead to logged in again").register(registry);
        Gauge.builder("cu_live_calls", tracker, t -> t.active().size())
                .description("calls Asterisk holds now, as AMI reports them").register(registry);
    }

    /** A clustered node's AMI tracking: it tracks only while it holds the Asterisk's lease. */
    public void bindLeasedAmi(LeasedCallTracking tracking) {
        Gauge.builder("cu_ami_connected", tracking, t -> t.connected() ? 1.0 : 0.0)
                .description("1 while this node's AMI link to Asterisk is up (only the lease holder has one)").register(registry);
        Gauge.builder("cu_ami_lease_held", tracking, t -> t.holding() ? 1.0 : 0.0)
                .description("1 while this node holds the AMI tracking lease of its Asterisk").register(registry);
        FunctionCounter.builder("cu_ami_lease_acquisitions", tracking, LeasedCallTracking::acquisitions)
                .description("times this node took the AMI tracking lease (a takeover each after the first)").register(registry);
        Gauge.builder("cu_live_calls", tracking, t -> t.active().size())
                .description("calls Asterisk holds now, as AMI reports them to this node").register(registry);
        // A holder's counters sum its holding periods; the inbox is 0 while another node tracks.
        amiEvents(tracking, LeasedCallTracking::eventsReceived, LeasedCallTracking::eventsDropped, LeasedCallTracking::inboxDepth,
                LeasedCallTracking::reconciledSteps);
    }

    /** The tracker's event counters, from a single tracker or from the leased tracking of a cluster node. */
    private <T> void amiEvents(T source, ToDoubleFunction<T> received, ToDoubleFunction<T> dropped, ToDoubleFunction<T> inbox,
                               ToDoubleFunction<T> reconciled) {
        FunctionCounter.builder("cu_ami_events", source, received)
                .description("AMI events received (÷ cu_agi_sessions: events per call)").register(registry);
        FunctionCounter.builder("cu_ami_events_dropped", source, dropped)
                .description("AMI events dropped because the tracker fell a whole inbox behind (a resync repairs the state)")
                .register(registry);
        Gauge.builder("cu_ami_inbox_depth", source, inbox)
                .description("AMI events waiting for the tracker thread").register(registry);
        FunctionCounter.builder("cu_ami_reconciled_steps", source, reconciled)
                .description("queue steps written from Asterisk's queue log after AMI gaps and takeovers").register(registry);
    }

    public void bindSip(SipMonitoring sip) {
        Gauge.builder("cu_sip_trunks_down", sip, s -> s.health().downTargets().size())
                .description("probed trunks currently down (OPTIONS)").register(registry);
        FunctionCounter.builder("cu_synthetic_calls", sip, s -> s.synthetic().map(st -> st.attempts()).orElse(0L))
                .description("synthetic test calls placed to the universal number").register(registry);
        FunctionCounter.builder("cu_synthetic_call_failures", sip, s -> s.synthetic().map(st -> st.failures()).orElse(0L))
                .description("synthetic test calls that failed").register(registry);
        Gauge.builder("cu_synthetic_alarm", sip, s -> s.synthetic().map(st -> st.alarm() ? 1.0 : 0.0).orElse(0.0))
                .description("1 when synthetic calls keep failing: the number may not answer").register(registry);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
