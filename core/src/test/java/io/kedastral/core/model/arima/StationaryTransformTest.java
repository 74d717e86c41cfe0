package io.kedastral.core.model.arima;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.apache.commons.math3.analysis.solvers.LaguerreSolver;
import org.apache.commons.math3.complex.Complex;
import org.junit.jupiter.api.Test;

class StationaryTransformTest {

  @Test
  void everyUnconstrainedPointGivesAStationaryPolynomial() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      int p = 1 + rnd.nextInt(4);
      double[] u = new double[p];
      for (int i = 0; i < p; i++) {
        u[i] = 1.5 * rnd.nextGaussian();
      }

      double[] phi = StationaryTransform.toCoefficients(u, 0, p);

      assertThat(smallestRootModulus(phi)).as("roots of 1 - φ(z)").isGreaterThan(1 + 1e-6);
    }
  }

  @Test
  void inverseRecoversStationaryCoefficients() {
    double[] phi = {1.2, -0.5, 0.1};

    double[] u = StationaryTransform.fromCoefficients(phi);

    double[] back = StationaryTransform.toCoefficients(u, 0, 3);
    for (int i = 0; i < 3; i++) {
      assertThat(back[i]).isCloseTo(phi[i], within(1e-12));
    }
  }

  @Test
  void nonStationaryStartIsPulledInside() {
    double[] u = StationaryTransform.fromCoefficients(new double[] {1.5});

    double[] phi = StationaryTransform.toCoefficients(u, 0, 1);

    assertThat(phi[0]).isCloseTo(0.98, within(1e-12));
  }

  /** Smallest |z| with {@code 1 - φ_1 z - … - φ_p z^p = 0}. */
  static double smallestRootModulus(double[] phi) {
    double[] c = new double[phi.length + 1];
    c[0] = 1;
    for (int i = 0; i < phi.length; i++) {
      c[i + 1] = -phi[i];
    }
    double min = Double.POSITIVE_INFINITY;
    for (Complex root : new LaguerreSolver(1e-12).solveAllComplex(c, 0)) {
      min = Math.min(min, root.abs());
    }
    return min;
  }
}
