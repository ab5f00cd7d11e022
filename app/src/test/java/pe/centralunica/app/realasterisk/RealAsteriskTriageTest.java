package pe.centralunica.app.realasterisk;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IVR on a real Asterisk 20 with the generated configuration and the rendered prompts: each caller
 * behaviour's time from answer to joining a queue, measured on Asterisk's clock (AMI timestamps), and the call
 * record it leaves in PostgreSQL.
 */
@EnabledWithRealAsterisk
class RealAsteriskTriageTest {

    private static RealCallPath path;

    @BeforeAll
    static void start() throws Exception {
        path = RealCallPath.start("triage", RealCallPath.SqlSeed.none(), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (path != null) path.close();
    }

    @Test
    void aLegacyFireCallerWhoPressesNothingReachesTheFireDeskQueue() throws Exception {
        RealCallPath.Joined joined = path.callUntilQueued(ScriptedCaller.dialling("116", "987200001"));

        System.out.printf("real-asterisk: legacy 116, presses nothing: answer -> queue join %.2f s (%s)%n",
                joined.answerToQueueSeconds(), joined.queue());
        assertThat(joined.queue()).isEqualTo("desk-cgbvp");
        assertThat(path.record("emergency_type_code", "987200001")).isEqualTo("FIRE");
    }
}
