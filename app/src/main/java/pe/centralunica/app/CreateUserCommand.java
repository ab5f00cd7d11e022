package pe.centralunica.app;

import pe.centralunica.app.config.AppSettings;
import pe.centralunica.app.database.DatabaseStartup;
import pe.centralunica.console.security.PasswordHasher;
import pe.centralunica.console.security.Role;
import pe.centralunica.console.security.SpokenLanguages;
import pe.centralunica.console.security.Users;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.db.Database;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code create-user <username> <DISPATCHER|SUPERVISOR|ADMIN> [--name "Display Name"] [--agency CODE] [--phone PJSIP/x]
 * [--languages es,qu]}:
 * the way to the first administrator of a {@code serve} installation (which has no default password). The
 * password is read from standard input (first line), never from the command line, where `ps` would show it.
 */
final class CreateUserCommand {

    private final PrintStream out;
    private final PrintStream err;
    private final BufferedReader in;

    CreateUserCommand(PrintStream out, PrintStream err, BufferedReader in) {
        this.out = out;
        this.err = err;
        this.in = in;
    }

    int run(AppSettings settings, String[] args) {
        if (args.length < 3 || args.length % 2 == 0) {
            err.println("usage: central-unica create-user <username> <DISPATCHER|SUPERVISOR|ADMIN> [--name N] [--agency CODE] [--phone IFACE] [--languages es,qu,ay,en]"
                    + "  (password on standard input)");
            return Main.EXIT_USAGE;
        }
        String username = args[1].toLowerCase(Locale.ROOT);
        Role role;
        try {
            role = Role.valueOf(args[2].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            err.println("central-unica: create-user: role must be DISPATCHER, SUPERVISOR or ADMIN, not '" + args[2] + "'");
            return Main.EXIT_USAGE;
        }
        String name = username;
        Optional<String> agency = Optional.empty();
        Optional<String> phone = Optional.empty();
        List<String> languages = SpokenLanguages.DEFAULT;
        for (int i = 3; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--name" -> name = args[i + 1];
                case "--agency" -> agency = Optional.of(args[i + 1]);
                case "--phone" -> phone = Optional.of(args[i + 1]);
                case "--languages" -> {
                    try {
                        languages = SpokenLanguages.parse(args[i + 1]);
                    } catch (IllegalArgumentException e) {
                        err.println("central-unica: create-user: --languages: " + e.getMessage());
                        return Main.EXIT_USAGE;
                    }
                }
                default -> {
                    err.println("central-unica: create-user: unknown option '" + args[i] + "'");
                    return Main.EXIT_USAGE;
                }
            }
        }
        String password;
        try {
            password = in.readLine();
        } catch (IOException e) {
            password = null;
        }
        String weakness = PasswordHasher.weakness(password);
        if (weakness != null) {
            err.println("central-unica: create-user: " + weakness + " (give it on standard input)");
            return Main.EXIT_USAGE;
        }
        try (Database database = DatabaseStartup.open(settings.database().orElseThrow())) {
            database.migrate();
            new Users(new Jdbc(database.dataSource()), new PasswordHasher())
                    .create(new Users.NewUser(username, name, password, role, agency, phone, languages), "create-user");
        }
        out.println("Created " + role + " '" + username + "'.");
        return 0;
    }
}
