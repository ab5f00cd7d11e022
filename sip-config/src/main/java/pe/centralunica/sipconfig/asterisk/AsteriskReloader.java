package pe.centralunica.sipconfig.asterisk;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.action.CommandAction;
import org.asteriskjava.manager.response.CommandResponse;
import org.asteriskjava.manager.response.ManagerResponse;

/**
 * Applies freshly written configuration over AMI: logs in (events off), sends one CLI {@code Command} per
 * changed file — {@code dialplan reload}, {@code module reload app_queue.so}, {@code module reload res_pjsip.so},
 * {@code manager reload} — and logs off. A reload is an operator action, so this opens its own short-lived
 * connection instead of sharing the app's event connection (whose listeners must never block).
 */
public final class AsteriskReloader {

    /** Connection details of the AMI user; {@code timeoutMillis} bounds the login and every command. */
    public record AmiTarget(String host, int port, String user, String secret, long timeoutMillis) {
        @Override
        public String toString() {
            return "AmiTarget[" + user + "@" + host + ":" + port + ", timeout " + timeoutMillis + " ms]"; // never the secret
        }
    }

    /** One CLI command and what Asterisk answered ({@code ok} false: the Response was not Success). */
    public record CommandOutcome(String command, boolean ok, List<String> output) {
    }

    public record ReloadReport(List<CommandOutcome> commands) {
        public boolean ok() {
            return commands.stream().allMatch(CommandOutcome::ok);
        }
    }

    private final AmiTarget target;

    public AsteriskReloader(AmiTarget target) {
        this.target = target;
    }

    /** The CLI commands that apply changes to these files, in a safe order (endpoints before the dialplan). */
    public static List<String> commandsFor(Collection<String> changedFiles) {
        Set<String> out = new LinkedHashSet<>();
        if (changedFiles.contains(AsteriskConfigGenerator.PJSIP)) out.add("module reload res_pjsip.so");
        if (changedFiles.contains(AsteriskConfigGenerator.QUEUES) || changedFiles.contains(AsteriskConfigGenerator.QUEUERULES)) out.add("module reload app_queue.so");
        // The classes before the dialplan that names them.
        if (changedFiles.contains(AsteriskConfigGenerator.MUSICONHOLD)) out.add("moh reload");
        if (changedFiles.contains(AsteriskConfigGenerator.EXTENSIONS)) out.add("dialplan reload");
        if (changedFiles.contains(AsteriskConfigGenerator.MANAGER)) out.add("manager reload");
        if (changedFiles.contains(AsteriskConfigGenerator.CDR_CUSTOM)) out.add("module reload cdr_custom.so");
        return List.copyOf(out);
    }

    /** Reloads what the changed files need; nothing is sent (and no login happens) when none changed. */
    public ReloadReport reload(Collection<String> changedFiles) {
        return run(commandsFor(changedFiles));
    }

    /** Sends the given CLI commands; stops at the first that fails. */
    public ReloadReport run(List<String> commands) {
        if (commands.isEmpty()) return new ReloadReport(List.of());
        ManagerConnection connection = new ManagerConnectionFactory(target.host(), target.port(), target.user(),
                target.secret()).createManagerConnection();
        connection.setSocketTimeout((int) target.timeoutMillis());
        connection.setSocketReadTimeout((int) target.timeoutMillis());
        List<CommandOutcome> outcomes = new ArrayList<>();
        try {
            connection.login("off");
            for (String command : commands) {
                ManagerResponse response = connection.sendAction(new CommandAction(command), target.timeoutMillis());
                List<String> output = response instanceof CommandResponse cr && cr.getResult() != null ? cr.getResult()
                        : response.getOutput() != null ? List.of(response.getOutput().split("\n"))
                        : response.getMessage() == null ? List.of() : List.of(response.getMessage());
                boolean ok = "Success".equalsIgnoreCase(response.getResponse()) && output.stream().noneMatch(l -> l.startsWith("No such command"));
                outcomes.add(new CommandOutcome(command, ok, List.copyOf(output)));
                if (!ok) break;
            }
            return new ReloadReport(List.copyOf(outcomes));
        } catch (Exception e) {
            throw new ReloadException("reloading Asterisk over AMI at " + target.host() + ":" + target.port() + " as "
                    + target.user() + " failed after " + outcomes.size() + " command(s): " + e.getMessage(), e);
        } finally {
            try {
                connection.logoff();
            } catch (RuntimeException ignored) {
                // Not logged in (login failed): nothing to close.
            }
        }
    }

    public static final class ReloadException extends RuntimeException {
        ReloadException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
