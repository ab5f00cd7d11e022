package pe.centralunica.router.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pe.centralunica.db.journal.CallEventType;

/**
 * What Asterisk's queue log says one call did in the queues, as the tracker's own steps: joined (ENTERQUEUE), a
 * member rung (RINGNOANSWER / RINGCANCELED, and the ring that CONNECT ended), answered (CONNECT), abandoned
 * (ABANDON), and when the call ended if it ended in a queue (ABANDON, COMPLETECALLER, COMPLETEAGENT).
 *
 * @param callid uniqueid of the caller's channel
 * @param steps  in log order; {@code agent} is the member's name as logged (resolved to its interface by the tracker)
 * @param ended  when and by whom the call ended, when it ended in a queue
 * @param agentNow the member the caller is talking to now (connected, not completed), if any
 */
record QueueHistory(String callid, List<Step> steps, Optional<Ending> ended, Optional<String> agentNow) {

    record Step(CallEventType type, double at, String queue, String agent, Map<String, String> data) {
    }

    /** @param by caller or agent: who hung up, as the AMI stream's AgentComplete would have said */
    record Ending(double at, String by) {
    }

    /** The histories of every call in {@code entries} (log order kept), by caller uniqueid. */
    static Map<String, QueueHistory> byCall(List<QueueLogEntry> entries) {
        Map<String, List<QueueLogEntry>> grouped = new LinkedHashMap<>();
        for (QueueLogEntry e : entries) {
            if (e.callid() == null || e.callid().isBlank() || e.callid().equals("NONE")) {
                continue; // member and queue events (ADDMEMBER, PAUSE, QUEUESTART): not a call's
            }
            grouped.computeIfAbsent(e.callid(), k -> new ArrayList<>()).add(e);
        }
        Map<String, QueueHistory> out = new LinkedHashMap<>();
        grouped.forEach((callid, list) -> out.put(callid, of(callid, list)));
        return out;
    }

    static QueueHistory of(String callid, List<QueueLogEntry> entries) {
        List<Step> steps = new ArrayList<>();
        Ending ended = null;
        String agentNow = null;
        for (QueueLogEntry e : entries) {
            String q = e.queue();
            switch (e.event()) {
                // ENTERQUEUE|url|callerid|position
                case "ENTERQUEUE" -> {
                    steps.add(new Step(CallEventType.QUEUE_JOINED, e.at(), q, "", CallBook.data("queue", q,
                            "position", e.data(3))));
                    ended = null; // what looked like an end (a transfer out of a bridge logs COMPLETE*) was not one
                }
                // RINGNOANSWER|ms rung; RINGCANCELED|ms rung: the ring began that long before the line
                case "RINGNOANSWER", "RINGCANCELED" -> steps.add(rung(e, e.at() - e.number(1, 0) / 1000.0));
                // CONNECT|holdtime|member channel uniqueid|ringtime (s)
                case "CONNECT" -> {
                    steps.add(rung(e, e.at() - e.number(3, 0)));
                    steps.add(new Step(CallEventType.ANSWERED, e.at(), q, e.agent(), CallBook.data("queue", q,
                            "memberName", e.agent(), "holdSeconds", e.data(1))));
                    agentNow = e.agent();
                }
                // ABANDON|position|original position|waittime
                case "ABANDON" -> {
                    steps.add(new Step(CallEventType.ABANDONED, e.at(), q, "", CallBook.data("queue", q,
                            "waitSeconds", e.data(3), "position", e.data(1))));
                    ended = new Ending(e.at(), "caller");
                }
                // COMPLETECALLER|holdtime|calltime|origposition; COMPLETEAGENT the same, the agent hung up
                case "COMPLETECALLER" -> {
                    ended = new Ending(e.at(), "caller");
                    agentNow = null;
                }
                case "COMPLETEAGENT" -> {
                    ended = new Ending(e.at(), "agent");
                    agentNow = null;
                }
                default -> {
                    // EXITWITHTIMEOUT, EXITEMPTY, EXITWITHKEY: the dialplan goes on (route-next); transfers likewise
                    if (e.event().startsWith("EXIT") || e.event().contains("TRANSFER")) {
                        agentNow = null;
                    }
                }
            }
        }
        return new QueueHistory(callid, List.copyOf(steps), Optional.ofNullable(ended), Optional.ofNullable(agentNow));
    }

    private static Step rung(QueueLogEntry e, double at) {
        return new Step(CallEventType.AGENT_RUNG, at, e.queue(), e.agent(), CallBook.data("queue", e.queue(),
                "memberName", e.agent()));
    }
}
