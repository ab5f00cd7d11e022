package pe.centralunica.router.rules;

import java.util.List;
import java.util.stream.Collectors;

/** A rule set (or a change to one) was refused; nothing changed. Carries every problem found. */
public class InvalidRuleSetException extends RuntimeException {

    private final transient List<Problem> problems;

    public InvalidRuleSetException(List<Problem> problems) {
        super(problems.stream().filter(Problem::isError).map(Problem::message)
                .collect(Collectors.joining("; ", "rule set refused: ", "")));
        this.problems = List.copyOf(problems);
    }

    /** Errors first, then warnings. */
    public List<Problem> problems() {
        return problems;
    }
}
