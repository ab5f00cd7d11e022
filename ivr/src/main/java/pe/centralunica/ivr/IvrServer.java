package pe.centralunica.ivr;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.db.journal.CallJournal;
import pe.centralunica.db.notify.ChangeSignal;
import pe.centralunica.router.Router;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * The FastAGI server Asterisk calls for {@code triage}, {@code panic} and {@code route-next}. Scripts only
 * decide — they set channel variables and return; the dialplan rings. So whatever happens to this server,
 * Asterisk still holds every caller and its fallback reaches a human.
 */
public final class IvrServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IvrServer.class);
    /**
     * Longer than any prompt we record (FlowBudgetTest checks every rendered one against it): the AGI deadline
     * re-armed before a prompt not yet heard in full on this node (afterwards its measured length is used). Kept
     * close to the longest prompt, since a node frozen during such a prompt holds its caller this long plus the
     * key timeout and CU_AGI_DEADLINE.
     */
    static final Duration LONGEST_PROMPT = Duration.ofSeconds(9);
    /** PostgreSQL notifies this channel when prank marks change (V120); the node listens so lookups need no query. */
    public static final String MARK_CHANNEL = "cu_caller_mark";

    private final VirtualThreadAgiServer server;
    private final GuardedServerSocket socket;
    private final DirectoryCache directory;
    private final CallPath path;
    private final LongAdder refused;
    private final Thread acceptor;
    private volatile boolean closing;
    private volatile boolean accepting;

    private IvrServer(VirtualThreadAgiServer server, GuardedServerSocket socket, DirectoryCache directory, CallPath path,
                      LongAdder refused) {
        this.server = server;
        this.socket = socket;
        this.directory = directory;
        this.path = path;
        this.refused = refused;
        this.acceptor = Thread.ofPlatform().daemon().name("agi-accept").start(this::acceptLoop);
    }

    /**
     * Loads the directory (numbers, panic buttons, districts), binds the port and starts serving.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static IvrServer start(IvrSettings settings, DataSource dataSource, Router router, CallJournal journal,
                                  ChangeSignal markChanges) {
        return start(settings, dataSource, router, journal, FlowDefinition.fromClasspath(), Clock.systemUTC(), false,
                markChanges);
    }

    static IvrServer start(IvrSettings settings, DataSource dataSource, Router router,
                           CallJournal journal, FlowDefinition flow, Clock clock) {
        return start(settings, dataSource, router, journal, flow, clock, false, ChangeSignal.unheard(MARK_CHANNEL));
    }

    static IvrServer start(IvrSettings settings, DataSource dataSource, Router router,
                           CallJournal journal, FlowDefinition flow, Clock clock, boolean stockPool) {
        return start(settings, dataSource, router, journal, flow, clock, stockPool, ChangeSignal.unheard(MARK_CHANNEL));
    }

    /** {@code markChanges}: notifications on {@link #MARK_CHANNEL}; one that never listens makes every lookup query. */
    static IvrServer start(IvrSettings settings, DataSource dataSource, Router router, CallJournal journal,
                           FlowDefinition flow, Clock clock, boolean stockPool, ChangeSignal markChanges) {
        DirectoryRepository repository = new DirectoryRepository(dataSource);
        DirectoryCache directory = new DirectoryCache(repository::load, settings.directoryRefresh());
        PrankMarkBook marks = new PrankMarkBook(dataSource, markChanges, settings.prankWindow(), clock);
        CallPath path = new CallPath(router, new JournalGuard(journal), directory,
                new CallerLookup(dataSource, settings, marks), new TriageFlow(flow, settings.lookupBudget(), settings.defaultJurisdiction()),
                new RouteApplier(), clock, settings.zone(), new CallPath.Counters(), new PromptTimes(LONGEST_PROMPT));
        LongAdder refused = new LongAdder();
        GuardedServerSocket socket;
        try {
            socket = new GuardedServerSocket(settings.bindAddress(), settings.port(), settings.allow(), refused);
        } catch (IOException e) {
            directory.close();
            throw new UncheckedIOException("cannot listen for FastAGI on " + settings.bindAddress().getHostAddress()
                    + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        VirtualThreadAgiServer server = new VirtualThreadAgiServer(new ScriptMapping(path), socket, stockPool);
        LOG.info("FastAGI IVR listening on {}:{} for {} (languages {})", settings.bindAddress().getHostAddress(),
                socket.localPort(), settings.allow(), flow.languages());
        return new IvrServer(server, socket, directory, path, refused);
    }

    /**
     * Runs asterisk-java's accept loop and restarts it if it ever ends while we still serve (it survives accept
     * errors itself; an error in handing a session to its thread would end it). While it is down Asterisk's
     * connections fail and the dialplan sends callers to the fallback; /health reports it.
     */
    private void acceptLoop() {
        while (!closing) {
            accepting = true;
            try {
                server.startup();
            } catch (IOException | RuntimeException | Error e) {
                if (!closing) {
                    LOG.error("FastAGI ACCEPT LOOP FAILED ({}); callers go to the dialplan's fallback until it restarts in 1 s", e.toString());
                }
            } finally {
                accepting = false;
            }
            if (closing) {
                return;
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** True while the FastAGI server accepts connections (false once stopping, or while its loop restarts). */
    public boolean accepting() {
        return !closing && accepting && acceptor.isAlive();
    }

    public int port() {
        return socket.localPort();
    }

    /** Re-reads numbers, panic buttons and districts now (after an administrator changed them). */
    public void refreshDirectory() {
        directory.refreshNow();
    }

    public IvrStats stats() {
        CallPath.Counters c = path.counters();
        return new IvrStats(server.accepted(), refused.sum(), c.routed.sum(), c.fallbacks.sum(), c.callerHangups.sum(),
                path.journal().failures(), c.active.get(), path.journal().slowHandoffs(), path.journal().behind());
    }

    /**
     * Graceful stop: no new sessions (Asterisk's next connections are refused and its dialplan falls back),
     * then waits up to {@code drain} for the sessions in progress to finish triage and hand over their routes.
     * Returns the sessions still running when the wait ended (0 on a clean stop); those callers reach the
     * fallback through the dialplan's deadline.
     */
    public int close(Duration drain) {
        stopAccepting();
        int left = 0;
        int running = server.inFlight();
        if (running > 0) {
            LOG.info("Stopping: waiting up to {} s for {} IVR session(s) in progress", drain.toSeconds(), running);
            try {
                if (!server.awaitIdle(drain)) {
                    left = server.inFlight();
                    LOG.warn("Stopping: {} IVR session(s) still running after {} s; Asterisk's deadline sends those callers to the fallback",
                            left, drain.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                left = server.inFlight();
            }
        }
        directory.close();
        return left;
    }

    /** Stops at once: sessions in progress are not waited for. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }

    private void stopAccepting() {
        closing = true;
        try {
            server.shutdown();
        } catch (IllegalStateException e) {
            // never started or already stopped
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
        acceptor.interrupt();
    }

    /** Sessions in progress now (accepted, socket not yet closed). */
    public int sessionsInFlight() {
        return server.inFlight();
    }
}
