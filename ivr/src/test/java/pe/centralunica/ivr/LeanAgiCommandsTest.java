package pe.centralunica.ivr;

import org.asteriskjava.fastagi.command.ExecCommand;
import org.asteriskjava.fastagi.command.GetDataCommand;
import org.asteriskjava.fastagi.command.GetFullVariableCommand;
import org.asteriskjava.fastagi.command.SetVariableCommand;
import org.asteriskjava.fastagi.command.StreamFileCommand;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Asterisk must receive from the lean commands exactly the lines asterisk-java's own commands would send. */
class LeanAgiCommandsTest {

    @Test
    void everyCommandOfTheCallPathIsTheStockCommandByteForByte() {
        for (String a : values()) {
            for (String b : List.of("", "0123456789*#", "a\"b\\c\nd", "CU_ROUTE_OK=1,CU_TARGET=ser-150122")) {
                assertThat(new LeanAgiCommands.SetVariable(a, b).buildCommand()).isEqualTo(new SetVariableCommand(a, b).buildCommand());
                assertThat(new LeanAgiCommands.SetVariable(b, a).buildCommand()).isEqualTo(new SetVariableCommand(b, a).buildCommand());
                assertThat(new LeanAgiCommands.StreamFile(a, b).buildCommand()).isEqualTo(new StreamFileCommand(a, b).buildCommand());
                assertThat(new LeanAgiCommands.Exec(b, a).buildCommand()).isEqualTo(new ExecCommand(b, a).buildCommand());
            }
            assertThat(new LeanAgiCommands.GetFullVariable(a).buildCommand()).isEqualTo(new GetFullVariableCommand(a).buildCommand());
            assertThat(new LeanAgiCommands.GetData(a, 5000, 2).buildCommand()).isEqualTo(new GetDataCommand(a, 5000, 2).buildCommand());
        }
    }

    /** Edge cases of quoting, then random text with quotes, backslashes, line breaks and non-Latin letters. */
    private static List<String> values() {
        List<String> out = new ArrayList<>(List.of("", "cu-welcome", "\"", "\\", "\\\"", "\n", "\r\n", "a\\\\b", "${CHANNEL(linkedid)}|${CU_TEST}",
                "TIMEOUT(absolute)", "ñandú – 救急 🚑", "$1 \\$2"));
        out.add(null);
        SplittableRandom random = new SplittableRandom(20261207);
        String alphabet = "ab \"\\\n\r,=$|ñ救";
        for (int n = 0; n < 300; n++) {
            StringBuilder s = new StringBuilder();
            for (int i = random.nextInt(30); i > 0; i--) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            out.add(s.toString());
        }
        return out;
    }
}
