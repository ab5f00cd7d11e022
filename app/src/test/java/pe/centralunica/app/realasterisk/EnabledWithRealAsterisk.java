package pe.centralunica.app.realasterisk;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the suite only where a real Asterisk 20 and the prompt renderer (espeak-ng, sox) are available; elsewhere
 * it is reported as skipped with the reason (see {@link AsteriskInstall#whyAbsent()}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RealAsteriskCondition.class)
public @interface EnabledWithRealAsterisk {
}
