package pe.centralunica.router.live;

import java.util.List;

/** Asterisk's CDR lines as the tracker reads them after an AMI outage: the true hang-up times the stream lost. */
public interface CdrLog {

    CdrLog NONE = new CdrLog() {
        @Override
        public List<CallEndRecord> readNew() {
            return List.of();
        }

        @Override
        public String toString() {
            return "no CDR log";
        }
    };

    /** Records written since the previous call (the first call: since the log was opened). Never throws. */
    List<CallEndRecord> readNew();
}
