package pe.centralunica.ivr;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Prank marks and last confirmed district of a caller. Started as soon as a call arrives and collected with
 * a time budget, so a slow or absent database costs the caller at most the budget, never the call. When the
 * trunk or the dialled number already gives the district, history is not needed and the marks come from the
 * {@link PrankMarkBook} while it is current: no query at all.
 */
final class CallerLookup {

    private static final Logger LOG = LoggerFactory.getLogger(CallerLookup.class);
    private static final Pattern REAL_NUMBER = Pattern.compile("\\+?[0-9]{3,32}");

    // "Confirmed" = the caller keyed it, the trunk implied it, or a dispatcher set it on the incident.
    private static final String SQL = """
            SELECT (SELECT count(*) FROM caller_mark m
                     WHERE m.caller_number = ? AND m.kind = 'PRANK' AND m.marked_at > now() - make_interval(secs => ?)),
                   (SELECT coalesce(i.district_ubigeo, c.district_ubigeo)
                      FROM call c LEFT JOIN incident i ON i.id = c.incident_id
                     WHERE c.caller_number = ? AND c.arrived_at > now() - make_interval(secs => ?) AND NOT c.test_call
                       AND (i.district_ubigeo IS NOT NULL OR c.district_source IN ('DTMF', 'TRUNK'))
                     ORDER BY c.arrived_at DESC LIMIT 1)
            """;

    private final DataSource dataSource;
    private final IvrSettings settings;
    private final PrankMarkBook marks;
    private final Executor executor = Executors.newVirtualThreadPerTaskExecutor();

    CallerLookup(DataSource dataSource, IvrSettings settings, PrankMarkBook marks) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.marks = marks;
    }

    /**
     * Starts the lookup; collect it with {@link Pending#await(Duration)}.
     *
     * @param historyNeeded false when the call's district is known without the caller's history
     */
    Pending start(String callerNumber, boolean historyNeeded) {
        if (callerNumber == null || !REAL_NUMBER.matcher(callerNumber).matches()) {
            return budget -> CallerProfile.unknown("caller number withheld");
        }
        CompletableFuture<CallerProfile> future = CompletableFuture.supplyAsync(() -> {
            if (!historyNeeded) {
                Optional<Integer> known = marks.marks(callerNumber);
                if (known.isPresent()) {
                    return profile(known.get(), null);
                }
            }
            return query(callerNumber);
        }, executor);
        return budget -> {
            try {
                return future.get(Math.max(0, budget.toMillis()), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return CallerProfile.unknown("caller lookup exceeded " + budget.toMillis() + " ms");
            } catch (ExecutionException e) {
                return CallerProfile.unknown("caller lookup failed: " + e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CallerProfile.unknown("interrupted");
            }
        };
    }

    private CallerProfile query(String number) {
        // No per-statement timeout: pgjdbc arms a shared java.util.Timer for each one, measured as a seventh of
        // the IVR's CPU. The caller waits only the budget anyway; the pool's connection timeout bounds the rest.
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setString(1, number);
            ps.setLong(2, settings.prankWindow().toSeconds());
            ps.setString(3, number);
            ps.setLong(4, settings.historyWindow().toSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return profile(rs.getInt(1), rs.getString(2));
            }
        } catch (SQLException e) {
            LOG.warn("Caller lookup failed ({}); the call goes on without history", e.getMessage());
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private CallerProfile profile(int prankMarks, String district) {
        return new CallerProfile(prankMarks, prankMarks >= settings.prankMarksToFlag(),
                Optional.ofNullable(district).map(String::trim), Optional.empty());
    }

    @FunctionalInterface
    interface Pending {
        CallerProfile await(Duration budget);
    }
}
