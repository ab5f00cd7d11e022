package pe.centralunica.ivr;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of what the IVR needs to know without asking the database during a call: the
 * numbers Asterisk hands us, registered panic buttons, districts and their keypad codes, the type menu.
 */
record Directory(Map<String, Inbound> inbound, Map<String, PanicDevice> panicByCaller,
                 Map<String, DistrictRef> districts, Map<String, Map<String, String>> dtmfByJurisdiction,
                 Map<Character, String> typeByDigit, Map<String, Integer> typePriority) {

    Directory {
        inbound = Map.copyOf(inbound);
        panicByCaller = Map.copyOf(panicByCaller);
        districts = Map.copyOf(districts);
        dtmfByJurisdiction = Map.copyOf(dtmfByJurisdiction);
        typeByDigit = Map.copyOf(typeByDigit);
        typePriority = Map.copyOf(typePriority);
    }

    enum NumberKind { UNIVERSAL, LEGACY, MUNICIPAL, DID }

    record Inbound(String number, NumberKind kind, Optional<String> emergencyType, Optional<String> district) {
    }

    record PanicDevice(String deviceId, String callerId, BigDecimal latitude, BigDecimal longitude, String address,
                       String district, Optional<String> cameraId) {
    }

    record DistrictRef(String ubigeo, String name, String jurisdiction) {
    }

    Optional<DistrictRef> district(String ubigeo) {
        return ubigeo == null ? Optional.empty() : Optional.ofNullable(districts.get(ubigeo.trim()));
    }

    /** The district a caller means by a keypad code, within a jurisdiction. */
    Optional<String> districtByCode(String jurisdiction, String code) {
        Map<String, String> codes = dtmfByJurisdiction.get(jurisdiction);
        return codes == null ? Optional.empty() : Optional.ofNullable(codes.get(code));
    }

    int longestDistrictCode(String jurisdiction) {
        Map<String, String> codes = dtmfByJurisdiction.getOrDefault(jurisdiction, Map.of());
        return codes.keySet().stream().mapToInt(String::length).max().orElse(2);
    }
}
