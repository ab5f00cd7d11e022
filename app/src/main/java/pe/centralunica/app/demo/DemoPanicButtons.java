package pe.centralunica.app.demo;

import pe.centralunica.console.store.Jdbc;

import java.math.BigDecimal;
import java.util.List;

/**
 * The demo's street panic buttons: the kind of places Lima's programme puts them (main squares, parks, markets,
 * transport hubs), each with the camera that watches it. Created by {@code demo} only; the demo's simulated
 * city presses them by their caller ids, so a panic call pops with an address and a camera.
 */
public final class DemoPanicButtons {

    public record Button(String deviceId, String callerId, double latitude, double longitude, String address, String district,
                         String cameraId) {
    }

    public static final List<Button> BUTTONS = List.of(
            new Button("BP-LIM-001", "9000001", -12.04640, -77.03010, "Plaza de Armas de Lima, esquina Jr. de la Unión", "150101", "CAM-LIM-0107"),
            new Button("BP-LIM-002", "9000002", -12.06960, -77.03400, "Parque de la Reserva, puerta Av. Arequipa", "150101", "CAM-LIM-0231"),
            new Button("BP-MIR-003", "9000003", -12.12110, -77.02970, "Parque Kennedy, frente a la Iglesia de la Virgen Milagrosa", "150122", "CAM-MIR-0014"),
            new Button("BP-MIR-004", "9000004", -12.13150, -77.03060, "Larcomar, Malecón de la Reserva 610", "150122", "CAM-MIR-0022"),
            new Button("BP-SIS-005", "9000005", -12.10260, -77.03620, "Parque El Olivar, Av. La República", "150131", "CAM-SIS-0008"),
            new Button("BP-BAR-006", "9000006", -12.14900, -77.02130, "Plaza de Barranco, Av. Pedro de Osma", "150104", "CAM-BAR-0003"),
            new Button("BP-SUR-007", "9000007", -12.11290, -77.01660, "Mercado N.º 1 de Surquillo, Av. Paseo de la República", "150141", "CAM-SUR-0011"),
            new Button("BP-LVI-008", "9000008", -12.06900, -77.01280, "Emporio de Gamarra, Jr. Gamarra cuadra 6", "150115", "CAM-LVI-0045"),
            new Button("BP-SJL-009", "9000009", -11.98160, -77.00620, "Paradero Estación Los Jardines, Av. Próceres de la Independencia", "150132", "CAM-SJL-0102"),
            new Button("BP-SJL-010", "9000010", -12.00710, -77.00300, "Parque Zonal Huiracocha, Av. Gran Chimú", "150132", "CAM-SJL-0117"),
            new Button("BP-IND-011", "9000011", -11.99630, -77.06010, "Plaza Norte, Av. Alfredo Mendiola", "150112", "CAM-IND-0020"),
            new Button("BP-LOL-012", "9000012", -11.98140, -77.06960, "Parque Central de Los Olivos, Av. Carlos Izaguirre", "150117", "CAM-LOL-0006"),
            new Button("BP-COM-013", "9000013", -11.93700, -77.05900, "Plaza de Armas de Comas, Av. Túpac Amaru", "150110", "CAM-COM-0031"),
            new Button("BP-SCO-014", "9000014", -12.08590, -76.97580, "Jockey Plaza, Av. Javier Prado Este", "150140", "CAM-SCO-0054"),
            new Button("BP-CHO-015", "9000015", -12.16830, -77.02450, "Plaza de Armas de Chorrillos", "150108", "CAM-CHO-0009"),
            new Button("BP-VES-016", "9000016", -12.21350, -76.93870, "Parque Industrial de Villa El Salvador, Av. Separadora Industrial", "150142", "CAM-VES-0077"),
            new Button("BP-SMI-017", "9000017", -12.07710, -77.08620, "Plaza San Miguel, Av. La Marina", "150136", "CAM-SMI-0015"),
            new Button("BP-JMA-018", "9000018", -12.07080, -77.04320, "Campo de Marte, Av. Salaverry", "150113", "CAM-JMA-0004"),
            new Button("BP-CAL-019", "9000019", -12.05650, -77.14300, "Plaza Grau del Callao, Av. Sáenz Peña", "070101", "CAM-CAL-0012"),
            new Button("BP-ATE-020", "9000020", -12.02530, -76.91960, "Mercado de Ceres, Carretera Central km 6", "150103", "CAM-ATE-0040"));

    private DemoPanicButtons() {
    }

    /** The caller ids the demo's simulated buttons present. */
    public static List<String> callerIds() {
        return BUTTONS.stream().map(Button::callerId).toList();
    }

    /** Registers the buttons that are not registered yet; returns how many were added. */
    public static int seed(Jdbc jdbc) {
        return jdbc.tx("registering the demo's panic buttons", tx -> {
            int added = 0;
            for (Button b : BUTTONS) {
                added += tx.update("INSERT INTO panic_button (device_id, caller_id, latitude, longitude, address, district_ubigeo, camera_id)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", b.deviceId(), b.callerId(),
                        BigDecimal.valueOf(b.latitude()), BigDecimal.valueOf(b.longitude()), b.address(), b.district(), b.cameraId());
            }
            return added;
        });
    }
}
