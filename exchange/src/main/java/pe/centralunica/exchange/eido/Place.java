package pe.centralunica.exchange.eido;

import java.math.BigDecimal;

/** Where something is: any part may be null (an address without coordinates, a district only). */
public record Place(String districtUbigeo, String districtName, String address, BigDecimal latitude, BigDecimal longitude) {

    public boolean hasCoordinates() {
        return latitude != null && longitude != null;
    }

    public boolean isEmpty() {
        return districtUbigeo == null && address == null && !hasCoordinates();
    }
}
