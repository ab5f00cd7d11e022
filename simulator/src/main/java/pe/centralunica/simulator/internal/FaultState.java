package pe.centralunica.simulator.internal;

import pe.centralunica.simulator.Faults;

/** The switches behind {@link Faults}; AMI faults are carried out by the AMI server registered here. */
public final class FaultState implements Faults {
    public interface AmiFaults {
        void drop();

        void stall(boolean on);

        void halfWrittenFrame();

        void garbage();
    }

    private volatile boolean agiUnreachable;
    private volatile boolean agiConnectTimesOut;
    private volatile boolean hangupMidCommand;
    private volatile boolean dropAgiMidCommand;
    private volatile AmiFaults ami;

    public void attachAmi(AmiFaults ami) {
        this.ami = ami;
    }

    public boolean agiUnreachable() { return agiUnreachable; }
    public boolean agiConnectTimesOut() { return agiConnectTimesOut; }

    @Override
    public Faults agiConnectTimesOut(boolean on) {
        agiConnectTimesOut = on;
        return this;
    }
    public boolean hangupMidCommand() { return hangupMidCommand; }
    public boolean dropAgiMidCommand() { return dropAgiMidCommand; }

    @Override
    public Faults agiUnreachable(boolean on) {
        agiUnreachable = on;
        return this;
    }

    @Override
    public Faults hangupMidCommand(boolean on) {
        hangupMidCommand = on;
        return this;
    }

    @Override
    public Faults dropAgiMidCommand(boolean on) {
        dropAgiMidCommand = on;
        return this;
    }

    private AmiFaults ami() {
        if (ami == null) throw new IllegalStateException("no AMI server configured (builder.ami(...))");
        return ami;
    }

    @Override
    public Faults amiDrop() {
        ami().drop();
        return this;
    }

    @Override
    public Faults amiStall(boolean on) {
        ami().stall(on);
        return this;
    }

    @Override
    public Faults amiHalfWrittenFrame() {
        ami().halfWrittenFrame();
        return this;
    }

    @Override
    public Faults amiGarbage() {
        ami().garbage();
        return this;
    }
}
