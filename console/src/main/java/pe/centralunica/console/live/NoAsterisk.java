package pe.centralunica.console.live;

import pe.centralunica.router.live.CallControl;
import pe.centralunica.router.live.DispatcherState;
import pe.centralunica.router.live.LiveCall;
import pe.centralunica.router.live.LiveCalls;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A node without an AMI link (CU_AMI_HOST unset): no live calls, and call actions fail saying why. */
public final class NoAsterisk implements LiveCalls, CallControl {

    @Override
    public List<LiveCall> active() {
        return List.of();
    }

    @Override
    public Optional<LiveCall> connectedTo(String memberInterface) {
        return Optional.empty();
    }

    @Override
    public List<DispatcherState> dispatchers() {
        return List.of();
    }

    @Override
    public void onChange(Consumer<LiveCall> listener) {
    }

    @Override
    public void onDispatchersChange(Runnable listener) {
        // no dispatcher states without Asterisk
    }

    @Override
    public boolean connected() {
        return false;
    }

    @Override
    public CompletableFuture<Void> transfer(String uniqueid, String targetCode, long incidentId) {
        return CompletableFuture.failedFuture(new IllegalStateException("this node has no Asterisk manager link (CU_AMI_HOST)"));
    }

    @Override
    public CompletableFuture<Void> callBack(String memberInterface, String number, long incidentId) {
        return transfer(null, null, incidentId);
    }
}
