package pe.centralunica.console.http;

import io.vertx.ext.web.RoutingContext;

/**
 * The client's address for login throttling and the audit log. Behind a reverse proxy every request comes from
 * the proxy, so with {@code CU_TRUST_PROXY=true} the last X-Forwarded-For entry (the one our proxy appended) is
 * used instead. Never trust the header without a proxy that sets it: a client could pick any address.
 */
final class ClientAddress {

    private final boolean trustProxy;

    ClientAddress(boolean trustProxy) {
        this.trustProxy = trustProxy;
    }

    String of(RoutingContext ctx) {
        String remote = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        return resolve(remote, ctx.request().getHeader("X-Forwarded-For"), trustProxy);
    }

    static String resolve(String remote, String forwardedFor, boolean trustProxy) {
        if (!trustProxy || forwardedFor == null || forwardedFor.isBlank()) {
            return remote;
        }
        String[] hops = forwardedFor.split(",");
        String last = hops[hops.length - 1].strip();
        return last.isEmpty() || last.length() > 45 ? remote : last;
    }
}
