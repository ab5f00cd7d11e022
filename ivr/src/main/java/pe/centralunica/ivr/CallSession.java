package pe.centralunica.ivr;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import pe.centralunica.db.journal.CallEvent;
import pe.centralunica.db.journal.CallEventType;
import pe.centralunica.db.journal.CallIds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One AGI session of one call: the channel, the call's id and its timeline position. Every step it takes is
 * recorded with the node's clock; the sequence continues across sessions (triage, then route-next, possibly
 * on another node) through the CU_SEQ channel variable.
 */
final class CallSession {

    /** Every keypad key: any key pressed while a prompt plays stops it and counts (type-ahead). */
    static final String ALL_KEYS = "0123456789*#";

    private static final java.util.regex.Pattern MSET_UNSAFE = java.util.regex.Pattern.compile("[,\"\\\\\r\n]");

    private final AgiChannel channel;
    private final AgiRequest request;
    private final UUID callId;
    private final JournalGuard journal;
    private final Clock clock;
    private final List<CallEvent> pending = new ArrayList<>();
    private final PromptTimes prompts;
    private final Instant startedAt;
    private int seq;
    private String language;
    /** The dialplan's CU_AGI_DEADLINE in seconds; 0 when the dialplan sets none (then nothing is re-armed). */
    private int deadlineSeconds;

    CallSession(AgiChannel channel, AgiRequest request, UUID callId, int firstSeq, JournalGuard journal, Clock clock,
                PromptTimes prompts) {
        this.channel = channel;
        this.request = request;
        this.callId = callId;
        this.seq = firstSeq;
        this.journal = journal;
        this.clock = clock;
        this.prompts = prompts;
        this.startedAt = clock.instant();
    }

    /** Time since this session began (the IVR answers right after): what the caller has spent so far. */
    Duration elapsed() {
        return Duration.between(startedAt, clock.instant());
    }

    /** The AGI deadline the dialplan armed (CU_AGI_DEADLINE, seconds; blank or invalid = none). */
    void deadline(String seconds) {
        try {
            deadlineSeconds = Math.max(0, Integer.parseInt(seconds == null ? "" : seconds.trim()));
        } catch (NumberFormatException e) {
            deadlineSeconds = 0;
        }
    }

    /**
     * Re-arms Asterisk's deadline on this AGI step (TIMEOUT(absolute), see the dialplan contract) to cover a
     * command expected to take {@code expected}, plus the dialplan's CU_AGI_DEADLINE. While we keep talking the
     * caller stays with us; if this node freezes, Asterisk sends the caller on by itself when it runs out.
     */
    private void armFor(Duration expected) throws AgiException {
        if (deadlineSeconds > 0) {
            long seconds = deadlineSeconds + (expected.toMillis() + 999) / 1000;
            LeanAgiCommands.setVariable(channel, "TIMEOUT(absolute)", Long.toString(seconds));
        }
    }

    /**
     * After a STREAM FILE that played to the end (no key, no hang-up, file found): its length, from the
     * {@code endpos} Asterisk reports (samples at 8 kHz; a wider file only over-states it). Asterisk's own count,
     * not our clock: exact, and right whatever the network or a simulator's time scale.
     */
    private void learnLength(String prompt) {
        org.asteriskjava.fastagi.reply.AgiReply reply = channel.getLastReply();
        String endpos = reply == null ? null : reply.getAttribute("endpos");
        if (endpos == null || reply.getResultCode() != 0) {
            return;
        }
        try {
            long samples = Long.parseLong(endpos.trim());
            if (samples > 0) {
                prompts.heard(language, prompt, samples / 8);
            }
        } catch (NumberFormatException e) {
            // not a length: keep what we knew
        }
    }

    UUID callId() {
        return callId;
    }

    AgiRequest request() {
        return request;
    }

    AgiChannel channel() {
        return channel;
    }

    int nextSeq() {
        return seq;
    }

    String language() {
        return language;
    }

    /** Chooses the language Asterisk plays prompts in (sounds/&lt;language&gt;/…). */
    void speak(String lang) throws AgiException {
        if (!lang.equals(language)) {
            LeanAgiCommands.setVariable(channel, "CHANNEL(language)", lang);
            language = lang;
        }
    }

    /** Timestamps the step now; it becomes durable at the next {@link #flush()}. */
    void record(CallEventType type, Map<String, String> data) {
        Map<String, String> withId = new HashMap<>(data);
        if (request.getUniqueId() != null) {
            withId.putIfAbsent("uniqueid", request.getUniqueId());
        }
        // A hang-up is seen by the IVR and by the AMI tracker: one shared event id keeps one HUNG_UP per hang-up.
        UUID eventId = type == CallEventType.HUNG_UP ? CallIds.onceEventId(callId, type) : CallIds.newEventId();
        pending.add(new CallEvent(eventId, callId, seq++, clock.instant(), type, withId));
    }

    /**
     * Makes the recorded steps durable, with one group commit. Called when the call is first seen, before the
     * route is handed to the dialplan and when the session ends — not per step: each flush waits for an fsync,
     * and a session that dies between flushes has its ARRIVED on disk and its caller in the fallback queue.
     */
    void flush() {
        if (!pending.isEmpty()) {
            journal.appendAll(List.copyOf(pending));
            pending.clear();
        }
    }

    void play(String prompt) throws AgiException {
        stream(prompt, "");
    }

    /**
     * Plays a prompt that any key interrupts, and returns that key. A real Asterisk throws away keys pressed
     * during {@code STREAM FILE} with no escape digits — a caller who knows what to press must not wait.
     */
    Optional<Character> playTakingKeys(String prompt) throws AgiException {
        char key = stream(prompt, ALL_KEYS);
        return ALL_KEYS.indexOf(key) >= 0 ? Optional.of(key) : Optional.empty();
    }

    /** STREAM FILE under a re-armed deadline; a playback no key cut short teaches the prompt's length. */
    private char stream(String prompt, String escapeDigits) throws AgiException {
        record(CallEventType.PROMPT_PLAYED, Map.of("prompt", prompt, "language", String.valueOf(language)));
        armFor(prompts.expected(language, prompt));
        char key = LeanAgiCommands.streamFile(channel, prompt, escapeDigits);
        if (key == 0) {
            learnLength(prompt);
        }
        return key;
    }

    /**
     * Plays a prompt and collects up to {@code maxDigits} keys. A prompt Asterisk cannot play (sound file
     * missing for this language) must not cost the caller their chance to answer: we then wait for keys
     * without the prompt.
     */
    Input ask(String menu, String prompt, long timeoutMillis, int maxDigits) throws AgiException {
        record(CallEventType.PROMPT_PLAYED, Map.of("prompt", prompt, "language", String.valueOf(language), "menu", menu));
        // The prompt, the wait for the first key and up to maxDigits - 1 more (GET DATA waits timeoutMillis for each).
        armFor(prompts.expected(language, prompt).plusMillis(timeoutMillis * Math.max(1, maxDigits)));
        long started = System.nanoTime();
        String result = LeanAgiCommands.getData(channel, prompt, timeoutMillis, maxDigits);
        if (result == null || result.isEmpty() || "(timeout)".equals(result)) {
            // No key: the prompt played in full, then the whole timeout ran. GET DATA reports no endpos, so our
            // clock measures it; delays only make it longer (a simulator's faster clock is covered: its deadline
            // also counts real time).
            prompts.heard(language, prompt, (System.nanoTime() - started) / 1_000_000 - timeoutMillis);
        }
        if ("-1".equals(result)) {
            // Missing sound file, or the caller hung up: the next command tells which (it throws on hang-up).
            StringBuilder keys = new StringBuilder();
            char c = channel.waitForDigit((int) timeoutMillis);
            while (c != 0 && keys.length() < maxDigits) {
                keys.append(c);
                if (keys.length() < maxDigits) {
                    c = channel.waitForDigit(2000);
                }
            }
            result = keys.toString();
        }
        if (result == null || result.isEmpty() || "(timeout)".equals(result)) {
            return new Input.Timeout();
        }
        return new Input.Digits(result);
    }

    void set(String name, String value) throws AgiException {
        LeanAgiCommands.setVariable(channel, name, value);
    }

    /**
     * Sets several channel variables with one AGI command (Asterisk's MSet): each command is a round trip and
     * the largest part of the IVR's CPU per call. A value MSet cannot carry (comma, quote, backslash, line
     * break) is set on its own.
     */
    void setAll(Map<String, String> variables) throws AgiException {
        StringBuilder pairs = new StringBuilder();
        for (Map.Entry<String, String> v : variables.entrySet()) {
            String value = v.getValue() == null ? "" : v.getValue();
            if (MSET_UNSAFE.matcher(value).find()) {
                LeanAgiCommands.setVariable(channel, v.getKey(), value);
                continue;
            }
            if (!pairs.isEmpty()) {
                pairs.append(',');
            }
            pairs.append(v.getKey()).append('=').append(value);
        }
        if (!pairs.isEmpty()) {
            int result = LeanAgiCommands.exec(channel, "MSet", pairs.toString());
            if (result != 0) {
                // Half-set or unset variables must not be rung: no CU_ROUTE_OK, the dialplan's fallback takes the call.
                throw new IllegalStateException("MSet of " + variables.keySet() + " failed (result " + result + ")");
            }
        }
    }

    /** For events that would otherwise carry no data. */
    static Map<String, String> data(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                m.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return m;
    }
}
