package pe.centralunica.ivr;

import pe.centralunica.router.CallerClass;

import java.util.Map;
import java.util.Optional;

/**
 * What the IVR learned about a call.
 *
 * @param districtSource PANIC_BUTTON, TRUNK, HISTORY, DTMF or NONE (as the call table stores it)
 * @param panicDevice    the registered panic button that called, if any
 * @param notes          extra facts for the dispatcher and the record (lookup timed out, prompt missing …)
 * @param flaggedCaller  the number has enough prank marks to be warned (whatever its class): the queue plays
 *                       the warning ({@code CU_FLAGGED=1})
 */
record Triage(String emergencyType, Optional<String> district, String districtSource, CallerClass callerClass,
              String language, Optional<Directory.PanicDevice> panicDevice, Map<String, String> notes,
              boolean flaggedCaller) {

    Triage {
        notes = Map.copyOf(notes);
    }
}
