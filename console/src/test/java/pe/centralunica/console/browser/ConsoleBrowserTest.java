package pe.centralunica.console.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import pe.centralunica.console.desk.ConsoleNode;
import pe.centralunica.console.desk.FakeAsterisk;
import pe.centralunica.router.CallFacts;
import pe.centralunica.router.CallerClass;
import pe.centralunica.router.RoutingTable;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser (headless chromium): a dispatcher signs in, a call arrives and pops, the
 * incident is edited and the caller transferred; an administrator changes a rule and the next decision follows
 * it; a dispatcher cannot reach the admin page. Screenshots go to target/screenshots/.
 */
@EnabledIf(value = "pe.centralunica.console.browser.Browsers#available",
        disabledReason = "no real browser: install Debian's chromium and chromium-driver (.ci/packages), or set CU_CHROMIUM/CU_CHROMEDRIVER")
class ConsoleBrowserTest {

    private static ConsoleNode console;
    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        console = new ConsoleNode();
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        driver = Browsers.start();
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    @AfterEach
    void closeBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    private void signIn(String username) {
        driver.get(console.base() + "/console/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(ConsoleNode.PASSWORD);
        Browsers.screenshot(driver, "01-login");
        driver.findElement(By.id("login-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app-view")));
    }

    private static void setValue(WebDriver driver, WebElement element, String value) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];", element, value);
    }

    @Test
    void aDispatcherSeesACallPopEditsTheIncidentAndTransfersTheCaller() {
        signIn("disp.miraflores");
        assertThat(driver.findElement(By.id("admin-link")).isDisplayed()).isFalse();

        UUID callId = console.insertCall("1700000300.1", "961234567", "CRIME", "150122", "PANIC", "IN_PROGRESS");
        long incident = console.incidentOf(callId);
        var call = FakeAsterisk.queued("1700000300.1", callId.toString(), "961234567", "ser-150122", "CRIME", "150122", "PANIC");
        console.asterisk.put(call);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#queue tr[data-uniqueid='1700000300.1'].panic")));
        Browsers.screenshot(driver, "02-dispatcher-queue");

        console.asterisk.put(FakeAsterisk.connected(call, ConsoleNode.MIRAFLORES_PHONE));
        wait.until(ExpectedConditions.textToBe(By.id("pop-incident-id"), Long.toString(incident)));
        assertThat(driver.findElement(By.id("pop-route")).getText()).contains("Delito: serenazgo y PNP");
        Browsers.screenshot(driver, "03-screen-pop");

        new Select(driver.findElement(By.id("inc-status"))).selectByValue("DISPATCHED");
        new Select(driver.findElement(By.id("inc-priority"))).selectByValue("1");
        driver.findElement(By.id("inc-address")).sendKeys("Av. Larco 1150");
        driver.findElement(By.id("inc-notes")).sendKeys("Robo con arma, dos sospechosos");
        driver.findElement(By.id("map")).click();
        double lat = Double.parseDouble(driver.findElement(By.id("inc-lat")).getAttribute("value"));
        double lon = Double.parseDouble(driver.findElement(By.id("inc-lon")).getAttribute("value"));
        assertThat(lat).as("a click on the Lima map").isBetween(-12.6, -11.5);
        assertThat(lon).isBetween(-77.3, -76.5);
        // The click also set the district under it; a Miraflores dispatcher may not move the incident out of
        // her district (the server refuses), so she keeps Miraflores.
        new Select(driver.findElement(By.id("inc-district"))).selectByValue("150122");
        driver.findElement(By.id("inc-save")).click();
        wait.until(ExpectedConditions.textToBe(By.id("inc-result"), "Guardado"));
        assertThat(console.count("SELECT count(*) FROM incident WHERE id = ? AND status = 'DISPATCHED' AND priority = 1"
                + " AND address = 'Av. Larco 1150' AND notes LIKE 'Robo con arma%' AND latitude = ? AND longitude = ?", incident,
                java.math.BigDecimal.valueOf(lat), java.math.BigDecimal.valueOf(lon))).isEqualTo(1);

        new Select(driver.findElement(By.id("transfer-target"))).selectByValue("T-PNP");
        driver.findElement(By.id("transfer-button")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("action-result"), "data-target", "T-PNP"));
        assertThat(console.asterisk.transfers).contains(new FakeAsterisk.Transfer("1700000300.1", "T-PNP", incident));
        Browsers.screenshot(driver, "04-incident-edited-and-transferred");

        UUID earlier = console.insertCall("1700000299.1", "960000000", "CRIME", "150122", "NORMAL", "ANSWERED");
        long earlierIncident = console.incidentOf(earlier);
        // The pop's list of open incidents was read when it opened; reopen it by reloading the page.
        driver.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.id("pop-incident-id"), Long.toString(incident)));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#link-incident option[value='" + earlierIncident + "']")));
        new Select(driver.findElement(By.id("link-incident"))).selectByValue(Long.toString(earlierIncident));
        driver.findElement(By.id("link-button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("pop-incident-id"), Long.toString(earlierIncident)));
        assertThat(console.incidentOf(callId)).isEqualTo(earlierIncident);

        driver.findElement(By.id("prank-button")).click();
        assertThat(console.count("SELECT count(*) FROM caller_mark WHERE caller_number = '961234567'"))
                .as("nothing is marked before the dispatcher confirms").isZero();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("prank-confirm-yes"))).click();
        wait.until(ExpectedConditions.textToBe(By.id("action-result"), "Marcada como broma"));
        assertThat(console.count("SELECT count(*) FROM caller_mark WHERE caller_number = '961234567' AND marked_by = 'disp.miraflores'"))
                .isEqualTo(1);

        new Select(driver.findElement(By.id("lang-select"))).selectByValue("en");
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#queue-card h2 span[data-i18n='queue']"), "Live queue"));
        Browsers.screenshot(driver, "05-dispatcher-english");

        driver.get(console.base() + "/console/admin.html");
        assertThat(driver.getPageSource()).contains("403").contains("ADMIN");
        Browsers.screenshot(driver, "06-dispatcher-refused-admin-page");
    }

    @Test
    void aPopThatOpenedBeforeTheRecordsShippedShowsItsIncidentWhenTheyLandAndKeepsWhatTheDispatcherTyped() {
        driver.quit();
        driver = Browsers.start(1366, 768); // a dispatcher's laptop
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        signIn("disp.miraflores");
        // The IVR said "other"; the record, shipped a moment after the answer, says fire.
        var call = FakeAsterisk.queued("1700000600.1", null, "961000600", "ser-150122", "OTHER", "150122", "NORMAL");
        console.asterisk.put(call);
        console.asterisk.put(FakeAsterisk.connected(call, ConsoleNode.MIRAFLORES_PHONE));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pop")));
        assertThat(driver.findElement(By.id("pop-incident-id")).getText()).isEqualTo("—");
        driver.findElement(By.id("inc-notes")).sendKeys("Humo en el tercer piso");

        UUID callId = console.insertCall("1700000600.1", "961000600", "FIRE", "150122", "NORMAL", "IN_PROGRESS");
        long incident = console.incidentOf(callId);
        wait.until(ExpectedConditions.textToBe(By.id("pop-incident-id"), Long.toString(incident)));
        Browsers.screenshot(driver, "03b-screen-pop-updated");
        assertThat(driver.findElement(By.id("pop-incident-id")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("pop-facts")).getText()).as("the type the record says").contains("Incendio");
        assertThat(driver.findElement(By.id("inc-type")).getAttribute("value")).as("untouched: the incident's").isEqualTo("FIRE");
        assertThat(driver.findElement(By.id("inc-notes")).getAttribute("value")).as("typed: kept").isEqualTo("Humo en el tercer piso");
        assertThat(driver.findElement(By.id("prank-button")).isEnabled()).as("the call record came with it").isTrue();
    }

    @Test
    void aDispatcherCallsBackAnAbandonedCallerWithOneClick() {
        UUID abandoned = console.insertCall("1700000301.1", "962222333", "MEDICAL", "150122", "NORMAL", "ABANDONED");
        signIn("disp.miraflores");
        WebElement button = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#abandoned tr[data-call-id='" + abandoned + "'] button")));
        Browsers.screenshot(driver, "11-abandoned-calls");
        button.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("callback-result"), "962222333"));
        assertThat(console.asterisk.callBacks).contains(new FakeAsterisk.CallBack(ConsoleNode.MIRAFLORES_PHONE, "962222333",
                console.incidentOf(abandoned)));
    }

    @Test
    void anAdministratorChangesARuleAndTheNextDecisionFollowsIt() {
        signIn("admin");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("admin-link"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("textarea.rule-editor[data-rule-id]")));

        CallFacts crimeInMiraflores = new CallFacts(Optional.of("LIMA"), Optional.of("150122"), "CRIME", CallerClass.NORMAL,
                ZonedDateTime.now(RoutingTable.LIMA));
        long ruleId = console.node.router().decide(crimeInMiraflores).ruleId();
        String firstBefore = console.node.router().decide(crimeInMiraflores).steps().getFirst().targetCode();
        assertThat(firstBefore).isNotEqualTo("Q-SAMU");
        Browsers.screenshot(driver, "07-admin-rules");

        WebElement editor = driver.findElement(By.cssSelector("textarea.rule-editor[data-rule-id='" + ruleId + "']"));
        JsonObject rule = new JsonObject(editor.getAttribute("value"));
        rule.put("targets", new JsonArray().add(new JsonObject().put("target", "Q-NO-SUCH-DESK")));
        setValue(driver, editor, rule.encodePrettily());
        driver.findElement(By.cssSelector("button.rule-save[data-rule-id='" + ruleId + "']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("div.rule[data-rule-id='" + ruleId + "'] .rule-problems"), "Q-NO-SUCH-DESK"));
        Browsers.screenshot(driver, "08-admin-rule-refused");
        assertThat(console.node.router().decide(crimeInMiraflores).steps().getFirst().targetCode()).isEqualTo(firstBefore);

        rule.put("targets", new JsonArray().add(new JsonObject().put("target", "Q-SAMU").put("ringTimeoutSeconds", 20)));
        setValue(driver, editor, rule.encodePrettily());
        String version = driver.findElement(By.id("rules-version")).getText();
        driver.findElement(By.cssSelector("button.rule-save[data-rule-id='" + ruleId + "']")).click();
        // The page reloads the rules after a saved change: a new routing version.
        wait.until(ExpectedConditions.not(ExpectedConditions.textToBe(By.id("rules-version"), version)));
        assertThat(console.node.router().decide(crimeInMiraflores).steps().getFirst().targetCode())
                .as("the live engine of this node, at once").isEqualTo("Q-SAMU");

        driver.findElement(By.id("tab-dryrun")).click();
        new Select(driver.findElement(By.id("dr-type"))).selectByValue("CRIME");
        new Select(driver.findElement(By.id("dr-district"))).selectByValue("150122");
        driver.findElement(By.id("dr-run")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#dr-steps li[data-target='Q-SAMU']")));
        Browsers.screenshot(driver, "09-admin-dry-run");

        driver.findElement(By.id("tab-users")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("users"), "disp.miraflores"));
        Browsers.screenshot(driver, "12-admin-users");

        driver.findElement(By.id("tab-audit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit"), "regla de ruteo " + ruleId));
        Browsers.screenshot(driver, "10-admin-audit");
    }
}
