package pe.centralunica.simulator.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

final class AgiTranscriptConformanceTestSupport {
    private AgiTranscriptConformanceTestSupport() {
    }

    /** The dialplan of the Asterisk that recorded the transcripts. */
    static String transcriptDialplan() {
        try (InputStream in = AgiTranscriptConformanceTestSupport.class.getClassLoader()
                .getResourceAsStream("transcripts/extensions-transcripts.conf")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
