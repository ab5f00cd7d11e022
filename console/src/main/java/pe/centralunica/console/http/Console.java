package pe.centralunica.console.http;

import pe.centralunica.console.admin.Catalogue;
import pe.centralunica.console.desk.Calls;
import pe.centralunica.console.desk.Incidents;
import pe.centralunica.console.live.LiveView;
import pe.centralunica.console.live.ScreenPops;
import pe.centralunica.console.security.Authenticator;
import pe.centralunica.console.security.Sessions;
import pe.centralunica.console.security.Users;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.router.LiveRouter;
import pe.centralunica.router.live.CallControl;
import pe.centralunica.router.live.LiveCalls;
import pe.centralunica.router.store.JdbcRuleRepository;
import pe.centralunica.router.store.RuleAdmin;

import java.time.ZoneId;
import java.util.List;

/**
 * Everything the console's HTTP surface needs, built by the node (app's Node) from its settings and services.
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
