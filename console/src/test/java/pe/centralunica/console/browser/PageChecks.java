package pe.centralunica.console.browser;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What every console page must satisfy in a real browser: it fits the window, and it shows words, not codes. */
public final class PageChecks {

    /** Internal codes the desk must never show bare (states, classes, roles, event types, targets). */
    public static final List<String> DESK_CODES = List.of("IVR", "QUEUED", "RINGING", "CONNECTED", "DIALING", "ENDED", "NORMAL", "PANIC", "SILENT",
            "FLAGGED", "PANIC_BUTTON", "TRUNK", "HISTORY", "DTMF", "NONE", "NEW", "DISPATCHED", "ON_SCENE", "CLOSED",
            "IN_PROGRESS", "ANSWERED", "ABANDONED", "TRANSFERRED", "FAILED", "FALLBACK", "DISPATCHER", "SUPERVISOR", "ADMIN",
            "DIGIT", "TRIAGED", "ROUTE_DECIDED", "LANGUAGE_CHOSEN", "INPUT_TIMEOUT", "CRIME", "FIRE", "MEDICAL", "UNKNOWN",
            "Q-PNP", "Q-METRO", "Q-SER-150122", "SER-150122", "CIC-SC", "null", "undefined", "NaN");

    private PageChecks() {
    }

    /** No horizontal scroll and no element sticking out of the window or out of its column. */
    public static void assertFits(ChromeDriver driver, int width) {
        Object wide = ((JavascriptExecutor) driver).executeScript("""
                const w = document.documentElement.clientWidth, out = [];
                if (document.documentElement.scrollWidth > w) out.push('page scrolls sideways: ' + document.documentElement.scrollWidth);
                for (const e of document.querySelectorAll('body *')) {
                  const r = e.getBoundingClientRect();
                  if (!r.width || !r.height) continue;
                  // The map's panes reach past its box on purpose (Leaflet draws a margin for panning); the map clips them.
                  if (e.closest('.leaflet-pane')) continue;
                  const column = e.closest('.desk > section');
                  const right = column && column !== e ? column.getBoundingClientRect().right : w;
                  if (r.right > right + 1 || r.left < -1) out.push(e.tagName + '#' + e.id + '.' + e.getAttribute('class') + ' right=' + Math.round(r.right) + ' > ' + Math.round(right));
                }
                return out.slice(0, 10).join('\\n');""");
        assertThat((String) wide).as("elements wider than the " + width + " px window or their column").isEmpty();
    }

    /** Visible text holds no internal code and no untranslated label key. */
    public static void assertNoRawCodes(ChromeDriver driver, List<String> codes) {
        // Visible text outside the JSON editors (where an administrator writes codes on purpose).
        String text = (String) ((JavascriptExecutor) driver).executeScript("""
                const out = [], walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                while (walk.nextNode()) {
                  const parent = walk.currentNode.parentElement;
                  if (!parent || parent.closest('textarea, script, style, option, [hidden]')) continue;
                  if (parent.checkVisibility && !parent.checkVisibility()) continue;
                  out.push(walk.currentNode.textContent);
                }
                for (const s of document.querySelectorAll('select')) if (s.selectedOptions[0]) out.push(s.selectedOptions[0].textContent);
                return out.join(' ');""");
        for (String code : codes) {
            assertThat(text).as("raw code " + code + " on screen").doesNotContainPattern("(?<![\\p{L}\\p{N}_-])" + java.util.regex.Pattern.quote(code) + "(?![\\p{L}\\p{N}_-])");
        }
        Object untranslated = ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll('[data-i18n]')].filter(e => e.textContent === e.dataset.i18n).map(e => e.dataset.i18n).join(',')");
        assertThat((String) untranslated).as("labels without a translation").isEmpty();
    }
}
