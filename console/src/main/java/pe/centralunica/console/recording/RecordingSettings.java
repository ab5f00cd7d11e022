package pe.centralunica.console.recording;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * CU_RECORDING_DIR: where Asterisk's MixMonitor writes (this node must read it: same host or a shared mount);
 * unset = recordings are not linked. CU_RECORDING_RETENTION_DAYS: files older than this are deleted (the record
 * keeps its checksum and duration). CU_RECORDING_SCAN_S: how often a node looks for new and expired files.
 */
public record RecordingSettings(Optional<Path> directory, Duration retention, Duration scan) {

    public static RecordingSettings defaults() {
        return new RecordingSettings(Optional.empty(), Duration.ofDays(365), Duration.ofSeconds(10));
    }
}
