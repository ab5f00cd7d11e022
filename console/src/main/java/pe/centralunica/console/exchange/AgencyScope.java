package pe.centralunica.console.exchange;

/**
 * Which incidents an agency may see: the metropolitan centre all; a district's Serenazgo those of its district;
 * every agency those whose calls the routing offered to one of its targets or a dispatcher transferred to it.
 */
final class AgencyScope {

    /** SQL condition on incident alias {@code i}; one parameter: the agency code. */
    static final String VISIBLE = visibleTo("?");

    /** The same condition for the agency named by a SQL expression (a parameter or a column). */
    static String visibleTo(String agencyExpression) {
        return " EXISTS (SELECT 1 FROM agency a WHERE a.code = " + agencyExpression + " AND (" + """
                       a.kind = 'METROPOLITAN'
                    OR (a.kind = 'SERENAZGO' AND a.district_ubigeo = i.district_ubigeo)
                    OR EXISTS (SELECT 1 FROM call c JOIN call_event e ON e.call_id = c.id
                                 JOIN route_target rt ON rt.code = coalesce(e.data->>'target', e.data->>'to')
                                WHERE c.incident_id = i.id AND e.type IN ('TARGET_TRIED', 'TRANSFERRED')
                                  AND rt.agency_code = a.code)))""";
    }

    private AgencyScope() {
    }
}
