package pe.centralunica.console.exchange;

import pe.centralunica.console.http.BadRequestException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * An agency's EIDO as text we can keep exactly: UTF-8 that decodes, and no string holding half of a surrogate pair
 * (JSON lets one be written as an escape, backslash-u-d83d; PostgreSQL cannot store it, and the driver would quietly write "?"). Either
 * is a 400 naming where, instead of a unit or note stored differently from what the agency sent.
 */
final class AgencyText {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AgencyText() {
    }

    /** The body as a JSON tree, or 400. */
    static JsonNode read(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new BadRequestException("the body is not UTF-8 text: send the EIDO encoded as UTF-8 (RFC 8259)");
        }
        JsonNode message;
        try {
            message = JSON.readTree(body);
        } catch (RuntimeException e) {
            throw new BadRequestException("the body is not JSON: " + e.getMessage());
        }
        String bad = unpaired(message, "");
        if (bad != null) {
            throw new BadRequestException(bad + ": holds half of a surrogate pair (a broken \\u escape); send whole characters");
        }
        return message;
    }

    /** The JSON pointer of the first field name or string with an unpaired surrogate, or null. */
    private static String unpaired(JsonNode node, String path) {
        if (node.isString()) {
            return broken(node.asString()) ? (path.isEmpty() ? "/" : path) : null;
        }
        if (node.isObject()) {
            for (var field : node.properties()) {
                String here = path + "/" + field.getKey();
                if (broken(field.getKey())) {
                    return here;
                }
                String inside = unpaired(field.getValue(), here);
                if (inside != null) {
                    return inside;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String inside = unpaired(node.get(i), path + "/" + i);
                if (inside != null) {
                    return inside;
                }
            }
        }
        return null;
    }

    private static boolean broken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
