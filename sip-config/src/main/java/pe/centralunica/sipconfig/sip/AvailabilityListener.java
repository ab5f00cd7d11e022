package pe.centralunica.sipconfig.sip;

/**
 * Told when a probed target changes state (wired to call-router's AvailabilityBoard: markDown / markUp).
 * Called from the prober's thread: return quickly.
 */
@FunctionalInterface
public interface AvailabilityListener {
    void changed(String targetCode, boolean up, String reason);
}
