package io.kedastral.core.model.arima;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Chooses the ARMA orders left open by AICc, stepwise in the manner of Hyndman and Khandakar
 * (2008): fit {@code (2,2), (0,0), (1,0), (0,1)}, then move to the best neighbour ({@code p±1},
 * {@code q±1}, both) while that lowers AICc; orders given by the operator are held. Then the
 * seasonal {@code (P,Q)} in {@code {0,1}²} that are open are tried with the chosen {@code (p,q)}.
 * Every candidate is fitted by {@link CssEstimator} from the same first residual, so their AICc are
 * comparable; the winner is refitted from its own first residual.
 */
final class OrderSearch {
  /** Largest {@code p} or {@code q} the search visits (larger ones may still be given). */
  static final int MAX_SEARCHED = 3;

  /** Largest seasonal {@code P} or {@code Q} the search visits. */
  static final int MAX_SEASONAL_SEARCHED = 1;

  /** Cap on candidate fits of one search. */
  static final int MAX_FITS = 30;

  private final DifferencedSeries prepared;
  private final Orders base;
  private final OptionalInt p;
  private final OptionalInt q;
  private final OptionalInt sp;
  private final OptionalInt sq;
  private final int start;
  private final Map<Orders, ArmaFit> fits = new HashMap<>();

  /** The chosen orders and their fit. */
  record Result(Orders orders, ArmaFit fit) {}

  private OrderSearch(
      DifferencedSeries prepared,
      Orders base,
      OptionalInt p,
      OptionalInt q,
      OptionalInt sp,
      OptionalInt sq) {
    this.prepared = prepared;
    this.base = base;
    this.p = p;
    this.q = q;
    this.sp = sp;
    this.sq = sq;
    int maxP = p.orElse(MAX_SEARCHED);
    int maxSp = sp.orElse(base.seasonal() ? MAX_SEASONAL_SEARCHED : 0);
    this.start = maxP + base.s() * maxSp;
  }

  /**
   * The best orders for {@code prepared}; {@code base} carries the fixed {@code d, D, s, K}, the
   * optionals the ARMA orders (empty = searched; {@code sp}/{@code sq} ignored without a season).
   *
   * @return the choice, or null when no candidate could be fitted
   */
  static Result search(
      DifferencedSeries prepared,
      Orders base,
      OptionalInt p,
      OptionalInt q,
      OptionalInt sp,
      OptionalInt sq) {
    return new OrderSearch(prepared, base, p, q, sp, sq).run();
  }

  private Result run() {
    Orders best = null;
    for (int[] pq : new int[][] {{2, 2}, {0, 0}, {1, 0}, {0, 1}}) {
      Orders start = base.withArma(p.orElse(pq[0]), q.orElse(pq[1]));
      best = better(best, start.withSeasonalArma(sp.orElse(0), sq.orElse(0)));
    }
    if (best == null) {
      return null;
    }
    best = stepwise(best);
    if (base.seasonal() && (sp.isEmpty() || sq.isEmpty())) {
      Orders chosen = best;
      for (int[] pq : new int[][] {{1, 0}, {0, 1}, {1, 1}}) {
        best = better(best, chosen.withSeasonalArma(sp.orElse(pq[0]), sq.orElse(pq[1])));
      }
    }
    ArmaFit refit = CssEstimator.refine(prepared.robust(), best, best.arLag(), fits.get(best));
    return new Result(best, refit != null ? refit : fits.get(best));
  }

  /** Moves to the best neighbour in (p, q) while that lowers AICc; given orders are held. */
  private Orders stepwise(Orders best) {
    for (boolean moved = true; moved && fits.size() < MAX_FITS; ) {
      Orders from = best;
      for (int[] step : new int[][] {{-1, 0}, {1, 0}, {0, -1}, {0, 1}, {-1, -1}, {1, 1}}) {
        int np = from.p() + step[0];
        int nq = from.q() + step[1];
        boolean holdsGiven = !(p.isPresent() && step[0] != 0 || q.isPresent() && step[1] != 0);
        if (holdsGiven && np >= 0 && nq >= 0 && np <= MAX_SEARCHED && nq <= MAX_SEARCHED) {
          best = better(best, from.withArma(np, nq));
        }
      }
      moved = best != from;
    }
    return best;
  }

  /** {@code candidate} if it fits with a lower AICc than {@code incumbent}. */
  private Orders better(Orders incumbent, Orders candidate) {
    ArmaFit fit;
    if (fits.containsKey(candidate)) {
      fit = fits.get(candidate);
    } else if (fits.size() < MAX_FITS) {
      fit = CssEstimator.searchFit(prepared.robust(), candidate, start);
      fits.put(candidate, fit);
    } else {
      return incumbent;
    }
    if (fit == null) {
      return incumbent;
    }
    if (incumbent == null || fits.get(incumbent) == null || aicc(fit) < aicc(fits.get(incumbent))) {
      return candidate;
    }
    return incumbent;
  }

  private double aicc(ArmaFit fit) {
    return fit.aicc(prepared.regressionParameters());
  }
}
