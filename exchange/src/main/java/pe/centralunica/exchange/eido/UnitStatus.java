package pe.centralunica.exchange.eido;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a responding unit is in its response, in the order it goes through them. The EIDO words are this profile's
 * values of {@code primaryUnitStatusRegistryText} (NENA's Primary Unit Status registry could not be read here).
 */
public enum UnitStatus {
    DISPATCHED("Dispatched"),
    EN_ROUTE("Enroute"),
    ON_SCENE("OnScene"),
    CLEARED("Cleared");

    private final String eido;

    UnitStatus(String eido) {
        this.eido = eido;
    }

    public String eidoText() {
        return eido;
    }

    public static Optional<UnitStatus> fromEido(String text) {
        return Arrays.stream(values()).filter(s -> s.eido.equals(text)).findFirst();
    }
}
