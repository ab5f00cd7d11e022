package pe.centralunica.app.realasterisk;

import org.junit.jupiter.api.Test;
import pe.centralunica.console.security.PasswordHasher;
import pe.centralunica.console.security.Role;
import pe.centralunica.console.security.Users;
import pe.centralunica.console.store.Jdbc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static pe.centralunica.app.realasterisk.ClusterOnRealAsteriskIT.eventually;

/**
 * Two real Asterisk 20 instances and three packaged nodes in one cluster on one database, as a city with two
 * Asterisk servers runs: node A watches Asterisk 1 (CU_AMI_ID pbx-1) and is its FastAGI node, node B the same for
 * Asterisk 2 (pbx-2); each Asterisk has its own lease, held by its own node. Node C stands by for pbx-1; its console
 * shows the waiting callers of both Asterisks. Figures print as "cluster: …".
 */
@EnabledWithRealAsterisk
class ClusterOnTwoRealAsterisksIT {

    @Test
    void callsFlowThroughTwoAsterisksEachTrackedByItsOwnNodeAndAConsoleOnNodeCShowsBoth() throws Exception {
        int portA = RealAsterisk.freePort();
        int portB = RealAsterisk.freePort();
        int portC = RealAsterisk.freePort();
        String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB + ",127.0.0.1:" + portC;
        int httpA = RealAsterisk.freePort();
        int httpB = RealAsterisk.freePort();
        AtomicReference<Map<String, String>> envOfAsterisk1 = new AtomicReference<>();
        RealCallPath.NodeLauncher nodeA = env -> {
            envOfAsterisk1.set(env);
            return NodeProcess.start(ClusterOnRealAsteriskIT.nodeEnv(env, "node-a", portA, httpA, members, "pbx-1"),
                    ClusterOnRealAsteriskIT.logOf("two-a"), ClusterOnRealAsteriskIT.READY_WITHIN);
        };
        RealCallPath.NodeLauncher nodeB = env -> NodeProcess.start(
                ClusterOnRealAsteriskIT.nodeEnv(env, "node-b", portB, httpB, members, "pbx-2"),
                ClusterOnRealAsteriskIT.logOf("two-b"), ClusterOnRealAsteriskIT.READY_WITHIN);
        try (RealCallPath one = RealCallPath.start("two-1", RealCallPath.SqlSeed.none(), Map.of(), nodeA);
             RealCallPath two = RealCallPath.alongside(one, "two-2", nodeB)) {
            assertThat(eventually(20_000, () -> ClusterOnRealAsteriskIT.leaseHolder(one, "pbx-1").filter("node-a"::equals).isPresent()
                    && ClusterOnRealAsteriskIT.leaseHolder(one, "pbx-2").filter("node-b"::equals).isPresent()))
                    .as("each Asterisk's lease held by its own node: pbx-1 %s, pbx-2 %s", ClusterOnRealAsteriskIT.leaseHolder(one, "pbx-1"),
                            ClusterOnRealAsteriskIT.leaseHolder(one, "pbx-2")).isTrue();
            new Users(new Jdbc(one.db().dataSource()), new PasswordHasher()).create(new Users.NewUser("supervisor", "Supervisor",
                    ClusterOnRealAsteriskIT.PASSWORD, Role.SUPERVISOR, Optional.empty(), Optional.empty()), "test");
            Map<String, String> base = new HashMap<>(envOfAsterisk1.get());
            base.put("CU_AGI_PORT", "0"); // Asterisk 1's dialplan reaches node A only; C stands by for its AMI
            int httpC = RealAsterisk.freePort();
            try (NodeProcess c = NodeProcess.start(ClusterOnRealAsteriskIT.nodeEnv(base, "node-c", portC, httpC, members, "pbx-1"),
                    ClusterOnRealAsteriskIT.logOf("two-c"), ClusterOnRealAsteriskIT.READY_WITHIN)) {
                ClusterOnRealAsteriskIT.Console console = new ClusterOnRealAsteriskIT.Console(httpC);
                assertThat(eventually(20_000, () -> console.get("/health").getJsonObject("components").getJsonObject("cluster")
                        .getJsonObject("details").getInteger("members") == 3)).as("node C sees three members on /health").isTrue();

                ScriptedCaller onOne = ScriptedCaller.dialling("116", "98970001");
                ScriptedCaller onTwo = ScriptedCaller.dialling("116", "98970002");
                // A call's record id derives from its channel's uniqueid ("epoch.counter"), unique per Asterisk only: two
                // fresh instances give their first calls the same ids when they start in the same second. Deployments
                // give each Asterisk its own `systemname` (db/README.md); asterisk-ref always writes asterisk.conf
                // without one, so here the second call starts once the first is queued, seconds later.
                one.place(onOne);
                RealCallPath.Joined joinedOne = one.awaitQueuedStillWaiting(onOne);
                two.place(onTwo);
                RealCallPath.Joined joinedTwo = two.awaitQueuedStillWaiting(onTwo);
                long bothQueuedAt = System.nanoTime();
                List<String> callIds = new ArrayList<>(List.of(one.record("id::text", onOne.callerId()),
                        two.record("id::text", onTwo.callerId())));
                assertThat(callIds).as("each call has its own record").doesNotContainNull().doesNotHaveDuplicates();
                assertThat(eventually(10_000, () -> console.queuedCalls().containsAll(callIds)))
                        .as("node C's console shows the callers of both Asterisks (%s): %s", callIds, console.queuedCalls()).isTrue();
                double shown = (System.nanoTime() - bothQueuedAt) / 1e9;
                System.out.printf("cluster: two Asterisks; pbx-1 arrival->queue %.2f s (node A), pbx-2 arrival->queue %.2f s (node B);"
                                + " node C's console shows both waiting callers %.2f s after both joined%n",
                        one.arrivalToQueueSeconds(joinedOne), two.arrivalToQueueSeconds(joinedTwo), shown);

                assertThat(ClusterOnRealAsteriskIT.counter(httpA, "cu_calls_routed")).as("node A routed Asterisk 1's caller").isEqualTo(1);
                assertThat(ClusterOnRealAsteriskIT.counter(httpB, "cu_calls_routed")).as("node B routed Asterisk 2's caller").isEqualTo(1);
                assertThat(ClusterOnRealAsteriskIT.leaseHolder(one, "pbx-1")).as("pbx-1's lease").contains("node-a");
                assertThat(ClusterOnRealAsteriskIT.leaseHolder(one, "pbx-2")).as("pbx-2's lease").contains("node-b");
                assertThat(ClusterOnRealAsteriskIT.counter(httpC, "cu_agi_sessions")).as("node C triaged nothing").isZero();

                one.hangUp(joinedOne.channel());
                two.hangUp(joinedTwo.channel());
                for (ScriptedCaller caller : List.of(onOne, onTwo)) {
                    assertThat(one.record("ended_at", caller.callerId())).as("the end of %s is recorded", caller.callerId()).isNotNull();
                    List<String> steps = ClusterOnRealAsteriskIT.ivrSteps(one, caller.callerId());
                    assertThat(steps).as("IVR steps of %s", caller.callerId()).contains("ROUTE_DECIDED").doesNotContain("FALLBACK");
                    Map<String, Integer> tracked = ClusterOnRealAsteriskIT.trackerSteps(one, caller.callerId());
                    System.out.printf("cluster: two Asterisks; tracker steps of %s: %s%n", caller.callerId(), tracked);
                    assertThat(tracked).as("tracker steps of %s", caller.callerId()).containsEntry("QUEUE_JOINED", 1)
                            .containsEntry("HUNG_UP", 1);
                }
            }
        }
    }
}
