package pe.centralunica.exchange.eido;

/**
 * A place as PIDF-LO (RFC 4119 / RFC 5139 civic address, GML point), the form EIDO's {@code locationByValue}
 * carries. Country PE; A3 is the district (Peru's distrito), with the free-text address in LOC.
 */
final class PidfLo {

    private PidfLo() {
    }

    static String of(Place place) {
        StringBuilder x = new StringBuilder()
                .append("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" xmlns:gp=\"urn:ietf:params:xml:ns:pidf:geopriv10\"")
                .append(" xmlns:gml=\"http://www.opengis.net/gml\" xmlns:ca=\"urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr\"")
                .append(" entity=\"pres:centralunica\"><tuple id=\"loc\"><status><gp:geopriv><gp:location-info>");
        if (place.hasCoordinates()) {
            x.append("<gml:Point srsName=\"urn:ogc:def:crs:EPSG::4326\"><gml:pos>")
                    .append(place.latitude().toPlainString()).append(' ').append(place.longitude().toPlainString())
                    .append("</gml:pos></gml:Point>");
        }
        x.append("<ca:civicAddress><ca:country>PE</ca:country>");
        if (place.districtName() != null) {
            x.append("<ca:A3>").append(escape(place.districtName())).append("</ca:A3>");
        }
        if (place.address() != null) {
            x.append("<ca:LOC>").append(escape(place.address())).append("</ca:LOC>");
        }
        return x.append("</ca:civicAddress></gp:location-info></gp:geopriv></status></tuple></presence>").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
