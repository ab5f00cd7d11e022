package pe.centralunica.app.realasterisk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged node ({@code central-unica.jar serve}) in its own process, so a test can freeze (SIGSTOP), kill
 * (SIGKILL) or stop (SIGTERM) it as an operator's machine would. Its output goes to {@code log}.
 */
final class NodeProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private NodeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the jar named by the {@code central-unica.jar} system property and waits until it is ready. */
    static NodeProcess start(Map<String, String> env, Path log) throws IOException, InterruptedException {
        return start(env, log, java.time.Duration.ofSeconds(90));
    }

    /** As above, waiting up to {@code readyWithin} (a clustered node first joins Hazelcast: slow on a starved machine). */
    static NodeProcess start(Map<String, String> env, Path log, java.time.Duration readyWithin) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("central-unica.jar", "target/central-unica.jar"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", jar.toString(), "serve")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("CU_"));
        builder.environment().putAll(env);
        NodeProcess node = new NodeProcess(builder.start(), log);
        node.awaitReady(readyWithin);
        return node;
    }

    /**
     * Until the node says it is ready: its FastAGI port listens a few seconds earlier, but its SIGTERM handling
     * (the graceful stop) is in place only once it is ready.
     */
    private void awaitReady(java.time.Duration readyWithin) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + readyWithin.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (Files.exists(log) && Files.readString(log).contains("node ready in")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the node never became ready:\n" + Files.readString(log));
    }

    /** Sends a signal (STOP, CONT, TERM, KILL) to the node's own pid. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Waits for the process to end; its exit code, or -1 if it is still running after {@code seconds}. */
    int awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
