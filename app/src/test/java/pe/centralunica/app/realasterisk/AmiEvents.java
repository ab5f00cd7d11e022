package pe.centralunica.app.realasterisk;

import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.event.ManagerEvent;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Every AMI event a real Asterisk sends, kept in arrival order with Asterisk's own timestamps
 * ({@code timestampevents=yes}), so tests measure the caller's seconds on Asterisk's clock, not ours.
 */
final class AmiEvents implements AutoCloseable {

    private final ManagerConnection connection;
    private final List<ManagerEvent> events = new CopyOnWriteArrayList<>();

    private AmiEvents(ManagerConnection connection) {
        this.connection = connection;
    }

    static AmiEvents connect(int port, String user, String secret) throws Exception {
        ManagerConnection c = new ManagerConnectionFactory("127.0.0.1", port, user, secret).createManagerConnection();
        AmiEvents log = new AmiEvents(c);
        c.addEventListener(log.events::add);
        c.login();
        return log;
    }

    ManagerConnection connection() {
        return connection;
    }

    List<ManagerEvent> all() {
        return List.copyOf(events);
    }

    /** The first event (already seen or arriving within {@code timeout}) that matches. */
    <E extends ManagerEvent> Optional<E> await(Class<E> type, Predicate<E> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            for (ManagerEvent e : events) {
                if (type.isInstance(e) && match.test(type.cast(e))) {
                    return Optional.of(type.cast(e));
                }
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    <E extends ManagerEvent> List<E> of(Class<E> type, Predicate<E> match) {
        return events.stream().filter(type::isInstance).map(type::cast).filter(match).toList();
    }

    @Override
    public void close() {
        try {
            connection.logoff();
        } catch (RuntimeException alreadyGone) {
            // Asterisk stopped first
        }
    }
}
