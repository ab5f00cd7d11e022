package pe.centralunica.router.live;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import pe.centralunica.router.rules.Target;

/**
 * The route targets the tracker needs: what a transfer's target code rings, and which target a queue is
 * (to mark it down when nobody staffs it). Built from route_target rows, e.g. {@code RuleSet.targets()}.
 */
public interface TargetDirectory {

    Optional<Target> target(String code);

    /** The code of the QUEUE target whose asterisk_name is this queue. */
    Optional<String> queueTarget(String queueName);

    static TargetDirectory of(Collection<Target> targets) {
        Map<String, Target> byCode = targets.stream().collect(Collectors.toUnmodifiableMap(Target::code, Function.identity()));
        Map<String, String> byQueue = targets.stream().filter(t -> t.kind() == Target.Kind.QUEUE)
                .collect(Collectors.toUnmodifiableMap(Target::asteriskName, Target::code, (a, b) -> a));
        return new TargetDirectory() {
            @Override
            public Optional<Target> target(String code) {
                return Optional.ofNullable(byCode.get(code));
            }

            @Override
            public Optional<String> queueTarget(String queueName) {
                return Optional.ofNullable(byQueue.get(queueName));
            }
        };
    }
}
