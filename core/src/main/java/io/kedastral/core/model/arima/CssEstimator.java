package io.kedastral.core.model.arima;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Estimates ARMA{@code (p,q)(P,Q)[s]} coefficients of a zero-mean series by minimising the
 * conditional sum of squares {@code Σ_{t >= c} e_t²}, where {@code e_t = x_t - Σ φ*_j x_{t-j} - Σ
 * θ*_j e_{t-j}} with the innovations before {@code c} set to 0 and {@code c} at least the AR lag.
 * The search (Nelder–Mead, commons-math3) runs on unconstrained values mapped through {@link
 * StationaryTransform}, so every candidate is stationary and invertible; it starts from the
 * Hannan–Rissanen estimate.
 */
final class CssEstimator {
  /** Cap on objective evaluations per fit; the search usually stops well before it. */
  static final int MAX_EVALUATIONS = 2_000;

  /** Relative change of the sum of squares at which a final fit stops. */
  static final double FINAL_TOLERANCE = 1e-8;

  /**
   * The looser stop used while an order search ranks candidates; the winner is then refined to
   * {@link #FINAL_TOLERANCE} ({@link #refine}). Halves the search time at 1-minute data.
   */
  static final double SEARCH_TOLERANCE = 1e-6;

  private static final double INITIAL_STEP = 0.2;

  private CssEstimator() {}

  /**
   * Fits the ARMA part of {@code orders} to {@code x}.
   *
   * @param start first residual counted, at least {@code orders.arLag()}; the same for every
   *     candidate compared by AICc
   * @return the fit, or null when there are too few residuals or the sum of squares is not finite
   */
  static ArmaFit fit(double[] x, Orders orders, int start) {
    return fit(x, orders, start, FINAL_TOLERANCE, null);
  }

  /** {@link #fit} with the search tolerance. */
  static ArmaFit searchFit(double[] x, Orders orders, int start) {
    return fit(x, orders, start, SEARCH_TOLERANCE, null);
  }

  /** Refits {@code orders} from {@code start} to the final tolerance, starting at {@code near}. */
  static ArmaFit refine(double[] x, Orders orders, int start, ArmaFit near) {
    return fit(x, orders, start, FINAL_TOLERANCE, near);
  }

  private static ArmaFit fit(double[] x, Orders orders, int start, double tolerance, ArmaFit near) {
    int dim = orders.armaParameters();
    if (start < orders.arLag() || x.length - start <= dim + 2) {
      return null;
    }
    Objective f = new Objective(x, orders, start);
    double[] u = near != null ? unconstrained(near) : startingPoint(x, orders);
    if (dim > 0) {
      u = minimise(f, u, tolerance);
    }
    double ss = f.value(u);
    if (!(ss < Double.MAX_VALUE)) {
      return null; // the objective maps an overflowing sum of squares to MAX_VALUE
    }
    return f.fit(u, ss);
  }

  private static double[] startingPoint(double[] x, Orders o) {
    double[] hr = HannanRissanen.estimate(x, o.p(), o.q());
    double[] phi = java.util.Arrays.copyOfRange(hr, 0, o.p());
    double[] minusTheta = new double[o.q()];
    for (int j = 0; j < o.q(); j++) {
      minusTheta[j] = -hr[o.p() + j];
    }
    double[] u = new double[o.armaParameters()];
    System.arraycopy(StationaryTransform.fromCoefficients(phi), 0, u, 0, o.p());
    System.arraycopy(StationaryTransform.fromCoefficients(minusTheta), 0, u, o.p(), o.q());
    if (o.sp() > 0) {
      // The seasonal AR starts at the lag-s autocorrelation (its first PACF at that lag).
      double[] seasonal = new double[o.sp()];
      seasonal[0] = autocorrelation(x, o.s());
      System.arraycopy(StationaryTransform.fromCoefficients(seasonal), 0, u, o.p() + o.q(), o.sp());
    }
    return u;
  }

  private static double autocorrelation(double[] x, int lag) {
    double num = 0;
    double den = 0;
    for (int t = 0; t < x.length; t++) {
      den += x[t] * x[t];
      if (t >= lag) {
        num += x[t] * x[t - lag];
      }
    }
    return den > 0 ? num / den : 0;
  }

  /** The unconstrained parameters of a fit's coefficients (the inverse of the search's map). */
  private static double[] unconstrained(ArmaFit fit) {
    double[][] parts = {
      fit.phi(),
      negated(fit.theta().clone()),
      fit.seasonalPhi(),
      negated(fit.seasonalTheta().clone())
    };
    double[] u = new double[fit.coefficients().length];
    int c = 0;
    for (double[] part : parts) {
      double[] v = StationaryTransform.fromCoefficients(part);
      System.arraycopy(v, 0, u, c, v.length);
      c += v.length;
    }
    return u;
  }

  private static double[] negated(double[] a) {
    for (int i = 0; i < a.length; i++) {
      a[i] = -a[i];
    }
    return a;
  }

  private static double[] minimise(Objective f, double[] u0, double tolerance) {
    SimplexOptimizer optimizer = new SimplexOptimizer(new SimpleValueChecker(tolerance, 1e-300));
    try {
      PointValuePair best =
          optimizer.optimize(
              new MaxEval(MAX_EVALUATIONS),
              new ObjectiveFunction(f),
              GoalType.MINIMIZE,
              new InitialGuess(u0),
              new NelderMeadSimplex(u0.length, INITIAL_STEP));
      return best.getPoint();
    } catch (TooManyEvaluationsException e) {
      return f.bestSeen();
    }
  }

  /** The conditional sum of squares as a function of the unconstrained parameters. */
  private static final class Objective implements MultivariateFunction {
    private final double[] x;
    private final Orders o;
    private final int start;
    private final double[] e;
    private double[] bestPoint;
    private double bestValue = Double.POSITIVE_INFINITY;

    Objective(double[] x, Orders o, int start) {
      this.x = x;
      this.o = o;
      this.start = start;
      this.e = new double[x.length];
    }

    @Override
    public double value(double[] u) {
      ArmaFit shape = coefficients(u, 0, 1);
      double ss = sumOfSquares(shape.ar(), shape.ma(), e);
      if (!Double.isFinite(ss)) {
        ss = Double.MAX_VALUE;
      }
      if (ss < bestValue) {
        bestValue = ss;
        bestPoint = u.clone();
      }
      return ss;
    }

    double[] bestSeen() {
      return bestPoint;
    }

    private double sumOfSquares(LagPolynomial ar, LagPolynomial ma, double[] res) {
      double ss = 0;
      for (int t = start; t < x.length; t++) {
        double v = x[t] + ar.laggedSum(x, t) - ma.laggedSum(res, t);
        res[t] = v;
        ss += v * v;
      }
      return ss;
    }

    ArmaFit fit(double[] u, double ss) {
      int used = x.length - start;
      return coefficients(u, ss / used, used);
    }

    private ArmaFit coefficients(double[] u, double sigma2, int used) {
      int c = 0;
      double[] phi = StationaryTransform.toCoefficients(u, c, o.p());
      c += o.p();
      double[] theta = negated(StationaryTransform.toCoefficients(u, c, o.q()));
      c += o.q();
      double[] sPhi = StationaryTransform.toCoefficients(u, c, o.sp());
      c += o.sp();
      double[] sTheta = negated(StationaryTransform.toCoefficients(u, c, o.sq()));
      return new ArmaFit(phi, theta, sPhi, sTheta, o.s(), sigma2, used);
    }
  }
}
