package pe.centralunica.router.rules;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When a rule applies: ISO days of week and a local time window [from, to) that may wrap midnight.
 *
 * <p>A window that wraps midnight belongs to the day it starts on: "Friday 22:00–06:00" covers Friday 22:00
 * to Saturday 06:00, like a night shift. Times are whole minutes; the schedule is evaluated as the set of
 * minutes of the week it covers, so matching and validation (ties, shadowing) use one definition.
 *
 * @param days empty = every day; present = those days only (never an empty set)
 */
public record Schedule(Optional<Set<DayOfWeek>> days, Optional<LocalTime> from, Optional<LocalTime> to) {

    public static final int MINUTES_PER_WEEK = 7 * 24 * 60;
    public static final Schedule ALWAYS = new Schedule(Optional.empty(), Optional.empty(), Optional.empty());

    public Schedule {
        Objects.requireNonNull(days, "days");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        days = days.map(d -> d.isEmpty() ? Set.<DayOfWeek>of() : Set.copyOf(EnumSet.copyOf(d)));
    }

    public static Schedule window(LocalTime from, LocalTime to) {
        return new Schedule(Optional.empty(), Optional.of(from), Optional.of(to));
    }

    public static Schedule days(DayOfWeek first, DayOfWeek... rest) {
        return new Schedule(Optional.of(EnumSet.of(first, rest)), Optional.empty(), Optional.empty());
    }

    public Schedule withWindow(LocalTime from, LocalTime to) {
        return new Schedule(days, Optional.of(from), Optional.of(to));
    }

    /** True when the rule is limited in time at all (one criterion for precedence). */
    public boolean restricted() {
        return days.isPresent() || from.isPresent() || to.isPresent();
    }

    /** Index of a local date-time's minute in the week: Monday 00:00 = 0. */
    public static int minuteOfWeek(DayOfWeek day, int hour, int minute) {
        return (day.getValue() - 1) * 1440 + hour * 60 + minute;
    }

    /**
     * The minutes of the week this schedule covers. Only meaningful for a valid schedule (see
     * {@link RuleValidator}): both or neither bound, bounds differ, whole minutes.
     */
    public BitSet minutes() {
        BitSet set = new BitSet(MINUTES_PER_WEEK);
        Set<DayOfWeek> on = days.orElse(EnumSet.allOf(DayOfWeek.class));
        if (from.isEmpty() || to.isEmpty()) {
            for (DayOfWeek d : on) {
                set.set(minuteOfWeek(d, 0, 0), minuteOfWeek(d, 0, 0) + 1440);
            }
            return set;
        }
        int f = from.get().getHour() * 60 + from.get().getMinute();
        int t = to.get().getHour() * 60 + to.get().getMinute();
        for (DayOfWeek d : on) {
            int dayStart = minuteOfWeek(d, 0, 0);
            if (f < t) {
                set.set(dayStart + f, dayStart + t);
            } else {
                // wraps: from `from` to midnight, then the next day (Sunday → Monday wraps the week) until `to`
                set.set(dayStart + f, dayStart + 1440);
                int next = (dayStart + 1440) % MINUTES_PER_WEEK;
                set.set(next, next + t);
            }
        }
        return set;
    }

    /** Readable form for explanations: "Mon,Fri 22:00–06:00", "every day 08:00–20:00", "always". */
    public String describe() {
        if (!restricted()) {
            return "always";
        }
        String d = days.map(s -> s.stream().sorted()
                        .map(x -> x.name().charAt(0) + x.name().substring(1, 3).toLowerCase())
                        .collect(Collectors.joining(",")))
                .orElse("every day");
        String w = from.isPresent() || to.isPresent()
                ? " " + from.map(LocalTime::toString).orElse("?") + "–" + to.map(LocalTime::toString).orElse("?")
                : "";
        return d + w;
    }
}
