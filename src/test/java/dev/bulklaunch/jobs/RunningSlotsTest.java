package dev.bulklaunch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunningSlotsTest {

  @Test
  void pastTheLimitJobsWaitInOrderAndEachFreedSlotGoesToTheNext() {
    RunningSlots slots = new RunningSlots(2);
    List<String> events = new ArrayList<>();

    assertThat(slots.take(() -> events.add("queued a"), () -> events.add("start a"))).isTrue();
    assertThat(slots.take(() -> events.add("queued b"), () -> events.add("start b"))).isTrue();
    assertThat(slots.take(() -> events.add("queued c"), () -> events.add("start c"))).isFalse();
    assertThat(slots.take(() -> events.add("queued d"), () -> events.add("start d"))).isFalse();
    slots.release();
    slots.release();
    slots.release();
    slots.release();

    assertThat(events).containsExactly("queued c", "queued d", "start c", "start d");
    assertThat(slots.take(() -> events.add("queued e"), () -> { })).isTrue();
    assertThat(slots.take(() -> events.add("queued f"), () -> { })).isTrue();
    assertThat(slots.take(() -> events.add("queued g"), () -> { })).isFalse();
  }
}
