package pe.centralunica.sipconfig.sip;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * sipp (Debian package sip-tester) as an independent SIP implementation: runs one of our scenario files as a
 * UAS on a loopback port, logging every message it sees. Tests skip (with a message) when sipp is absent.
 */
final class Sipp implements AutoCloseable {

    private final Process process;
    final Path messageLog;
    final int port;

    private Sipp(Process process, Path messageLog, int port) {
        this.process = process;
        this.messageLog = messageLog;
        this.port = port;
    }

    static Optional<Path> executable() {
        return Stream.concat(Stream.of("/usr/bin/sipp", "/usr/local/bin/sipp"),
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).map(d -> d + "/sipp"))
                .map(Path::of).filter(Files::isExecutable).findFirst();
    }

    static Sipp uas(String scenario, int port, Path workDir) throws IOException, InterruptedException {
        Path exe = executable().orElseThrow();
        Path scenarioFile;
        try {
            scenarioFile = Path.of(Sipp.class.getResource("/sipp/" + scenario).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path log = workDir.resolve("sipp-" + port + "-" + System.nanoTime() + "-messages.log");
        Process p = new ProcessBuilder(List.of(exe.toString(), "-sf", scenarioFile.toString(), "-i", "127.0.0.1",
                "-p", Integer.toString(port), "-nostdin", "-trace_msg", "-message_file", log.toString()))
                .redirectErrorStream(true).redirectOutput(workDir.resolve("sipp-" + port + ".out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (portFree(port)) {
            if (!p.isAlive()) throw new IllegalStateException("sipp exited with " + p.exitValue() + " (see " + workDir + ")");
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("sipp did not bind udp 127.0.0.1:" + port);
            }
            Thread.sleep(20);
        }
        return new Sipp(p, log, port);
    }

    private static boolean portFree(int port) {
        try (DatagramSocket s = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (BindException e) {
            return false;
        } catch (SocketException e) {
            return false;
        }
    }

    String messages() throws IOException {
        return Files.exists(messageLog) ? Files.readString(messageLog) : "";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
