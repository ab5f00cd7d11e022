package pe.centralunica.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The dialplan interpreter on its own: patterns, includes, labels, expressions, variables. */
class DialplanTest {
    private static final String DIALPLAN = """
            [globals]
            GREETING=hola ; a comment
            [from-trunk]
            include => cu-common
            exten => _9XXXXXXXX,1,Set(KIND=mobile)
             same => n,Goto(common,1)
            [cu-common]
            exten => common,1,Set(LEN=${LEN(${CALLERID(num)})})
             same => n,GotoIf($[${LEN} > 8 & "${KIND}" = "mobile"]?long:short)
             same => n(short),Set(RESULT=short)
             same => n,Goto(end)
             same => n(long),Set(RESULT=long ${GREETING} ${CALLERID(num):0:3})
             same => n(end),NoOp(${RESULT})
            exten => _1[0-1]X,1,Set(RESULT=legacy ${EXTEN})
            """;

    private static CallOutcome run(String caller, String exten) throws Exception {
        try (SimulatedAsterisk sim = SimulatedAsterisk.builder().dialplanText(DIALPLAN).timeScale(0.01).start()) {
            return sim.place(CallScript.caller(caller).context("from-trunk").dials(exten)).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void patternsLabelsExpressionsAndSubstrings() throws Exception {
        CallOutcome o = run("987654321", "987654321");
        assertThat(o.variable("RESULT")).isEqualTo("long hola 987");
        assertThat(o.dialplanTrace()).containsExactly(
                "from-trunk,987654321,1 Set(KIND=mobile)",
                "from-trunk,987654321,2 Goto(common,1)",
                "from-trunk,common,1 Set(LEN=9)",
                "from-trunk,common,2 GotoIf(1?long:short)",
                "from-trunk,common,5 Set(RESULT=long hola 987)",
                "from-trunk,common,6 NoOp(long hola 987)");
    }

    @Test
    void includedContextsAreSearchedAfterTheContextsOwnExtensions() throws Exception {
        assertThat(run("123", "105").variable("RESULT")).isEqualTo("legacy 105");
        assertThat(run("123", "125").variable("RESULT")).isNull(); // [0-1] does not match 2: no extension
    }
}
