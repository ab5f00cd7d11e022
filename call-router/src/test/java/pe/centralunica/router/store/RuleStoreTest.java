package pe.centralunica.router.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pe.centralunica.db.Database;
import pe.centralunica.db.testing.TestDatabases;
import pe.centralunica.router.AvailabilityBoard;
import pe.centralunica.router.CallFacts;
import pe.centralunica.router.CallerClass;
import pe.centralunica.router.Fixtures;
import pe.centralunica.router.LiveRouter;
import pe.centralunica.router.RouteDecision;
import pe.centralunica.router.RouteStep;
import pe.centralunica.router.RoutingTable;
import pe.centralunica.router.rules.InvalidRuleSetException;
import pe.centralunica.router.rules.Rule;
import pe.centralunica.router.rules.RuleSet;
import pe.centralunica.router.rules.RuleTarget;
import pe.centralunica.router.rules.RuleValidator;
import pe.centralunica.router.rules.Schedule;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pe.centralunica.router.Fixtures.MIRAFLORES;

/** Rules stored in PostgreSQL: loading, validated and audited changes, reload. One fresh database per class. */
class RuleStoreTest {

    private static Database db;
    private JdbcRuleRepository repository;
    private RuleAdmin admin;

    @BeforeAll
    static void database() {
        db = TestDatabases.fresh();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @BeforeEach
    void setUp() throws SQLException {
        repository = new JdbcRuleRepository(db.dataSource());
        admin = new RuleAdmin(db.dataSource(), new RuleValidator());
        // each test starts from the reference rules: drop rules the previous test added
        execute("DELETE FROM routing_rule WHERE id > 10");
        execute("UPDATE routing_rule SET enabled = true WHERE NOT enabled");
    }

    private static RuleDraft draft(String name) {
        return new RuleDraft(name, Optional.empty(), Optional.of(MIRAFLORES), Optional.of("CRIME"), Optional.empty(),
                Schedule.ALWAYS, 1, true, List.of(RuleTarget.of("Q-PNP", 15), RuleTarget.districtCentral()));
    }

    private static CallFacts crimeInMiraflores() {
        return new CallFacts(Optional.empty(), Optional.of(MIRAFLORES), "CRIME", CallerClass.NORMAL,
                Fixtures.lima(DayOfWeek.MONDAY, 10, 0));
    }

    @Test
    void referenceRulesLoadInOneSnapshotAndValidate() {
        RuleSet set = repository.load();

        assertThat(set.rules()).hasSize(10);
        assertThat(set.version()).isEqualTo(repository.currentVersion()).isPositive();
        assertThat(set.targets()).containsKeys("Q-METRO", "T-PNP", "Q-SER-150122");
        assertThat(set.districts()).hasSize(61).containsEntry(MIRAFLORES, "LIMA");
        assertThat(new RuleValidator().validate(set)).isEmpty();

        RouteDecision d = RoutingTable.compile(set).decide(crimeInMiraflores(), new AvailabilityBoard());
        assertThat(d.ruleName()).isEqualTo("Delito: serenazgo y PNP");
        assertThat(d.steps()).extracting(RouteStep::asteriskTarget)
                .containsExactly("ser-150122", "desk-pnp", "PJSIP/105@trunk-pnp", "cic-sc");
    }

    @Test
    void createdRuleIsStoredWithItsScheduleAndTargetsAndAudited() throws SQLException {
        long before = repository.currentVersion();
        RuleDraft night = new RuleDraft("Miraflores: viernes de noche", Optional.of("LIMA"), Optional.of(MIRAFLORES),
                Optional.of("CRIME"), Optional.of(CallerClass.NORMAL),
                new Schedule(Optional.of(EnumSet.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY)),
                        Optional.of(LocalTime.of(22, 0)), Optional.of(LocalTime.of(6, 0))),
                1, true, List.of(RuleTarget.districtCentral(15), RuleTarget.of("T-PNP")));

        RuleChange change = admin.create(night, "admin.lima");

        assertThat(change.revision()).isEqualTo(1);
        assertThat(change.routingVersion()).isGreaterThan(before).isEqualTo(repository.currentVersion());
        Rule stored = repository.load().rule(change.ruleId()).orElseThrow();
        assertThat(RuleDraft.of(stored)).isEqualTo(night);
        assertThat(query("SELECT updated_by FROM routing_rule WHERE id = " + change.ruleId())).isEqualTo("admin.lima");
        assertThat(query("SELECT actor || ' ' || action || ' ' || entity || ' ' || entity_id || ' ' || (before IS NULL)"
                + " || ' ' || (after->>'name') || ' ' || jsonb_array_length(after->'targets')"
                + " FROM audit_log ORDER BY id DESC LIMIT 1"))
                .isEqualTo("admin.lima CREATE routing_rule " + change.ruleId() + " true Miraflores: viernes de noche 2");
    }

    @Test
    void changeThatWouldTieIsRejectedAndNothingChanges() throws SQLException {
        long version = repository.currentVersion();
        String audits = query("SELECT count(*) FROM audit_log");
        RuleDraft duplicateCrime = new RuleDraft("Otra de delito", Optional.empty(), Optional.empty(), Optional.of("CRIME"),
                Optional.empty(), Schedule.ALWAYS, 2, true, List.of(RuleTarget.of("Q-PNP")));

        assertThatThrownBy(() -> admin.create(duplicateCrime, "admin"))
                .isInstanceOfSatisfying(InvalidRuleSetException.class, e -> assertThat(e.problems())
                        .singleElement().asString().contains("new rule 'Otra de delito': ties with #5"));

        assertThat(repository.currentVersion()).isEqualTo(version);
        assertThat(repository.load().rules()).hasSize(10);
        assertThat(query("SELECT count(*) FROM audit_log")).isEqualTo(audits);
    }

    @Test
    void updateBumpsRevisionAndVersionAndAuditsBeforeAndAfter() throws SQLException {
        RuleChange created = admin.create(draft("Miraflores delito"), "ana");
        RuleDraft edited = new RuleDraft("Miraflores delito", Optional.empty(), Optional.of(MIRAFLORES),
                Optional.of("CRIME"), Optional.empty(), Schedule.ALWAYS, 2, true, List.of(RuleTarget.of("T-PNP")));

        RuleChange updated = admin.update(created.ruleId(), 1, edited, "beto");

        assertThat(updated.revision()).isEqualTo(2);
        assertThat(updated.routingVersion()).isGreaterThan(created.routingVersion());
        Rule stored = repository.load().rule(created.ruleId()).orElseThrow();
        assertThat(stored.revision()).isEqualTo(2);
        assertThat(stored.targets()).containsExactly(RuleTarget.of("T-PNP"));
        assertThat(query("SELECT actor || ' ' || action || ' ' || (before->>'priority') || '→' || (after->>'priority')"
                + " || ' ' || (before->'targets'->0->>'target') || '→' || (after->'targets'->0->>'target')"
                + " || ' ' || (after->>'revision') FROM audit_log ORDER BY id DESC LIMIT 1"))
                .isEqualTo("beto UPDATE 1→2 Q-PNP→T-PNP 2");
    }

    @Test
    void updateOfAStaleRevisionIsRefused() {
        RuleChange created = admin.create(draft("Miraflores delito"), "ana");
        admin.update(created.ruleId(), 1, draft("Miraflores delito (ana)"), "ana");

        assertThatThrownBy(() -> admin.update(created.ruleId(), 1, draft("Miraflores delito (beto)"), "beto"))
                .isInstanceOf(StaleRevisionException.class).hasMessageContaining("revision 2, not 1");
        assertThatThrownBy(() -> admin.update(999_999, 1, draft("x"), "beto")).isInstanceOf(RuleNotFoundException.class);
    }

    @Test
    void enablingARuleThatWouldTieIsRejectedWhileItCanBeStoredDisabled() {
        RuleDraft disabledDuplicate = new RuleDraft("Delito (borrador)", Optional.empty(), Optional.empty(),
                Optional.of("CRIME"), Optional.empty(), Schedule.ALWAYS, 2, false, List.of(RuleTarget.of("Q-PNP")));
        RuleChange created = admin.create(disabledDuplicate, "ana");

        assertThatThrownBy(() -> admin.setEnabled(created.ruleId(), true, "ana"))
                .isInstanceOf(InvalidRuleSetException.class).hasMessageContaining("ties with #5");

        RuleChange disabledOriginal = admin.setEnabled(5, false, "ana");
        RuleChange enabledDraft = admin.setEnabled(created.ruleId(), true, "ana");
        assertThat(enabledDraft.routingVersion()).isGreaterThan(disabledOriginal.routingVersion());
        assertThat(repository.load().rule(5).orElseThrow().enabled()).isFalse();
    }

    @Test
    void previewShowsWhereACallWouldGoWithoutChangingAnything() {
        long version = repository.currentVersion();
        LiveRouter router = new LiveRouter(RoutingTable.compile(repository.load()), new AvailabilityBoard());

        RoutingTable candidate = admin.preview(pe.centralunica.router.rules.Rule.NEW_ID, draft("Miraflores delito"));
        RouteDecision wouldBe = router.dryRun(candidate, crimeInMiraflores());

        assertThat(wouldBe.ruleName()).isEqualTo("Miraflores delito");
        assertThat(wouldBe.steps()).extracting(RouteStep::targetCode).containsExactly("Q-PNP", "Q-SER-150122", "Q-METRO");
        assertThat(router.decide(crimeInMiraflores()).ruleId()).isEqualTo(5);
        assertThat(repository.currentVersion()).isEqualTo(version);
        RuleDraft tie = new RuleDraft("Otra de delito", Optional.empty(), Optional.empty(), Optional.of("CRIME"),
                Optional.empty(), Schedule.ALWAYS, 2, true, List.of(RuleTarget.of("Q-PNP")));
        assertThatThrownBy(() -> admin.preview(pe.centralunica.router.rules.Rule.NEW_ID, tie))
                .isInstanceOf(InvalidRuleSetException.class).hasMessageContaining("ties with #5");
    }

    @Test
    void batchReplacesARuleByADayAndANightRuleAtOnceThoughEachStepAloneWouldBeRefused() throws SQLException {
        RuleDraft day = new RuleDraft("Delito de día", Optional.empty(), Optional.empty(), Optional.of("CRIME"),
                Optional.empty(), Schedule.window(LocalTime.of(6, 0), LocalTime.of(22, 0)), 2, true,
                List.of(RuleTarget.districtCentral(), RuleTarget.of("Q-PNP")));
        RuleDraft night = new RuleDraft("Delito de noche", Optional.empty(), Optional.empty(), Optional.of("CRIME"),
                Optional.empty(), Schedule.window(LocalTime.of(22, 0), LocalTime.of(6, 0)), 1, true,
                List.of(RuleTarget.of("T-PNP")));
        admin.create(day, "ana");
        assertThatThrownBy(() -> admin.create(night, "ana")).as("#5 would be shadowed")
                .isInstanceOf(InvalidRuleSetException.class).hasMessageContaining("#5 'Delito: serenazgo y PNP': no call can reach it");
        String audits = query("SELECT count(*) FROM audit_log");

        List<RuleChange> changes = admin.apply(List.of(new RuleEdit.Create(night), new RuleEdit.SetEnabled(5, false)), "ana");

        assertThat(changes).hasSize(2).extracting(RuleChange::routingVersion).containsOnly(repository.currentVersion());
        assertThat(changes.get(1)).extracting(RuleChange::ruleId, RuleChange::revision).containsExactly(5L, 2);
        assertThat(Integer.parseInt(query("SELECT count(*) FROM audit_log"))).isEqualTo(Integer.parseInt(audits) + 2);
        LiveRouter router = new LiveRouter(RoutingTable.compile(repository.load()), new AvailabilityBoard());
        assertThat(router.decide(new CallFacts(Optional.empty(), Optional.of(MIRAFLORES), "CRIME", CallerClass.NORMAL,
                Fixtures.lima(DayOfWeek.MONDAY, 23, 0))).ruleName()).isEqualTo("Delito de noche");
    }

    @Test
    void batchThatEditsOneRuleTwiceIsRefusedBeforeTouchingTheDatabase() {
        assertThatThrownBy(() -> admin.apply(List.of(new RuleEdit.SetEnabled(5, false), new RuleEdit.Delete(5)), "ana"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("#5 is edited twice");
    }

    @Test
    void deletingARuleBumpsTheVersionAndIsAudited() throws SQLException {
        RuleChange created = admin.create(draft("Temporal"), "ana");

        RuleChange deleted = admin.delete(created.ruleId(), "beto");

        assertThat(deleted.routingVersion()).isGreaterThan(created.routingVersion()).isEqualTo(repository.currentVersion());
        assertThat(repository.load().rule(created.ruleId())).isEmpty();
        assertThat(query("SELECT actor || ' ' || action || ' ' || (before->>'name') || ' ' || (after IS NULL)"
                + " FROM audit_log ORDER BY id DESC LIMIT 1")).isEqualTo("beto DELETE Temporal true");
    }

    @Test
    void concurrentChangesThatTieWithEachOtherCannotBothCommit() throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(2);
        List<Callable<String>> attempts = new ArrayList<>();
        for (String who : List.of("ana", "beto")) {
            attempts.add(() -> {
                barrier.await();
                try {
                    admin.create(draft("Miraflores delito de " + who), who);
                    return "ok";
                } catch (InvalidRuleSetException e) {
                    return "rejected";
                }
            });
        }
        List<String> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (Future<String> f : pool.invokeAll(attempts)) {
                outcomes.add(f.get());
            }
        }

        assertThat(outcomes).containsExactlyInAnyOrder("ok", "rejected");
        assertThat(new RuleValidator().validate(repository.load())).isEmpty();
    }

    @Test
    void reloaderInstallsTheStoredTableAndEachChangeAfterIt() {
        LiveRouter router = new LiveRouter(RoutingTable.lastResortOnly(), new AvailabilityBoard());
        RuleReloader reloader = new RuleReloader(repository, router);

        assertThat(reloader.checkNow()).isInstanceOf(RuleReloader.Outcome.Installed.class);
        assertThat(router.decide(crimeInMiraflores()).ruleId()).isEqualTo(5);
        assertThat(reloader.checkNow()).isInstanceOf(RuleReloader.Outcome.Unchanged.class);

        RuleChange created = admin.create(draft("Miraflores delito"), "ana");
        assertThat(reloader.checkNow()).isEqualTo(new RuleReloader.Outcome.Installed(created.routingVersion(), 11, List.of()));
        RouteDecision d = router.decide(crimeInMiraflores());
        assertThat(d.ruleId()).isEqualTo(created.ruleId());
        assertThat(d.tableVersion()).isEqualTo(created.routingVersion());

        RuleChange deleted = admin.delete(created.ruleId(), "ana");
        reloader.checkNow();
        assertThat(router.current().version()).isEqualTo(deleted.routingVersion());
        assertThat(router.decide(crimeInMiraflores()).ruleId()).isEqualTo(5);
    }

    @Test
    void brokenRulesWrittenStraightToTheDatabaseKeepThePreviousTable() throws SQLException {
        LiveRouter router = new LiveRouter(RoutingTable.lastResortOnly(), new AvailabilityBoard());
        RuleReloader reloader = new RuleReloader(repository, router);
        reloader.checkNow();
        long good = router.current().version();

        // bypasses RuleAdmin: a second CRIME rule ties with #5
        execute("INSERT INTO routing_rule (name, emergency_type_code, updated_by) VALUES ('Delito bis', 'CRIME', 'psql')");
        execute("INSERT INTO routing_rule_target (rule_id, position, target_code)"
                + " SELECT id, 1, 'Q-PNP' FROM routing_rule WHERE name = 'Delito bis'");

        RuleReloader.Outcome outcome = reloader.checkNow();
        assertThat(outcome).isInstanceOfSatisfying(RuleReloader.Outcome.Rejected.class, r -> {
            assertThat(r.keptVersion()).isEqualTo(good);
            assertThat(r.problems()).singleElement().asString().contains("'Delito bis': ties with #5");
        });
        assertThat(router.current().version()).isEqualTo(good);
        assertThat(router.decide(crimeInMiraflores()).ruleId()).isEqualTo(5);
        assertThat(reloader.checkNow()).as("the same broken version is not reloaded")
                .isInstanceOfSatisfying(RuleReloader.Outcome.Rejected.class, r -> assertThat(r.problems()).isEmpty());

        execute("DELETE FROM routing_rule WHERE name = 'Delito bis'");
        assertThat(reloader.checkNow()).isInstanceOf(RuleReloader.Outcome.Installed.class);
    }

    @Test
    void disablingATargetInTheDatabaseIsPickedUpAndTheTargetSkipped() throws SQLException {
        LiveRouter router = new LiveRouter(RoutingTable.lastResortOnly(), new AvailabilityBoard());
        RuleReloader reloader = new RuleReloader(repository, router);
        reloader.checkNow();
        try {
            execute("UPDATE route_target SET enabled = false WHERE code = 'T-PNP'");

            assertThat(reloader.checkNow()).isInstanceOfSatisfying(RuleReloader.Outcome.Installed.class,
                    i -> assertThat(i.warnings()).singleElement().asString().contains("T-PNP is disabled"));
            assertThat(router.decide(crimeInMiraflores()).skipped())
                    .containsExactly(new RouteDecision.Skipped("T-PNP", "disabled"));
        } finally {
            execute("UPDATE route_target SET enabled = true WHERE code = 'T-PNP'");
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String query(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

}
