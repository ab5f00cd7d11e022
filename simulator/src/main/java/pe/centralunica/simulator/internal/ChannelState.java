package pe.centralunica.simulator.internal;

/** Asterisk's channel states as AMI reports them (ChannelState / ChannelStateDesc) and CHANNEL STATUS returns. */
public enum ChannelState {
    DOWN(0, "Down"), RESERVED(1, "Rsrvd"), OFFHOOK(2, "OffHook"), DIALING(3, "Dialing"), RING(4, "Ring"),
    RINGING(5, "Ringing"), UP(6, "Up"), BUSY(7, "Busy");

    public final int code;
    public final String desc;

    ChannelState(int code, String desc) {
        this.code = code;
        this.desc = desc;
    }
}
