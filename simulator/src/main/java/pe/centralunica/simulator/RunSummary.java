package pe.centralunica.simulator;

/**
 * Figures of a simulator run. AGI latency is the turnaround the simulated Asterisk sees: from writing the
 * environment block or a reply to reading the server's next command (microseconds; -1 without samples).
 */
public record RunSummary(long placed, long completed, long abandoned, long failed, long fallback, long agiSessions,
                         long agiConnectFailures, long agiCommands, long agiP50Micros, long agiP95Micros,
                         long agiP99Micros) {
    @Override
    public String toString() {
        return "placed=" + placed + " completed=" + completed + " abandoned=" + abandoned + " failed=" + failed
                + " fallback=" + fallback + " agiSessions=" + agiSessions + " agiConnectFailures=" + agiConnectFailures
                + " agiCommands=" + agiCommands + " agiLatency p50=" + micros(agiP50Micros) + " p95="
                + micros(agiP95Micros) + " p99=" + micros(agiP99Micros);
    }

    private static String micros(long us) {
        return us < 0 ? "n/a" : String.format("%.2fms", us / 1000.0);
    }
}
