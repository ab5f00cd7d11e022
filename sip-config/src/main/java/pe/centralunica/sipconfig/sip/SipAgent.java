package pe.centralunica.sipconfig.sip;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The only way the rest of Central Única speaks SIP: OPTIONS pings and scripted test calls. One implementation,
 * {@link JainSipAgent}, hides JAIN-SIP (its stack, transactions, dialogs and logger plumbing) behind this.
 */
public interface SipAgent extends AutoCloseable {

    /** Sends OPTIONS to {@code peer}; completes (never exceptionally) within about {@code timeout}. */
    CompletableFuture<OptionsOutcome> options(SipPeer peer, Duration timeout);

    /**
     * Places a call as scripted (INVITE, DTMF as SIP INFO once answered, BYE) and reports how it went. Blocks the
     * calling thread for the length of the call: run it on a virtual thread.
     */
    SyntheticCallResult call(CallPlan plan);

    @Override
    void close();
}
