package pe.centralunica.console.bench;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;

/**
 * The values and field names {@link ApiFuzz} composes into bodies, drawn from one seed. Leaves, by weight: 4 the
 * API's own words and codes, 3 short strings (≤ 40 chars), 1 long string (200–20,000), 3 ints, 1 long, 2 doubles,
 * 1 edge number, 1 big integer within ±10^30, 2 booleans, 1 null. Strings are of any Unicode: ASCII, control
 * characters (C0, C1), Latin letters, Hebrew and Arabic with bidi controls, combining marks, zero-width and
 * non-characters, any BMP char, surrogate pairs (emoji and beyond) and lone surrogates. Lengths are mostly short
 * (9 in 10 within 32 chars of the minimum) with a tail up to the maximum; numbers are spread over every magnitude.
 */
final class FuzzValues {

    private static final List<Double> EDGE_NUMBERS = List.of(1e308, -1e308, 4.9e-324, -0.0, 90.0000001, -180.5, 12.5);
    private static final BigInteger BIG_LIMIT = BigInteger.TEN.pow(30);
    private static final int[] BIDI = {0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068,
            0x2069, 0x061C};
    private static final int[] INVISIBLE = {0x200B, 0x200C, 0x200D, 0xFEFF, 0x2028, 0x2029, 0x00AD, 0xFFFD, 0xFFFE, 0xFFFF};

    private final Random random;
    private final List<String> words;
    private final List<String> fields;

    FuzzValues(long seed, List<String> words, List<String> fields) {
        this.random = new Random(seed);
        this.words = List.copyOf(words);
        this.fields = List.copyOf(fields);
    }

    /** A JSON leaf value (null included), with the weights above. */
    Object leaf() {
        int pick = random.nextInt(19);
        if (pick < 4) {
            return words.get(random.nextInt(words.size()));
        } else if (pick < 7) {
            return text(0, 40);
        } else if (pick < 8) {
            return text(200, 20_000);
        } else if (pick < 11) {
            return random.nextInt() >> (31 - random.nextInt(32)); // magnitude below 2^0 … 2^31, each as likely
        } else if (pick < 12) {
            return random.nextLong() >> (63 - random.nextInt(64));
        } else if (pick < 14) {
            return decimal();
        } else if (pick < 15) {
            return EDGE_NUMBERS.get(random.nextInt(EDGE_NUMBERS.size()));
        } else if (pick < 16) {
            return bigInteger();
        } else if (pick < 18) {
            return random.nextBoolean();
        }
        return null;
    }

    /** An object's key: 6 in 7 a field name the API reads, so bodies reach real validation; else any string ≤ 30. */
    String key() {
        return random.nextInt(7) < 6 ? fields.get(random.nextInt(fields.size())) : text(0, 30);
    }

    /** A string of any Unicode, {@code min} to {@code max} UTF-16 chars long. */
    String text(int min, int max) {
        int shortMax = Math.min(max, min + 32);
        int length = random.nextInt(10) < 9 ? min + random.nextInt(shortMax - min + 1) : min + random.nextInt(max - min + 1);
        StringBuilder sb = new StringBuilder(length);
        while (sb.length() < length) {
            int cp = codePoint();
            if (Character.charCount(cp) > length - sb.length()) {
                continue; // a pair where one char is left: draw again
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    /** One character (or surrogate pair, or lone surrogate) from the classes that break parsers and renderers. */
    private int codePoint() {
        int kind = random.nextInt(100);
        if (kind < 40) {
            return 0x20 + random.nextInt(0x5F); // printable ASCII, quotes and backslashes included
        } else if (kind < 48) {
            int control = random.nextInt(65); // C0, DEL, C1
            return control < 32 ? control : control == 32 ? 0x7F : 0x80 + control - 33;
        } else if (kind < 56) {
            return 0xA0 + random.nextInt(0x250 - 0xA0); // Latin-1 and Latin Extended: ñ, á, ü …
        } else if (kind < 62) {
            return random.nextBoolean() ? 0x05D0 + random.nextInt(27) : 0x0621 + random.nextInt(42); // Hebrew, Arabic
        } else if (kind < 65) {
            return BIDI[random.nextInt(BIDI.length)];
        } else if (kind < 68) {
            return 0x0300 + random.nextInt(0x70); // combining marks
        } else if (kind < 71) {
            return INVISIBLE[random.nextInt(INVISIBLE.length)];
        } else if (kind < 83) {
            return random.nextInt(0x10000); // any BMP char (a lone surrogate now and then)
        } else if (kind < 91) {
            return random.nextBoolean() ? 0x1F300 + random.nextInt(0x1FB00 - 0x1F300) : 0x10000 + random.nextInt(0x100000);
        } else if (kind < 93) {
            return random.nextBoolean() ? 0xD800 + random.nextInt(0x400) : 0xDC00 + random.nextInt(0x400); // lone surrogate
        }
        return "\"\\/<>'{}[]:,&%;`$".charAt(random.nextInt(17)); // what JSON, HTML, SQL and URLs treat specially
    }

    /** A finite double: half of them with two decimals at any scale up to 10^15, half any bit pattern. */
    private double decimal() {
        if (random.nextBoolean()) {
            double magnitude = Math.pow(10, random.nextInt(16)) * random.nextDouble();
            return (random.nextBoolean() ? -1 : 1) * Math.round(magnitude * 100) / 100.0;
        }
        double any;
        do {
            any = Double.longBitsToDouble(random.nextLong());
        } while (!Double.isFinite(any));
        return any;
    }

    private BigInteger bigInteger() {
        BigInteger magnitude = new BigInteger(1 + random.nextInt(100), random).mod(BIG_LIMIT.add(BigInteger.ONE));
        return random.nextBoolean() ? magnitude.negate() : magnitude;
    }
}
