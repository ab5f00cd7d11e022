package pe.centralunica.app.realasterisk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One private, running Asterisk 20 instance: its configuration files in {@code rundir/etc}, its sounds in
 * {@code rundir/data/sounds}, its log in {@code rundir/log/messages.log}. Stopped (by its own pid) on close.
 */
final class RealAsterisk implements AutoCloseable {

    private final AsteriskInstall install;
    private final Path rundir;

    private RealAsterisk(AsteriskInstall install, Path rundir) {
        this.install = install;
        this.rundir = rundir;
    }

    /** Writes {@code etc} (file name → content) and the rendered prompts into a fresh rundir, then starts Asterisk. */
    static RealAsterisk start(Path rundir, Map<String, String> etc) throws IOException, InterruptedException {
        AsteriskInstall install = AsteriskInstall.find().orElseThrow(() -> new IllegalStateException(AsteriskInstall.whyAbsent()));
        Files.createDirectories(rundir.resolve("etc"));
        for (Map.Entry<String, String> f : etc.entrySet()) {
            Files.writeString(rundir.resolve("etc").resolve(f.getKey()), f.getValue());
        }
        RenderedPrompts.renderInto(rundir.resolve("data/sounds"));
        // An installed Asterisk has its log directory's cdr-custom/ (make install, distribution packages); a private
        // instance's fresh log directory needs it made, or cdr_custom writes nothing.
        Files.createDirectories(rundir.resolve("log/cdr-custom"));
        RealAsterisk asterisk = new RealAsterisk(install, rundir);
        install.start(rundir);
        return asterisk;
    }

    String cli(String command) throws IOException, InterruptedException {
        return install.cli(rundir, command);
    }

    Path log() {
        return rundir.resolve("log/messages.log");
    }

    Path rundir() {
        return rundir;
    }

    /** A loopback TCP port nobody listens on right now (several instances run on this machine at once). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        install.stop(rundir);
    }
}
