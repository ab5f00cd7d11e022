package pe.centralunica.router.live;

import java.util.concurrent.CompletableFuture;

/** Actions a dispatcher takes on live calls, carried out over AMI. Every future completes or fails within a timeout. */
public interface CallControl {

    /**
     * Blind-transfers the caller (the channel that dialled us) to an agency: AMI Redirect into the dialplan
     * context {@code cu-transfer} with the route target's queue or dial string, the incident id set on the channel.
     */
    CompletableFuture<Void> transfer(String uniqueid, String targetCode, long incidentId);

    /** Calls a caller back from a dispatcher's phone: AMI Originate (async) from the phone to the number. */
    CompletableFuture<Void> callBack(String memberInterface, String number, long incidentId);
}
