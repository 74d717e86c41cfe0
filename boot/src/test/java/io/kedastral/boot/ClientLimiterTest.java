package io.kedastral.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedastral.boot.ClientLimiter.Rejection;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-client limits with a hand-moved monotonic clock. */
class ClientLimiterTest {
  private final AtomicLong nanos = new AtomicLong(1_000);

  @Test
  void aClientOverItsRateIsRefusedWhileAnotherClientIsAdmitted() {
    ClientLimiter limiter = new ClientLimiter(5, 100, nanos::get);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAdmit("10.0.0.1", false)).isNull();
    }
    assertThat(limiter.tryAdmit("10.0.0.1", false)).isEqualTo(Rejection.RATE);
    assertThat(limiter.tryAdmit("10.0.0.2", false)).isNull();
    nanos.addAndGet(200_000_000); // 0.2 s refills exactly one token at 5/s
    assertThat(limiter.tryAdmit("10.0.0.1", false)).isNull();
    assertThat(limiter.tryAdmit("10.0.0.1", false)).isEqualTo(Rejection.RATE);
    nanos.addAndGet(60_000_000_000L); // the bucket never holds more than one second's worth
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAdmit("10.0.0.1", false)).isNull();
    }
    assertThat(limiter.tryAdmit("10.0.0.1", false)).isEqualTo(Rejection.RATE);
  }

  @Test
  void concurrentSlotsAreHeldUntilReleasedAndOnlyByCallsThatHoldThem() {
    ClientLimiter limiter = new ClientLimiter(0, 2, nanos::get);
    assertThat(limiter.tryAdmit("a", true)).isNull();
    assertThat(limiter.tryAdmit("a", true)).isNull();
    assertThat(limiter.tryAdmit("a", true)).isEqualTo(Rejection.CONCURRENCY);
    assertThat(limiter.tryAdmit("a", false)).as("a stream holds no slot").isNull();
    assertThat(limiter.tryAdmit("b", true)).isNull();
    limiter.release("a");
    assertThat(limiter.tryAdmit("a", true)).isNull();
    assertThat(limiter.tryAdmit("a", true)).isEqualTo(Rejection.CONCURRENCY);
  }

  @Test
  void aRefusedConcurrentCallTakesNoTokenAndRateZeroIsUnlimited() {
    ClientLimiter limiter = new ClientLimiter(1, 1, nanos::get);
    assertThat(limiter.tryAdmit("a", true)).isNull();
    assertThat(limiter.tryAdmit("a", true)).isEqualTo(Rejection.CONCURRENCY);
    limiter.release("a");
    nanos.addAndGet(1_000_000_000);
    assertThat(limiter.tryAdmit("a", true)).isNull();

    ClientLimiter unlimited = new ClientLimiter(0, 1, nanos::get);
    for (int i = 0; i < 100_000; i++) {
      assertThat(unlimited.tryAdmit("a", false)).isNull();
    }
  }

  @Test
  void forgetsIdleClientsBeyondTheBoundButKeepsBusyOnes() {
    ClientLimiter limiter = new ClientLimiter(10, 1, nanos::get);
    assertThat(limiter.tryAdmit("busy", true)).isNull();
    for (int i = 0; i < ClientLimiter.MAX_TRACKED_CLIENTS + 500; i++) {
      limiter.tryAdmit("10.1." + i, false);
      if (i % 1000 == 0) {
        nanos.addAndGet(1_000_000_000); // earlier clients' buckets are full again: idle
      }
    }
    assertThat(limiter.trackedClients()).isLessThanOrEqualTo(ClientLimiter.MAX_TRACKED_CLIENTS + 1);
    assertThat(limiter.tryAdmit("busy", true))
        .as("the busy client's slot survived")
        .isEqualTo(Rejection.CONCURRENCY);
  }
}
