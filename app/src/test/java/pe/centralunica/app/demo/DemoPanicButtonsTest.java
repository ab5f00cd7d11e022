package pe.centralunica.app.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's panic buttons are where they say: each inside its district on the map the console ships. */
class DemoPanicButtonsTest {

    @Test
    void everyButtonLiesInsideItsDistrictAndHasACameraAndItsOwnCallerId() throws IOException {
        JsonArray features;
        try (InputStream in = getClass().getResourceAsStream("/webroot/geo/districts.geojson")) {
            features = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getJsonArray("features");
        }
        assertThat(DemoPanicButtons.BUTTONS).hasSizeGreaterThanOrEqualTo(15);
        var callerIds = new HashSet<String>();
        for (DemoPanicButtons.Button b : DemoPanicButtons.BUTTONS) {
            assertThat(callerIds.add(b.callerId())).as(b.deviceId() + " caller id unique").isTrue();
            assertThat(b.cameraId()).as(b.deviceId()).isNotBlank();
            String found = null;
            for (Object o : features) {
                JsonObject f = (JsonObject) o;
                if (contains(f.getJsonObject("geometry"), b.longitude(), b.latitude())) {
                    found = f.getJsonObject("properties").getString("ubigeo");
                }
            }
            assertThat(found).as(b.deviceId() + " at " + b.address()).isEqualTo(b.district());
        }
    }

    private static boolean contains(JsonObject geometry, double lon, double lat) {
        JsonArray polygons = "Polygon".equals(geometry.getString("type"))
                ? new JsonArray().add(geometry.getJsonArray("coordinates")) : geometry.getJsonArray("coordinates");
        for (Object p : polygons) {
            JsonArray rings = (JsonArray) p;
            boolean inside = inRing(rings.getJsonArray(0), lon, lat);
            for (int h = 1; inside && h < rings.size(); h++) {
                inside = !inRing(rings.getJsonArray(h), lon, lat);
            }
            if (inside) {
                return true;
            }
        }
        return false;
    }

    private static boolean inRing(JsonArray ring, double lon, double lat) {
        boolean inside = false;
        for (int i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            double xi = ring.getJsonArray(i).getDouble(0), yi = ring.getJsonArray(i).getDouble(1);
            double xj = ring.getJsonArray(j).getDouble(0), yj = ring.getJsonArray(j).getDouble(1);
            if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) {
                inside = !inside;
            }
        }
        return inside;
    }
}
