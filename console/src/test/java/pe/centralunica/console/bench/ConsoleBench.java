package pe.centralunica.console.bench;

import pe.centralunica.console.desk.ConsoleNode;
import pe.centralunica.console.security.PasswordHasher;

import java.net.http.HttpResponse;
import java.util.Arrays;

/**
 * Prints what the console's security costs: one PBKDF2 hash (a login), and the latency of an authenticated
 * GET (session lookup and touch in PostgreSQL, role check, JSON) and of an audited PATCH (CSRF, update and
 * audit row in one transaction). How to run: app/CONSOLE.md, "Benchmark".
 */
public final class ConsoleBench {

    public static void main(String[] args) throws Exception {
        PasswordHasher hasher = new PasswordHasher();
        long[] hashes = new long[10];
        for (int i = 0; i < hashes.length; i++) {
            long t0 = System.nanoTime();
            hasher.hash("bench-password-" + i);
            hashes[i] = System.nanoTime() - t0;
        }
        System.out.printf("PBKDF2-HMAC-SHA256 %d iterations: median %.1f ms per hash%n", PasswordHasher.ITERATIONS,
                median(hashes) / 1e6);

        try (ConsoleNode console = new ConsoleNode()) {
            ConsoleNode.Client client = console.login("disp.miraflores");
            long incident = console.incidentOf(console.insertCall("1700009999.1", "999000111", "CRIME", "150122", "NORMAL", "ANSWERED"));
            for (int i = 0; i < 300; i++) {
                client.get("/api/live/queue");
            }
            int n = 2_000;
            long[] gets = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = client.get("/api/live/queue");
                gets[i] = System.nanoTime() - t0;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(r.body());
                }
            }
            long[] patches = new long[500];
            for (int i = 0; i < patches.length; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = client.patch("/api/incidents/" + incident,
                        new io.vertx.core.json.JsonObject().put("notes", "nota " + i));
                patches[i] = System.nanoTime() - t0;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(r.body());
                }
            }
            System.out.printf("GET /api/live/queue (session checked in PostgreSQL): p50 %.2f ms, p99 %.2f ms over %d%n",
                    pct(gets, 50) / 1e6, pct(gets, 99) / 1e6, n);
            System.out.printf("PATCH /api/incidents/{id} (CSRF, role, update + audit in one transaction): p50 %.2f ms, p99 %.2f ms over %d%n",
                    pct(patches, 50) / 1e6, pct(patches, 99) / 1e6, patches.length);
        }
    }

    private static double median(long[] v) {
        return pct(v, 50);
    }

    private static double pct(long[] v, int p) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }
}
