package pe.centralunica.ivr;

/** What a caller did at a menu. */
sealed interface Input {

    record Digits(String value) implements Input {
    }

    record Timeout() implements Input {
    }
}
