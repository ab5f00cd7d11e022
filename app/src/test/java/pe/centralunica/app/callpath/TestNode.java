package pe.centralunica.app.callpath;

import pe.centralunica.app.Node;
import pe.centralunica.app.config.AppSettings;
import pe.centralunica.app.config.Environment;
import pe.centralunica.app.testing.TestEnvironment;
import pe.centralunica.db.DatabaseSettings;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** A node on free ports against a given database, as `serve` would run it. */
final class TestNode {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestNode() {
    }

    static Node start(DatabaseSettings db) throws IOException {
        return start(db, Map.of());
    }

    static Node start(DatabaseSettings db, Map<String, String> extra) throws IOException {
        Map<String, String> env = TestEnvironment.node(db);
        env.putAll(extra);
        return Node.start(AppSettings.from(new Environment(env), true), false);
    }

    static String get(Node node, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
