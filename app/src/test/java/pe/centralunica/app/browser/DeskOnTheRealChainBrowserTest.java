package pe.centralunica.app.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import pe.centralunica.app.Node;
import pe.centralunica.app.config.AppSettings;
import pe.centralunica.app.config.Environment;
import pe.centralunica.console.security.PasswordHasher;
import pe.centralunica.console.security.Role;
import pe.centralunica.console.security.Users;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.app.testing.TestEnvironment;
import pe.centralunica.console.browser.Browsers;
import pe.centralunica.console.browser.PageChecks;
import pe.centralunica.db.Database;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.testing.TestDatabases;
import pe.centralunica.simulator.CallOutcome;
import pe.centralunica.simulator.CallScript;
import pe.centralunica.simulator.SimulatedAsterisk;
import pe.centralunica.simulator.Topology;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The call-taking desk in a real browser on the real chain — a simulated Asterisk running the project's dialplan
 * and AMI, the node's FastAGI IVR, AMI call tracking — at the two screen sizes dispatchers use, with long
 * realistic data: the desk fits the window, shows the call in words (no internal codes) in Spanish and English,
 * a click on the map sets the incident's district, and the transfer reaches Asterisk.
 */
@EnabledIf(value = "pe.centralunica.console.browser.Browsers#available",
        disabledReason = "no real browser: install Debian's chromium and chromium-driver (.ci/packages), or set CU_CHROMIUM/CU_CHROMEDRIVER")
class DeskOnTheRealChainBrowserTest {

    private static final String PASSWORD = "correct-horse-battery";
    /** Codes the server sends that must never reach the screen bare (enums of the call path and the console). */
    static final List<String> CODES = PageChecks.DESK_CODES;

    private static SimulatedAsterisk asterisk;
    private static Node node;
    private static Database db;

    @BeforeAll
    static void startTheChain() throws Exception {
        int agiPort;
        try (ServerSocket s = new ServerSocket(0)) {
            agiPort = s.getLocalPort();
        }
        DatabaseSettings settings = TestDatabases.freshSettings();
        asterisk = Topology.apply(SimulatedAsterisk.builder(), 1, 2, Duration.ofSeconds(2), Duration.ofSeconds(600))
                .agiServer("127.0.0.1", agiPort).ami(0, "central-unica", "ami-secret").timeScale(0.1).seed(11).start();
        Map<String, String> env = TestEnvironment.node(settings);
        env.putAll(Map.of("CU_AGI_PORT", Integer.toString(agiPort), "CU_AMI_HOST", "127.0.0.1",
                "CU_AMI_PORT", Integer.toString(asterisk.amiPort()), "CU_AMI_USER", "central-unica", "CU_AMI_SECRET", "ami-secret"));
        node = Node.start(AppSettings.from(new Environment(env), true), false);
        db = Database.open(settings);
        Jdbc jdbc = new Jdbc(db.dataSource());
        new Users(jdbc, new PasswordHasher()).create(new Users.NewUser("disp.miraflores", "Rosa María Quispe Huamán de los Ríos",
                PASSWORD, Role.DISPATCHER, Optional.of("SER-150122"), Optional.of("PJSIP/disp-150122-01")), "test");
        new Users(jdbc, new PasswordHasher()).create(new Users.NewUser("supervisora", "Carmen Rosa Villanueva Tello",
                PASSWORD, Role.SUPERVISOR, Optional.empty(), Optional.of("PJSIP/cic-02")), "test");
        // Long realistic data: open incidents with long addresses and notes, as a shift leaves them.
        jdbc.tx("long incidents", tx -> {
            for (int i = 0; i < 40; i++) {
                tx.update("INSERT INTO incident (emergency_type_code, priority, district_ubigeo, address, latitude, longitude, notes)"
                                + " VALUES (?, ?, '150122', ?, ?, ?, ?)", i % 2 == 0 ? "CRIME" : "MEDICAL", 1 + i % 5,
                        "Av. José Pardo cuadra " + (i + 1) + ", frente al Parque Central de Miraflores, edificio Los Portales"
                                + " departamento 1204-B, referencia: a media cuadra de la Municipalidad",
                        java.math.BigDecimal.valueOf(-12.12 - i * 0.0005), java.math.BigDecimal.valueOf(-77.03 + i * 0.0004),
                        "Vecinos reportan " + "discusión y golpes en el departamento; ".repeat(6));
            }
            return null;
        });
        warmUpTheCallPath(new Jdbc(db.dataSource()));
    }

    /**
     * The scripted callers below press their keys at fixed times after their call starts (0.5 s and 0.75 s real at
     * this time scale), as if the prompts always began at once. A freshly started node's first FastAGI session is
     * slower (connection, journal, class loading; more so on a loaded machine): its keys came before the welcome
     * began, were discarded as Asterisk discards them, the IVR heard a silent caller and sent the call to the
     * metropolitan centre — no pop at the Miraflores desk. One call through the whole chain first, waited for
     * until routed, so the timed callers meet a node that answers at its usual pace.
     */
    private static void warmUpTheCallPath(Jdbc jdbc) throws InterruptedException {
        String number = "987000999";
        CompletableFuture<CallOutcome> warmUp = asterisk.place(CallScript.caller(number).dials("911")
                .hangsUpAfterAnswer(Duration.ofSeconds(1)).hangsUpAfter(Duration.ofSeconds(60)));
        awaitRouteOf(jdbc, number);
        warmUp.join();
    }

    @AfterAll
    static void stopTheChain() {
        if (node != null) {
            node.close();
        }
        if (asterisk != null) {
            asterisk.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @ParameterizedTest(name = "{0}×{1}")
    @CsvSource({"1366, 768, 987123456", "1920, 1080, 987123457"})
    void aDispatcherTakesACallOnADeskThatFitsTheScreenAndReadsItInWords(int width, int height, String caller) throws Exception {
        ChromeDriver driver = Browsers.start(width, height);
        CompletableFuture<CallOutcome> call = null;
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            driver.get("http://127.0.0.1:" + node.httpPort() + "/console/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("disp.miraflores");
            assertThat(driver.findElement(By.id("app-view")).isDisplayed()).as("no console cards under the sign-in form").isFalse();
            Browsers.screenshot(driver, "desk-" + width + "-01-login");
            driver.findElement(By.id("password")).sendKeys(PASSWORD);
            driver.findElement(By.id("login-button")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app-view")));

            // A crime in Miraflores: the caller presses 1 (crime) and keys the district (22); the district's
            // Serenazgo phone answers, and the desk pops.
            call = asterisk.place(CallScript.caller(caller).dials("911")
                    .pressesAfter(Duration.ofSeconds(5), "1").pressesAfter(Duration.ofMillis(7_500), "22")
                    .hangsUpAfterAnswer(Duration.ofSeconds(600)));
            // The premise of the pop, said plainly when it fails: the IVR heard the keys and routed to Miraflores.
            assertThat(awaitRouteOf(new Jdbc(db.dataSource()), caller)).as("the route of the call (its IVR steps)")
                    .startsWith("Q-SER-150122");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pop-facts"), caller));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pop-ivr"), "marcó 1 en el menú de tipo de emergencia"));
            // The district's source comes with the call record, which may land after the pop (a popUpdate brings it).
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pop-facts"), "origen:"));
            String facts = driver.findElement(By.id("pop-facts")).getText();
            assertThat(facts).contains("Miraflores — origen: marcado por el llamante en el menú");
            assertThat(driver.findElement(By.id("pop-route")).getText()).startsWith("Regla «").contains("Serenazgo");
            Browsers.screenshot(driver, "desk-" + width + "-02-call-popped-es");
            PageChecks.assertFits(driver, width);
            PageChecks.assertNoRawCodes(driver, CODES);

            // A click on the map sets the location and the district: San Isidro first, then back to Miraflores.
            clickInside(driver, "150131");
            wait.until(ExpectedConditions.attributeToBe(By.id("inc-district"), "value", "150131"));
            clickInside(driver, "150122");
            wait.until(ExpectedConditions.attributeToBe(By.id("inc-district"), "value", "150122"));
            double lat = Double.parseDouble(driver.findElement(By.id("inc-lat")).getDomProperty("value"));
            driver.findElement(By.id("inc-save")).click();
            wait.until(ExpectedConditions.textToBe(By.id("inc-result"), "Guardado"));
            long incident = Long.parseLong(driver.findElement(By.id("pop-incident-id")).getText());
            Optional<String> saved = new Jdbc(db.dataSource()).tx("check", tx -> tx.one(
                    "SELECT district_ubigeo FROM incident WHERE id = ? AND latitude = ?", rs -> rs.getString(1), incident,
                    java.math.BigDecimal.valueOf(lat)));
            assertThat(saved).contains("150122");

            // Two narrative entries, timestamped with the author.
            writeNote(driver, wait, "#pop-narrative", "Unidad S-12 de Serenazgo en camino, llega en 4 minutos", 1);
            writeNote(driver, wait, "#pop-narrative", "Sospechoso huyó hacia la Av. Arequipa en mototaxi azul", 2);
            assertThat(driver.findElement(By.cssSelector("#pop-narrative ol")).getText()).contains("disp.miraflores");

            // Link the call to an earlier open incident (nothing is preselected), then transfer to the police.
            assertThat(driver.findElement(By.id("link-incident")).getDomProperty("value")).isEmpty();
            assertThat(driver.findElement(By.id("link-button")).isEnabled()).isFalse();
            Select link = new Select(driver.findElement(By.id("link-incident")));
            String target = link.getOptions().get(1).getDomProperty("value");
            link.selectByValue(target);
            driver.findElement(By.id("link-button")).click();
            wait.until(ExpectedConditions.textToBe(By.id("pop-incident-id"), target));
            Browsers.screenshot(driver, "desk-" + width + "-03-map-narrative-linked");
            PageChecks.assertFits(driver, width);

            new Select(driver.findElement(By.id("lang-select"))).selectByValue("en");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pop-ivr"), "pressed 1 in the emergency type menu"));
            assertThat(driver.findElement(By.id("pop-route")).getText()).startsWith("Rule “");
            assertThat(driver.findElement(By.id("app-view")).getText()).as("nothing left in Spanish")
                    .doesNotContain("Nueva llamada").doesNotContain("Guardado").doesNotContain("marcó");
            Browsers.screenshot(driver, "desk-" + width + "-04-call-english");
            PageChecks.assertFits(driver, width);
            PageChecks.assertNoRawCodes(driver, CODES);
            new Select(driver.findElement(By.id("lang-select"))).selectByValue("es");

            new Select(driver.findElement(By.id("transfer-target"))).selectByValue("Q-PNP");
            driver.findElement(By.id("transfer-button")).click();
            wait.until(ExpectedConditions.attributeToBe(By.id("action-result"), "data-target", "Q-PNP"));
            Browsers.screenshot(driver, "desk-" + width + "-05-transferred");
            PageChecks.assertFits(driver, width);

            // The incident board: found by the caller's number, closed with a reason, found again (closed) by the number.
            driver.get("http://127.0.0.1:" + node.httpPort() + "/console/incidents.html");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#board tr[data-incident-id]")));
            Browsers.screenshot(driver, "desk-" + width + "-06-incident-board");
            PageChecks.assertFits(driver, width);
            PageChecks.assertNoRawCodes(driver, CODES);
            driver.findElement(By.id("f-text")).sendKeys(caller);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#board tr[data-incident-id='" + target + "']")));
            driver.findElement(By.cssSelector("#board tr[data-incident-id='" + target + "']")).click();
            wait.until(ExpectedConditions.textToBe(By.id("d-id"), target));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("d-calls"), caller));
            driver.findElement(By.id("d-reason")).sendKeys("Detenido por PNP; sin heridos");
            driver.findElement(By.id("d-close")).click();
            wait.until(ExpectedConditions.textToBe(By.id("d-result"), "Incidente cerrado"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#d-narrative ol"), "Cerrado: Detenido por PNP; sin heridos"));
            driver.navigate().refresh();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#board tr[data-incident-id]")));
            assertThat(driver.findElements(By.cssSelector("#board tr[data-incident-id='" + target + "']"))).as("closed: not among the open").isEmpty();
            driver.findElement(By.id("f-text")).sendKeys(caller);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#board tr[data-incident-id='" + target + "']"), "Cerrado"));
            Browsers.screenshot(driver, "desk-" + width + "-07-closed-found-by-phone");
            PageChecks.assertFits(driver, width);
            PageChecks.assertNoRawCodes(driver, CODES);
            new Select(driver.findElement(By.id("lang-select"))).selectByValue("en");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#board tr[data-incident-id='" + target + "']"), "Closed"));
            driver.findElement(By.cssSelector("#board tr[data-incident-id='" + target + "']")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#d-narrative ol"), "Closed: Detenido"));
            Browsers.screenshot(driver, "desk-" + width + "-08-incident-english");
            PageChecks.assertFits(driver, width);
            PageChecks.assertNoRawCodes(driver, CODES);
            new Select(driver.findElement(By.id("lang-select"))).selectByValue("es");
        } finally {
            if (call != null) {
                call.cancel(true);
            }
            driver.quit();
        }
    }

    @org.junit.jupiter.api.Test
    void aSupervisorRemovesAWrongPrankMarkAndTheCallersNextCallIsRoutedNormally() throws Exception {
        String number = "987555000";
        Jdbc jdbc = new Jdbc(db.dataSource());
        // Two marks within 90 days flag the number (CU_PRANK_MARKS=2): its calls go to the review desk first.
        jdbc.tx("two marks", tx -> {
            for (int i = 0; i < 2; i++) {
                java.util.UUID id = java.util.UUID.randomUUID();
                tx.update("INSERT INTO call (id, asterisk_uniqueid, caller_number, dialled_number, caller_class, outcome, arrived_at, prank)"
                        + " VALUES (?, ?, ?, '911', 'NORMAL', 'ANSWERED', now() - make_interval(days => ?), true)", id, "1690000000." + i, number, 3 + i);
                tx.update("INSERT INTO caller_mark (caller_number, call_id, marked_by, marked_at) VALUES (?, ?, 'disp.sjl', now() - make_interval(days => ?))",
                        number, id, 3 + i);
            }
            return null;
        });
        CompletableFuture<CallOutcome> flagged = placeCrimeInMiraflores(number);
        assertThat(awaitFlagged(jdbc, number, 1)).as("the premise: two marks flag the caller").isEqualTo("true");
        flagged.cancel(true);

        ChromeDriver driver = Browsers.start(1366, 768);
        CompletableFuture<CallOutcome> next = null;
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            driver.get("http://127.0.0.1:" + node.httpPort() + "/console/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("supervisora");
            driver.findElement(By.id("password")).sendKeys(PASSWORD);
            driver.findElement(By.id("login-button")).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.id("incidents-link"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pm-number"))).sendKeys(number);
            driver.findElement(By.id("pm-find")).click();
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#pm-marks button.pm-remove"), 2));
            assertThat(driver.findElement(By.id("pm-marks")).getText()).contains("deja de contar").contains("disp.sjl");
            Browsers.screenshot(driver, "prank-01-marks-of-a-number");
            driver.findElement(By.cssSelector("#pm-marks button.pm-remove")).click();
            wait.until(ExpectedConditions.textToBe(By.id("pm-result"), "Escriba el motivo"));
            assertThat(driver.findElements(By.cssSelector("#pm-marks button.pm-remove"))).as("nothing removed without a reason").hasSize(2);
            driver.findElement(By.cssSelector("#pm-marks input.pm-reason")).sendKeys("Llamada real: incendio confirmado por bomberos");
            driver.findElement(By.cssSelector("#pm-marks button.pm-remove")).click();
            wait.until(ExpectedConditions.textToBe(By.id("pm-result"), "Marca quitada"));
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#pm-marks button.pm-remove"), 1));
            assertThat(driver.findElement(By.id("pm-marks")).getText()).contains("quitada por supervisora")
                    .contains("Llamada real: incendio confirmado por bomberos");
            Browsers.screenshot(driver, "prank-02-mark-removed");
            PageChecks.assertFits(driver, 1366);
            PageChecks.assertNoRawCodes(driver, CODES);

            next = placeCrimeInMiraflores(number);
            assertThat(awaitFlagged(jdbc, number, 2)).as("the next call, with one mark left, is not flagged").isEqualTo("false");
            Optional<String> targets = jdbc.tx("route", tx -> tx.one("SELECT e.data->>'targets' FROM call_event e JOIN call c ON c.id = e.call_id"
                    + " WHERE c.caller_number = ? AND e.type = 'ROUTE_DECIDED' ORDER BY c.arrived_at DESC LIMIT 1", rs -> rs.getString(1), number));
            assertThat(targets).hasValueSatisfying(t -> assertThat(t).startsWith("Q-SER-150122"));
        } finally {
            if (next != null) {
                next.cancel(true);
            }
            driver.quit();
        }
    }

    private static CompletableFuture<CallOutcome> placeCrimeInMiraflores(String number) {
        return asterisk.place(CallScript.caller(number).dials("911")
                .pressesAfter(Duration.ofSeconds(5), "1").pressesAfter(Duration.ofMillis(7_500), "22")
                .hangsUpAfterAnswer(Duration.ofSeconds(60)));
    }

    /**
     * Whether the IVR found the {@code nth} call (counting the two seeded ones out) from {@code number} flagged
     * ("true"/"false", from its TRIAGED step). A flagged caller who types a type is routed by type (class NORMAL)
     * but warned; the flag is what a mark's removal changes.
     */
    private static String awaitFlagged(Jdbc jdbc, String number, int nth) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> classes = jdbc.tx("flags", tx -> tx.list("SELECT coalesce(t.data->>'flagged', 'false') FROM call c"
                    + " JOIN call_event t ON t.call_id = c.id AND t.type = 'TRIAGED' WHERE c.caller_number = ?"
                    + " AND NOT c.asterisk_uniqueid LIKE '1690000000.%' AND EXISTS (SELECT 1 FROM call_event e WHERE e.call_id = c.id"
                    + " AND e.type = 'ROUTE_DECIDED') ORDER BY c.arrived_at", rs -> rs.getString(1), number));
            if (classes.size() >= nth) {
                return classes.get(nth - 1);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("call " + nth + " from " + number + " was never routed");
    }

    /** The targets the router chose for the latest call from {@code number}, with the IVR's steps for a reader. */
    private static String awaitRouteOf(Jdbc jdbc, String number) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> route = jdbc.tx("route", tx -> tx.one("SELECT e.data->>'targets' || '  (steps: ' || (SELECT string_agg(s.type, ' ' ORDER BY s.seq)"
                    + " FROM call_event s WHERE s.call_id = c.id) || ')' FROM call_event e JOIN call c ON c.id = e.call_id"
                    + " WHERE c.caller_number = ? AND e.type = 'ROUTE_DECIDED' ORDER BY c.arrived_at DESC LIMIT 1", rs -> rs.getString(1), number));
            if (route.isPresent()) {
                return route.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the call from " + number + " was never routed");
    }

    /** A real mouse click on a point of the district's shape that nothing (an incident's dot) covers. */
    private static void clickInside(ChromeDriver driver, String ubigeo) {
        @SuppressWarnings("unchecked")
        List<Number> point = (List<Number>) ((JavascriptExecutor) driver).executeScript("""
                const path = document.querySelector("#map path[data-ubigeo='" + arguments[0] + "']");
                const r = path.getBoundingClientRect();
                for (let step = 0; step < 19; step++) {
                  const fy = 0.5 + (step % 2 ? 1 : -1) * Math.ceil(step / 2) * 0.05;
                  for (let fx = 0.3; fx <= 0.7; fx += 0.05) {
                    const x = r.left + r.width * fx, y = r.top + r.height * fy;
                    if (document.elementFromPoint(x, y) === path) return [Math.round(x), Math.round(y)];
                  }
                }
                return null;""", ubigeo);
        assertThat(point).as("an uncovered point inside district " + ubigeo).isNotNull();
        new org.openqa.selenium.interactions.Actions(driver).moveToLocation(point.get(0).intValue(), point.get(1).intValue()).click().perform();
    }

    private static void writeNote(ChromeDriver driver, WebDriverWait wait, String box, String text, int expected) {
        driver.findElement(By.cssSelector(box + " textarea.narrative-input")).sendKeys(text);
        driver.findElement(By.cssSelector(box + " button.narrative-add")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(box + " ol li[data-note-id]"), expected));
        assertThat(driver.findElement(By.cssSelector(box + " ol")).getText()).contains(text);
    }
}
