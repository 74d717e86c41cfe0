package io.kedastral.core.model.arima;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.special.Erf;

/**
 * Forecasts from a fitted model: the ARMA recursion from the filtered state with future innovations
 * at 0, the regression terms added back, the differencing inverted; and quantiles {@code ŷ_h +
 * z_q·σ_h} from the forecast-error standard deviation {@code σ_h = σ·sqrt(Σ_{j<h} ψ_j²)}, where
 * {@code ψ} are the weights of the full model {@code φ(B)Φ(B^s)δ(B) y_t = θ(B)Θ(B^s) e_t} (so the
 * bands widen with the horizon, without bound when the model is differenced). {@code z_q} is the
 * empirical (split-conformal rank) quantile of the model's own standardised one-step errors, the
 * Gaussian quantile below {@value #MIN_RESIDUALS} of them: metric errors are heavy-tailed and
 * Gaussian bands were measured too wide on the NAB traces ({@code docs/models/arima.md}).
 * Regression and parameter uncertainty are not included.
 */
final class ArimaForecaster {
  /** Fewest residuals for empirical quantiles. */
  static final int MIN_RESIDUALS = 100;

  private ArimaForecaster() {}

  /**
   * Point forecasts and the quantiles asked for. A level beyond the sample of errors (rank outside
   * {@code 1..m}, e.g. 0.999 with 500 errors) has no basis and is left out.
   */
  record Prediction(double[] point, Map<Double, double[]> quantiles) {}

  static Prediction forecast(double[] y, FittedArima model, int horizon, List<Double> levels) {
    double[] point = pointForecast(y, model, horizon);
    double[] sd =
        standardErrors(
            model.prepared().differencing(), model.fit(), model.state().sigma2(), horizon);
    Map<Double, double[]> quantiles = new TreeMap<>();
    double[] standardised = standardisedErrors(model.state());
    for (double level : levels) {
      double z =
          standardised == null ? normalQuantile(level) : empiricalQuantile(standardised, level);
      if (Double.isNaN(z)) {
        continue;
      }
      double[] q = new double[horizon];
      for (int h = 0; h < horizon; h++) {
        q[h] = point[h] + z * sd[h];
      }
      quantiles.put(level, q);
    }
    return new Prediction(point, quantiles);
  }

  private static double[] pointForecast(double[] y, FittedArima model, int horizon) {
    DifferencedSeries prepared = model.prepared();
    ArmaFit fit = model.fit();
    double[] x = model.state().x();
    int n = x.length;
    double[] xs = new double[n + horizon];
    double[] es = new double[n + horizon];
    System.arraycopy(x, 0, xs, 0, n);
    System.arraycopy(model.state().innovations(), 0, es, 0, n);
    LagPolynomial ar = fit.ar();
    LagPolynomial ma = fit.ma();
    int lost = prepared.differencing().lost();
    double[] scratch = new double[prepared.terms().columns()];
    double[] w = new double[horizon];
    for (int h = 0; h < horizon; h++) {
      int t = n + h;
      xs[t] = -ar.laggedSum(xs, t) + ma.laggedSum(es, t);
      w[h] = xs[t] + prepared.terms().value(prepared.beta(), lost + (long) t, scratch);
    }
    return prepared.differencing().integrate(y, w);
  }

  /** {@code σ·sqrt(Σ_{j<h} ψ_j²)} for {@code h = 1..horizon}. */
  static double[] standardErrors(
      Differencing differencing, ArmaFit fit, double sigma2, int horizon) {
    double[] psi = psiWeights(fit.ar().times(differencing.polynomial()), fit.ma(), horizon);
    double[] sd = new double[horizon];
    double acc = 0;
    for (int h = 0; h < horizon; h++) {
      acc += psi[h] * psi[h];
      sd[h] = Math.sqrt(sigma2 * acc);
    }
    return sd;
  }

  /** {@code ψ_0 = 1, ψ_j = m_j - Σ_l a_l ψ_{j-l}}: the MA(∞) weights of {@code a(B)y = m(B)e}. */
  static double[] psiWeights(LagPolynomial ar, LagPolynomial ma, int count) {
    double[] psi = new double[count];
    double[] maDense = new double[count];
    for (int k = 0; k < ma.lags().length && ma.lags()[k] < count; k++) {
      maDense[ma.lags()[k]] = ma.coefficients()[k];
    }
    psi[0] = 1;
    for (int j = 1; j < count; j++) {
      psi[j] = maDense[j] - ar.laggedSum(psi, j);
    }
    return psi;
  }

  /**
   * The raw one-step errors divided by {@code σ}, sorted; null when there are fewer than {@value
   * #MIN_RESIDUALS} or {@code σ = 0} (then the Gaussian quantile is used).
   */
  static double[] standardisedErrors(RobustFilter state) {
    double sigma = Math.sqrt(state.sigma2());
    double[] e = state.errors();
    if (e.length < MIN_RESIDUALS || !(sigma > 0)) {
      return null;
    }
    double[] z = new double[e.length];
    for (int i = 0; i < z.length; i++) {
      z[i] = e[i] / sigma;
    }
    java.util.Arrays.sort(z);
    return z;
  }

  /**
   * The split-conformal rank of {@code level} among the sorted {@code z} ({@code ⌈(m+1)q⌉}-th above
   * the median, {@code ⌊(m+1)q⌋}-th below); NaN when the rank falls outside the sample.
   */
  static double empiricalQuantile(double[] z, double level) {
    int m = z.length;
    double r = (m + 1) * level;
    int rank = level >= 0.5 ? (int) Math.ceil(r - 1e-9) : (int) Math.floor(r + 1e-9);
    return rank >= 1 && rank <= m ? z[rank - 1] : Double.NaN;
  }

  /** The standard normal quantile, {@code √2·erf⁻¹(2p - 1)}. */
  static double normalQuantile(double p) {
    return Math.sqrt(2) * Erf.erfInv(2 * p - 1);
  }
}
