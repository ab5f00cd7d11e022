package pe.centralunica.app;

import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import pe.centralunica.simulator.CallScript;
import pe.centralunica.simulator.MemberSpec;
import pe.centralunica.simulator.QueueSpec;
import pe.centralunica.simulator.SimulatedAsterisk;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * `self-check`: proves this build can speak AMI — asterisk-java finds its event classes by scanning its own
 * jar at class-load time, which silently finds nothing inside a nested jar. A simulated Asterisk places one
 * call; the check passes when its Newchannel and Hangup events arrive as typed objects.
 */
final class SelfCheck {

    private SelfCheck() {
    }

    static int run(PrintStream out) {
        try {
            return check(out);
        } catch (Exception e) {
            out.println("self-check FAILED: " + e);
            return 1;
        }
    }

    private static int check(PrintStream out) throws Exception {
        String dialplan = """
                [cu-inbound]
                exten => _X.,1,Answer()
                 same => n,Queue(desk,c,,,5)
                 same => n,Hangup()
                """;
        try (SimulatedAsterisk asterisk = SimulatedAsterisk.builder().dialplanText(dialplan)
                .queue(QueueSpec.named("desk").member(MemberSpec.named("PJSIP/check-01").answerAfter(Duration.ofSeconds(1))
                        .talkFor(Duration.ofSeconds(1))))
                .ami(0, "self-check", "self-check").timeScale(0.01).start()) {
            ManagerConnection ami = new ManagerConnectionFactory("127.0.0.1", asterisk.amiPort(), "self-check", "self-check")
                    .createManagerConnection();
            Set<String> typed = ConcurrentHashMap.newKeySet();
            ami.addEventListener((ManagerEvent e) -> {
                if (e instanceof NewChannelEvent || e instanceof HangupEvent) {
                    typed.add(e.getClass().getSimpleName());
                }
            });
            ami.login();
            try {
                ami.sendAction(new PingAction(), 5_000);
                asterisk.place(CallScript.caller("100").dials("911").hangsUpAfterAnswer(Duration.ofSeconds(1)))
                        .get(30, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (typed.size() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            } finally {
                ami.logoff();
            }
            if (typed.size() < 2) {
                out.println("self-check FAILED: AMI events were not parsed into asterisk-java's event classes (got "
                        + typed + "); is the jar flat?");
                return 1;
            }
            out.println("self-check passed: AMI login, ping and typed events " + typed.stream().sorted().toList());
            return 0;
        }
    }
}
