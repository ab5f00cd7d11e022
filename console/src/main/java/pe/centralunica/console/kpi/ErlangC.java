package pe.centralunica.console.kpi;

/**
 * The Erlang C delay model (M/M/N: Poisson arrivals, exponential handle times, callers wait): the chance a caller
 * waits, the share answered within a target, and the fewest dispatchers that meet a service level. Computed through
 * the Erlang B recursion, which stays accurate for hundreds of agents where factorials overflow.
 */
final class ErlangC {

    private ErlangC() {
    }

    /** Offered load in Erlangs: calls per hour × handle seconds / 3600. */
    public static double load(double callsPerHour, double handleSeconds) {
        return callsPerHour * handleSeconds / 3600.0;
    }

    /** Probability that a caller has to wait with {@code agents} dispatchers and {@code erlangs} of load (1 if overloaded). */
    public static double probabilityOfWaiting(int agents, double erlangs) {
        if (erlangs <= 0) {
            return 0;
        }
        if (agents <= erlangs) {
            return 1;
        }
        double b = 1; // Erlang B with 0 servers
        for (int n = 1; n <= agents; n++) {
            b = erlangs * b / (n + erlangs * b);
        }
        return agents * b / (agents - erlangs * (1 - b));
    }

    /** Share of callers answered within {@code targetSeconds}: 1 − P(wait) · e^(−(N − A) · t / AHT). */
    public static double serviceLevel(int agents, double erlangs, double handleSeconds, double targetSeconds) {
        if (erlangs <= 0) {
            return 1;
        }
        if (agents <= erlangs) {
            return 0;
        }
        return 1 - probabilityOfWaiting(agents, erlangs) * Math.exp(-(agents - erlangs) * targetSeconds / handleSeconds);
    }

    /** Fewest dispatchers whose service level reaches {@code share} within {@code targetSeconds} (0 with no calls). */
    public static int agentsNeeded(double callsPerHour, double handleSeconds, double targetSeconds, double share) {
        double a = load(callsPerHour, handleSeconds);
        if (a <= 0) {
            return 0;
        }
        int n = (int) Math.floor(a) + 1;
        while (serviceLevel(n, a, handleSeconds, targetSeconds) < share) {
            n++;
        }
        return n;
    }
}
