package pe.centralunica.router.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Precedence: the most specific matching rule wins. Each criterion a rule sets adds a power of two, so a
 * more important criterion outweighs every combination of less important ones, and two rules have equal
 * specificity exactly when they set the same criteria:
 * caller class 16 &gt; district 8 &gt; emergency type 4 &gt; days/time window 2 &gt; jurisdiction 1.
 */
public final class Specificity {

    public static final int CALLER_CLASS = 16;
    public static final int DISTRICT = 8;
    public static final int EMERGENCY_TYPE = 4;
    public static final int SCHEDULE = 2;
    public static final int JURISDICTION = 1;

    private Specificity() {
    }

    public static int of(Rule rule) {
        return (rule.callerClass().isPresent() ? CALLER_CLASS : 0)
                + (rule.district().isPresent() ? DISTRICT : 0)
                + (rule.emergencyType().isPresent() ? EMERGENCY_TYPE : 0)
                + (rule.schedule().restricted() ? SCHEDULE : 0)
                + (rule.jurisdiction().isPresent() ? JURISDICTION : 0);
    }

    /** The criteria a rule sets with their values: "caller class PANIC, district 150122". */
    public static String criteria(Rule rule) {
        List<String> parts = new ArrayList<>(5);
        rule.callerClass().ifPresent(c -> parts.add("caller class " + c));
        rule.district().ifPresent(d -> parts.add("district " + d));
        rule.emergencyType().ifPresent(t -> parts.add("emergency type " + t));
        if (rule.schedule().restricted()) {
            parts.add("schedule " + rule.schedule().describe());
        }
        rule.jurisdiction().ifPresent(j -> parts.add("jurisdiction " + j));
        return parts.isEmpty() ? "no criteria (matches every call)" : String.join(", ", parts);
    }

    /** "12 = district 8 + emergency type 4". */
    public static String breakdown(int weight) {
        List<String> parts = new ArrayList<>(5);
        if ((weight & CALLER_CLASS) != 0) parts.add("caller class 16");
        if ((weight & DISTRICT) != 0) parts.add("district 8");
        if ((weight & EMERGENCY_TYPE) != 0) parts.add("type 4");
        if ((weight & SCHEDULE) != 0) parts.add("schedule 2");
        if ((weight & JURISDICTION) != 0) parts.add("jurisdiction 1");
        return parts.isEmpty() ? String.valueOf(weight) : weight + " = " + String.join(" + ", parts);
    }
}
