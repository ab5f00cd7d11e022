package pe.centralunica.app.realasterisk;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Optional;

/** Skips real-Asterisk suites, with a reason, where no Asterisk or no prompt renderer is found. */
final class RealAsteriskCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<AsteriskInstall> install = AsteriskInstall.find();
        if (install.isEmpty()) {
            return ConditionEvaluationResult.disabled(AsteriskInstall.whyAbsent());
        }
        Optional<String> missing = RenderedPrompts.missingTool();
        if (missing.isPresent()) {
            return ConditionEvaluationResult.disabled("real Asterisk found, but the prompts cannot be rendered: " + missing.get()
                    + " is not installed (apt-get install espeak-ng sox; CI installs .ci/packages)");
        }
        return ConditionEvaluationResult.enabled("real Asterisk: " + install.get().describe());
    }
}
