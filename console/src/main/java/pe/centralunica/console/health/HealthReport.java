package pe.centralunica.console.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs every indicator in parallel with a deadline; overall UP only when every component is UP. */
public final class HealthReport {

    private final List<HealthIndicator> indicators;
    private final long timeoutMillis;

    public HealthReport(List<HealthIndicator> indicators, long timeoutMillis) {
        this.indicators = List.copyOf(indicators);
        this.timeoutMillis = timeoutMillis;
    }

    public Result run() {
        return run(name -> true);
    }

    /** Only the components whose names {@code include} accepts (liveness and readiness look at a few). */
    public Result run(java.util.function.Predicate<String> include) {
        Map<String, ComponentHealth> components = new LinkedHashMap<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<ComponentHealth>> pending = new LinkedHashMap<>();
            for (HealthIndicator indicator : indicators) {
                if (include.test(indicator.name())) {
                    pending.put(indicator.name(), executor.submit(indicator::check));
                }
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            pending.forEach((name, future) -> components.put(name, await(future, deadline)));
            pending.values().forEach(f -> f.cancel(true));
        }
        boolean up = components.values().stream().allMatch(c -> c.status() == ComponentHealth.Status.UP);
        return new Result(up ? ComponentHealth.Status.UP : ComponentHealth.Status.DOWN, components);
    }

    private static ComponentHealth await(Future<ComponentHealth> future, long deadlineNanos) {
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return ComponentHealth.down("no answer within the health-check deadline");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ComponentHealth.down("interrupted");
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return ComponentHealth.down(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }

    public record Result(ComponentHealth.Status status, Map<String, ComponentHealth> components) {
        public Result {
            components = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(components));
        }

        /** The same answer narrowed to some components (liveness, readiness), its status judged on those alone. */
        public Result only(java.util.function.Predicate<String> include) {
            Map<String, ComponentHealth> kept = new LinkedHashMap<>();
            components.forEach((name, health) -> {
                if (include.test(name)) {
                    kept.put(name, health);
                }
            });
            boolean up = kept.values().stream().allMatch(c -> c.status() == ComponentHealth.Status.UP);
            return new Result(up ? ComponentHealth.Status.UP : ComponentHealth.Status.DOWN, kept);
        }
    }
}
