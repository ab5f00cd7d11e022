package pe.centralunica.console.bench;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import pe.centralunica.console.desk.ConsoleNode;
import pe.centralunica.console.desk.FakeAsterisk;
import pe.centralunica.console.http.Access;
import pe.centralunica.console.http.Endpoint;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Throws generated input at a running console: JSON bodies (valid shapes with wrong types and values, nested junk,
 * malformed and non-object JSON) at every API route that takes a body, as an administrator, a district dispatcher
 * and a stranger; and text and binary messages at the live WebSocket, plus handshakes with forged cookies. Checks
 * every answer: no 5xx, every error a JSON body, no session cookie handed out, nothing non-public answered to a
 * stranger, no forged WebSocket handshake accepted. Values and field names come from {@link FuzzValues}, drawn
 * from one seed (printed in the report's summary).
 */
public final class ApiFuzz {

    /** Field names the API reads, so generated objects reach the validation of real fields, not only "unknown field". */
    private static final List<String> FIELDS = List.of("type", "priority", "status", "district", "address", "latitude",
            "longitude", "notes", "incidentId", "target", "username", "password", "displayName", "role", "agencyCode",
            "phoneInterface", "active", "enabled", "callerClass", "at", "jurisdiction", "days", "draft", "id", "revision",
            "ringTimeoutSeconds", "ruleId", "targets", "callerNumber", "panicDevice", "prank", "name", "code", "dialled");
    private static final List<String> WORDS = List.of("FIRE", "CRIME", "MEDICAL", "UNKNOWN", "150122", "150132", "999999",
            "DISPATCHER", "SUPERVISOR", "ADMIN", "T-PNP", "Q-BOM", "NEW", "DISPATCHED", "ON_SCENE", "CLOSED", "LIMA",
            "PANIC", "SILENT", "2026-12-07T10:00", "2026-13-45T99:99", "SER-150122", "PJSIP/x", "", " ", "null",
            "admin", "' OR 1=1 --", "<script>alert(1)</script>", "\u0000", "\uD83D\uDE91", "../../etc/passwd", "%00");

    private final ConsoleNode console;
    private final long seed;
    private final Map<String, String> knownHashes = new ConcurrentHashMap<>();
    private final List<Endpoint> bodyRoutes = new ArrayList<>();
    private final List<Endpoint> getRoutes = new ArrayList<>();
    private final List<Object> leaves;
    private final List<String> keys;
    private final List<String> texts;
    /** Time spent per route, to tell where a slow run goes (hashing, rule compilation, …). */
    private final Map<String, LongAdder> nanosByRoute = new ConcurrentHashMap<>();
    /** What each transport error was (the report counts them; these say which request). */
    public final List<String> transportDetails = Collections.synchronizedList(new ArrayList<>());

    /** What a run found. */
    public record Report(long seed, long httpInputs, long webSocketInputs, long handshakes, Map<Integer, Long> statuses,
                         List<String> serverErrors, List<String> leaks, List<String> uncleanErrors, long sessionsRenewed,
                         long socketsClosedBySize, long transportErrors, double seconds) {
        public long inputs() {
            return httpInputs + webSocketInputs + handshakes;
        }

        public String summary() {
            return String.format("values from seed %d (-Dfuzz.seed): %,d inputs in %.0f s (%,.0f/s): %,d HTTP bodies,"
                            + " %,d WebSocket messages, %,d forged handshakes; 5xx: %d, leaks: %d, non-JSON errors: %d, transport errors: %d, sockets closed"
                            + " for size: %d, sessions renewed: %d; statuses %s",
                    seed, inputs(), seconds, inputs() / seconds, httpInputs, webSocketInputs, handshakes, serverErrors.size(),
                    leaks.size(), uncleanErrors.size(), transportErrors, socketsClosedBySize, sessionsRenewed, statuses);
        }
    }

    /** A fuzz of this console whose values and field names are drawn from {@code seed}. */
    public ApiFuzz(ConsoleNode console, long seed) {
        this.console = console;
        this.seed = seed;
        for (Endpoint e : console.node.api().endpoints()) {
            if (e.path().equals("/api/live") || e.path().startsWith("/console") || e.path().equals("/metrics")) {
                continue;
            }
            (e.method() == HttpMethod.GET ? getRoutes : bodyRoutes).add(e);
        }
        // The values and field names are a pool, drawn once; plain Random composes them into bodies.
        FuzzValues values = new FuzzValues(seed, WORDS, FIELDS);
        this.leaves = java.util.stream.Stream.generate(values::leaf).limit(30_000)
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new)); // null is one of the leaves
        this.keys = java.util.stream.Stream.generate(values::key).limit(3_000).toList();
        this.texts = java.util.stream.Stream.generate(() -> values.text(0, 300)).limit(3_000).toList();
    }

    /** A request body: mostly JSON objects of real and random fields, else malformed JSON, non-objects or text. */
    String body(Random r) {
        int kind = r.nextInt(20);
        if (kind < 14) {
            return encode(object(r, 0));
        } else if (kind < 17) {
            return mutate(encode(object(r, 0)), r.nextInt());
        } else if (kind < 19) {
            return encode(value(r, 1));
        }
        return texts.get(r.nextInt(texts.size()));
    }

    /** A WebSocket message: JSON objects, malformed JSON or text. */
    String message(Random r) {
        int kind = r.nextInt(5);
        return kind < 3 ? encode(object(r, 0)) : kind == 3 ? mutate(encode(object(r, 0)), r.nextInt()) : texts.get(r.nextInt(texts.size()));
    }

    private JsonObject object(Random r, int depth) {
        JsonObject o = new JsonObject();
        int n = r.nextInt(11);
        for (int i = 0; i < n; i++) {
            o.put(keys.get(r.nextInt(keys.size())), value(r, depth + 1));
        }
        return o;
    }

    private Object value(Random r, int depth) {
        int kind = r.nextInt(7);
        if (depth >= 3 || kind < 5) {
            return leaves.get(r.nextInt(leaves.size()));
        }
        if (kind == 5) {
            return object(r, depth);
        }
        JsonArray a = new JsonArray();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            a.add(value(r, depth + 1));
        }
        return a;
    }

    /**
     * The text with any unpaired surrogate replaced: a WebSocket text frame must be UTF-8, so the client refuses to
     * send anything else (the server never sees such a message; malformed bytes go out as binary frames instead).
     */
    private static String wellFormed(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static String encode(Object v) {
        try {
            return io.vertx.core.json.Json.encode(v);
        } catch (RuntimeException e) {
            return "{}"; // a value Jackson cannot write: send an empty object instead
        }
    }

    private static JsonObject object(Map<String, Object> map) {
        JsonObject o = new JsonObject();
        map.forEach(o::put);
        return o;
    }

    /** Truncates, duplicates or overwrites a few characters of valid JSON: malformed input near the real thing. */
    private static String mutate(String text, int seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(text);
        int edits = 1 + r.nextInt(3);
        for (int i = 0; i < edits && !sb.isEmpty(); i++) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(4)) {
                case 0 -> sb.setLength(at);
                case 1 -> sb.insert(at, "{[\",:}]\\".charAt(r.nextInt(8)));
                case 2 -> sb.setCharAt(at, (char) r.nextInt(0x3000));
                default -> sb.insert(at, sb.substring(at, Math.min(sb.length(), at + 1 + r.nextInt(10))));
            }
        }
        return sb.toString();
    }

    /** Runs about {@code inputs} inputs: {@code webSocketShare} of them over the live feed, the rest over HTTP. */
    public Report run(long inputs, double webSocketShare, int workers) throws Exception {
        long t0 = System.nanoTime();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
        List<String> leaks = Collections.synchronizedList(new ArrayList<>());
        List<String> unclean = Collections.synchronizedList(new ArrayList<>());
        AtomicLong renewed = new AtomicLong();
        AtomicLong transport = new AtomicLong();
        AtomicLong closedBySize = new AtomicLong();
        long wsInputs = (long) (inputs * webSocketShare);
        long handshakes = Math.min(5_000, wsInputs / 50);
        long httpInputs = inputs - wsInputs;
        saveHashes();
        console.asterisk.put(FakeAsterisk.queued("1700000006.1", null, "900000061", "ser-150122", "CRIME", "150122", "NORMAL"));

        AtomicLong httpLeft = new AtomicLong(httpInputs);
        int sockets = 2;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> jobs = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                jobs.add(pool.submit(() -> {
                    httpWorker(worker, httpLeft, statuses, serverErrors, leaks, unclean, renewed, transport);
                    return null;
                }));
            }
            for (int k = 0; k < sockets; k++) {
                long share = (wsInputs - handshakes) / sockets + (k == 0 ? (wsInputs - handshakes) % sockets : 0);
                boolean first = k == 0;
                int seed = k;
                jobs.add(pool.submit(() -> {
                    webSocketWorker(share, seed, closedBySize, transport, leaks);
                    if (first) {
                        forgedHandshakes(handshakes, leaks);
                    }
                    return null;
                }));
            }
            // A worker that dies ends the run at once with its exception (the others would otherwise finish its share).
            while (!jobs.isEmpty()) {
                for (var it = jobs.iterator(); it.hasNext(); ) {
                    var job = it.next();
                    if (job.isDone()) {
                        it.remove();
                        try {
                            job.get();
                        } catch (java.util.concurrent.ExecutionException e) {
                            jobs.forEach(j -> j.cancel(true));
                            throw new IllegalStateException("fuzz harness failed: " + e.getCause(), e.getCause());
                        }
                    }
                }
                Thread.sleep(200);
            }
        }
        Map<Integer, Long> counted = new java.util.TreeMap<>();
        statuses.forEach((k, v) -> counted.put(k, v.sum()));
        return new Report(seed, httpInputs, wsInputs - handshakes, handshakes, counted, List.copyOf(serverErrors), List.copyOf(leaks),
                List.copyOf(unclean), renewed.get(), closedBySize.get(), transport.get(), (System.nanoTime() - t0) / 1e9);
    }

    /** The routes that took the most time, with their share of all HTTP time. */
    public String slowestRoutes(int n) {
        long total = nanosByRoute.values().stream().mapToLong(LongAdder::sum).sum();
        return nanosByRoute.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum())).limit(n)
                .map(e -> String.format("%s %.0f%%", e.getKey(), 100.0 * e.getValue().sum() / Math.max(1, total)))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private void saveHashes() {
        console.jdbc.tx("fuzz: keep hashes", tx -> {
            for (Object o : tx.array("SELECT username, password_hash AS hash, role FROM app_user")) {
                JsonObject row = (JsonObject) o;
                knownHashes.put(row.getString("username"), row.getString("hash") + "|" + row.getString("role"));
            }
            return null;
        });
    }

    /** After a fuzzed admin change ended a fuzzing user's session (deactivated, new password, new role): undo it. */
    private ConsoleNode.Client relogin(String username) throws Exception {
        console.jdbc.tx("fuzz: restore " + username, tx -> {
            String[] saved = knownHashes.get(username).split("\\|");
            tx.update("UPDATE app_user SET active = true, password_hash = ?, role = ? WHERE username = ?", saved[0], saved[1], username);
            tx.update("DELETE FROM login_failure WHERE key LIKE '%127.0.0.1'");
            return null;
        });
        return console.login(username);
    }

    /** The harness's own sign-in: 127.0.0.1 is only ever the fuzzing users' address, so it is never throttled. */
    private ConsoleNode.Client signIn(String username) throws Exception {
        return console.login(username);
    }

    private void httpWorker(int worker, AtomicLong left, Map<Integer, LongAdder> statuses, List<String> serverErrors,
                            List<String> leaks, List<String> unclean, AtomicLong renewed, AtomicLong transport) throws Exception {
        Random random = new Random(worker * 7919L + 17);
        String[] who = {"admin", "disp.miraflores"};
        ConsoleNode.Client[] signedIn = {signIn(who[0]), signIn(who[1])};
        // The stranger is another machine (127.0.0.2): its failed sign-ins must not throttle the fuzzing users.
        ConsoleNode.Client stranger = console.clientFrom("127.0.0.2");
        long n;
        while ((n = left.getAndDecrement()) > 0) {
            if (n % 25_000 == 0) {
                System.out.printf("FUZZ progress: %,d HTTP inputs left%n", n);
            }
            int identity = random.nextInt(10); // 0-5 admin, 6-8 dispatcher, 9 stranger
            int as = identity <= 5 ? 0 : identity <= 8 ? 1 : -1;
            boolean withBody = random.nextInt(10) < 9;
            Endpoint e = withBody ? bodyRoutes.get(random.nextInt(bodyRoutes.size())) : getRoutes.get(random.nextInt(getRoutes.size()));
            if (as >= 0 && e.path().equals("/api/logout")) {
                e = bodyRoutes.getFirst().path().equals("/api/logout") ? bodyRoutes.getLast() : bodyRoutes.getFirst();
            }
            String path = concrete(e.path(), random) + (withBody ? "" : query(random));
            String body = withBody ? body(random) : null;
            ConsoleNode.Client client = as < 0 ? stranger : signedIn[as];
            HttpResponse<String> r;
            long sent = System.nanoTime();
            try {
                r = client.sendText(e.method().name(), path, body == null ? "" : body);
            } catch (java.io.IOException ex) {
                if (body != null && body.length() > 200_000) {
                    statuses.computeIfAbsent(413, k -> new LongAdder()).increment(); // refused mid-upload: the node closed early
                    continue;
                }
                transport.incrementAndGet();
                transportDetails.add(ex + " on " + e.method() + " " + abbreviate(path) + " " + abbreviate(String.valueOf(body)));
                continue;
            }
            nanosByRoute.computeIfAbsent(e.method() + " " + e.path(), k -> new LongAdder()).add(System.nanoTime() - sent);
            statuses.computeIfAbsent(r.statusCode(), k -> new LongAdder()).increment();
            String what = e.method() + " " + abbreviate(path) + " as " + (as < 0 ? "stranger" : who[as]) + " " + abbreviate(String.valueOf(body));
            if (r.statusCode() >= 500) {
                serverErrors.add(r.statusCode() + " " + what + " → " + abbreviate(r.body()));
            }
            r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("cu_session=") && !c.startsWith("cu_session=;"))
                    .forEach(c -> leaks.add("session cookie handed out: " + what));
            if (as < 0 && e.access() != Access.PUBLIC && r.statusCode() < 400) {
                leaks.add(r.statusCode() + " to a stranger: " + what);
            }
            if (r.statusCode() >= 400 && !isJsonError(r)) {
                unclean.add(r.statusCode() + " " + what + " → " + abbreviate(r.body()));
            }
            if (as >= 0 && r.statusCode() == 401) {
                renewed.incrementAndGet();
                signedIn[as] = relogin(who[as]);
            }
        }
    }

    private static boolean isJsonError(HttpResponse<String> r) {
        try {
            return new JsonObject(r.body()).getInteger("status") == r.statusCode();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String concrete(String path, Random random) {
        String[] ids = {"1", "2", "3", "4", "7", "0", "-1", "abc", "99999999999999999999", "1e3", "%00", "%2e%2e",
                java.util.UUID.randomUUID().toString(), "00000000-0000-0000-0000-000000000000"};
        String[] uniqueids = {"1700000006.1", "1700000006.2", "x", "%20"};
        if (path.startsWith("/api/admin/users/")) {
            // Never the fuzzing users themselves (ids 1-4): a fuzzed role change would blind the rest of the run.
            ids = new String[]{"5", "6", "0", "-1", "abc", "99999999999999999999"};
        }
        return path.replace(":uniqueid", uniqueids[random.nextInt(uniqueids.length)])
                .replace(":id", ids[random.nextInt(ids.length)])
                .replace(":key", random.nextBoolean() ? "emergency-types" : "nope");
    }

    private String query(Random random) {
        String[] names = {"status", "district", "open", "limit", "hours", "jurisdiction", "q", "entity", "actor"};
        StringBuilder sb = new StringBuilder("?");
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            String v = random.nextBoolean() ? texts.get(random.nextInt(texts.size())) : String.valueOf(leaves.get(random.nextInt(leaves.size())));
            sb.append(names[random.nextInt(names.length)]).append('=')
                    .append(URLEncoder.encode(v.substring(0, Math.min(v.length(), 60)), StandardCharsets.UTF_8)).append('&');
        }
        return sb.toString();
    }

    private void webSocketWorker(long count, int seed, AtomicLong closedBySize, AtomicLong transport, List<String> leaks)
            throws Exception {
        Random random = new Random(42 + seed);
        ConsoleNode.Client dispatcher = signIn("disp.miraflores");
        Feed feed = null;
        WebSocket ws = null;
        for (long i = 0; i < count; i++) {
            if (i % 50_000 == 0) {
                System.out.printf("FUZZ progress: %,d WebSocket messages sent%n", i);
            }
            if (ws == null || ws.isOutputClosed() || ws.isInputClosed()) {
                if (feed != null && feed.closeCode == 1009) {
                    closedBySize.incrementAndGet();
                }
                feed = new Feed();
                ws = open(dispatcher, feed);
            }
            int kind = random.nextInt(100);
            boolean oversized = false;
            try {
                CompletableFuture<WebSocket> sent;
                if (kind < 80) {
                    sent = ws.sendText(wellFormed(message(random)), true);
                } else if (kind < 95) {
                    byte[] bytes = new byte[random.nextInt(2_000)];
                    random.nextBytes(bytes);
                    sent = ws.sendBinary(ByteBuffer.wrap(bytes), true);
                } else if (kind < 99 || random.nextInt(10) > 0) {
                    sent = ws.sendPing(ByteBuffer.wrap(new byte[random.nextInt(125)]));
                } else { // one message in a thousand
                    oversized = true;
                    sent = ws.sendText("x".repeat(70_000 + random.nextInt(300_000)), true); // above the frame limit
                }
                sent.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (!oversized) {
                    transportDetails.add("WebSocket: " + e);
                    transport.incrementAndGet(); // an oversized message may end the socket (1009); anything else may not
                }
                ws = null;
            }
        }
        // After all that the feed still works: a call placed now reaches the same kind of socket.
        Feed last = new Feed();
        WebSocket check = open(dispatcher, last);
        String uniqueid = "1700000777." + seed;
        console.asterisk.put(FakeAsterisk.queued(uniqueid, null, "900000777", "ser-150122", "CRIME", "150122", "NORMAL"));
        JsonObject m;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean seen = false;
        while (!seen && System.nanoTime() < deadline && (m = last.messages.poll(1, TimeUnit.SECONDS)) != null) {
            seen = m.encode().contains(uniqueid);
        }
        if (!seen) {
            leaks.add("the live feed stopped delivering after the WebSocket fuzz");
        }
        check.sendClose(1000, "done");
    }

    private WebSocket open(ConsoleNode.Client client, Feed feed) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder().header("Cookie", client.sessionCookie())
                .header("Origin", console.base()).buildAsync(URI.create(console.base().replace("http", "ws") + "/api/live"), feed)
                .get(10, TimeUnit.SECONDS);
    }

    /** Handshakes with forged, expired, truncated or borrowed-origin credentials: none may open the feed. */
    private void forgedHandshakes(long count, List<String> leaks) throws Exception {
        Random random = new Random(7);
        ConsoleNode.Client real = signIn("disp.sjl");
        String genuine = real.sessionCookie();
        HttpClient http = HttpClient.newHttpClient();
        for (long i = 0; i < count; i++) {
            String cookie = switch (random.nextInt(5)) {
                case 0 -> "cu_session=" + randomToken(random);
                case 1 -> genuine.substring(0, genuine.length() - 1 - random.nextInt(5));
                case 2 -> "cu_session=" + "A".repeat(random.nextInt(200));
                case 3 -> genuine + "x";
                default -> "other=" + randomToken(random);
            };
            WebSocket.Builder b = http.newWebSocketBuilder().header("Cookie", cookie).connectTimeout(Duration.ofSeconds(5));
            try {
                WebSocket ws = b.buildAsync(URI.create(console.base().replace("http", "ws") + "/api/live"), new Feed())
                        .get(10, TimeUnit.SECONDS);
                leaks.add("forged WebSocket handshake accepted: " + abbreviate(cookie));
                ws.abort();
            } catch (java.util.concurrent.ExecutionException expected) {
                // refused (401): what must happen
            }
        }
        // A genuine session from a foreign page (another Origin) is refused too.
        try {
            http.newWebSocketBuilder().header("Cookie", genuine).header("Origin", "https://evil.example")
                    .buildAsync(URI.create(console.base().replace("http", "ws") + "/api/live"), new Feed()).get(10, TimeUnit.SECONDS);
            leaks.add("a foreign Origin opened the live feed");
        } catch (java.util.concurrent.ExecutionException expected) {
            // refused (403)
        }
    }

    private static String randomToken(Random random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String abbreviate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 160) + "…";
    }

    /** Collects what the server pushes and how it closed. */
    private static final class Feed implements WebSocket.Listener {
        final java.util.concurrent.BlockingQueue<JsonObject> messages = new java.util.concurrent.LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        volatile int closeCode;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(new JsonObject(partial.toString()));
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeCode = statusCode;
            return null;
        }
    }
}
