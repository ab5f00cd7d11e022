package pe.centralunica.simulator;

/**
 * Faults on demand, each a switch, for reliability tests. AGI faults apply to calls from the next AGI() on;
 * AMI faults act on the AMI connections open now ({@code drop}, {@code halfWrittenFrame}, {@code garbage}) or
 * from now on ({@code stall}). Trunks are switched through {@link SimulatedAsterisk#trunk(String)}.
 */
public interface Faults {
    /** AGI() cannot connect: AGISTATUS=FAILURE at once, as with nothing listening (transcript agi/07). */
    Faults agiUnreachable(boolean on);

    /**
     * Connecting to the FastAGI server hangs as with a host that drops the SYN: AGISTATUS=FAILURE after the
     * connect timeout (res_agi's 2 s by default, {@code Builder.agiConnectTimeout}; simulated time).
     */
    Faults agiConnectTimesOut(boolean on);

    /** The caller hangs up while an AGI command runs: {@code 200 result=-1} then {@code HANGUP}. */
    Faults hangupMidCommand(boolean on);

    /** The simulated Asterisk drops the AGI socket after reading a command, without answering it. */
    Faults dropAgiMidCommand(boolean on);

    /** Closes every AMI connection now (as a crashed or restarted Asterisk). */
    Faults amiDrop();

    /** AMI connections stop writing (events and responses are held) until switched off. */
    Faults amiStall(boolean on);

    /** Writes half of an AMI message to every connection, then closes them. */
    Faults amiHalfWrittenFrame();

    /** Writes bytes that are not AMI to every connection (they stay open). */
    Faults amiGarbage();
}
