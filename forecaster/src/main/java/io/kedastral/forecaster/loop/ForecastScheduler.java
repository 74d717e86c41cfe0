package io.kedastral.forecaster.loop;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the {@link ForecastLoop} on one daemon thread: the first tick at once (warm start, without
 * delaying start-up), then after each tick the {@link Backoff} delay (a follower's tick is not a
 * failure). Stopped before the web server on shutdown, waiting for a running tick to finish, then
 * giving up the writer lease so that another replica takes over at its next tick.
 */
public final class ForecastScheduler implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ForecastScheduler.class);

  private final ForecastLoop loop;
  private final Backoff backoff;
  private ScheduledExecutorService executor;
  private volatile int consecutiveFailures;
  private volatile boolean running;

  public ForecastScheduler(ForecastLoop loop, Backoff backoff) {
    this.loop = loop;
    this.backoff = backoff;
  }

  @Override
  public synchronized void start() {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "forecast-loop");
              t.setDaemon(true);
              return t;
            });
    running = true;
    executor.execute(this::runTick);
  }

  private void runTick() {
    if (!running) {
      return;
    }
    ForecastLoop.Outcome outcome = loop.tick();
    consecutiveFailures = outcome == ForecastLoop.Outcome.FAILED ? consecutiveFailures + 1 : 0;
    var delay = backoff.delayAfter(consecutiveFailures);
    if (consecutiveFailures > 0) {
      log.info("retrying in {} after {} failed tick(s)", delay, consecutiveFailures);
    }
    if (running) {
      executor.schedule(this::runTick, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (executor == null) {
      return;
    }
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("forecast tick still running after 10s at shutdown");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    loop.release();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Consecutive failed ticks so far (0 after a success). */
  public int consecutiveFailures() {
    return consecutiveFailures;
  }
}
