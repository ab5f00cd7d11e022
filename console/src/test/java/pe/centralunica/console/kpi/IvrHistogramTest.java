package pe.centralunica.console.kpi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Percentiles from merged whole-second histograms equal percentile_cont over the same whole seconds. */
class IvrHistogramTest {

    @Test
    void percentilesInterpolateLikePercentileContAcrossMergedDays() {
        IvrHistogram h = new IvrHistogram();
        h.add(new Integer[]{3, 5, 10}, new Integer[]{1, 1, 1});   // one day: 3 5 10
        h.add(new Integer[]{4, 5, 6, 7, 8}, new Integer[]{1, 1, 1, 1, 1}); // another: 4 5 6 7 8
        // together 3 4 5 5 6 7 8 10: p50 = 5.5, p90 = 8 + 0.3 × 2 = 8.6
        assertThat(h.percentile(0.5)).isCloseTo(5.5, within(1e-9));
        assertThat(h.percentile(0.9)).isCloseTo(8.6, within(1e-9));
        assertThat(h.percentile(0.0)).isEqualTo(3.0);
        assertThat(h.percentile(1.0)).isEqualTo(10.0);
    }

    @Test
    void noCallsHaveNoPercentile() {
        assertThat(new IvrHistogram().percentile(0.5)).isNull();
        IvrHistogram one = new IvrHistogram();
        one.add(new Integer[]{12}, new Integer[]{4});
        assertThat(one.percentile(0.9)).isEqualTo(12.0);
    }
}
