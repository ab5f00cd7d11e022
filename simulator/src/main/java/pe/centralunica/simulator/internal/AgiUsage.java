package pe.centralunica.simulator.internal;

import java.util.Map;

/**
 * The usage texts res_agi sends inside a {@code 520} reply. Texts of GET DATA, SET VARIABLE, WAIT FOR DIGIT,
 * GET VARIABLE and DATABASE GET are verbatim from transcript agi/04; the others follow Asterisk's documentation
 * of the command (not captured byte for byte).
 */
final class AgiUsage {
    private AgiUsage() {
    }

    private static final Map<String, String> TEXTS = Map.ofEntries(
            Map.entry("GET DATA", "Stream the given <replaceable>file</replaceable>, and receive DTMF data.\n"
                    + "Returns the digits received from the channel at the other end."),
            Map.entry("SET VARIABLE", "Sets a variable to the current channel."),
            Map.entry("WAIT FOR DIGIT", "Waits up to <replaceable>timeout</replaceable> milliseconds for channel to receive a DTMF digit. Returns <literal>-1</literal> on channel failure, <literal>0</literal> if no digit is received in the timeout, or the numerical value of the ascii of the digit if one is received. Use <literal>-1</literal> for the <replaceable>timeout</replaceable> value if you desire the call to block indefinitely."),
            Map.entry("GET VARIABLE", "Returns <literal>0</literal> if <replaceable>variablename</replaceable> is not set. Returns <literal>1</literal> if <replaceable>variablename</replaceable> is set and returns the variable in parentheses.\n"
                    + "Example return code: 200 result=1 (testvariable)"),
            Map.entry("DATABASE GET", "Retrieves an entry in the Asterisk database for a given <replaceable>family</replaceable> and <replaceable>key</replaceable>.\n"
                    + "Returns <literal>0</literal> if <replaceable>key</replaceable> is not set. Returns <literal>1</literal> if <replaceable>key</replaceable> is set and returns the variable in parenthesis.\n"
                    + "Example return code: 200 result=1 (testvariable)"),
            Map.entry("DATABASE PUT", "Adds or updates an entry in the Asterisk database for a given <replaceable>family</replaceable>, <replaceable>key</replaceable>, and <replaceable>value</replaceable>.\n"
                    + "Returns <literal>1</literal> if successful, <literal>0</literal> otherwise."),
            Map.entry("DATABASE DEL", "Deletes an entry in the Asterisk database for a given <replaceable>family</replaceable> and <replaceable>key</replaceable>.\n"
                    + "Returns <literal>1</literal> if successful, <literal>0</literal> otherwise."),
            Map.entry("ANSWER", "Answers channel if not already in answer state. Returns <literal>-1</literal> on channel failure, or <literal>0</literal> if successful."),
            Map.entry("STREAM FILE", "Send the given file, allowing playback to be interrupted by the given digits, if any. Returns <literal>0</literal> if playback completes without a digit being pressed, or the ASCII numerical value of the digit if one was pressed, or <literal>-1</literal> on error or if the channel was disconnected. If musiconhold is playing before calling stream file it will be automatically stopped and will not be restarted after completion.\n"
                    + "It sets the following channel variables upon completion:"),
            Map.entry("CHANNEL STATUS", "Returns the status of the specified <replaceable>channelname</replaceable>. If no channel name is given then returns the status of the current channel."),
            Map.entry("EXEC", "Executes <replaceable>application</replaceable> with given <replaceable>options</replaceable>.\n"
                    + "Returns whatever the <replaceable>application</replaceable> returns, or <literal>-2</literal> on failure to find <replaceable>application</replaceable>."),
            Map.entry("GET FULL VARIABLE", "Evaluates the given <replaceable>expression</replaceable> against the channel specified by <replaceable>channelname</replaceable>, or the current channel if <replaceable>channelname</replaceable> is not provided.\n"
                    + "Unlike GET VARIABLE, the <replaceable>expression</replaceable> is processed in a manner similar to dialplan evaluation, allowing complex and built-in variables to be accessed, e.g. <literal>The time is ${EPOCH}</literal>\n"
                    + "Returns <literal>0</literal> if no channel matching <replaceable>channelname</replaceable> exists, <literal>1</literal> otherwise.\n"
                    + "Example return code: 200 result=1 (The time is 1578493800)"),
            Map.entry("VERBOSE", "Sends <replaceable>message</replaceable> to the console via verbose message system. <replaceable>level</replaceable> is the verbose level (1-4). Always returns <literal>1</literal>"),
            Map.entry("HANGUP", "Hangs up the specified channel. If no channel name is given, hangs up the current channel"),
            Map.entry("SET AUTOHANGUP", "Cause the channel to automatically hangup at <replaceable>time</replaceable> seconds in the future. Of course it can be hungup before then as well. Setting to <literal>0</literal> will cause the autohangup feature to be disabled on this channel."),
            Map.entry("SET CONTEXT", "Sets the context for continuation upon exiting the application."),
            Map.entry("SET EXTENSION", "Changes the extension for continuation upon exiting the application."),
            Map.entry("SET PRIORITY", "Changes the priority for continuation upon exiting the application. The priority must be a valid priority or label."),
            Map.entry("SET CALLERID", "Changes the callerid of the current channel."),
            Map.entry("SAY DIGITS", "Say a given digit string, returning early if any of the given DTMF digits are received on the channel. Returns <literal>0</literal> if playback completes without a digit being pressed, or the ASCII numerical value of the digit if one was pressed or <literal>-1</literal> on error/hangup."),
            Map.entry("SAY NUMBER", "Say a given number, returning early if any of the given DTMF digits are received on the channel.  Returns <literal>0</literal> if playback completes without a digit being pressed, or the ASCII numerical value of the digit if one was pressed or <literal>-1</literal> on error/hangup."),
            Map.entry("GET OPTION", "Behaves similar to STREAM FILE but used with a timeout option."));

    static String reply(String command) {
        return "520-Invalid command syntax.  Proper usage follows:\n" + TEXTS.getOrDefault(command, "") + "\n520 End of proper usage.";
    }
}
