package pe.centralunica.db;

import java.util.regex.Pattern;

/** JDBC URLs as they may be shown: logs and configuration errors must never carry a password. */
public final class JdbcUrls {

    /** {@code password=…}, {@code sslpassword=…} and the like in the query string (pgjdbc reads them from there). */
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)([?&;][^=&;]*(?:password|secret|sslkey)[^=&;]*=)[^&;]*");
    /** {@code user:secret@} before the host. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@?]*?):[^/@?]*@");

    private JdbcUrls() {
    }

    /** The URL with every secret replaced by {@code ***}; host, port, database and other parameters kept. */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        String out = SECRET_PARAMETER.matcher(url).replaceAll("$1***");
        return USER_INFO.matcher(out).replaceAll("$1:***@");
    }
}
