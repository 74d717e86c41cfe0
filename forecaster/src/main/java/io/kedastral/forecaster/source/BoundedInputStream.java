package io.kedastral.forecaster.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails with an {@link IOException} once more than {@code limit} bytes have been read. */
final class BoundedInputStream extends FilterInputStream {
  private final long limit;
  private long count;

  BoundedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  private void count(int n) throws IOException {
    count += n;
    if (count > limit) {
      throw new IOException("answer larger than " + limit + " bytes");
    }
  }
}
