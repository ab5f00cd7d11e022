package pe.centralunica.simulator.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import pe.centralunica.simulator.MemberSpec;

/** The AMI actions after login, with the response shapes of transcripts ami/04, 05, 05b, 07, 08. */
final class AmiActions {
    private final Engine engine;
    private final AmiSession session;
    private final Originator originator;
    private final Pbx pbx;
    private final Instant started = Instant.now();

    AmiActions(Engine engine, AmiSession session) {
        this.engine = engine;
        this.session = session;
        this.originator = new Originator(engine);
        this.pbx = new Pbx(engine);
    }

    private static AmiEvent ok(String id) {
        return AmiSession.response("Success", id);
    }

    private static AmiEvent error(String id, String message) {
        return AmiSession.response("Error", id).add("Message", message);
    }

    void handle(String a, String action, AmiRequest req, String id) {
        switch (a) {
            case "ping" -> session.send(ok(id).add("Ping", "Pong").add("Timestamp", AmiEvent.timestamp()));
            case "events" -> {
                String mask = req.get("EventMask", "on");
                session.eventsOn(!mask.equalsIgnoreCase("off"));
                session.send(AmiSession.response("Success", id).add("Events", mask.equalsIgnoreCase("off") ? "Off" : "On"));
            }
            case "command" -> command(req.get("Command", ""), id);
            case "corestatus" -> {
                var t = started.atOffset(ZoneOffset.UTC);
                session.send(ok(id).add("CoreStartupDate", t.format(DateTimeFormatter.ISO_LOCAL_DATE))
                        .add("CoreStartupTime", t.format(DateTimeFormatter.ofPattern("HH:mm:ss")))
                        .add("CoreReloadDate", t.format(DateTimeFormatter.ISO_LOCAL_DATE))
                        .add("CoreReloadTime", t.format(DateTimeFormatter.ofPattern("HH:mm:ss")))
                        .add("CoreCurrentCalls", engine.liveChannels().size())
                        .add("CoreProcessedCalls", engine.stats.placed.sum()));
            }
            case "setvar" -> setvar(req, id);
            case "getvar" -> getvar(req, id);
            case "originate" -> originate(req, id);
            case "redirect" -> redirect(req, id);
            case "hangup" -> hangup(req, id);
            case "queuestatus" -> queueStatus(req, id);
            case "queuesummary" -> queueSummary(req, id);
            case "queueadd" -> queueAdd(req, id);
            case "queueremove" -> queueRemove(req, id);
            case "queuepause" -> queuePause(req, id);
            case "coreshowchannels" -> coreShowChannels(id);
            case "status" -> status(req, id);
            case "pjsipshowcontacts" -> {
                session.send(ok(id).add("EventList", "start").add("Message", "A listing of Contacts follows, presence of ContactListComplete event signifies the end of the list"));
                session.send(AmiEvent.plain("Event", "ContactListComplete").add("ActionID", id)
                        .add("EventList", "Complete").add("ListItems", 0));
            }
            default -> session.send(error(id, "Invalid/unknown command: " + action
                    + ". Use Action: ListCommands to show available commands."));
        }
    }

    private void command(String command, String id) {
        String c = command.strip().replaceAll("\\s+", " ");
        List<String> out = new ArrayList<>();
        if (c.equals("core show version")) {
            out.add("Asterisk 20.20.1 built by root @ vm on a x86_64 running Linux on 2026-11-22 11:48:39 UTC");
        } else if (c.startsWith("queue show")) {
            String name = c.length() > "queue show".length() ? c.substring("queue show".length()).strip() : null;
            for (SimQueue q : engine.queues()) if (name == null || q.name().equals(name)) out.addAll(queueShow(q));
            if (out.isEmpty()) out.add("No such queue: " + name + ".");
        } else if (c.equals("core show channels")) {
            out.add("Channel                                                          Location                         State   Application(Data)                        ");
            for (Channel ch : engine.liveChannels()) {
                out.add(String.format("%-64s %-32s %-7s %s(%s)", ch.name(), ch.exten() + "@" + ch.context() + ":" + ch.priority(),
                        ch.state().desc, ch.application(), ch.applicationData()));
            }
            out.add(engine.liveChannels().size() + " active channels");
        } else {
            String[] w = c.split(" ");
            String hint = w.length >= 2 ? w[0] + " " + w[1] : c;
            session.send(AmiSession.response("Error", id).add("Message", "Command output follows")
                    .add("Output", "No such command '" + command + "' (type 'core show help " + hint + "' for other possible commands)"));
            return;
        }
        AmiEvent r = ok(id).add("Message", "Command output follows");
        for (String line : out) r.add("Output", line);
        session.send(r);
    }

    private List<String> queueShow(SimQueue q) {
        List<String> out = new ArrayList<>();
        out.add(q.name() + " has " + q.waiting() + " calls (max " + (q.spec().maxLen() == 0 ? "unlimited" : q.spec().maxLen())
                + ") in '" + (q.spec().ringsAll() ? "ringall" : "rrmemory") + "' strategy (" + q.holdTimeAvg() + "s holdtime, " + q.talkTimeAvg() + "s talktime), W:0, C:"
                + q.completed() + ", A:" + q.abandoned() + ", SL:0.0%, SL2:0.0% within 0s");
        out.add("   Members: ");
        for (SimMember m : q.memberStates()) {
            out.add("      " + m.memberName + " (" + m.iface + ") (ringinuse disabled)" + (m.paused ? " (paused)" : "")
                    + " (" + (!m.loggedIn ? "Unavailable" : m.busy ? "In use" : "Not in use") + ") has taken "
                    + m.callsTaken + " calls");
        }
        List<Channel> callers = q.waitingCallers();
        if (callers.isEmpty()) out.add("   No Callers");
        else {
            out.add("   Callers: ");
            int i = 1;
            for (Channel c : callers) out.add("      " + (i++) + ". " + c.name() + " (wait: " + q.waitedSeconds(c) + "s, prio: 0)");
        }
        out.add("");
        out.add("");
        return out;
    }

    private void setvar(AmiRequest req, String id) {
        String var = req.get("Variable");
        if (var == null || var.isEmpty()) {
            session.send(error(id, "No variable specified"));
            return;
        }
        String chName = req.get("Channel");
        String value = req.get("Value", "");
        if (chName == null || chName.isEmpty()) {
            engine.globals.put(var, value);
        } else {
            Optional<Channel> ch = engine.channel(chName);
            if (ch.isEmpty()) {
                session.send(error(id, "No such channel"));
                return;
            }
            // Asterisk answers first; the VarSet event may follow the response
            session.send(ok(id).add("Message", "Variable Set"));
            ch.get().setVariable(var, value);
            return;
        }
        session.send(ok(id).add("Message", "Variable Set"));
    }

    private void getvar(AmiRequest req, String id) {
        String var = req.get("Variable");
        if (var == null || var.isEmpty()) {
            session.send(error(id, "No variable specified"));
            return;
        }
        String chName = req.get("Channel");
        String value;
        if (chName == null || chName.isEmpty()) {
            value = engine.globals.get(var);
        } else {
            Optional<Channel> ch = engine.channel(chName);
            if (ch.isEmpty()) {
                session.send(error(id, "No such channel"));
                return;
            }
            value = pbx.lookup(ch.get(), var);
        }
        session.send(ok(id).add("Variable", var).add("Value", value == null ? "" : value));
    }

    private void originate(AmiRequest req, String id) {
        String dial = req.get("Channel");
        if (dial == null || dial.isEmpty()) {
            session.send(error(id, "Channel not specified"));
            return;
        }
        String[] cid = parseCallerId(req.get("CallerID"));
        long timeout = SimQueue.parseInt(req.get("Timeout", "30000"));
        var r = new Originator.Request(dial, req.get("Context"), req.get("Exten"), req.get("Priority", "1"),
                req.get("Application"), req.get("Data"), cid[1], cid[0], timeout, req.all("Variable"),
                req.get("ChannelId"));
        boolean async = req.isTrue("Async");
        if (async) {
            session.send(ok(id).add("Message", "Originate successfully queued"));
            engine.calls().submit(() -> originator.originate(r, res -> engine.bus.publish(() -> {
                AmiEvent e = AmiEvent.bus("OriginateResponse", "call");
                if (id != null) e.add("ActionID", id);
                e.add("Response", res.answered() ? "Success" : "Failure")
                        .add("Channel", res.answered() ? res.channel().name() : dial)
                        .add("Context", r.context()).add("Exten", r.exten()).add("Reason", res.reason())
                        .add("Uniqueid", res.answered() ? res.channel().uniqueid() : "<unknown>")
                        .add("CallerIDNum", res.answered() ? nonEmpty(cid[1]) : "<unknown>")
                        .add("CallerIDName", res.answered() ? nonEmpty(cid[0]) : "<unknown>");
                return e;
            })));
            return;
        }
        session.holdEvents();
        try {
            Originator.Result res = originator.originate(r, x -> { });
            session.send(res.answered() ? ok(id).add("Message", "Originate successfully queued")
                    : error(id, "Originate failed"));
        } finally {
            session.releaseEvents();
        }
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? "<unknown>" : s;
    }

    /** {@code "Name" <num>} → [name, num]. */
    static String[] parseCallerId(String cid) {
        if (cid == null) return new String[] {"", ""};
        int lt = cid.indexOf('<');
        int gt = cid.indexOf('>', lt + 1);
        if (lt >= 0 && gt > lt) {
            String name = cid.substring(0, lt).strip();
            if (name.startsWith("\"") && name.endsWith("\"") && name.length() >= 2) name = name.substring(1, name.length() - 1);
            return new String[] {name, cid.substring(lt + 1, gt).strip()};
        }
        return new String[] {"", cid.strip()};
    }

    private void redirect(AmiRequest req, String id) {
        String name = req.get("Channel");
        if (name == null || name.isEmpty()) {
            session.send(error(id, "Channel not specified"));
            return;
        }
        Optional<Channel> ch = engine.channel(name);
        if (ch.isEmpty()) {
            session.send(error(id, "Channel does not exist: " + name));
            return;
        }
        session.send(ok(id).add("Message", "Redirect successful"));
        ch.get().redirect(req.get("Context", ch.get().context()), req.get("Exten", ch.get().exten()), req.get("Priority", "1"));
    }

    private void hangup(AmiRequest req, String id) {
        String name = req.get("Channel");
        if (name == null || name.isEmpty()) {
            session.send(error(id, "No channel specified"));
            return;
        }
        int cause = SimQueue.parseInt(req.get("Cause", "16"));
        if (cause == 0) cause = 16;
        if (name.length() > 2 && name.startsWith("/") && name.endsWith("/")) {
            Pattern p = Pattern.compile(name.substring(1, name.length() - 1));
            session.send(ok(id).add("EventList", "start").add("Message", "Channels hung up will follow"));
            int n = 0;
            for (Channel ch : engine.liveChannels()) {
                if (p.matcher(ch.name()).find()) {
                    hangupChannel(ch, cause);
                    session.send(AmiEvent.plain("Event", "ChannelHungup").add("Channel", ch.name()).add("ActionID", id));
                    n++;
                }
            }
            session.send(AmiEvent.plain("Event", "ChannelsHungupListComplete").add("ActionID", id)
                    .add("EventList", "Complete").add("ListItems", n));
            return;
        }
        Optional<Channel> ch = engine.channel(name);
        if (ch.isEmpty()) {
            session.send(error(id, "No such channel"));
            return;
        }
        session.send(ok(id).add("Message", "Channel Hungup"));
        hangupChannel(ch.get(), cause);
    }

    private void hangupChannel(Channel ch, int cause) {
        int c = cause;
        engine.bus.publish(() -> AmiEvent.bus("SoftHangupRequest", "call").channel(ch).add("Cause", c));
        ch.hangup(cause); // whoever runs the channel (dialplan, queue, originate) reports its Hangup
    }

    private List<SimQueue> selectQueues(String name) {
        List<SimQueue> out = new ArrayList<>();
        for (SimQueue q : engine.queues()) if (name == null || name.isEmpty() || q.name().equals(name)) out.add(q);
        return out;
    }

    private void queueStatus(AmiRequest req, String id) {
        session.send(ok(id).add("EventList", "start").add("Message", "Queue status will follow"));
        String memberFilter = req.get("Member");
        int items = 0;
        for (SimQueue q : selectQueues(req.get("Queue"))) {
            session.send(AmiEvent.plain("Event", "QueueParams").add("Queue", q.name()).add("Max", q.spec().maxLen())
                    .add("Strategy", q.spec().ringsAll() ? "ringall" : "rrmemory").add("Calls", q.waiting()).add("Holdtime", q.holdTimeAvg())
                    .add("TalkTime", q.talkTimeAvg()).add("Completed", q.completed()).add("Abandoned", q.abandoned())
                    .add("ServiceLevel", 0).add("ServicelevelPerf", "0.0").add("ServicelevelPerf2", "0.0")
                    .add("Weight", 0).add("ActionID", id));
            items++;
            for (SimMember m : q.memberStates()) {
                if (memberFilter != null && !memberFilter.isEmpty() && !memberFilter.equals(m.iface)) continue;
                session.send(memberEvent("QueueMember", q, m).add("ActionID", id));
                items++;
            }
            int pos = 1;
            for (Channel c : q.waitingCallers()) {
                Channel.Snapshot s = c.snapshot();
                session.send(AmiEvent.plain("Event", "QueueEntry").add("Queue", q.name()).add("Position", pos++)
                        .add("Channel", s.name()).add("Uniqueid", s.uniqueid()).add("CallerIDNum", s.callerIdNum())
                        .add("CallerIDName", s.callerIdName()).add("ConnectedLineNum", s.connectedNum())
                        .add("ConnectedLineName", s.connectedName()).add("Wait", q.waitedSeconds(c))
                        .add("Priority", SimQueue.parseInt(c.getVariable("QUEUE_PRIO"))).add("ActionID", id));
                items++;
            }
        }
        session.send(AmiEvent.plain("Event", "QueueStatusComplete").add("ActionID", id).add("EventList", "Complete")
                .add("ListItems", items));
    }

    private AmiEvent memberEvent(String event, SimQueue q, SimMember m) {
        synchronized (q) {
            return AmiEvent.plain("Event", event).add("Queue", q.name()).add("Name", m.memberName).add("Location", m.iface)
                    .add("StateInterface", m.iface).add("Membership", m.membership).add("Penalty", 0)
                    .add("CallsTaken", m.callsTaken).add("LastCall", m.lastCallSim == 0 ? 0 : (System.currentTimeMillis() / 1000))
                    .add("LastPause", m.lastPauseEpoch).add("LoginTime", m.loginEpoch).add("InCall", m.busy && !m.ringing ? 1 : 0)
                    .add("Status", m.deviceStatus()).add("Paused", m.paused ? 1 : 0).add("PausedReason", m.pausedReason)
                    .add("Wrapuptime", m.wrapUp.toSeconds());
        }
    }

    private void queueSummary(AmiRequest req, String id) {
        session.send(ok(id).add("EventList", "start").add("Message", "Queue summary will follow"));
        int items = 0;
        for (SimQueue q : selectQueues(req.get("Queue"))) {
            long longest = 0;
            for (Channel c : q.waitingCallers()) longest = Math.max(longest, q.waitedSeconds(c));
            session.send(AmiEvent.plain("Event", "QueueSummary").add("Queue", q.name()).add("LoggedIn", q.loggedInCount())
                    .add("Available", q.availableCount()).add("Callers", q.waiting()).add("HoldTime", q.holdTimeAvg())
                    .add("TalkTime", q.talkTimeAvg()).add("LongestHoldTime", longest).add("ActionID", id));
            items++;
        }
        session.send(AmiEvent.plain("Event", "QueueSummaryComplete").add("ActionID", id).add("EventList", "Complete")
                .add("ListItems", items));
    }

    private void queueAdd(AmiRequest req, String id) {
        Optional<SimQueue> q = engine.queue(req.get("Queue", ""));
        String iface = req.get("Interface");
        if (q.isEmpty()) {
            session.send(error(id, "Unable to add interface to queue: No such queue"));
            return;
        }
        if (iface == null || iface.isEmpty()) {
            session.send(error(id, "'Interface' not specified."));
            return;
        }
        if (q.get().findMember(iface) != null) {
            session.send(error(id, "Unable to add interface: Already there"));
            return;
        }
        MemberSpec spec = MemberSpec.named(iface).memberName(req.get("MemberName", iface));
        if (req.isTrue("Paused")) spec = spec.paused();
        q.get().add(spec);
        session.send(ok(id).add("Message", "Added interface to queue"));
    }

    private void queueRemove(AmiRequest req, String id) {
        Optional<SimQueue> q = engine.queue(req.get("Queue", ""));
        if (q.isEmpty()) {
            session.send(error(id, "Unable to remove interface from queue: No such queue"));
            return;
        }
        if (!q.get().remove(req.get("Interface", ""))) {
            session.send(error(id, "Unable to remove interface: Not there"));
            return;
        }
        session.send(ok(id).add("Message", "Removed interface from queue"));
    }

    private void queuePause(AmiRequest req, String id) {
        String iface = req.get("Interface");
        boolean pause = req.isTrue("Paused");
        Collection<SimQueue> qs = selectQueues(req.get("Queue"));
        int changed = 0;
        for (SimQueue q : qs) {
            SimMember m = q.findMember(iface == null ? "" : iface);
            if (m == null) continue;
            if (pause) m.pause(req.get("Reason", ""));
            else m.unpause();
            changed++;
        }
        if (changed == 0) {
            session.send(error(id, "Interface not found"));
            return;
        }
        session.send(ok(id).add("Message", pause ? "Interface paused successfully" : "Interface unpaused successfully"));
    }

    private void coreShowChannels(String id) {
        session.send(ok(id).add("EventList", "start").add("Message", "Channels will follow"));
        int n = 0;
        for (Channel ch : engine.liveChannels()) {
            long secs = (engine.clock.nowMillis() - ch.createdSimMillis()) / 1000;
            session.send(AmiEvent.plain("Event", "CoreShowChannel").add("ActionID", id).channel(ch)
                    .add("Application", ch.application()).add("ApplicationData", ch.applicationData())
                    .add("Duration", String.format("%02d:%02d:%02d", secs / 3600, (secs / 60) % 60, secs % 60))
                    .add("BridgeId", ""));
            n++;
        }
        session.send(AmiEvent.plain("Event", "CoreShowChannelsComplete").add("ActionID", id).add("EventList", "Complete")
                .add("ListItems", n));
    }

    private void status(AmiRequest req, String id) {
        String only = req.get("Channel");
        List<Channel> chans = new ArrayList<>();
        for (Channel ch : engine.liveChannels()) if (only == null || only.isEmpty() || ch.name().equals(only)) chans.add(ch);
        if (only != null && !only.isEmpty() && chans.isEmpty()) {
            session.send(error(id, "No such channel"));
            return;
        }
        session.send(ok(id).add("EventList", "start").add("Message", "Channel status will follow"));
        for (Channel ch : chans) {
            Channel.Snapshot snap = ch.snapshot();
            long secs = (engine.clock.nowMillis() - ch.createdSimMillis()) / 1000;
            session.send(AmiEvent.plain("Event", "Status").add("Privilege", "Call").channel(ch).add("Type", ch.tech())
                    .add("DNID", ch.dnid().equals("unknown") ? "" : ch.dnid())
                    .add("EffectiveConnectedLineNum", snap.connectedNum()).add("EffectiveConnectedLineName", snap.connectedName())
                    .add("TimeToHangup", 0).add("BridgeID", "").add("Application", ch.application())
                    .add("Data", ch.applicationData()).add("Nativeformats", "(slin)").add("Readformat", "slin")
                    .add("Readtrans", "").add("Writeformat", "slin").add("Writetrans", "").add("Callgroup", 0)
                    .add("Pickupgroup", 0).add("Seconds", secs).add("ActionID", id));
        }
        session.send(AmiEvent.plain("Event", "StatusComplete").add("ActionID", id).add("EventList", "Complete")
                .add("ListItems", chans.size()).add("Items", chans.size()));
    }
}
