package pe.centralunica.exchange.eido;

/** Why an agency appears in an incident. */
public enum AgencyRole {
    /** Central Única itself: the centre that took the calls. */
    CALL_RECEIVING("CallReceiving"),
    /** A queue or trunk of this agency was offered the call by the routing rule. */
    ROUTED_TO("Responding"),
    /** A dispatcher transferred a call of the incident to it. */
    TRANSFERRED_TO("TransferTarget"),
    /** It reported units of its own responding to the incident. */
    SENT_UNITS("Responding");

    private final String eido;

    AgencyRole(String eido) {
        this.eido = eido;
    }

    public String eidoText() {
        return eido;
    }
}
