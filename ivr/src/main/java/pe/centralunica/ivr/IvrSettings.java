package pe.centralunica.ivr;

import java.net.InetAddress;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How the IVR runs.
 *
 * @param bindAddress        where the FastAGI server listens
 * @param port               FastAGI port (4573 is Asterisk's default; 0 = any free port, for tests)
 * @param allow              Asterisk hosts allowed to connect
 * @param lookupBudget       how long the call may wait for caller history and prank marks beyond the greeting
 *                           (a slow database never holds a caller back longer than this)
 * @param prankMarksToFlag   prank marks within {@code prankWindow} that flag a caller
 * @param prankWindow        how far back prank marks count
 * @param historyWindow      how far back a caller's last confirmed district is remembered
 * @param defaultJurisdiction jurisdiction whose district codes a caller keys in when nothing else tells
 * @param directoryRefresh   how often inbound numbers, panic buttons and districts are re-read
 * @param zone               the deployment's time zone (routing day/time windows)
 */
public record IvrSettings(InetAddress bindAddress, int port, AllowList allow, Duration lookupBudget,
                          int prankMarksToFlag, Duration prankWindow, Duration historyWindow,
                          String defaultJurisdiction, Duration directoryRefresh, ZoneId zone) {

    public IvrSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(allow, "allow");
        Objects.requireNonNull(lookupBudget, "lookupBudget");
        Objects.requireNonNull(prankWindow, "prankWindow");
        Objects.requireNonNull(historyWindow, "historyWindow");
        Objects.requireNonNull(defaultJurisdiction, "defaultJurisdiction");
        Objects.requireNonNull(directoryRefresh, "directoryRefresh");
        Objects.requireNonNull(zone, "zone");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (prankMarksToFlag < 1) {
            throw new IllegalArgumentException("prankMarksToFlag must be >= 1, got " + prankMarksToFlag);
        }
    }

    /** Loopback on 4573, Lima, the figures the README documents. */
    public static IvrSettings defaults() {
        return new IvrSettings(InetAddress.getLoopbackAddress(), 4573, AllowList.loopback(), Duration.ofMillis(300),
                2, Duration.ofDays(90), Duration.ofDays(30), "LIMA", Duration.ofSeconds(30), ZoneId.of("America/Lima"));
    }

    public IvrSettings withPort(int newPort) {
        return new IvrSettings(bindAddress, newPort, allow, lookupBudget, prankMarksToFlag, prankWindow, historyWindow,
                defaultJurisdiction, directoryRefresh, zone);
    }

    public IvrSettings withBind(InetAddress address, int newPort, AllowList newAllow) {
        return new IvrSettings(address, newPort, newAllow, lookupBudget, prankMarksToFlag, prankWindow, historyWindow,
                defaultJurisdiction, directoryRefresh, zone);
    }

    public IvrSettings withLookupBudget(Duration budget) {
        return new IvrSettings(bindAddress, port, allow, budget, prankMarksToFlag, prankWindow, historyWindow,
                defaultJurisdiction, directoryRefresh, zone);
    }
}
