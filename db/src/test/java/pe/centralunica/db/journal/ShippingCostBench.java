package pe.centralunica.db.journal;

import pe.centralunica.db.Database;
import pe.centralunica.db.testing.DelegatingDataSource;
import pe.centralunica.db.testing.TestDatabases;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark (not a test): PostgreSQL's CPU per call shipped (an answered call: 8 events, its row, its incident),
 * by batch size, as the tables grow, read from the one backend's {@code /proc/<pid>/stat}. PostgreSQL must run on
 * this machine. Arguments: {@code calls-per-batch:calls} runs, in order, on one database.
 *
 * <pre>
 * ./mvnw -q -B -o -pl db test-compile org.apache.maven.plugins:maven-dependency-plugin:3.7.0:build-classpath \
 *     -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
 * TEST_DB_URL=jdbc:postgresql://127.0.0.1:5432/test TEST_DB_USER=postgres java \
 *     -cp db/target/test-classes:db/target/classes:$(cat db/target/bench.classpath) \
 *     pe.centralunica.db.journal.ShippingCostBench 4:400 10:1000 50:2000 10:3000 4:400
 * </pre>
 * {@code -Dbench.explainMs=N} logs the plan of every statement slower than N ms to the server's log (auto_explain).
 */
public final class ShippingCostBench {

    private ShippingCostBench() {
    }

    public static void main(String[] args) throws Exception {
        try (Database db = TestDatabases.fresh(); Connection real = db.dataSource().getConnection()) {
            long pid;
            try (Statement st = real.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getLong(1);
            }
            String explainMs = System.getProperty("bench.explainMs");
            if (explainMs != null) {
                try (Statement st = real.createStatement()) {
                    st.execute("LOAD 'auto_explain'");
                    st.execute("SET auto_explain.log_min_duration = " + Integer.parseInt(explainMs));
                    st.execute("SET auto_explain.log_analyze = on");
                    st.execute("SET auto_explain.log_nested_statements = on");
                    st.execute("SET auto_explain.log_triggers = on");
                }
            }
            // One backend for every batch, so its CPU is the shipping's.
            Connection kept = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[]{Connection.class}, (proxy, method, a) -> {
                        if (method.getName().equals("close")) {
                            return null;
                        }
                        try {
                            return method.invoke(real, a);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            PostgresEventSink sink = new PostgresEventSink(new DelegatingDataSource(db.dataSource()) {
                @Override
                public Connection getConnection() {
                    return kept;
                }
            });
            int n = 0;
            String[] runs = args.length > 0 ? args : new String[]{"4:400", "10:1000", "50:2000", "10:3000", "4:400"};
            for (String run : runs) {
                int batch = Integer.parseInt(run.split(":")[0]);
                int calls = Integer.parseInt(run.split(":")[1]);
                long cpu0 = ticks(pid);
                long t0 = System.nanoTime();
                for (int done = 0; done < calls; done += batch) {
                    List<CallEvent> events = new ArrayList<>();
                    for (int i = 0; i < batch; i++) {
                        events.addAll(TestCall.at(Instant.now(), ++n).answeredTimeline("CRIME", "150101"));
                    }
                    sink.ship(events, true);
                }
                System.out.printf("%3d calls per batch, %5d calls (%6d stored before): PostgreSQL %.3f ms CPU per call,"
                                + " wall %.3f ms per call%n", batch, calls, n - calls, (ticks(pid) - cpu0) * 10.0 / calls,
                        (System.nanoTime() - t0) / 1e6 / calls);
            }
        }
    }

    /** user + system CPU of a process, in clock ticks (10 ms). */
    private static long ticks(long pid) throws Exception {
        String[] f = Files.readString(Path.of("/proc", Long.toString(pid), "stat")).split(" ");
        return Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }
}
