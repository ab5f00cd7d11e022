package pe.centralunica.router.rules;

import java.util.Objects;

/** What a rule step points at: a fixed route_target, or one resolved per call. */
public sealed interface TargetRef {

    /** A route_target code, e.g. {@code Q-PNP}. */
    record Fixed(String code) implements TargetRef {
        public Fixed {
            Objects.requireNonNull(code, "code");
        }

        @Override
        public String toString() {
            return code;
        }
    }

    /** The Serenazgo queue of the call's district ({@code Q-SER-<ubigeo>}); skipped when the district is unknown. */
    record DistrictCentral() implements TargetRef {
        /** Name in routing_rule_target.dynamic_target. */
        public static final String NAME = "DISTRICT_CENTRAL";

        @Override
        public String toString() {
            return NAME;
        }
    }

    static TargetRef fixed(String code) {
        return new Fixed(code);
    }

    static TargetRef districtCentral() {
        return new DistrictCentral();
    }
}
