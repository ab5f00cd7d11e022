package pe.centralunica.app.http;

import pe.centralunica.app.admin.Catalogue;
import pe.centralunica.app.console.Calls;
import pe.centralunica.app.console.Incidents;
import pe.centralunica.app.live.LiveView;
import pe.centralunica.app.live.ScreenPops;
import pe.centralunica.app.security.Authenticator;
import pe.centralunica.app.security.Sessions;
import pe.centralunica.app.security.Users;
import pe.centralunica.app.store.Jdbc;
import pe.centralunica.router.LiveRouter;
import pe.centralunica.router.live.CallControl;
import pe.centralunica.router.live.LiveCalls;
import pe.centralunica.router.store.JdbcRuleRepository;
import pe.centralunica.router.store.RuleAdmin;

import java.time.ZoneId;
import java.util.List;

/**
 * Everything the console's HTTP surface needs, built by {@link pe.centralunica.app.Node}.
 *
 * @param routingChanged runs after an admin change that affects routing (this node reloads at once; others within a second)
 * @param secureCookies  mark the session cookie Secure (behind TLS)
 * @param trustProxy     take the client address from X-Forwarded-For (behind a reverse proxy that sets it)
 */
public record Console(Jdbc jdbc, Authenticator authenticator, Sessions sessions, Users users, Incidents incidents, Calls calls,
                      LiveCalls live, CallControl control, LiveView view, ScreenPops pops, List<Catalogue> catalogues,
                      RuleAdmin rules, JdbcRuleRepository ruleStore, LiveRouter router, Runnable routingChanged, ZoneId zone,
                      boolean secureCookies, boolean trustProxy) {
}
