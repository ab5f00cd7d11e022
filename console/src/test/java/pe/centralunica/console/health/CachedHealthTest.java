package pe.centralunica.console.health;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CachedHealthTest {

    @Test
    void howeverOftenAskedTheDependenciesAreCheckedOncePerPeriod() {
        AtomicInteger checks = new AtomicInteger();
        HealthIndicator database = new HealthIndicator() {
            @Override
            public String name() {
                return "database";
            }

            @Override
            public ComponentHealth check() {
                checks.incrementAndGet();
                return ComponentHealth.up(Map.of());
            }
        };
        AtomicLong clock = new AtomicLong();
        CachedHealth cached = new CachedHealth(new HealthReport(List.of(database), 1_000), clock::get);
        for (int i = 0; i < 1_000; i++) {
            assertThat(cached.current().status()).isEqualTo(ComponentHealth.Status.UP);
        }
        assertThat(checks).hasValue(1);
        clock.addAndGet(CachedHealth.MAX_AGE.toNanos());
        cached.current();
        assertThat(checks).hasValue(2);
    }
}
