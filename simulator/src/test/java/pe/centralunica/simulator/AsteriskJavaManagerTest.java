package pe.centralunica.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.action.CommandAction;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.GetVarAction;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.action.QueueStatusAction;
import org.asteriskjava.manager.action.QueueSummaryAction;
import org.asteriskjava.manager.action.RedirectAction;
import org.asteriskjava.manager.action.SetVarAction;
import org.asteriskjava.manager.event.AgentCalledEvent;
import org.asteriskjava.manager.event.AgentCompleteEvent;
import org.asteriskjava.manager.event.AgentConnectEvent;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.NewExtenEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.event.QueueCallerJoinEvent;
import org.asteriskjava.manager.event.QueueEntryEvent;
import org.asteriskjava.manager.event.QueueMemberEvent;
import org.asteriskjava.manager.event.QueueParamsEvent;
import org.asteriskjava.manager.event.QueueSummaryEvent;
import org.asteriskjava.manager.response.CommandResponse;
import org.asteriskjava.manager.response.ManagerResponse;
import org.junit.jupiter.api.Test;

/** asterisk-java's ManagerConnection (what our app uses) against the simulator's AMI server. */
class AsteriskJavaManagerTest {
    private static final String DIALPLAN = """
            [q]
            exten => _X.,1,Answer()
             same => n,Queue(desk,c,,,${QT})
             same => n,Hangup()
            [hold]
            exten => s,1,Answer()
             same => n,Wait(600)
             same => n,Hangup()
            exten => moved,1,NoOp(Redirected here)
             same => n,Wait(600)
            [sim]
            exten => silent,1,Answer()
             same => n,Wait(600)
            [xfer]
            exten => s,1,Queue(${XFER_TARGET},c,,,60)
             same => n,Hangup()
            """;

    private static SimulatedAsterisk start() {
        return SimulatedAsterisk.builder().dialplanText(DIALPLAN)
                .queue(QueueSpec.named("fire").member(MemberSpec.named("PJSIP/fire-01").answerAfter(Duration.ofSeconds(1))
                        .talkFor(Duration.ofSeconds(5))))
                .queue(QueueSpec.named("desk").member(MemberSpec.named("PJSIP/disp-01").memberName("Dispatcher 1")
                        .answerAfter(Duration.ofSeconds(2)).talkFor(Duration.ofSeconds(10))))
                .ami(0, "cu", "secret").timeScale(0.02).start();
    }

    private static ManagerConnection connect(SimulatedAsterisk s, String secret) {
        return new ManagerConnectionFactory("127.0.0.1", s.amiPort(), "cu", secret).createManagerConnection();
    }

    @Test
    void logsInWithTheMd5ChallengeAndAnswersPingAndCommands() throws Exception {
        try (SimulatedAsterisk s = start()) {
            ManagerConnection mc = connect(s, "secret");
            mc.login();
            try {
                assertThat(mc.sendAction(new PingAction(), 5000).getResponse()).isEqualTo("Success");
                ManagerResponse r = mc.sendAction(new CommandAction("core show version"), 5000);
                assertThat(r).isInstanceOf(CommandResponse.class);
                assertThat(((CommandResponse) r).getResult()).singleElement().asString().startsWith("Asterisk 20.20.1");
                mc.sendAction(new SetVarAction("CU_MODE", "surge"), 5000);
                assertThat(mc.sendAction(new GetVarAction("CU_MODE"), 5000).getAttribute("Value")).isEqualTo("surge");
            } finally {
                mc.logoff();
            }
        }
    }

    @Test
    void wrongSecretFailsTheLogin() throws Exception {
        try (SimulatedAsterisk s = start()) {
            assertThatThrownBy(() -> connect(s, "wrong").login()).isInstanceOf(AuthenticationFailedException.class);
        }
    }

    @Test
    void parsesTheEventsOfAQueuedCallAndTheQueueLists() throws Exception {
        try (SimulatedAsterisk s = start()) {
            ManagerConnection mc = connect(s, "secret");
            List<ManagerEvent> events = new CopyOnWriteArrayList<>();
            mc.addEventListener(events::add);
            mc.login();
            try {
                CallOutcome o = s.place(CallScript.caller("987654321").context("q").dials("911").variable("QT", "60"))
                        .get(20, TimeUnit.SECONDS);
                AwaitCondition.until("the caller's Hangup event arrives", () -> events.stream()
                        .anyMatch(e -> e instanceof HangupEvent h && h.getChannel().equals(o.channel())));

                assertThat(events).filteredOn(NewChannelEvent.class::isInstance).isNotEmpty();
                assertThat(events).filteredOn(NewExtenEvent.class::isInstance).isNotEmpty();
                QueueCallerJoinEvent join = first(events, QueueCallerJoinEvent.class);
                assertThat(join.getQueue()).isEqualTo("desk");
                assertThat(join.getPosition()).isEqualTo(1);
                AgentCalledEvent called = first(events, AgentCalledEvent.class);
                assertThat(called.getInterface()).isEqualTo("PJSIP/disp-01");
                AgentConnectEvent connect = first(events, AgentConnectEvent.class);
                assertThat(connect.getMemberName()).isEqualTo("Dispatcher 1");
                assertThat(connect.getUniqueId()).isEqualTo(o.uniqueid());
                assertThat(connect.getLinkedId()).isEqualTo(o.linkedid());
                AgentCompleteEvent complete = first(events, AgentCompleteEvent.class);
                assertThat(complete.getReason()).isEqualTo("agent");
                assertThat(complete.getTalkTime()).isBetween(9L, 11L);
                HangupEvent hangup = events.stream().filter(e -> e instanceof HangupEvent h && h.getChannel().equals(o.channel()))
                        .map(HangupEvent.class::cast).findFirst().orElseThrow();
                assertThat(hangup.getCause()).isEqualTo(16);
                assertThat(hangup.getCauseTxt()).isEqualTo("Normal Clearing");

                var status = mc.sendEventGeneratingAction(new QueueStatusAction(), 5000);
                assertThat(status.getEvents()).hasAtLeastOneElementOfType(QueueParamsEvent.class)
                        .hasAtLeastOneElementOfType(QueueMemberEvent.class);
                QueueMemberEvent member = status.getEvents().stream().filter(e -> e instanceof QueueMemberEvent q
                        && q.getQueue().equals("desk")).map(QueueMemberEvent.class::cast).findFirst().orElseThrow();
                assertThat(member.getCallsTaken()).isEqualTo(1);
                var summary = mc.sendEventGeneratingAction(new QueueSummaryAction("desk"), 5000);
                QueueSummaryEvent sum = first(List.copyOf(summary.getEvents()), QueueSummaryEvent.class);
                assertThat(sum.getLoggedIn()).isEqualTo(1);
                assertThat(sum.getAvailable()).isEqualTo(1);
            } finally {
                mc.logoff();
            }
        }
    }

    @Test
    void originateAsyncReportsOriginateResponseAndTheChannelCanBeListedRedirectedAndHungUp() throws Exception {
        try (SimulatedAsterisk s = start()) {
            ManagerConnection mc = connect(s, "secret");
            List<ManagerEvent> events = new CopyOnWriteArrayList<>();
            mc.addEventListener(events::add);
            mc.login();
            try {
                OriginateAction orig = new OriginateAction();
                orig.setChannel("Local/silent@sim");
                orig.setContext("hold");
                orig.setExten("s");
                orig.setPriority(1);
                orig.setCallerId("\"Live Caller\" <600500>");
                orig.setTimeout(10000L);
                orig.setAsync(true);
                orig.setVariable("INCIDENT_ID", "INC-0042");
                assertThat(mc.sendAction(orig, 5000).getResponse()).isEqualTo("Success");
                AwaitCondition.until("OriginateResponse", () -> events.stream().anyMatch(OriginateResponseEvent.class::isInstance));
                OriginateResponseEvent resp = first(events, OriginateResponseEvent.class);
                assertThat(resp.getResponse()).isEqualTo("Success");
                assertThat(resp.getReason()).isEqualTo(4);
                String channel = resp.getChannel();
                assertThat(channel).matches("Local/silent@sim-[0-9a-f]{8};1");

                var list = mc.sendEventGeneratingAction(new CoreShowChannelsAction(), 5000);
                assertThat(list.getEvents()).filteredOn(CoreShowChannelEvent.class::isInstance)
                        .extracting(e -> ((CoreShowChannelEvent) e).getChannel()).contains(channel, channel.replace(";1", ";2"));
                assertThat(mc.sendAction(new GetVarAction(channel, "INCIDENT_ID"), 5000).getAttribute("Value")).isEqualTo("INC-0042");

                assertThat(mc.sendAction(new RedirectAction(channel, "hold", "moved", 1), 5000).getResponse()).isEqualTo("Success");
                AwaitCondition.until("the redirected channel runs the new extension", () -> events.stream().anyMatch(
                        e -> e instanceof NewExtenEvent n && n.getChannel().equals(channel) && "moved".equals(n.getExtension())));

                assertThat(mc.sendAction(new HangupAction(channel), 5000).getResponse()).isEqualTo("Success");
                AwaitCondition.until("both halves hung up", () -> events.stream().filter(HangupEvent.class::isInstance).count() >= 2);
                assertThat(mc.sendAction(new HangupAction(channel), 5000).getMessage()).isEqualTo("No such channel");
            } finally {
                mc.logoff();
            }
        }
    }

    @Test
    void originateToAMissingExtensionFails() throws Exception {
        try (SimulatedAsterisk s = start()) {
            ManagerConnection mc = connect(s, "secret");
            mc.login();
            try {
                OriginateAction orig = new OriginateAction();
                orig.setChannel("Local/nosuchexten@sim");
                orig.setContext("hold");
                orig.setExten("s");
                orig.setPriority(1);
                orig.setTimeout(5000L);
                ManagerResponse r = mc.sendAction(orig, 5000);
                assertThat(r.getResponse()).isEqualTo("Error");
                assertThat(r.getMessage()).isEqualTo("Originate failed");
            } finally {
                mc.logoff();
            }
        }
    }

    @Test
    void queueEntryListsAWaitingCaller() throws Exception {
        try (SimulatedAsterisk s = start()) {
            s.queue("desk").member("PJSIP/disp-01").logout();
            ManagerConnection mc = connect(s, "secret");
            mc.login();
            try {
                var f = s.place(CallScript.caller("987000001").context("q").dials("911").variable("QT", "60"));
                AwaitCondition.until("the caller waits", () -> s.queue("desk").waiting() == 1);
                var status = mc.sendEventGeneratingAction(new QueueStatusAction(), 5000);
                QueueEntryEvent entry = first(List.copyOf(status.getEvents()), QueueEntryEvent.class);
                assertThat(entry.getCallerIdNum()).isEqualTo("987000001");
                assertThat(entry.getPosition()).isEqualTo(1);
                f.cancel(true);
            } finally {
                mc.logoff();
            }
        }
    }

    @Test
    void dispatcherTransferBySetvarAndRedirectMovesTheBridgedCallerToAnotherQueue() throws Exception {
        try (SimulatedAsterisk s = start()) {
            s.queue("desk").member("PJSIP/disp-01").talkFor(Duration.ofSeconds(600));
            ManagerConnection mc = connect(s, "secret");
            List<ManagerEvent> events = new CopyOnWriteArrayList<>();
            mc.addEventListener(events::add);
            mc.login();
            try {
                var f = s.place(CallScript.caller("987000009").context("q").dials("911").variable("QT", "60"));
                AwaitCondition.until("the dispatcher talks", () -> events.stream().anyMatch(AgentConnectEvent.class::isInstance));
                String caller = first(events, AgentConnectEvent.class).getChannel();
                mc.sendAction(new SetVarAction(caller, "XFER_TARGET", "fire"), 5000);
                assertThat(mc.sendAction(new RedirectAction(caller, "xfer", "s", 1), 5000).getResponse()).isEqualTo("Success");

                CallOutcome o = f.get(20, TimeUnit.SECONDS);
                assertThat(o.answeredBy()).contains("PJSIP/fire-01");
                assertThat(o.answeredTarget()).isEqualTo("fire");
                assertThat(first(events, AgentCompleteEvent.class).getReason()).isEqualTo("caller");
                assertThat(s.queue("desk").member("PJSIP/disp-01").inCall()).isFalse();
            } finally {
                mc.logoff();
            }
        }
    }

    private static <T> T first(List<?> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " among " + events.size() + " events"));
    }
}
