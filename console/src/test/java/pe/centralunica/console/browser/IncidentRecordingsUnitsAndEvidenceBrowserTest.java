package pe.centralunica.console.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import pe.centralunica.console.desk.ConsoleNode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The incident view with what the API knows about it beyond the call-taker's form, at 1366×768 with long data:
 * the agencies' units with their status in words, each linked call's recording as a player for whoever may hear
 * it (the playback API's rule: supervisors, dispatchers of the call's district), and evidence downloads for
 * supervisors only.
 */
@EnabledIf(value = "pe.centralunica.console.browser.Browsers#available",
        disabledReason = "no real browser: install Debian's chromium and chromium-driver (.ci/packages), or set CU_CHROMIUM/CU_CHROMEDRIVER")
class IncidentRecordingsUnitsAndEvidenceBrowserTest {

    private static final List<String> CODES;

    static {
        List<String> codes = new ArrayList<>(PageChecks.DESK_CODES);
        // Not SAMU: it is part of that agency's name ("Sistema de Atención Móvil de Urgencias (SAMU)").
        codes.addAll(List.of("EN_ROUTE", "CLEARED", "CGBVP", "PNP"));
        CODES = List.copyOf(codes);
    }

    private static ConsoleNode console;
    private static long incident;
    /** From Miraflores, the incident's district: Miraflores' dispatchers may hear it. */
    private static UUID callFromMiraflores;
    /** Keyed San Isidro in the menu, linked to the Miraflores incident: only supervisors may hear it. */
    private static UUID callFromSanIsidro;

    @BeforeAll
    static void start() throws Exception {
        console = new ConsoleNode();
        callFromMiraflores = console.insertCall("1700002001.1", "987654321", "FIRE", "150122", "NORMAL", "TRANSFERRED");
        incident = console.incidentOf(callFromMiraflores);
        callFromSanIsidro = console.insertCall("1700002002.1", "014445566", "FIRE", "150131", "NORMAL", "ANSWERED");
        console.jdbc.tx("a long incident with a second call and its units", tx -> {
            tx.update("UPDATE call SET incident_id = ? WHERE id = ?", incident, callFromSanIsidro);
            tx.update("UPDATE incident SET address = ?, notes = ?, status = 'ON_SCENE' WHERE id = ?",
                    "Av. José Larco 1150, edificio Torre Larco Mar, piso 14, oficinas 1401-1408, referencia: frente al Parque Kennedy"
                            + " y a media cuadra de la Municipalidad de Miraflores", "Humo negro en la escalera de servicio; ".repeat(8), incident);
            Instant t = Instant.now().minusSeconds(1800);
            unit(tx, "CGBVP", "unit-cgbvp-b34", "Máquina de rescate B-34 de la Compañía de Bomberos Voluntarios Miraflores N.º 28",
                    "Urban Search and Rescue Ladder Unit", "ON_SCENE", t, t.plusSeconds(60), t.plusSeconds(540), null);
            unit(tx, "CGBVP", "unit-cgbvp-m7", "Autobomba M-7 Compañía San Isidro N.º 100", "Fire Engine", "EN_ROUTE",
                    t.plusSeconds(300), t.plusSeconds(360), null, null);
            unit(tx, "SAMU", "unit-samu-a2", "Ambulancia de soporte vital avanzado A-2", "Advanced Life Support Ambulance", "DISPATCHED",
                    t.plusSeconds(400), null, null, null);
            unit(tx, "PNP", "unit-pnp-rp1507", "Radiopatrulla RP-1507 Comisaría de Miraflores", "Patrol Car", "CLEARED",
                    t.plusSeconds(100), t.plusSeconds(130), t.plusSeconds(700), t.plusSeconds(1500));
            return null;
        });
        record(callFromMiraflores);
        record(callFromSanIsidro);
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"es, En el lugar, En camino, Despachada, Liberada", "en, On scene, En route, Dispatched, Cleared"})
    void aSupervisorHearsEveryRecordingAndMayDownloadTheEvidence(String language, String onScene, String enRoute, String dispatched,
                                                                  String cleared) {
        ChromeDriver driver = Browsers.start(1366, 768);
        try {
            openIncidentAs(driver, "supervisor", language);
            assertThat(unitStatuses(driver)).containsExactly(onScene, cleared, enRoute, dispatched);
            assertThat(driver.findElement(By.id("d-units")).getText()).contains("Cuerpo General de Bomberos Voluntarios del Perú")
                    .contains("Máquina de rescate B-34");

            List<WebElement> players = driver.findElements(By.cssSelector("#d-calls audio.recording"));
            assertThat(players).hasSize(2);
            for (WebElement player : players) {
                assertThat(player.getDomProperty("controls")).isEqualTo("true");
                assertThat(fetch(driver, player.getDomProperty("src"))).isEqualTo("200 audio/wav");
            }
            WebElement evidence = driver.findElement(By.id("d-evidence"));
            assertThat(evidence.isDisplayed()).isTrue();
            assertThat(fetch(driver, evidence.getDomProperty("href"))).isEqualTo("200 application/zip");
            List<WebElement> callEvidence = driver.findElements(By.cssSelector("#d-calls a.evidence-link"));
            assertThat(callEvidence).hasSize(2).allSatisfy(a -> assertThat(a.isDisplayed()).isTrue());
            assertThat(fetch(driver, callEvidence.get(0).getDomProperty("href"))).isEqualTo("200 application/zip");
            scrollDetailToCalls(driver);
            check(driver, "incident-units-supervisor-" + language);
        } finally {
            driver.quit();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"es, En el lugar", "en, On scene"})
    void aDistrictDispatcherHearsOnlyTheirDistrictsRecordingAndGetsNoEvidenceLink(String language, String onScene) {
        ChromeDriver driver = Browsers.start(1366, 768);
        try {
            openIncidentAs(driver, "disp.miraflores", language);
            assertThat(unitStatuses(driver)).first().isEqualTo(onScene);
            List<WebElement> players = driver.findElements(By.cssSelector("#d-calls audio.recording"));
            assertThat(players).as("a player only for the call from their district").hasSize(1);
            assertThat(players.get(0).getDomProperty("src")).endsWith("/api/calls/" + callFromMiraflores + "/recording");
            assertThat(fetch(driver, players.get(0).getDomProperty("src"))).isEqualTo("200 audio/wav");
            // The page follows the API: the other call's recording is not theirs to hear.
            assertThat(fetch(driver, "/api/calls/" + callFromSanIsidro + "/recording")).startsWith("404");

            assertThat(driver.findElement(By.id("d-evidence")).isDisplayed()).isFalse();
            assertThat(driver.findElements(By.cssSelector("#d-calls a.evidence-link"))).isEmpty();
            assertThat(driver.findElement(By.id("d-calls")).getText()).doesNotContain("ZIP");
            assertThat(fetch(driver, "/api/incidents/" + incident + "/evidence")).as("the premise: the API refuses them").startsWith("403");
            scrollDetailToCalls(driver);
            check(driver, "incident-units-dispatcher-" + language);
        } finally {
            driver.quit();
        }
    }

    private static WebDriverWait openIncidentAs(ChromeDriver driver, String user, String language) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        driver.get(console.base() + "/console/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        new Select(driver.findElement(By.id("lang-select"))).selectByValue(language);
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(ConsoleNode.PASSWORD);
        driver.findElement(By.id("login-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app-view")));
        driver.get(console.base() + "/console/incidents.html#" + incident);
        wait.until(ExpectedConditions.textToBe(By.id("d-id"), Long.toString(incident)));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#d-units tr[data-unit-id]"), 4));
        return wait;
    }

    private static List<String> unitStatuses(ChromeDriver driver) {
        return driver.findElements(By.cssSelector("#d-units td.unit-status")).stream().map(WebElement::getText).toList();
    }

    /** What the browser, with this user's session, gets from {@code url}: status and content type. */
    private static String fetch(ChromeDriver driver, String url) {
        return (String) driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], { credentials: 'same-origin' })
                  .then(r => done(r.status + ' ' + r.headers.get('content-type')), e => done('failed ' + e));""", url);
    }

    private static void scrollDetailToCalls(ChromeDriver driver) {
        driver.executeScript("document.getElementById('d-units-table').scrollIntoView()");
    }

    /** The units in view, then the linked calls with their players: each screenful fits and reads in words. */
    private static void check(ChromeDriver driver, String screenshot) {
        Browsers.screenshot(driver, screenshot);
        PageChecks.assertFits(driver, 1366);
        PageChecks.assertNoRawCodes(driver, CODES);
        driver.executeScript("document.getElementById('d-calls').scrollIntoView()");
        Browsers.screenshot(driver, screenshot + "-calls");
        PageChecks.assertFits(driver, 1366);
        PageChecks.assertNoRawCodes(driver, CODES);
    }

    private static void unit(pe.centralunica.console.store.Tx tx, String agency, String id, String name, String type, String status,
                             Instant dispatched, Instant enRoute, Instant onScene, Instant cleared) throws java.sql.SQLException {
        tx.update("""
                INSERT INTO incident_unit (incident_id, agency_code, component_id, name, resource_type, status, dispatched_at,
                                           en_route_at, on_scene_at, cleared_at, reported_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())""", incident, agency, id, name, type, status, ts(dispatched), ts(enRoute),
                ts(onScene), ts(cleared));
    }

    private static java.sql.Timestamp ts(Instant at) {
        return at == null ? null : java.sql.Timestamp.from(at);
    }

    /** A real (short) WAV, linked to the call as the recording keeper does. */
    private static void record(UUID call) throws Exception {
        byte[] audio = wav(8_000, 1);
        Path file = Files.createTempFile("incident-recording-", ".wav");
        Files.write(file, audio);
        file.toFile().deleteOnExit();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(audio));
        console.jdbc.tx("link a recording", tx -> tx.update(
                "INSERT INTO call_recording (call_id, path, duration_ms, bytes, sha256) VALUES (?, ?, 1000, ?, ?)",
                call, file.toString(), audio.length, sha));
    }

    /** 16-bit mono PCM of a 440 Hz tone. */
    private static byte[] wav(int rate, int seconds) {
        int samples = rate * seconds;
        ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (8_000 * Math.sin(2 * Math.PI * 440 * i / rate)));
        }
        return b.array();
    }
}
