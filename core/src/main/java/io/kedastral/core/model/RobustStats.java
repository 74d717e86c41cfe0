package io.kedastral.core.model;

/** Medians and robust scales without sorting whole arrays (selection in linear expected time). */
final class RobustStats {
  /** Factor that turns a median absolute deviation into a normal-consistent standard deviation. */
  static final double MAD_TO_SIGMA = 1.482602218505602;

  private RobustStats() {}

  /** The median of {@code a[from, to)}; {@code a} is not changed. */
  static double median(double[] a, int from, int to) {
    double[] copy = new double[to - from];
    System.arraycopy(a, from, copy, 0, copy.length);
    return medianInPlace(copy, copy.length);
  }

  /** The median of the first {@code len} values of {@code a}, which it reorders. */
  static double medianInPlace(double[] a, int len) {
    if (len <= 0) {
      throw new IllegalArgumentException("median of no values");
    }
    int upper = len / 2;
    double hi = select(a, len, upper);
    if (len % 2 == 1) {
      return hi;
    }
    double lo = a[0];
    for (int i = 1; i < upper; i++) {
      lo = Math.max(lo, a[i]);
    }
    return (lo + hi) / 2;
  }

  /**
   * Normal-consistent robust standard deviation of {@code a[from, to)}: 1.4826 × median absolute
   * deviation from the median.
   */
  static double madSigma(double[] a, int from, int to) {
    double center = median(a, from, to);
    double[] dev = new double[to - from];
    for (int i = from; i < to; i++) {
      dev[i - from] = Math.abs(a[i] - center);
    }
    return MAD_TO_SIGMA * medianInPlace(dev, dev.length);
  }

  /**
   * Reorders the first {@code len} values so that {@code a[k]} holds the k-th smallest, everything
   * before it is not larger and everything after not smaller (Hoare's selection), and returns it.
   */
  static double select(double[] a, int len, int k) {
    int lo = 0;
    int hi = len - 1;
    while (lo < hi) {
      double pivot = a[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double t = a[i];
          a[i++] = a[j];
          a[j--] = t;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        break;
      }
    }
    return a[k];
  }
}
