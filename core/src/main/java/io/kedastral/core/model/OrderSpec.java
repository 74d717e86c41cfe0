package io.kedastral.core.model;

import java.util.OptionalInt;

/**
 * The three orders of an ARIMA part, {@code (p, d, q)} or the seasonal {@code (P, D, Q)}, each
 * either given by the operator or left to the model ({@code OptionalInt.empty()}: chosen by AICc).
 * 0 is a valid given order (SPEC §1.1).
 *
 * @param p autoregressive order
 * @param d differencing order
 * @param q moving-average order
 */
public record OrderSpec(OptionalInt p, OptionalInt d, OptionalInt q) {

  /** Largest order accepted for any component; higher orders overfit and fit slowly. */
  public static final int MAX_ORDER = 5;

  public OrderSpec {
    check("p", p);
    check("d", d);
    check("q", q);
  }

  /** Every order chosen by the model. */
  public static OrderSpec chosen() {
    return new OrderSpec(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());
  }

  /** Every order given. */
  public static OrderSpec of(int p, int d, int q) {
    return new OrderSpec(OptionalInt.of(p), OptionalInt.of(d), OptionalInt.of(q));
  }

  /** True when all three orders are given. */
  public boolean isFullyGiven() {
    return p.isPresent() && d.isPresent() && q.isPresent();
  }

  private static void check(String name, OptionalInt order) {
    if (order == null) {
      throw new IllegalArgumentException(name + " must not be null (use OptionalInt.empty())");
    }
    if (order.isPresent() && (order.getAsInt() < 0 || order.getAsInt() > MAX_ORDER)) {
      throw new IllegalArgumentException(
          name + " must be between 0 and " + MAX_ORDER + ", was " + order.getAsInt());
    }
  }
}
