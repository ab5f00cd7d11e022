package pe.centralunica.db;

/** A district by its INEI UBIGEO code, with the jurisdiction it belongs to. */
public record District(String code, String name, String jurisdiction) {
}
