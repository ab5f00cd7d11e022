package pe.centralunica.db.testing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeededRunsTest {

    @Test
    void theSameMasterSeedChecksTheSameInputsAndAnotherChecksOthers() {
        List<Long> first = seedsOf(new SeededRuns(7, 50, OptionalLong.empty()));
        List<Long> again = seedsOf(new SeededRuns(7, 50, OptionalLong.empty()));
        List<Long> other = seedsOf(new SeededRuns(8, 50, OptionalLong.empty()));

        assertThat(first).hasSize(50).doesNotHaveDuplicates().isEqualTo(again);
        assertThat(other).doesNotContainAnyElementsOf(first);
    }

    @Test
    void aFailureNamesItsSeedAndStopsTheRunAndReplayingThatSeedChecksOnlyIt() {
        List<Long> seen = new ArrayList<>();
        SeededRuns runs = new SeededRuns(SeededRuns.DEFAULT_MASTER_SEED, 1_000, OptionalLong.empty());

        assertThatThrownBy(() -> runs.run("demo", seed -> {
            seen.add(seed);
            if (seen.size() == 5) {
                throw new IllegalStateException("broken by this input");
            }
        })).isInstanceOf(AssertionError.class)
                .hasMessageContaining("input 5 of 1,000")
                .hasMessageContaining("-Dfuzz.replay=" + seen.get(4))
                .hasRootCauseMessage("broken by this input");
        assertThat(seen).hasSize(5);

        List<Long> replayed = seedsOf(new SeededRuns(SeededRuns.DEFAULT_MASTER_SEED, 1_000, OptionalLong.of(seen.get(4))));
        assertThat(replayed).containsExactly(seen.get(4));
    }

    private static List<Long> seedsOf(SeededRuns runs) {
        List<Long> seeds = new ArrayList<>();
        assertThat(runs.run("seeds", seeds::add)).isEqualTo(seeds.size());
        return seeds;
    }
}
