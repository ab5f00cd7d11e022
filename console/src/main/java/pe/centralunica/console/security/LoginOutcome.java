package pe.centralunica.console.security;

import java.time.Duration;

/** What a login attempt came to. */
public sealed interface LoginOutcome {

    record LoggedIn(Sessions.Session session) implements LoginOutcome {
    }

    /** Wrong username or password, or an inactive user: the client is not told which. */
    record Refused() implements LoginOutcome {
    }

    record Throttled(Duration retryAfter) implements LoginOutcome {
    }
}
