package pe.centralunica.db;

/** A database operation failed; the message says which one. */
public class DataAccessException extends RuntimeException {
    public DataAccessException(String operation, Throwable cause) {
        super(operation + " failed: " + cause.getMessage(), cause);
    }
}
