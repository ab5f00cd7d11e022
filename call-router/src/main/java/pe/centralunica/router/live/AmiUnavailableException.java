package pe.centralunica.router.live;

/** An AMI action could not be carried out: link down, error response, or no answer in time. */
public final class AmiUnavailableException extends RuntimeException {
    public AmiUnavailableException(String message) {
        super(message);
    }
}
