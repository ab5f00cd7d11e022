package pe.centralunica.router.store;

import org.junit.jupiter.api.Test;
import pe.centralunica.db.DataAccessException;
import pe.centralunica.db.notify.ChangeSignal;
import pe.centralunica.router.AvailabilityBoard;
import pe.centralunica.router.CallerClass;
import pe.centralunica.router.Fixtures;
import pe.centralunica.router.LiveRouter;
import pe.centralunica.router.RoutingTable;
import pe.centralunica.router.rules.RuleSet;
import pe.centralunica.router.rules.RuleTarget;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static pe.centralunica.router.Fixtures.MIRAFLORES;
import static pe.centralunica.router.Fixtures.call;
import static pe.centralunica.router.Fixtures.rule;

class RuleReloaderTest {

    /** A repository whose stored set the test replaces, and which can be made unreachable. */
    private static final class FakeRepository implements RuleRepository {
        volatile RuleSet stored;
        volatile boolean down;
        final CountDownLatch polled = new CountDownLatch(3);

        FakeRepository(RuleSet stored) {
            this.stored = stored;
        }

        @Override
        public long currentVersion() {
            polled.countDown();
            check();
            return stored.version();
        }

        @Override
        public RuleSet load() {
            check();
            return stored;
        }

        private void check() {
            if (down) {
                throw new DataAccessException("reading the routing version", new SQLException("Connection refused"));
            }
        }
    }

    @Test
    void databaseOutageKeepsTheCurrentTableAndTheNextCheckAfterItCatchesUp() {
        FakeRepository repo = new FakeRepository(Fixtures.set(7, Fixtures.referenceRules()));
        LiveRouter router = new LiveRouter(RoutingTable.lastResortOnly(), new AvailabilityBoard());
        RuleReloader reloader = new RuleReloader(repo, router);
        reloader.checkNow();

        repo.down = true;
        repo.stored = Fixtures.set(8, List.of(rule(1, "Todo a la PNP").targets(RuleTarget.of("Q-PNP")).build()));
        assertThat(reloader.checkNow()).isInstanceOfSatisfying(RuleReloader.Outcome.Unavailable.class, u -> {
            assertThat(u.keptVersion()).isEqualTo(7);
            assertThat(u.reason()).contains("Connection refused");
        });
        assertThat(router.decide(call("CRIME", MIRAFLORES)).ruleId()).isEqualTo(5);

        repo.down = false;
        assertThat(reloader.checkNow()).isInstanceOf(RuleReloader.Outcome.Installed.class);
        assertThat(router.decide(call("CRIME", MIRAFLORES)).ruleName()).isEqualTo("Todo a la PNP");
    }

    @Test
    void aBrokenFirstLoadLeavesTheLastResortTableInPlace() {
        FakeRepository repo = new FakeRepository(Fixtures.set(3, List.of(
                rule(1, "A").type("CRIME").build(), rule(2, "B").type("CRIME").build())));
        LiveRouter router = new LiveRouter(RoutingTable.lastResortOnly(), new AvailabilityBoard());

        assertThat(new RuleReloader(repo, router).checkNow()).isInstanceOf(RuleReloader.Outcome.Rejected.class);
        assertThat(router.decide(call("CRIME", MIRAFLORES, CallerClass.PANIC)).steps())
                .extracting(s -> s.targetCode()).containsExactly("Q-METRO");
    }

    @Test
    void startedReloaderPicksUpANewVersionOnItsOwn() throws InterruptedException {
        FakeRepository repo = new FakeRepository(Fixtures.set(7, Fixtures.referenceRules()));
        LiveRouter router = new LiveRouter(RoutingTable.lastResortOnly(), new AvailabilityBoard());
        try (RuleReloader reloader = new RuleReloader(repo, router)) {
            reloader.start(Duration.ofMillis(10));
            assertThat(router.current().version()).as("start() loads before returning").isEqualTo(7);

            repo.stored = Fixtures.set(9, List.of(rule(1, "Todo a la PNP").targets(RuleTarget.of("Q-PNP")).build()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (router.current().version() != 9 && System.nanoTime() < deadline) {
                Thread.sleep(5); // waiting for the reloader's thread, not asserting a duration
            }
            assertThat(router.current().version()).isEqualTo(9);
            assertThat(repo.polled.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aHeardChangeIsCheckedAtOnceAndNothingIsCheckedWithoutOne() throws InterruptedException {
        FakeRepository repo = new FakeRepository(Fixtures.set(7, Fixtures.referenceRules()));
        LiveRouter router = new LiveRouter(RoutingTable.lastResortOnly(), new AvailabilityBoard());
        ChangeSignal changes = ChangeSignal.unheard(RuleReloader.CHANNEL);
        try (RuleReloader reloader = new RuleReloader(repo, router)) {
            reloader.start(Duration.ofHours(1), changes); // a poll so slow only the signal can explain a reload
            repo.stored = Fixtures.set(9, List.of(rule(1, "Todo a la PNP").targets(RuleTarget.of("Q-PNP")).build()));
            Thread.sleep(300);
            assertThat(router.current().version()).as("no signal, no check").isEqualTo(7);
            assertThat(repo.polled.getCount()).isEqualTo(2);

            changes.fire();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (router.current().version() != 9 && System.nanoTime() < deadline) {
                Thread.sleep(5); // waiting for the reloader's thread, not asserting a duration
            }
            assertThat(router.current().version()).isEqualTo(9);
        }
    }
}
