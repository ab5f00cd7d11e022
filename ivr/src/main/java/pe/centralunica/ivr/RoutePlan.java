package pe.centralunica.ivr;

import pe.centralunica.router.RouteStep;

import java.util.ArrayList;
import java.util.List;

/**
 * A decision's steps carried on the channel (CU_ROUTE_PLAN), so route-next needs nothing from the node that
 * triaged the call: any node, or the same one after a restart, continues the route. Format:
 * {@code code|QUEUE|asterisk-target|timeout;…} — route_target codes and Asterisk names never contain
 * '|' or ';' (the schema's CHECKs), and a plan that does is refused rather than mangled.
 */
record RoutePlan(List<RouteStep> steps) {

    RoutePlan {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a route plan has at least the metropolitan centre");
        }
    }

    String encode() {
        StringBuilder sb = new StringBuilder();
        for (RouteStep s : steps) {
            for (String part : List.of(s.targetCode(), s.asteriskTarget())) {
                if (part.indexOf('|') >= 0 || part.indexOf(';') >= 0 || part.indexOf('"') >= 0) {
                    throw new IllegalArgumentException("route target '" + part + "' cannot travel in a channel variable");
                }
            }
            if (!sb.isEmpty()) {
                sb.append(';');
            }
            sb.append(s.targetCode()).append('|').append(s.kind()).append('|').append(s.asteriskTarget())
                    .append('|').append(s.ringTimeoutSeconds());
        }
        return sb.toString();
    }

    /** @throws IllegalArgumentException when the variable is not a plan we wrote */
    static RoutePlan decode(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            throw new IllegalArgumentException("no route plan on the channel");
        }
        List<RouteStep> steps = new ArrayList<>();
        for (String item : encoded.split(";")) {
            String[] p = item.split("\\|", -1);
            if (p.length != 4) {
                throw new IllegalArgumentException("malformed route step '" + item + "'");
            }
            try {
                steps.add(new RouteStep(p[0], RouteStep.Kind.valueOf(p[1]), p[2], Integer.parseInt(p[3])));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("malformed route step '" + item + "'", e);
            }
        }
        return new RoutePlan(steps);
    }
}
