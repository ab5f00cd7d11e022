package pe.centralunica.router.rules;

import pe.centralunica.router.CallerClass;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The calls a rule can match, as a box of four finite dimensions: caller class, location, emergency type,
 * minute of the week. Location merges district and jurisdiction so their dependency is exact: its values
 * are every known district, "district unknown in jurisdiction J" for each J, and "nothing known".
 * Emergency types add one value for codes outside the reference table. Used only by validation.
 */
final class MatchSpace {

    private static final int CLASS_DIM = 0;
    private static final int LOCATION_DIM = 1;
    private static final int TYPE_DIM = 2;

    private final List<String> locationNames = new ArrayList<>();
    private final Map<String, Integer> districtIndex = new HashMap<>();
    private final Map<String, List<Integer>> jurisdictionLocations = new HashMap<>();
    private final List<String> typeNames = new ArrayList<>();
    private final Map<String, Integer> typeIndex = new HashMap<>();
    private final int locationCount;
    private final int typeCount;

    MatchSpace(RuleSet set) {
        TreeMap<String, String> districts = new TreeMap<>(set.districts());
        for (var e : districts.entrySet()) {
            districtIndex.put(e.getKey(), locationNames.size());
            jurisdictionLocations.computeIfAbsent(e.getValue(), j -> new ArrayList<>()).add(locationNames.size());
            locationNames.add("district " + e.getKey());
        }
        for (String j : new java.util.TreeSet<>(set.jurisdictions())) {
            jurisdictionLocations.computeIfAbsent(j, x -> new ArrayList<>()).add(locationNames.size());
            locationNames.add("unknown district in " + j);
        }
        locationNames.add("unknown location");
        locationCount = locationNames.size();
        for (String t : new java.util.TreeSet<>(set.emergencyTypes().keySet())) {
            typeIndex.put(t, typeNames.size());
            typeNames.add(t);
        }
        typeNames.add("an unlisted type");
        typeCount = typeNames.size();
    }

    record Box(Rule rule, int weight, int classes, BitSet locations, BitSet types, BitSet minutes) {

        boolean intersects(Box o) {
            return (classes & o.classes) != 0 && types.intersects(o.types) && locations.intersects(o.locations)
                    && minutes.intersects(o.minutes);
        }

        boolean has(int d, int value) {
            return switch (d) {
                case CLASS_DIM -> (classes >> value & 1) != 0;
                case LOCATION_DIM -> locations.get(value);
                default -> types.get(value);
            };
        }

        BitSet dim(int d) {
            return switch (d) {
                case CLASS_DIM -> BitSet.valueOf(new long[]{classes});
                case LOCATION_DIM -> locations;
                case TYPE_DIM -> types;
                default -> minutes;
            };
        }
    }

    /** The rule's box; only for a rule that passed the per-rule checks (known codes, valid schedule). */
    Box box(Rule rule) {
        int classes = rule.callerClass().map(c -> 1 << c.ordinal()).orElse((1 << CallerClass.values().length) - 1);
        BitSet locations = new BitSet(locationCount);
        if (rule.district().isPresent()) {
            locations.set(districtIndex.get(rule.district().get()));
        } else if (rule.jurisdiction().isPresent()) {
            jurisdictionLocations.getOrDefault(rule.jurisdiction().get(), List.of()).forEach(locations::set);
        } else {
            locations.set(0, locationCount);
        }
        BitSet types = new BitSet(typeCount);
        if (rule.emergencyType().isPresent()) {
            types.set(typeIndex.get(rule.emergencyType().get()));
        } else {
            types.set(0, typeCount);
        }
        return new Box(rule, rule.specificity(), classes, locations, types, rule.schedule().minutes());
    }

    /** A readable example call in both boxes, e.g. "a NORMAL CRIME call from district 150122 on Mon 08:00". */
    String example(Box a, Box b) {
        int c = Integer.numberOfTrailingZeros(a.classes & b.classes);
        BitSet loc = (BitSet) a.locations.clone();
        loc.and(b.locations);
        BitSet type = (BitSet) a.types.clone();
        type.and(b.types);
        BitSet min = (BitSet) a.minutes.clone();
        min.and(b.minutes);
        int m = min.nextSetBit(0);
        DayOfWeek day = DayOfWeek.of(m / 1440 + 1);
        return "a %s %s call from %s on %s %02d:%02d".formatted(CallerClass.values()[c], typeNames.get(type.nextSetBit(0)),
                locationNames.get(loc.nextSetBit(0)),
                day.name().charAt(0) + day.name().substring(1, 3).toLowerCase(), (m % 1440) / 60, m % 60);
    }

    /**
     * True when every call in {@code r} is also in one of {@code covering}. Splits dimension by dimension;
     * values that the same covering boxes contain behave alike, so only one of each such group is explored.
     */
    static boolean covered(Box r, List<Box> covering) {
        return covered(r, covering, CLASS_DIM);
    }

    private static boolean covered(Box r, List<Box> covering, int dim) {
        if (covering.isEmpty()) {
            return false;
        }
        if (dim > TYPE_DIM) {
            BitSet rest = (BitSet) r.minutes.clone();
            for (Box b : covering) {
                rest.andNot(b.minutes);
                if (rest.isEmpty()) {
                    return true;
                }
            }
            return false;
        }
        BitSet values = r.dim(dim);
        Set<BitSet> groups = new LinkedHashSet<>();
        for (int v = values.nextSetBit(0); v >= 0; v = values.nextSetBit(v + 1)) {
            BitSet members = new BitSet(covering.size());
            for (int i = 0; i < covering.size(); i++) {
                if (covering.get(i).has(dim, v)) {
                    members.set(i);
                }
            }
            groups.add(members);
        }
        for (BitSet members : groups) {
            List<Box> sub = new ArrayList<>(members.cardinality());
            members.stream().forEach(i -> sub.add(covering.get(i)));
            if (!covered(r, sub, dim + 1)) {
                return false;
            }
        }
        return true;
    }
}
