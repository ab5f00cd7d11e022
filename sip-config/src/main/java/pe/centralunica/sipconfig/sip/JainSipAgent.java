package pe.centralunica.sipconfig.sip;

import gov.nist.javax.sip.SipStackExt;
import gov.nist.javax.sip.clientauthutils.AccountManager;
import gov.nist.javax.sip.clientauthutils.AuthenticationHelper;
import gov.nist.javax.sip.clientauthutils.UserCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SipAgent} on JAIN-SIP 1.3 (NIST reference implementation), over UDP. One stack per agent, named
 * uniquely (the RI's SipFactory keeps stacks by name); its loggers are our SLF4J bridges, so no log4j 1 is
 * needed. Transactions are awaited with futures completed by the listener; the listener itself never blocks.
 */
public final class JainSipAgent implements SipAgent {

    private static final Logger LOG = LoggerFactory.getLogger(JainSipAgent.class);
    private static final Duration IN_DIALOG_TIMEOUT = Duration.ofSeconds(5);

    private final SipStack stack;
    private final SipProvider provider;
    private final AddressFactory addresses;
    private final HeaderFactory headers;
    private final MessageFactory messages;
    private final String host;
    private final int port;
    private final Map<ClientTransaction, CompletableFuture<ResponseEvent>> pending = new ConcurrentHashMap<>();
    /** Calls in progress by Call-ID: counted down when the far end hangs up. */
    private final Map<String, CountDownLatch> remoteHangups = new ConcurrentHashMap<>();
    /** Calls in progress by Call-ID: DTMF digits the far end sent us as INFO. */
    private final Map<String, BlockingQueue<Character>> remoteDigits = new ConcurrentHashMap<>();

    private JainSipAgent(SipStack stack, SipProvider provider, SipFactory factory, String host, int port) throws Exception {
        this.stack = stack;
        this.provider = provider;
        this.addresses = factory.createAddressFactory();
        this.headers = factory.createHeaderFactory();
        this.messages = factory.createMessageFactory();
        this.host = host;
        this.port = port;
    }

    /**
     * Starts a stack listening on UDP {@code host:port} ({@code port} 0: a free port). {@code host} must be an
     * address the peers can reach: it goes into Via and Contact.
     */
    public static JainSipAgent start(String host, int port) {
        try {
            if (InetAddress.getByName(host).isAnyLocalAddress()) {
                throw new IllegalArgumentException("the SIP agent needs an address peers can reach (it goes into Via and Contact), not " + host);
            }
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("unknown SIP agent host " + host, e);
        }
        int bound = port == 0 ? freeUdpPort(host) : port;
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "central-unica-" + UUID.randomUUID());
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        // Bounded: the RI's default grows a thread per message under load (upstream #66).
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "4");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        SipStack stack = null;
        try {
            stack = factory.createSipStack(p);
            ListeningPoint lp = stack.createListeningPoint(host, bound, ListeningPoint.UDP);
            SipProvider provider = stack.createSipProvider(lp);
            JainSipAgent agent = new JainSipAgent(stack, provider, factory, host, bound);
            provider.addSipListener(agent.new Listener());
            stack.start();
            agent.awaitReady();
            return agent;
        } catch (Exception e) {
            if (stack != null) stack.stop();
            throw new IllegalStateException("cannot start a SIP stack on udp " + host + ":" + bound + ": " + e.getMessage(), e);
        }
    }

    /**
     * The RI's UDP processor creates its channel list on its own thread after start(); stopping before that
     * throws a NullPointerException and leaves the socket open. An OPTIONS to ourselves proves the thread runs.
     */
    private void awaitReady() throws Exception {
        OptionsOutcome self = options(new SipPeer(host, port), Duration.ofSeconds(5)).get();
        if (!(self instanceof OptionsOutcome.Replied)) throw new IllegalStateException("the SIP stack does not answer itself: " + self);
    }

    static int freeUdpPort(String host) {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName(host))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free UDP port on " + host, e);
        }
    }

    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    @Override
    public CompletableFuture<OptionsOutcome> options(SipPeer peer, Duration timeout) {
        long start = System.nanoTime();
        try {
            Request request = newRequest(Request.OPTIONS, "central-unica", null, peer);
            request.addHeader(headers.createAcceptHeader("application", "sdp"));
            ClientTransaction ct = provider.getNewClientTransaction(request);
            CompletableFuture<ResponseEvent> reply = register(ct);
            try {
                ct.sendRequest();
            } catch (SipException e) {
                forget(ct);
                throw e;
            }
            return reply.completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS).handle((event, error) -> {
                forget(ct);
                if (event == null) {
                    return new OptionsOutcome.NoReply(error != null ? "transport error: " + error.getMessage()
                            : "no reply within " + timeout.toMillis() + " ms");
                }
                Response r = event.getResponse();
                return new OptionsOutcome.Replied(r.getStatusCode(), r.getReasonPhrase(), Duration.ofNanos(System.nanoTime() - start));
            });
        } catch (Exception e) {
            return CompletableFuture.completedFuture(new OptionsOutcome.NoReply("cannot send OPTIONS to " + peer + ": " + e.getMessage()));
        }
    }

    @Override
    public SyntheticCallResult call(CallPlan plan) {
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        String callId = null;
        try {
            Request invite = newRequest(Request.INVITE, plan.fromUser(), plan.number(), plan.target());
            callId = ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId();
            remoteHangups.put(callId, new CountDownLatch(1));
            remoteDigits.put(callId, new LinkedBlockingQueue<>());
            invite.setContent(sdp(), headers.createContentTypeHeader("application", "sdp"));
            ClientTransaction ct = provider.getNewClientTransaction(invite);
            ResponseEvent answer = send(ct, plan.answerTimeout());
            if (answer != null && isChallenge(answer) && plan.credentials().isPresent()) {
                ct = authenticator(plan.credentials().get()).handleChallenge(answer.getResponse(), ct, provider, 5);
                answer = send(ct, plan.answerTimeout());
            }
            if (answer == null) {
                cancel(ct);
                return SyntheticCallResult.failed(startedAt, Optional.empty(),
                        "not answered within " + plan.answerTimeout().toMillis() + " ms", 0, 0);
            }
            Response response = answer.getResponse();
            int status = response.getStatusCode();
            if (status / 100 != 2) {
                return SyntheticCallResult.failed(startedAt, Optional.empty(), "INVITE answered " + status + " " + response.getReasonPhrase(), status, 0);
            }
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            Dialog dialog = answer.getDialog() != null ? answer.getDialog() : ct.getDialog();
            long cseq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            dialog.sendAck(dialog.createAck(cseq));

            CountDownLatch hungUp = remoteHangups.get(callId);
            int sent = 0;
            for (CallPlan.DtmfStep step : plan.digits()) {
                if (hungUp.await(step.after().toMillis(), TimeUnit.MILLISECONDS)) {
                    return SyntheticCallResult.failed(startedAt, Optional.of(latency), "far end hung up after " + sent + " digit(s)", status, sent);
                }
                ResponseEvent infoReply = inDialog(dialog, Request.INFO, "Signal=" + step.digit() + "\r\nDuration=160\r\n");
                if (infoReply == null || infoReply.getResponse().getStatusCode() / 100 != 2) {
                    String what = infoReply == null ? "no reply" : infoReply.getResponse().getStatusCode() + " " + infoReply.getResponse().getReasonPhrase();
                    hangUp(dialog);
                    return SyntheticCallResult.failed(startedAt, Optional.of(latency), "INFO for digit " + step.digit() + ": " + what, status, sent);
                }
                sent++;
            }
            if (plan.confirmation().isPresent()) {
                String missing = awaitConfirmation(callId, hungUp, plan.confirmation().get(), plan.holdAfterDigits());
                if (missing != null) {
                    hangUp(dialog);
                    return SyntheticCallResult.failed(startedAt, Optional.of(latency), missing, status, sent);
                }
            } else if (hungUp.await(plan.holdAfterDigits().toMillis(), TimeUnit.MILLISECONDS)) {
                return SyntheticCallResult.failed(startedAt, Optional.of(latency), "far end hung up after the last digit", status, sent);
            }
            hangUp(dialog);
            return new SyntheticCallResult(startedAt, true, Optional.of(latency), Optional.empty(), status, sent);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SyntheticCallResult.failed(startedAt, Optional.empty(), "interrupted", 0, 0);
        } catch (Exception e) {
            LOG.debug("test call to {} failed", plan.target(), e);
            return SyntheticCallResult.failed(startedAt, Optional.empty(), "SIP error: " + e, 0, 0);
        } finally {
            if (callId != null) {
                remoteHangups.remove(callId);
                remoteDigits.remove(callId);
            }
        }
    }

    /** Waits for the far end's confirmation digit; null when it came, else why not. */
    private String awaitConfirmation(String callId, CountDownLatch hungUp, char expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        var digits = remoteDigits.get(callId);
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return "no confirmation '" + expected + "' within " + within.toMillis() + " ms after the last digit";
            Character d = digits.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
            if (d != null && d == expected) return null;
            if (d == null && hungUp.getCount() == 0 && digits.isEmpty()) return "far end hung up before confirming '" + expected + "'";
        }
    }

    @Override
    public void close() {
        try {
            stack.stop();
        } catch (RuntimeException e) {
            LOG.warn("stopping the SIP stack failed", e);
        }
        pending.values().forEach(f -> f.complete(null));
        pending.clear();
    }

    // ---------------------------------------------------------------------------------------------------------

    private Request newRequest(String method, String fromUser, String toUser, SipPeer peer) throws Exception {
        SipURI target = addresses.createSipURI(toUser, peer.host());
        target.setPort(peer.port());
        SipURI fromUri = addresses.createSipURI(fromUser, host);
        Address from = addresses.createAddress(fromUri);
        Address to = addresses.createAddress((SipURI) target.clone());
        CallIdHeader callId = provider.getNewCallId();
        Request r = messages.createRequest(target, method, callId, headers.createCSeqHeader(1L, method),
                headers.createFromHeader(from, UUID.randomUUID().toString().substring(0, 8)), headers.createToHeader(to, null),
                List.of(headers.createViaHeader(host, port, ListeningPoint.UDP, null)), headers.createMaxForwardsHeader(70));
        SipURI contact = addresses.createSipURI(fromUser, host);
        contact.setPort(port);
        r.addHeader(headers.createContactHeader(addresses.createAddress(contact)));
        r.addHeader(headers.createUserAgentHeader(List.of("CentralUnica-monitor")));
        return r;
    }

    private String sdp() {
        long id = System.currentTimeMillis();
        // We never send audio; the offer only has to be acceptable (G.711 and RFC 4733 events).
        return "v=0\r\no=central-unica " + id + " 1 IN IP4 " + host + "\r\ns=Central Unica synthetic call\r\nc=IN IP4 " + host
                + "\r\nt=0 0\r\nm=audio " + (port + 2) + " RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=sendrecv\r\n";
    }

    private CompletableFuture<ResponseEvent> register(ClientTransaction ct) {
        CompletableFuture<ResponseEvent> f = new CompletableFuture<>();
        pending.put(ct, f);
        return f;
    }

    private void forget(ClientTransaction ct) {
        pending.remove(ct);
    }

    /** Sends a transaction's request and waits for its final response (null on timeout). */
    private ResponseEvent send(ClientTransaction ct, Duration timeout) throws SipException, InterruptedException {
        CompletableFuture<ResponseEvent> f = register(ct);
        ct.sendRequest();
        return await(ct, f, timeout);
    }

    private ResponseEvent await(ClientTransaction ct, CompletableFuture<ResponseEvent> f, Duration timeout) throws InterruptedException {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            return null;
        } finally {
            forget(ct);
        }
    }

    private ResponseEvent inDialog(Dialog dialog, String method, String dtmfBody) throws Exception {
        Request request = dialog.createRequest(method);
        if (dtmfBody != null) request.setContent(dtmfBody, headers.createContentTypeHeader("application", "dtmf-relay"));
        ClientTransaction ct = provider.getNewClientTransaction(request);
        CompletableFuture<ResponseEvent> f = register(ct);
        dialog.sendRequest(ct);
        return await(ct, f, IN_DIALOG_TIMEOUT);
    }

    private void hangUp(Dialog dialog) {
        try {
            inDialog(dialog, Request.BYE, null);
        } catch (Exception e) {
            LOG.debug("BYE failed", e);
        }
    }

    private void cancel(ClientTransaction ct) {
        try {
            provider.getNewClientTransaction(ct.createCancel()).sendRequest();
        } catch (Exception e) {
            LOG.debug("CANCEL failed (the INVITE may have had no provisional reply)", e);
        }
    }

    /** The key of an {@code application/dtmf-relay} INFO body ({@code Signal=#}). */
    static Optional<Character> dtmfSignal(Request info) {
        byte[] raw = info.getRawContent();
        if (raw == null) return Optional.empty();
        return new String(raw, StandardCharsets.UTF_8).lines().map(String::strip)
                .filter(l -> l.regionMatches(true, 0, "Signal=", 0, 7) && l.length() > 7)
                .map(l -> l.substring(7).strip().charAt(0)).findFirst();
    }

    private static boolean isChallenge(ResponseEvent e) {
        int s = e.getResponse().getStatusCode();
        return s == Response.UNAUTHORIZED || s == Response.PROXY_AUTHENTICATION_REQUIRED;
    }

    private AuthenticationHelper authenticator(CallPlan.Credentials credentials) {
        AccountManager accounts = (transaction, realm) -> new UserCredentials() {
            @Override
            public String getUserName() {
                return credentials.user();
            }

            @Override
            public String getPassword() {
                return credentials.password();
            }

            @Override
            public String getSipDomain() {
                return realm;
            }
        };
        return ((SipStackExt) stack).getAuthenticationHelper(accounts, headers);
    }

    /** JAIN-SIP's callbacks: complete the waiting futures; answer what the far end asks within our calls. */
    private final class Listener implements SipListener {
        @Override
        public void processResponse(ResponseEvent event) {
            ClientTransaction ct = event.getClientTransaction();
            Response response = event.getResponse();
            if (response.getStatusCode() < 200) return;
            CompletableFuture<ResponseEvent> f = ct == null ? null : pending.get(ct);
            if (f != null) {
                f.complete(event);
            } else if (response.getStatusCode() / 100 == 2 && Request.INVITE.equals(((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getMethod())
                    && event.getDialog() != null) {
                // Answered after we gave up on it (timeout, CANCEL crossed the 200): never leave a call up.
                Dialog dialog = event.getDialog();
                Thread.ofVirtual().start(() -> {
                    try {
                        dialog.sendAck(dialog.createAck(((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber()));
                        hangUp(dialog);
                    } catch (Exception e) {
                        LOG.debug("cannot end a late-answered call", e);
                    }
                });
            }
        }

        @Override
        public void processRequest(RequestEvent event) {
            Request request = event.getRequest();
            try {
                if (Request.ACK.equals(request.getMethod())) return;
                int status = switch (request.getMethod()) {
                    case Request.BYE -> {
                        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
                        CountDownLatch latch = remoteHangups.get(callId);
                        if (latch != null) latch.countDown();
                        yield latch != null ? Response.OK : Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST;
                    }
                    case Request.INFO -> {
                        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
                        var digits = remoteDigits.get(callId);
                        dtmfSignal(request).ifPresent(d -> {
                            if (digits != null) digits.add(d);
                        });
                        yield Response.OK;
                    }
                    case Request.OPTIONS, Request.NOTIFY -> Response.OK;
                    default -> Response.METHOD_NOT_ALLOWED;
                };
                ServerTransaction st = event.getServerTransaction();
                Response response = messages.createResponse(status, request);
                if (st != null) st.sendResponse(response);
                else provider.sendResponse(response);
            } catch (Exception e) {
                LOG.debug("cannot answer {}", request.getMethod(), e);
            }
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
            if (event.isServerTransaction()) return;
            CompletableFuture<ResponseEvent> f = pending.get(event.getClientTransaction());
            if (f != null) f.complete(null);
        }

        @Override
        public void processIOException(IOExceptionEvent event) {
            LOG.debug("SIP transport error towards {}:{}", event.getHost(), event.getPort());
        }

        @Override
        public void processTransactionTerminated(TransactionTerminatedEvent event) {
        }

        @Override
        public void processDialogTerminated(DialogTerminatedEvent event) {
        }
    }
}
