package pe.centralunica.sipconfig.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * A SIP peer on loopback, on JAIN-SIP as a UAS: answers OPTIONS, answers INVITE (180 then 200 with SDP),
 * optionally challenging it with digest auth first, takes INFO and BYE, and records what it received. Can be
 * stopped and started again on the same port (a trunk going away and coming back).
 */
final class LoopbackSipPeer implements AutoCloseable {
    static final String REALM = "asterisk";

    final List<String> methods = new CopyOnWriteArrayList<>();
    final List<String> dtmf = new CopyOnWriteArrayList<>();
    final AtomicInteger authenticatedInvites = new AtomicInteger();
    private final int port;
    private volatile int optionsStatus = 200;
    private volatile String user;
    private volatile String password;
    private volatile boolean hangUpOnFirstInfo;
    private volatile int confirmAfterDigits;
    private volatile char confirmation;
    private final java.util.Map<String, Integer> infosPerCall = new java.util.concurrent.ConcurrentHashMap<>();
    private SipStack stack;
    private SipProvider provider;
    private MessageFactory messages;
    private HeaderFactory headers;
    private AddressFactory addresses;

    private LoopbackSipPeer(int port) {
        this.port = port;
    }

    static LoopbackSipPeer start() {
        LoopbackSipPeer peer = new LoopbackSipPeer(JainSipAgent.freeUdpPort("127.0.0.1"));
        peer.restart();
        return peer;
    }

    SipPeer address() {
        return new SipPeer("127.0.0.1", port);
    }

    LoopbackSipPeer requireDigest(String user, String password) {
        this.user = user;
        this.password = password;
        return this;
    }

    LoopbackSipPeer optionsStatus(int status) {
        this.optionsStatus = status;
        return this;
    }

    /** After {@code digits} INFO digits, sends {@code digit} back as INFO (as cu-monitoring's SendDTMF(#) does). */
    LoopbackSipPeer confirmAfter(int digits, char digit) {
        this.confirmAfterDigits = digits;
        this.confirmation = digit;
        return this;
    }

    LoopbackSipPeer hangUpOnFirstInfo() {
        this.hangUpOnFirstInfo = true;
        return this;
    }

    synchronized void restart() {
        if (stack != null) return;
        try {
            SipFactory factory = SipFactory.getInstance();
            factory.setPathName("gov.nist");
            Properties p = new Properties();
            p.setProperty("javax.sip.STACK_NAME", "loopback-peer-" + UUID.randomUUID());
            p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
            p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
            // Without a pool size the RI's UDP processor cannot be stopped before it has seen traffic (NPE in stop()).
            p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "2");
            stack = factory.createSipStack(p);
            messages = factory.createMessageFactory();
            headers = factory.createHeaderFactory();
            addresses = factory.createAddressFactory();
            ListeningPoint lp = stack.createListeningPoint("127.0.0.1", port, ListeningPoint.UDP);
            provider = stack.createSipProvider(lp);
            provider.addSipListener(new Uas());
            stack.start();
            awaitReady();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Our UDP processor thread must have started before stop() works (see JainSipAgent.awaitReady). */
    private void awaitReady() throws Exception {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(200);
            String branch = "z9hG4bK" + UUID.randomUUID().toString().replace("-", "");
            String msg = "OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + s.getLocalPort() + ";branch=" + branch
                    + "\r\nMax-Forwards: 70\r\nFrom: <sip:ready@127.0.0.1>;tag=1\r\nTo: <sip:127.0.0.1:" + port + ">\r\nCall-ID: " + branch
                    + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
            byte[] bytes = msg.getBytes(StandardCharsets.US_ASCII);
            for (int attempt = 0; attempt < 25; attempt++) {
                s.send(new java.net.DatagramPacket(bytes, bytes.length, java.net.InetAddress.getLoopbackAddress(), port));
                try {
                    s.receive(new java.net.DatagramPacket(new byte[2048], 2048));
                    methods.clear();
                    return;
                } catch (java.net.SocketTimeoutException e) {
                    // not yet
                }
            }
            throw new IllegalStateException("loopback SIP peer does not answer");
        }
    }

    synchronized void stop() {
        if (stack == null) return;
        stack.stop();
        stack = null;
    }

    @Override
    public void close() {
        stop();
    }

    private final class Uas implements SipListener {
        @Override
        public void processRequest(RequestEvent event) {
            Request request = event.getRequest();
            methods.add(request.getMethod());
            try {
                if (request.getMethod().equals(Request.ACK)) return;
                ServerTransaction st = event.getServerTransaction() != null ? event.getServerTransaction()
                        : provider.getNewServerTransaction(request);
                switch (request.getMethod()) {
                    case Request.OPTIONS -> st.sendResponse(messages.createResponse(optionsStatus, request));
                    case Request.INVITE -> invite(request, st);
                    case Request.INFO -> {
                        String body = new String(request.getRawContent(), StandardCharsets.UTF_8);
                        dtmf.add(body.lines().filter(l -> l.startsWith("Signal=")).map(l -> l.substring(7).strip()).findFirst().orElse("?"));
                        st.sendResponse(messages.createResponse(Response.OK, request));
                        String callId = ((javax.sip.header.CallIdHeader) request.getHeader(javax.sip.header.CallIdHeader.NAME)).getCallId();
                        if (confirmAfterDigits > 0 && infosPerCall.merge(callId, 1, Integer::sum) == confirmAfterDigits) {
                            var dialog = st.getDialog();
                            Request info = dialog.createRequest(Request.INFO);
                            info.setContent("Signal=" + confirmation + "\r\nDuration=100\r\n",
                                    headers.createContentTypeHeader("application", "dtmf-relay"));
                            dialog.sendRequest(provider.getNewClientTransaction(info));
                        }
                        if (hangUpOnFirstInfo) {
                            var dialog = st.getDialog();
                            var bye = provider.getNewClientTransaction(dialog.createRequest(Request.BYE));
                            dialog.sendRequest(bye);
                        }
                    }
                    default -> st.sendResponse(messages.createResponse(Response.OK, request));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private void invite(Request request, ServerTransaction st) throws Exception {
            if (user != null) {
                AuthorizationHeader auth = (AuthorizationHeader) request.getHeader(AuthorizationHeader.NAME);
                if (auth == null || !validDigest(auth, request.getMethod())) {
                    Response challenge = messages.createResponse(Response.UNAUTHORIZED, request);
                    WWWAuthenticateHeader www = headers.createWWWAuthenticateHeader("Digest");
                    www.setRealm(REALM);
                    www.setNonce(UUID.randomUUID().toString().replace("-", ""));
                    www.setAlgorithm("MD5");
                    challenge.addHeader(www);
                    st.sendResponse(challenge);
                    return;
                }
                authenticatedInvites.incrementAndGet();
            }
            String tag = UUID.randomUUID().toString().substring(0, 8);
            Response ringing = messages.createResponse(Response.RINGING, request);
            ((ToHeader) ringing.getHeader(ToHeader.NAME)).setTag(tag);
            st.sendResponse(ringing);
            Response ok = messages.createResponse(Response.OK, request);
            ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag(tag);
            SipURI contact = addresses.createSipURI("ivr", "127.0.0.1");
            contact.setPort(port);
            ok.addHeader(headers.createContactHeader(addresses.createAddress(contact)));
            ok.setContent("v=0\r\no=peer 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 8\r\n",
                    headers.createContentTypeHeader("application", "sdp"));
            st.sendResponse(ok);
        }

        private boolean validDigest(AuthorizationHeader auth, String method) throws Exception {
            String ha1 = md5(auth.getUsername() + ":" + REALM + ":" + password);
            String ha2 = md5(method + ":" + auth.getURI());
            String expected = auth.getQop() == null ? md5(ha1 + ":" + auth.getNonce() + ":" + ha2)
                    : md5(ha1 + ":" + auth.getNonce() + ":" + auth.getNonceCount() + ":" + auth.getCNonce() + ":" + auth.getQop() + ":" + ha2);
            return user.equals(auth.getUsername()) && expected.equals(auth.getResponse());
        }

        private static String md5(String s) throws Exception {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void processResponse(ResponseEvent event) {
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
        }

        @Override
        public void processIOException(IOExceptionEvent event) {
        }

        @Override
        public void processTransactionTerminated(TransactionTerminatedEvent event) {
        }

        @Override
        public void processDialogTerminated(DialogTerminatedEvent event) {
        }
    }
}
