package pe.centralunica.app.realasterisk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A main class of this classpath in its own JVM (the node, the protocol floor), output to {@code log}, so
 * {@link CostPerCallBench} can read its CPU from {@code /proc} apart from everything else.
 */
final class BenchJvm implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final String name;

    private BenchJvm(Process process, Path log, String name) {
        this.process = process;
        this.log = log;
        this.name = name;
    }

    /** Starts {@code mainClass args} with {@code env} (CU_* of the bench's own environment removed) and {@code jvmOptions}. */
    static BenchJvm start(String name, List<String> jvmOptions, String mainClass, List<String> args, Map<String, String> env,
                          Path log, String readyLine) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("CU_"));
        builder.environment().putAll(env);
        BenchJvm jvm = new BenchJvm(builder.start(), log, name);
        jvm.awaitLine(readyLine);
        return jvm;
    }

    private void awaitLine(String line) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " never printed '" + line + "'; see " + log);
    }

    long pid() {
        return process.pid();
    }

    long cpuMillis() {
        return ProcessCpu.millis(process.pid()).orElseThrow(() -> new IllegalStateException(name + " is gone; see " + log));
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
