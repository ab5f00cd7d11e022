package pe.centralunica.sipconfig.sip;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's message log (every SIP message in and out), to SLF4J at TRACE under
 * {@code pe.centralunica.sipconfig.sip.messages}. Named by {@code gov.nist.javax.sip.SERVER_LOGGER}.
 */
public final class Slf4jServerLogger implements ServerLogger {

    private static final Logger LOG = LoggerFactory.getLogger("pe.centralunica.sipconfig.sip.messages");

    public Slf4jServerLogger() {
    }

    @Override
    public void closeLogFile() {
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        if (LOG.isTraceEnabled()) LOG.trace("{} {} → {}\n{}", sender ? "sent" : "received", from, to, message.encode());
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        if (LOG.isTraceEnabled()) LOG.trace("{} {} → {} ({})\n{}", sender ? "sent" : "received", from, to, status, message.encode());
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        logMessage(message, from, to, status, sender, System.currentTimeMillis());
    }

    @Override
    public void logException(Exception e) {
        LOG.warn("JAIN-SIP exception", e);
    }

    @Override
    public void setStackProperties(Properties properties) {
    }

    @Override
    public void setSipStack(SipStack sipStack) {
    }
}
