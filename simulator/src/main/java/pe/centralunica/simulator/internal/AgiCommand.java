package pe.centralunica.simulator.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The FastAGI commands the simulated res_agi knows: their words, whether res_agi allows them on a dead channel,
 * whether they block on the channel (so a mid-command hang-up fault can hit them), and the usage text a
 * {@code 520} reply carries. Texts of GET DATA, SET VARIABLE, WAIT FOR DIGIT, GET VARIABLE and DATABASE GET are
 * verbatim from transcript agi/04; the others follow Asterisk's documentation of the command.
 */
enum AgiCommand {
    ANSWER("ANSWER", false, false,
            "Answers channel if not already in answer state. Returns <literal>-1</literal> on channel failure, or <literal>0</literal> if successful."),
    CHANNEL_STATUS("CHANNEL STATUS", false, false,
            "Returns the status of the specified <replaceable>channelname</replaceable>. If no channel name is given then returns the status of the current channel."),
    DATABASE_GET("DATABASE GET", true, false,
            "Retrieves an entry in the Asterisk database for a given <replaceable>family</replaceable> and <replaceable>key</replaceable>.\n"
            + "Returns <literal>0</literal> if <replaceable>key</replaceable> is not set. Returns <literal>1</literal> if <replaceable>key</replaceable> is set and returns the variable in parenthesis.\n"
            + "Example return code: 200 result=1 (testvariable)"),
    DATABASE_PUT("DATABASE PUT", true, false,
            "Adds or updates an entry in the Asterisk database for a given <replaceable>family</replaceable>, <replaceable>key</replaceable>, and <replaceable>value</replaceable>.\n"
            + "Returns <literal>1</literal> if successful, <literal>0</literal> otherwise."),
    DATABASE_DEL("DATABASE DEL", true, false,
            "Deletes an entry in the Asterisk database for a given <replaceable>family</replaceable> and <replaceable>key</replaceable>.\n"
            + "Returns <literal>1</literal> if successful, <literal>0</literal> otherwise."),
    EXEC("EXEC", true, true,
            "Executes <replaceable>application</replaceable> with given <replaceable>options</replaceable>.\n"
            + "Returns whatever the <replaceable>application</replaceable> returns, or <literal>-2</literal> on failure to find <replaceable>application</replaceable>."),
    GET_DATA("GET DATA", false, true,
            "Stream the given <replaceable>file</replaceable>, and receive DTMF data.\n"
            + "Returns the digits received from the channel at the other end."),
    GET_FULL_VARIABLE("GET FULL VARIABLE", true, false,
            "Evaluates the given <replaceable>expression</replaceable> against the channel specified by <replaceable>channelname</replaceable>, or the current channel if <replaceable>channelname</replaceable> is not provided.\n"
            + "Unlike GET VARIABLE, the <replaceable>expression</replaceable> is processed in a manner similar to dialplan evaluation, allowing complex and built-in variables to be accessed, e.g. <literal>The time is ${EPOCH}</literal>\n"
            + "Returns <literal>0</literal> if no channel matching <replaceable>channelname</replaceable> exists, <literal>1</literal> otherwise.\n"
            + "Example return code: 200 result=1 (The time is 1578493800)"),
    GET_VARIABLE("GET VARIABLE", true, false,
            "Returns <literal>0</literal> if <replaceable>variablename</replaceable> is not set. Returns <literal>1</literal> if <replaceable>variablename</replaceable> is set and returns the variable in parentheses.\n"
            + "Example return code: 200 result=1 (testvariable)"),
    GET_OPTION("GET OPTION", false, true,
            "Behaves similar to STREAM FILE but used with a timeout option."),
    HANGUP("HANGUP", false, false,
            "Hangs up the specified channel. If no channel name is given, hangs up the current channel"),
    NOOP("NOOP", true, false,
            "Does nothing."),
    SAY_DIGITS("SAY DIGITS", false, true,
            "Say a given digit string, returning early if any of the given DTMF digits are received on the channel. Returns <literal>0</literal> if playback completes without a digit being pressed, or the ASCII numerical value of the digit if one was pressed or <literal>-1</literal> on error/hangup."),
    SAY_NUMBER("SAY NUMBER", false, true,
            "Say a given number, returning early if any of the given DTMF digits are received on the channel.  Returns <literal>0</literal> if playback completes without a digit being pressed, or the ASCII numerical value of the digit if one was pressed or <literal>-1</literal> on error/hangup."),
    SET_AUTOHANGUP("SET AUTOHANGUP", false, false,
            "Cause the channel to automatically hangup at <replaceable>time</replaceable> seconds in the future. Of course it can be hungup before then as well. Setting to <literal>0</literal> will cause the autohangup feature to be disabled on this channel."),
    SET_CALLERID("SET CALLERID", false, false,
            "Changes the callerid of the current channel."),
    SET_CONTEXT("SET CONTEXT", false, false,
            "Sets the context for continuation upon exiting the application."),
    SET_EXTENSION("SET EXTENSION", false, false,
            "Changes the extension for continuation upon exiting the application."),
    SET_PRIORITY("SET PRIORITY", false, false,
            "Changes the priority for continuation upon exiting the application. The priority must be a valid priority or label."),
    SET_VARIABLE("SET VARIABLE", true, false,
            "Sets a variable to the current channel."),
    STREAM_FILE("STREAM FILE", false, true,
            "Send the given file, allowing playback to be interrupted by the given digits, if any. Returns <literal>0</literal> if playback completes without a digit being pressed, or the ASCII numerical value of the digit if one was pressed, or <literal>-1</literal> on error or if the channel was disconnected. If musiconhold is playing before calling stream file it will be automatically stopped and will not be restarted after completion.\n"
            + "It sets the following channel variables upon completion:"),
    VERBOSE("VERBOSE", true, false,
            "Sends <replaceable>message</replaceable> to the console via verbose message system. <replaceable>level</replaceable> is the verbose level (1-4). Always returns <literal>1</literal>"),
    WAIT_FOR_DIGIT("WAIT FOR DIGIT", false, true,
            "Waits up to <replaceable>timeout</replaceable> milliseconds for channel to receive a DTMF digit. Returns <literal>-1</literal> on channel failure, <literal>0</literal> if no digit is received in the timeout, or the numerical value of the ascii of the digit if one is received. Use <literal>-1</literal> for the <replaceable>timeout</replaceable> value if you desire the call to block indefinitely.");

    final String words;
    final boolean allowedOnDeadChannel;
    final boolean blocking;
    private final String usage;
    private final String[] split;

    AgiCommand(String words, boolean allowedOnDeadChannel, boolean blocking, String usage) {
        this.words = words;
        this.allowedOnDeadChannel = allowedOnDeadChannel;
        this.blocking = blocking;
        this.usage = usage;
        this.split = words.split(" ");
    }

    /** The multi-line 520 reply: first line, usage, last line (transcript agi/04). */
    String usageReply() {
        return "520-Invalid command syntax.  Proper usage follows:\n" + usage + "\n520 End of proper usage.";
    }

    /** The command whose words start argv, longest first, case-insensitive (res_agi's find_command). */
    static Optional<AgiCommand> match(List<String> argv) {
        AgiCommand best = null;
        for (AgiCommand c : values()) {
            if (c.split.length > argv.size() || (best != null && c.split.length <= best.split.length)) continue;
            boolean ok = true;
            for (int i = 0; i < c.split.length && ok; i++) ok = c.split[i].equals(argv.get(i).toUpperCase(Locale.ROOT));
            if (ok) best = c;
        }
        return Optional.ofNullable(best);
    }
}
