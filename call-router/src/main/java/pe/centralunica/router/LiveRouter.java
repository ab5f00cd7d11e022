package pe.centralunica.router;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The node's router: decides on the current {@link RoutingTable}, which a reload replaces in one atomic
 * reference swap. A decision reads the reference once, so it comes wholly from the old table or wholly
 * from the new one; nothing is locked on the call path.
 */
public final class LiveRouter implements Router {

    private final AtomicReference<RoutingTable> table;
    private final AvailabilityBoard availability;

    /** Starts with {@code initial} (use {@link RoutingTable#lastResortOnly()} until the rules are read). */
    public LiveRouter(RoutingTable initial, AvailabilityBoard availability) {
        this.table = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
        this.availability = Objects.requireNonNull(availability, "availability");
    }

    @Override
    public RouteDecision decide(CallFacts facts) {
        return table.get().decide(facts, availability);
    }

    @Override
    public Optional<String> downReason(String targetCode) {
        return availability.downReason(targetCode);
    }

    /** Where a call would go with {@code candidate} (not installed), for the admin console's preview. */
    public RouteDecision dryRun(RoutingTable candidate, CallFacts facts) {
        return candidate.decide(facts, availability);
    }

    /** The table in use now. */
    public RoutingTable current() {
        return table.get();
    }

    /** Installs {@code next}; returns the table it replaced. */
    public RoutingTable install(RoutingTable next) {
        return table.getAndSet(Objects.requireNonNull(next, "next"));
    }

    public AvailabilityBoard availability() {
        return availability;
    }
}
