package pe.centralunica.sipconfig.sip;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's stack log, to SLF4J. Named by {@code gov.nist.javax.sip.STACK_LOGGER}: without it the RI loads its
 * log4j 1 logger, and log4j 1 is not on our classpath (nor wanted). JAIN-SIP instantiates it reflectively.
 */
public final class Slf4jStackLogger implements StackLogger {

    private static final Logger LOG = LoggerFactory.getLogger("pe.centralunica.sipconfig.sip.jainsip");
    private volatile boolean enabled = true;

    public Slf4jStackLogger() {
    }

    @Override
    public void logStackTrace() {
        logStackTrace(TRACE_DEBUG);
    }

    @Override
    public void logStackTrace(int level) {
        if (isLoggingEnabled(level)) LOG.debug("stack trace", new Throwable("stack trace"));
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable t) {
        if (enabled) LOG.warn("JAIN-SIP exception", t);
    }

    @Override
    public void logDebug(String message) {
        if (enabled) LOG.debug(message);
    }

    @Override
    public void logDebug(String message, Exception e) {
        if (enabled) LOG.debug(message, e);
    }

    @Override
    public void logTrace(String message) {
        if (enabled) LOG.trace(message);
    }

    @Override
    public void logFatalError(String message) {
        if (enabled) LOG.error(message);
    }

    @Override
    public void logError(String message) {
        if (enabled) LOG.error(message);
    }

    @Override
    public boolean isLoggingEnabled() {
        return enabled && LOG.isInfoEnabled();
    }

    /** JAIN-SIP asks before building expensive messages: answer from the SLF4J level. */
    @Override
    public boolean isLoggingEnabled(int level) {
        if (!enabled) return false;
        if (level >= TRACE_TRACE) return LOG.isTraceEnabled();
        if (level >= TRACE_DEBUG) return LOG.isDebugEnabled();
        if (level >= TRACE_INFO) return LOG.isInfoEnabled();
        if (level >= TRACE_WARN) return LOG.isWarnEnabled();
        return level > TRACE_NONE && LOG.isErrorEnabled();
    }

    @Override
    public void logError(String message, Exception e) {
        if (enabled) LOG.error(message, e);
    }

    @Override
    public void logWarning(String message) {
        if (enabled) LOG.warn(message);
    }

    @Override
    public void logInfo(String message) {
        if (enabled) LOG.info(message);
    }

    @Override
    public void disableLogging() {
        enabled = false;
    }

    @Override
    public void enableLogging() {
        enabled = true;
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
    }

    @Override
    public void setStackProperties(Properties properties) {
    }

    @Override
    public String getLoggerName() {
        return LOG.getName();
    }
}
