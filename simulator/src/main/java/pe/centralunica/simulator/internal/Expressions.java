package pe.centralunica.simulator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Dialplan substitution: {@code ${VAR}}, {@code ${FUNC(args)}}, {@code ${VAR:offset:length}} and {@code $[expr]}
 * with the operators our dialplan uses ({@code = == != < > <= >= & | ! + -}, parentheses, quoted strings).
 * Like Asterisk, an expression compares numerically when both sides are numbers, else as strings, and yields
 * "1"/"0"; quotes around a string are removed.
 */
public final class Expressions {
    private Expressions() {
    }

    public static String substitute(String text, Function<String, String> lookup) {
        if (text.indexOf('$') < 0) return text;
        StringBuilder out = new StringBuilder(text.length() + 16);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && (text.charAt(i + 1) == '{' || text.charAt(i + 1) == '[')) {
                char open = text.charAt(i + 1);
                char close = open == '{' ? '}' : ']';
                int end = matching(text, i + 1, open, close);
                if (end < 0) {
                    out.append(text, i, text.length());
                    break;
                }
                String inner = substitute(text.substring(i + 2, end), lookup);
                out.append(open == '{' ? variable(inner, lookup) : evaluate(inner));
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int matching(String s, int openAt, char open, char close) {
        int depth = 0;
        for (int i = openAt; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == open) depth++;
            else if (c == close && --depth == 0) return i;
        }
        return -1;
    }

    private static String variable(String expr, Function<String, String> lookup) {
        String name = expr;
        Integer offset = null;
        Integer length = null;
        // ${NAME:offset:length} and ${FUNC(args):offset:length}
        int close = expr.lastIndexOf(')');
        int colon = expr.indexOf(':', close < 0 ? 0 : close);
        if (colon > 0) {
            String[] parts = expr.substring(colon + 1).split(":", -1);
            name = expr.substring(0, colon);
            offset = parseIntOr(parts[0], 0);
            if (parts.length > 1 && !parts[1].isEmpty()) length = parseIntOr(parts[1], null);
        }
        String value = lookup.apply(name);
        if (value == null) value = "";
        if (offset != null) {
            int start = offset < 0 ? Math.max(0, value.length() + offset) : Math.min(offset, value.length());
            int stop = length == null ? value.length()
                    : length < 0 ? Math.max(start, value.length() + length) : Math.min(value.length(), start + length);
            value = value.substring(start, stop);
        }
        return value;
    }

    private static Integer parseIntOr(String s, Integer dflt) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /** True when a GotoIf/ExecIf condition is true: non-empty and not numerically zero. */
    public static boolean isTrue(String value) {
        String v = value.strip();
        if (v.isEmpty()) return false;
        try {
            return Double.parseDouble(v) != 0;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    // ---- $[ ... ] ----

    public static String evaluate(String expr) {
        Parser p = new Parser(tokenize(expr));
        String v = p.or();
        return v;
    }

    private static List<String> tokenize(String s) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int end = s.indexOf('"', i + 1);
                if (end < 0) end = s.length();
                tokens.add("\u0000" + s.substring(i + 1, end)); // marks a quoted string (may look like an operator)
                i = end + 1;
            } else if ("=!<>".indexOf(c) >= 0 && i + 1 < s.length() && s.charAt(i + 1) == '=') {
                tokens.add(s.substring(i, i + 2));
                i += 2;
            } else if ("=!<>&|()+-*/%".indexOf(c) >= 0) {
                tokens.add(String.valueOf(c));
                i++;
            } else {
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "=!<>&|()+*/%\"".indexOf(s.charAt(i)) < 0
                        && !(s.charAt(i) == '-' && i > start)) {
                    i++;
                }
                tokens.add(s.substring(start, i));
            }
        }
        return tokens;
    }

    private static final class Parser {
        private final List<String> t;
        private int pos;

        Parser(List<String> tokens) {
            this.t = tokens;
        }

        private boolean at(String op) {
            return pos < t.size() && t.get(pos).equals(op);
        }

        String or() {
            String left = and();
            while (at("|")) {
                pos++;
                String right = and();
                left = isTrue(left) ? left : right;
            }
            return left;
        }

        String and() {
            String left = comparison();
            while (at("&")) {
                pos++;
                String right = comparison();
                left = isTrue(left) && isTrue(right) ? left : "0";
            }
            return left;
        }

        String comparison() {
            String left = additive();
            while (pos < t.size()) {
                String op = t.get(pos);
                if (!List.of("=", "==", "!=", "<", ">", "<=", ">=").contains(op)) break;
                pos++;
                String right = additive();
                int cmp = compare(left, right);
                boolean r = switch (op) {
                    case "=", "==" -> cmp == 0;
                    case "!=" -> cmp != 0;
                    case "<" -> cmp < 0;
                    case ">" -> cmp > 0;
                    case "<=" -> cmp <= 0;
                    default -> cmp >= 0;
                };
                left = r ? "1" : "0";
            }
            return left;
        }

        String additive() {
            String left = unary();
            while (at("+") || at("-") || at("*") || at("/") || at("%")) {
                String op = t.get(pos++);
                String right = unary();
                Long a = number(left);
                Long b = number(right);
                if (a == null || b == null) return "";
                left = Long.toString(switch (op) {
                    case "+" -> a + b;
                    case "-" -> a - b;
                    case "*" -> a * b;
                    case "/" -> b == 0 ? 0 : a / b;
                    default -> b == 0 ? 0 : a % b;
                });
            }
            return left;
        }

        String unary() {
            if (at("!")) {
                pos++;
                return isTrue(unary()) ? "0" : "1";
            }
            return primary();
        }

        String primary() {
            if (pos >= t.size()) return "";
            String tok = t.get(pos++);
            if (tok.equals("(")) {
                String v = or();
                if (at(")")) pos++;
                return v;
            }
            if (tok.startsWith("\u0000")) return tok.substring(1);
            // adjacent words form one string (Asterisk concatenates them)
            StringBuilder sb = new StringBuilder(tok);
            while (pos < t.size() && isWord(t.get(pos))) sb.append(' ').append(t.get(pos++));
            return sb.toString();
        }

        private static boolean isWord(String tok) {
            return !tok.startsWith("\u0000") && !List.of("=", "==", "!=", "<", ">", "<=", ">=", "&", "|", "(", ")", "+",
                    "-", "*", "/", "%", "!").contains(tok);
        }

        private static Long number(String s) {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private static int compare(String a, String b) {
            Long x = number(a);
            Long y = number(b);
            if (x != null && y != null) return Long.compare(x, y);
            return a.compareTo(b);
        }
    }
}
