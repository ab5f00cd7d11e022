package pe.centralunica.exchange.eido;

/** An agency involved in an incident and in which role (the EIDO agency role registry's words). */
public record AgencyFacts(String code, String name, String kind, AgencyRole role) {
}
