package org.fraudgraph.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreMarksTest {
    @Test
    void rateIsTakenBetweenTheMarksNotOverTheWholeRun() {
        // Two subtasks, each marking every 1,000 scores: a slow start (one mark per second),
        // then 10 marks per second each.
        List<Long> marks = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            long t = 0;
            for (int i = 0; i < 10; i++) {
                marks.add(t += 1_000);
            }
            for (int i = 0; i < 90; i++) {
                marks.add(t += 100);
            }
        }
        // 200 marks; the 10 % mark (index 19) is the second subtask's last slow one at 10 s, the
        // 90 % mark (index 179) at 18 s: 160 marks of 1,000 scores in 8 s.
        assertThat(ScoreMarks.rate(marks, 0.10, 0.90)).isCloseTo(20_000.0, within(1e-6));
        // From the start: 180,000 scores in 18 s.
        assertThat(ScoreMarks.rate(marks, 0.0, 0.90)).isCloseTo(179 * 1000 / 17.0, within(1e-6));
    }

    @Test
    void tooFewMarksGiveNoRate() {
        assertThat(ScoreMarks.rate(List.of(), 0.1, 0.9)).isNaN();
        assertThat(ScoreMarks.rate(List.of(5L), 0.1, 0.9)).isNaN();
        assertThat(ScoreMarks.rate(List.of(5L, 5L, 5L), 0.0, 1.0)).isNaN();
    }

    @Test
    void refusesAWindowTheWrongWayRound() {
        assertThatThrownBy(() -> ScoreMarks.rate(List.of(1L, 2L), 0.9, 0.1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
