package pe.centralunica.sipconfig.sip;

/** Where a SIP request goes: host (address or name) and UDP port. */
public record SipPeer(String host, int port) {
    public SipPeer {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("host");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
