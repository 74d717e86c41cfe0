package io.kedastral.boot;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-client admission control shared by the forecaster's HTTP API and the scaler's gRPC server, so
 * one noisy client cannot starve the others (KEDA's operator and metrics apiserver are two separate
 * clients). Each client (its IP address) has a token bucket of {@code ratePerSecond} tokens
 * refilled continuously (a one-second burst) and a count of calls in flight limited to {@code
 * maxConcurrent}. A rate of {@code 0} turns the rate limit off.
 *
 * <p>Memory is bounded: beyond {@link #MAX_TRACKED_CLIENTS} clients, the idle ones (nothing in
 * flight, bucket full) are forgotten. Every change of one client's state happens inside {@link
 * ConcurrentHashMap#compute}, so it is atomic per client. Thread-safe.
 */
public final class ClientLimiter {
  /** How many clients are tracked before idle ones are forgotten. */
  public static final int MAX_TRACKED_CLIENTS = 10_000;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /** Why a call was refused; {@link #label()} is the metric tag. */
  public enum Rejection {
    RATE,
    CONCURRENCY;

    public String label() {
      return this == RATE ? "rate" : "concurrency";
    }
  }

  private final int ratePerSecond;
  private final int maxConcurrent;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, State> clients = new ConcurrentHashMap<>();

  /**
   * @param ratePerSecond calls per second per client, {@code 0} = unlimited
   * @param maxConcurrent calls in flight per client (only calls admitted with {@code holdsSlot})
   * @param nanoTime the monotonic clock ({@code System::nanoTime})
   */
  public ClientLimiter(int ratePerSecond, int maxConcurrent, LongSupplier nanoTime) {
    if (ratePerSecond < 0) {
      throw new IllegalArgumentException("ratePerSecond must be >= 0");
    }
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be >= 1");
    }
    this.ratePerSecond = ratePerSecond;
    this.maxConcurrent = maxConcurrent;
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /**
   * Admits one call of {@code client} or says why not. An admitted call with {@code holdsSlot}
   * occupies one of the client's concurrent slots until {@link #release(String)}.
   *
   * @return {@code null} when admitted, else the reason for refusing
   */
  public Rejection tryAdmit(String client, boolean holdsSlot) {
    long now = nanoTime.getAsLong();
    Rejection[] verdict = new Rejection[1];
    clients.compute(
        client,
        (k, s) -> {
          State state = s == null ? new State(ratePerSecond, now) : s;
          verdict[0] = state.admit(now, holdsSlot);
          return state;
        });
    if (clients.size() > MAX_TRACKED_CLIENTS) {
      forgetIdle(now);
    }
    return verdict[0];
  }

  /** Frees the slot of a call admitted with {@code holdsSlot}; call exactly once per such call. */
  public void release(String client) {
    clients.computeIfPresent(
        client,
        (k, s) -> {
          s.inFlight = Math.max(0, s.inFlight - 1);
          return s;
        });
  }

  /** How many clients are tracked now (bounded by about {@link #MAX_TRACKED_CLIENTS}). */
  public int trackedClients() {
    return clients.size();
  }

  public int ratePerSecond() {
    return ratePerSecond;
  }

  public int maxConcurrent() {
    return maxConcurrent;
  }

  private void forgetIdle(long now) {
    for (String key : clients.keySet()) {
      clients.computeIfPresent(key, (k, s) -> s.idle(now) ? null : s);
    }
  }

  /** One client's bucket and slots; only touched inside {@code compute}. */
  private final class State {
    private double tokens;
    private long refilledAt;
    private int inFlight;

    State(int capacity, long now) {
      this.tokens = capacity;
      this.refilledAt = now;
    }

    Rejection admit(long now, boolean holdsSlot) {
      if (holdsSlot && inFlight >= maxConcurrent) {
        return Rejection.CONCURRENCY;
      }
      if (ratePerSecond > 0) {
        refill(now);
        if (tokens < 1) {
          return Rejection.RATE;
        }
        tokens -= 1;
      }
      if (holdsSlot) {
        inFlight++;
      }
      return null;
    }

    boolean idle(long now) {
      if (inFlight > 0) {
        return false;
      }
      if (ratePerSecond == 0) {
        return true;
      }
      refill(now);
      return tokens >= ratePerSecond;
    }

    private void refill(long now) {
      long elapsed = now - refilledAt;
      if (elapsed > 0) {
        tokens =
            Math.min(ratePerSecond, tokens + (double) elapsed * ratePerSecond / NANOS_PER_SECOND);
        refilledAt = now;
      }
    }
  }
}
