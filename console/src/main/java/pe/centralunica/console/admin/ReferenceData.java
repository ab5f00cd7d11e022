package pe.centralunica.console.admin;

import pe.centralunica.console.store.Jdbc;

import java.util.List;

import static pe.centralunica.console.admin.Field.Type.BOOLEAN;
import static pe.centralunica.console.admin.Field.Type.DECIMAL;
import static pe.centralunica.console.admin.Field.Type.INTEGER;
import static pe.centralunica.console.admin.Field.Type.TEXT;

/** The reference tables administrators edit, each as a {@link Catalogue}. */
public final class ReferenceData {

    private ReferenceData() {
    }

    public static List<Catalogue> on(Jdbc jdbc) {
        return List.of(
            new Catalogue("districts", "district", List.of(
                    Field.key("code", "ubigeo"),
                    Field.required("name", "name", TEXT),
                    Field.required("jurisdiction", "jurisdiction_code", TEXT),
                    Field.required("dtmfCode", "dtmf_code", TEXT)), jdbc),
            new Catalogue("agencies", "agency", List.of(
                    Field.key("code", "code"),
                    Field.required("name", "name", TEXT),
                    Field.required("kind", "kind", TEXT),
                    Field.optional("district", "district_ubigeo", TEXT)), jdbc),
            new Catalogue("route-targets", "route_target", List.of(
                    Field.key("code", "code"),
                    Field.required("agencyCode", "agency_code", TEXT),
                    Field.required("kind", "kind", TEXT),
                    Field.required("asteriskName", "asterisk_name", TEXT),
                    Field.optional("dialNumber", "dial_number", TEXT),
                    Field.optional("ringTimeoutSeconds", "ring_timeout_s", INTEGER),
                    Field.optional("enabled", "enabled", BOOLEAN)), jdbc),
            new Catalogue("panic-buttons", "panic_button", List.of(
                    Field.key("deviceId", "device_id"),
                    Field.required("callerId", "caller_id", TEXT),
                    Field.required("latitude", "latitude", DECIMAL),
                    Field.required("longitude", "longitude", DECIMAL),
                    Field.required("address", "address", TEXT),
                    Field.required("district", "district_ubigeo", TEXT),
                    Field.optional("cameraId", "camera_id", TEXT),
                    Field.optional("active", "active", BOOLEAN)), jdbc));
    }
}
