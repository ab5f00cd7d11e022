package pe.centralunica.console.kpi;

import java.util.Locale;

/** What a report groups by; each with the SQL expression of its key ({@code ?} = the centre's time zone). */
public enum KpiDimension {
    DAY("to_char(arrived_at AT TIME ZONE ?, 'YYYY-MM-DD')", true),
    HOUR("to_char(arrived_at AT TIME ZONE ?, 'HH24')", true),
    CENTRAL("coalesce(central, '-')", false),
    DISTRICT("coalesce(district_ubigeo, '-')", false),
    TYPE("coalesce(emergency_type_code, '-')", false),
    LANGUAGE("coalesce(language, '-')", false);

    private final String sql;
    private final boolean zoned;

    KpiDimension(String sql, boolean zoned) {
        this.sql = sql;
        this.zoned = zoned;
    }

    String sql() {
        return sql;
    }

    boolean zoned() {
        return zoned;
    }

    /** The dimension named by {@code value} (any case); IllegalArgumentException (→ 400) listing the choices. */
    public static KpiDimension parse(String value) {
        for (KpiDimension d : values()) {
            if (d.name().equalsIgnoreCase(String.valueOf(value).trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("'by' must be one of day, hour, central, district, type, language, not '"
                + value + "'");
    }

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }
}
