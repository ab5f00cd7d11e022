package pe.centralunica.console.http;

/** Input the API refuses; the message tells the client what to send instead. Maps to 400. */
public final class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message);
    }
}
