package pe.centralunica.console.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import pe.centralunica.console.desk.ConsoleNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page of the console — sign-in, desk, incident board, each administration tab — in Spanish and in English
 * at 1366×768: nothing wider than the window, no untranslated label, no bare internal code (states, classes,
 * roles, audit actions and entities, target kinds).
 */
@EnabledIf(value = "pe.centralunica.console.browser.Browsers#available",
        disabledReason = "no real browser: install Debian's chromium and chromium-driver (.ci/packages), or set CU_CHROMIUM/CU_CHROMEDRIVER")
class EveryPageInBothLanguagesBrowserTest {

    private static final List<String> CODES;

    static {
        List<String> codes = new ArrayList<>(PageChecks.DESK_CODES);
        codes.addAll(List.of("QUEUE", "ENDPOINT", "DIAL", "CREATE", "UPDATE", "DELETE", "LOGIN", "LOGIN_FAILED", "APPLY", "routing_rule",
                "app_user", "caller_mark", "incident_note", "WARNING", "ERROR", "MONDAY", "SATURDAY", "SUNDAY"));
        CODES = List.copyOf(codes);
    }

    private static ConsoleNode console;

    @BeforeAll
    static void start() throws Exception {
        console = new ConsoleNode();
        // Something in every list: incidents, an abandoned call, audit rows.
        UUID call = console.insertCall("1700000501.1", "987600501", "FIRE", "150122", "NORMAL", "ABANDONED");
        ConsoleNode.Client dispatcher = console.login("disp.miraflores");
        dispatcher.patch("/api/incidents/" + console.incidentOf(call), new io.vertx.core.json.JsonObject()
                .put("address", "Jr. Independencia 1250, altura del mercado N.º 2 de Surquillo").put("status", "DISPATCHED"));
        dispatcher.post("/api/incidents/" + console.incidentOf(call) + "/notes", new io.vertx.core.json.JsonObject()
                .put("text", "Bomberos de la compañía 28 en camino"));
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"es", "en"})
    void everyPageReadsInTheChosenLanguageAndFitsTheWindow(String language) {
        ChromeDriver driver = Browsers.start(1366, 768);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            driver.get(console.base() + "/console/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
            new Select(driver.findElement(By.id("lang-select"))).selectByValue(language);
            check(driver, "pages-" + language + "-01-login");
            driver.findElement(By.id("username")).sendKeys("admin");
            driver.findElement(By.id("password")).sendKeys(ConsoleNode.PASSWORD);
            driver.findElement(By.id("login-button")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#abandoned tr[data-call-id]")));
            check(driver, "pages-" + language + "-02-desk");
            assertThat(driver.findElement(By.id("callback-result")).getText())
                    .as("no error on a desk just signed in to, whichever language was chosen first").isEmpty();

            driver.get(console.base() + "/console/incidents.html");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#board tr[data-incident-id]"))).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#d-narrative li[data-note-id]")));
            check(driver, "pages-" + language + "-03-incidents");
            driver.findElement(By.id("new-incident")).click();
            check(driver, "pages-" + language + "-04-new-incident");

            driver.get(console.base() + "/console/admin.html");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("textarea.rule-editor[data-rule-id]")));
            check(driver, "pages-" + language + "-05-admin-rules");
            driver.findElement(By.id("tab-dryrun")).click();
            driver.findElement(By.id("dr-run")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#dr-steps li")));
            check(driver, "pages-" + language + "-06-admin-dry-run");
            driver.findElement(By.id("tab-users")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("users"), "disp.miraflores"));
            check(driver, "pages-" + language + "-07-admin-users");
            driver.findElement(By.id("tab-panic")).click();
            check(driver, "pages-" + language + "-08-admin-panic-buttons");
            driver.findElement(By.id("tab-audit")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#audit tr")));
            check(driver, "pages-" + language + "-09-admin-audit");
        } finally {
            driver.quit();
        }
    }

    private static void check(ChromeDriver driver, String screenshot) {
        Browsers.screenshot(driver, screenshot);
        PageChecks.assertFits(driver, 1366);
        PageChecks.assertNoRawCodes(driver, CODES);
    }
}
