package pe.centralunica.app.realasterisk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where a real Asterisk 20 comes from: {@code ASTERISK_HOME} (a local install prefix holding {@code sbin/asterisk},
 * e.g. on a developer's machine), else the repository's sibling {@code ../shared/reference-asterisk/asterisk-ref}
 * (CI), else none — and then {@link #whyAbsent()} says what was looked for.
 */
sealed interface AsteriskInstall {

    /** Starts an instance on {@code rundir/etc/*.conf}; returns once it is fully booted. */
    void start(Path rundir) throws IOException, InterruptedException;

    String cli(Path rundir, String command) throws IOException, InterruptedException;

    void stop(Path rundir) throws IOException, InterruptedException;

    String describe();

    static Optional<AsteriskInstall> find() {
        String home = System.getenv("ASTERISK_HOME");
        if (home != null && !home.isBlank()) {
            return LocalPrefix.at(Path.of(home));
        }
        return referenceScript().map(ReferenceScript::new);
    }

    static String whyAbsent() {
        String home = System.getenv("ASTERISK_HOME");
        if (home != null && !home.isBlank()) {
            return "ASTERISK_HOME=" + home + " holds no sbin/asterisk with its modules directory";
        }
        return "no real Asterisk: neither ASTERISK_HOME (a local Asterisk 20 prefix) nor ../shared/reference-asterisk/asterisk-ref"
                + " beside the repository (searched upwards from " + Path.of("").toAbsolutePath() + ")";
    }

    private static Optional<Path> referenceScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("shared/reference-asterisk/asterisk-ref");
            if (Files.isExecutable(script) && Files.exists(dir.resolve("shared/reference-asterisk/asterisk-20.20.1-amd64.tar.xz"))) {
                return Optional.of(script);
            }
        }
        return Optional.empty();
    }

    /** Runs a command, returns its output; fails with the output when it exits non-zero. */
    static String run(List<String> command, Map<String, String> env, long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out;
        try (var in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + text);
        }
        return text;
    }

    /** {@code ../shared/reference-asterisk/asterisk-ref}: unpacks once, runs private loopback instances. */
    record ReferenceScript(Path script) implements AsteriskInstall {
        @Override
        public void start(Path rundir) throws IOException, InterruptedException {
            run(List.of(script.toString(), "start", rundir.toString()), Map.of(), 180);
        }

        @Override
        public String cli(Path rundir, String command) throws IOException, InterruptedException {
            return run(List.of(script.toString(), "cli", rundir.toString(), command), Map.of(), 30);
        }

        @Override
        public void stop(Path rundir) throws IOException, InterruptedException {
            run(List.of(script.toString(), "stop", rundir.toString()), Map.of(), 30);
        }

        @Override
        public String describe() {
            return script.toString();
        }
    }

    /** A local Asterisk 20 install (prefix with sbin/asterisk); each instance still gets its own directories. */
    record LocalPrefix(Path binary, Path modules) implements AsteriskInstall {

        static Optional<AsteriskInstall> at(Path home) {
            List<Path> binaries = List.of(home.resolve("sbin/asterisk"), home.resolve("usr/sbin/asterisk"));
            List<Path> moduleDirs = List.of(home.resolve("lib/asterisk/modules"), home.resolve("lib64/asterisk/modules"),
                    home.resolve("usr/lib/asterisk/modules"), home.resolve("usr/lib/x86_64-linux-gnu/asterisk/modules"));
            Optional<Path> bin = binaries.stream().filter(Files::isExecutable).findFirst();
            Optional<Path> mods = moduleDirs.stream().filter(Files::isDirectory).findFirst();
            return bin.isPresent() && mods.isPresent() ? Optional.of(new LocalPrefix(bin.get(), mods.get())) : Optional.empty();
        }

        @Override
        public void start(Path rundir) throws IOException, InterruptedException {
            Path etc = rundir.resolve("etc");
            for (String d : List.of("data/sounds", "lib", "run", "log", "spool", "cache")) {
                Files.createDirectories(rundir.resolve(d));
            }
            writeIfAbsent(etc.resolve("modules.conf"), "[modules]\nautoload = yes\nnoload = chan_sip.so\nnoload = chan_iax2.so\n");
            writeIfAbsent(etc.resolve("logger.conf"),
                    "[general]\ndateformat = %F %T.%3q\n[logfiles]\nmessages.log => notice,warning,error,verbose,dtmf\n");
            writeIfAbsent(etc.resolve("musiconhold.conf"), "[general]\n");
            List<String> lines = new ArrayList<>(List.of("[directories]", "astcachedir => " + rundir.resolve("cache"),
                    "astetcdir => " + etc, "astmoddir => " + modules, "astvarlibdir => " + rundir.resolve("data"),
                    "astdbdir => " + rundir.resolve("lib"), "astkeydir => " + rundir.resolve("data"),
                    "astdatadir => " + rundir.resolve("data"), "astagidir => " + rundir.resolve("data/agi-bin"),
                    "astspooldir => " + rundir.resolve("spool"), "astrundir => " + rundir.resolve("run"),
                    "astlogdir => " + rundir.resolve("log"), "[options]", "verbose = 3", "timestamp = yes"));
            Files.write(etc.resolve("asterisk.conf"), lines);
            run(List.of(binary.toString(), "-C", etc.resolve("asterisk.conf").toString()), Map.of(), 30);
            for (int i = 0; i < 100; i++) {
                try {
                    cli(rundir, "core waitfullybooted");
                    return;
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            throw new IOException("Asterisk did not boot; see " + rundir.resolve("log/messages.log"));
        }

        @Override
        public String cli(Path rundir, String command) throws IOException, InterruptedException {
            return run(List.of(binary.toString(), "-C", rundir.resolve("etc/asterisk.conf").toString(), "-rx", command), Map.of(), 30);
        }

        @Override
        public void stop(Path rundir) throws IOException, InterruptedException {
            Path pidFile = rundir.resolve("run/asterisk.pid");
            String pid = Files.exists(pidFile) ? Files.readString(pidFile).trim() : "";
            try {
                cli(rundir, "core stop now");
            } catch (IOException alreadyGone) {
                // nothing to stop
            }
            if (!pid.isEmpty()) {
                Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(pid));
                for (int i = 0; i < 50 && h.map(ProcessHandle::isAlive).orElse(false); i++) {
                    Thread.sleep(100);
                }
                h.filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
            }
        }

        @Override
        public String describe() {
            return binary + " (ASTERISK_HOME)";
        }

        private static void writeIfAbsent(Path file, String text) throws IOException {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.writeString(file, text);
            }
        }
    }
}
