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
import pe.centralunica.console.desk.FakeAsterisk;
import pe.centralunica.console.kpi.GeneratedCalls;
import pe.centralunica.console.kpi.KpiRollup;
import pe.centralunica.router.live.DispatcherState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The supervisors' wallboard and reports in Spanish and English: figures coloured at the NENA thresholds, a chart
 * drawn by Chart.js (served by the app), the staffing grid. Screenshots in target/screenshots/.
 */
@EnabledIf(value = "pe.centralunica.console.browser.Browsers#available",
        disabledReason = "no real browser: install Debian's chromium and chromium-driver (.ci/packages), or set CU_CHROMIUM/CU_CHROMEDRIVER")
class SupervisorPagesBrowserTest {

    private static ConsoleNode console;

    @BeforeAll
    static void start() throws Exception {
        console = new ConsoleNode();
        GeneratedCalls g = new GeneratedCalls(console.jdbc);
        Instant t = Instant.now().minusSeconds(900);
        g.call(t).queued(4, "cic-sc").answered(10).hungUp(100).save();
        g.call(t.plusSeconds(5)).queued(6, "cic-sc").answered(19).hungUp(90).save();
        g.call(t.plusSeconds(9)).queued(5, "cic-sc").abandoned(30).hungUp(30).save();
        g.call(t.plusSeconds(20)).in("150132", "FIRE", "qu").queued(3, "ser-150132").answered(8).hungUp(60).save();
        g.call(t.plusSeconds(30)).hungUp(5).save();
        // incidents on Friday nights of the last four weeks in SJL, for the hotspots
        console.jdbc.tx("incidents", tx -> {
            for (int week = 1; week <= 4; week++) {
                java.time.LocalDateTime friday = java.time.LocalDate.now(java.time.ZoneId.of("America/Lima"))
                        .with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY))
                        .minusWeeks(week).plusDays(4).atTime(22, 10);
                for (int i = 0; i < 10 + week; i++) {
                    tx.update("INSERT INTO incident (emergency_type_code, priority, district_ubigeo, created_at) VALUES ('TRAFFIC', 2, '150132', ?)",
                            java.sql.Timestamp.from(friday.atZone(java.time.ZoneId.of("America/Lima")).toInstant()));
                }
            }
            return null;
        });
        new KpiRollup(console.jdbc, java.time.ZoneId.of("America/Lima")).refreshSince(t.minusSeconds(60));
        console.asterisk.put(FakeAsterisk.queued("1700000901.1", null, "999111222", "cic-sc", "CRIME", "150101", "NORMAL"));
        console.asterisk.members.addAll(List.of(
                new DispatcherState("PJSIP/cic-01", "cic-01", "cic-sc", true, false, false, Optional.empty()),
                new DispatcherState("PJSIP/disp-150132-01", "d", "ser-150132", true, false, true, Optional.of("x"))));
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"es", "en"})
    void wallboardAndReportsWithChartsReadInTheChosenLanguage(String language) {
        ChromeDriver driver = Browsers.start(1366, 768);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            driver.get(console.base() + "/console/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
            new Select(driver.findElement(By.id("lang-select"))).selectByValue(language);
            driver.findElement(By.id("username")).sendKeys("supervisor");
            driver.findElement(By.id("password")).sendKeys(ConsoleNode.PASSWORD);
            driver.findElement(By.id("login-button")).click();
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("username")));

            driver.get(console.base() + "/console/wallboard.html");
            var metro = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-desk='CIC-SC']")));
            String text = metro.getText();
            assertThat(text).contains(language.equals("es") ? "Atendidas ≤ 15 s" : "Answered ≤ 15 s");
            // 1 of 3 settled calls within 15 s: red; 1 of 3 abandoned: red; one caller waiting
            assertThat(metro.findElement(By.cssSelector("[data-figure='pctWithin15']")).getAttribute("class")).contains("bad");
            assertThat(metro.findElement(By.cssSelector("[data-figure='waiting'] .value")).getText()).isEqualTo("1");
            var sjl = driver.findElement(By.cssSelector("[data-desk='SER-150132']"));
            assertThat(sjl.findElement(By.cssSelector("[data-figure='pctWithin15']")).getAttribute("class")).contains("good");
            assertThat(driver.findElement(By.tagName("h2")).getText()).isEqualTo(language.equals("es") ? "Toda la ciudad" : "Whole city");
            Browsers.screenshot(driver, "supervisor-" + language + "-01-wallboard");

            driver.get(console.base() + "/console/reports.html");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#r-table tbody tr")));
            new Select(driver.findElement(By.id("r-by"))).selectByValue("central");
            driver.findElement(By.cssSelector("#report-form button[type=submit]")).click();
            wait.until(d -> d.findElement(By.cssSelector("#r-table thead")).getText()
                    .contains(language.equals("es") ? "Central" : "Central"));
            wait.until(d -> d.findElement(By.id("r-table")).getText().contains("Serenazgo"));
            Object drawn = driver.executeScript("const c = Chart.getChart(document.getElementById('r-chart'));"
                    + " return c ? c.data.labels.length : -1;");
            assertThat(((Number) drawn).intValue()).as("Chart.js drew one bar per central").isEqualTo(3);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#staffing [data-central='CIC-SC'] table")));
            assertThat(driver.findElement(By.id("staffing")).getText())
                    .contains(language.equals("es") ? "conectados ahora" : "logged in now");
            assertThat(driver.findElement(By.id("r-csv")).getAttribute("href")).contains("/api/reports.csv?from=");
            Browsers.screenshot(driver, "supervisor-" + language + "-02-reports");

            driver.get(console.base() + "/console/hotspots.html");
            var friday = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-district='150132'] td[data-how='5:22']")));
            // (11 + 12 + 13 + 14) / 4 = 12.5 expected; held back: |11 − 9.75|, |12 − 6.75|, |13 − 3.5|, |14 − 0| → 30 / 4 = 7.5
            assertThat(friday.getAttribute("title")).isEqualTo(language.equals("es")
                    ? "Vie 22:00, San Juan de Lurigancho: esperado 12.5 ± 7.5 (semana pasada 11)"
                    : "Fri 22:00, San Juan de Lurigancho: expected 12.5 ± 7.5 (last week 11)");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#h-map path[data-ubigeo='150132']")));
            Browsers.screenshot(driver, "supervisor-" + language + "-03-hotspots");
        } finally {
            driver.quit();
        }
    }
}
