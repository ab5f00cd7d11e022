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
 */
record Triage(String emergencyType, Optional<String> district, String districtSource, CallerClass callerClass,
              String language, Optional<Directory.PanicDevice> panicDevice, Map<String, String> notes) {

    Triage {
        notes = Map.copyOf(notes);
    }
}
