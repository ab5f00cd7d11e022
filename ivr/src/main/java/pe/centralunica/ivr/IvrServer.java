package pe.centralunica.ivr;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.db.journal.CallJournal;
import pe.centralunica.router.Router;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;

/**
 * The FastAGI server Asterisk calls for {@code triage}, {@code panic} and {@code route-next}. Scripts only
 * decide — they set channel variables and return; the dialplan rings. So whatever happens to this server,
 * Asterisk still holds every caller and its fallback reaches a human.
 */
public final class IvrServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IvrServer.class);

    private final VirtualThreadAgiServer server;
    private final GuardedServerSocket socket;
    private final DirectoryCache directory;
    private final CallPath path;
    private final LongAdder refused;
    private final Thread acceptor;

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
    public static IvrServer start(IvrSettings settings, DataSource dataSource, Router router, CallJournal journal) {
        return start(settings, dataSource, router, journal, FlowDefinition.fromClasspath(), Clock.systemUTC());
    }

    static IvrServer start(IvrSettings settings, DataSource dataSource, Router router,
                           CallJournal journal, FlowDefinition flow, Clock clock) {
        return start(settings, dataSource, router, journal, flow, clock, false);
    }

    static IvrServer start(IvrSettings settings, DataSource dataSource, Router router,
                           CallJournal journal, FlowDefinition flow, Clock clock, boolean stockPool) {
        DirectoryRepository repository = new DirectoryRepository(dataSource);
        DirectoryCache directory = new DirectoryCache(repository::load, settings.directoryRefresh());
        CallPath path = new CallPath(router, new JournalGuard(journal), directory,
                new CallerLookup(dataSource, settings), new TriageFlow(flow, settings.lookupBudget(), settings.defaultJurisdiction()),
                new RouteApplier(), clock, settings.zone(), new CallPath.Counters());
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

    private void acceptLoop() {
        try {
            server.startup();
        } catch (IOException | IllegalStateException e) {
            LOG.error("FastAGI server stopped: {}", e.getMessage());
        }
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
                path.journal().failures(), c.active.get());
    }

    @Override
    public void close() {
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
        directory.close();
        acceptor.interrupt();
    }
}
