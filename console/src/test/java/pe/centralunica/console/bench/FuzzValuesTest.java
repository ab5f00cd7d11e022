package pe.centralunica.console.bench;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class FuzzValuesTest {

    private static final List<String> WORDS = List.of("FIRE", "150122");
    private static final List<String> FIELDS = List.of("type", "district", "notes");

    @Test
    void theSameSeedDrawsTheSameValuesAndAnotherSeedOthers() {
        assertThat(leaves(1, 2_000)).isEqualTo(leaves(1, 2_000)).isNotEqualTo(leaves(2, 2_000));
    }

    @Test
    void leavesComeInTheirWeights() {
        List<Object> leaves = leaves(3, 190_000); // 10,000 per weight unit of 19
        Map<String, Long> byKind = leaves.stream().collect(Collectors.groupingBy(FuzzValuesTest::kind, Collectors.counting()));

        assertThat(byKind.get("word")).isBetween(38_000L, 42_000L);
        assertThat(byKind.get("string")).isBetween(38_000L, 42_000L); // 3 short + 1 long
        assertThat(byKind.get("int")).isBetween(28_500L, 31_500L);
        assertThat(byKind.get("long")).isBetween(9_000L, 11_000L);
        assertThat(byKind.get("double")).isBetween(28_500L, 31_500L); // 2 decimals + 1 edge numbers
        assertThat(byKind.get("big")).isBetween(9_000L, 11_000L);
        assertThat(byKind.get("boolean")).isBetween(19_000L, 21_000L);
        assertThat(byKind.get("null")).isBetween(9_000L, 11_000L);
        assertThat(leaves).filteredOn(BigInteger.class::isInstance).map(BigInteger.class::cast)
                .allMatch(b -> b.abs().compareTo(BigInteger.TEN.pow(30)) <= 0)
                .anyMatch(b -> b.abs().compareTo(BigInteger.TEN.pow(29)) > 0);
        assertThat(leaves).filteredOn(Integer.class::isInstance).map(Integer.class::cast)
                .anyMatch(i -> Math.abs((long) i) < 10).anyMatch(i -> Math.abs((long) i) > 1_000_000_000);
        assertThat(leaves).filteredOn(Double.class::isInstance).map(Double.class::cast)
                .allMatch(Double::isFinite).anyMatch(d -> Math.abs(d) > 1e100).anyMatch(d -> d != 0 && Math.abs(d) < 1e-100);
    }

    @Test
    void stringsCarryWhatBreaksParsersAndRenderers() {
        FuzzValues values = new FuzzValues(4, WORDS, FIELDS);
        String all = IntStream.range(0, 3_000).mapToObj(i -> values.text(0, 300)).collect(Collectors.joining());

        assertThat(all).containsPattern("[\\x00-\\x1F]").containsPattern("[\\x80-\\x9F]") // C0, C1 controls
                .containsPattern("[\\u05D0-\\u05EA]").containsPattern("[\\u0621-\\u064A]") // Hebrew, Arabic
                .containsPattern("[\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]") // bidi controls
                .containsPattern("[\\u0300-\\u036F]") // combining marks
                .contains("\"").contains("\\");
        assertThat(all.codePoints().filter(Character::isSupplementaryCodePoint).count()).as("surrogate pairs").isPositive();
        assertThat(all.codePoints().filter(cp -> cp >= 0x1F300 && cp < 0x1FB00).count()).as("emoji").isPositive();
        assertThat(IntStream.range(0, all.length() - 1).anyMatch(i -> Character.isHighSurrogate(all.charAt(i))
                && !Character.isLowSurrogate(all.charAt(i + 1)))).as("a lone surrogate").isTrue();
    }

    @Test
    void lengthsAreMostlyShortWithATailToTheMaximum() {
        FuzzValues values = new FuzzValues(5, WORDS, FIELDS);
        List<Integer> lengths = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            lengths.add(values.text(200, 20_000).length());
        }

        assertThat(lengths).allMatch(n -> n >= 200 && n <= 20_000);
        assertThat(lengths.stream().filter(n -> n <= 232).count()).isBetween(1_750L, 1_880L);
        assertThat(lengths).anyMatch(n -> n > 15_000);
    }

    @Test
    void keysAreMostlyTheApisOwnFieldNames() {
        FuzzValues values = new FuzzValues(6, WORDS, FIELDS);
        long fields = IntStream.range(0, 7_000).mapToObj(i -> values.key()).filter(FIELDS::contains).count();

        assertThat(fields).isBetween(5_800L, 6_200L);
    }

    private static List<Object> leaves(long seed, int n) {
        FuzzValues values = new FuzzValues(seed, WORDS, FIELDS);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(values.leaf());
        }
        return out;
    }

    private static String kind(Object leaf) {
        return leaf == null ? "null" : WORDS.contains(leaf) ? "word" : switch (leaf) {
            case String s -> "string";
            case Integer i -> "int";
            case Long l -> "long";
            case Double d -> "double";
            case BigInteger b -> "big";
            case Boolean b -> "boolean";
            default -> leaf.getClass().getSimpleName();
        };
    }
}
