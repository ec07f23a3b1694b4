package io.streamlearn.ops.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress of a long command (replay, backtest, chaos, experiments, training, benchmarks): a bar
 * drawn by the progressbar library when standard error is a terminal, else one plain line every
 * {@link #LINE_EVERY} (for logs and CI). Progress goes to standard error, results to standard out.
 */
public final class Progress implements AutoCloseable {

  static final Duration LINE_EVERY = Duration.ofSeconds(10);

  private final String task;
  private final long total;
  private final String unit;
  private final ProgressBar bar;
  private final PrintStream lines;
  private final long started = System.nanoTime();
  private long done;
  private String extra = "";
  private long lastLine = System.nanoTime();

  private Progress(String task, long total, String unit, ProgressBar bar, PrintStream lines) {
    this.task = task;
    this.total = total;
    this.unit = unit;
    this.bar = bar;
    this.lines = lines;
  }

  /**
   * Starts reporting a task of {@code total} units ({@code -1} if unknown).
   *
   * @param unit what is counted, e.g. "records" or "steps"
   */
  public static Progress start(String task, long total, String unit) {
    boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
    if (!terminal) {
      return new Progress(task, total, unit, null, System.err);
    }
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setUnit(" " + unit, 1)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(500)
        .showSpeed()
        .build();
    return new Progress(task, total, unit, bar, null);
  }

  /** Sets how many units are done. */
  public synchronized void stepTo(long units) {
    done = units;
    if (bar != null) {
      bar.stepTo(units);
    } else {
      maybeLine();
    }
  }

  public synchronized void step(long units) {
    stepTo(done + units);
  }

  /** A short status shown after the count (e.g. the event time reached, the current loss). */
  public synchronized void extra(String message) {
    extra = message;
    if (bar != null) {
      bar.setExtraMessage(message);
    }
  }

  private void maybeLine() {
    long now = System.nanoTime();
    if (now - lastLine < LINE_EVERY.toNanos()) {
      return;
    }
    lastLine = now;
    lines.println(line(now));
  }

  String line(long now) {
    double seconds = (now - started) / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    StringBuilder b = new StringBuilder(task).append(": ").append(String.format(Locale.ROOT, "%,d", done));
    if (total > 0) {
      b.append(String.format(Locale.ROOT, " of %,d %s (%.0f%%)", total, unit, 100.0 * done / total));
    } else {
      b.append(' ').append(unit);
    }
    b.append(String.format(Locale.ROOT, ", %,.0f %s/s", rate, unit));
    if (total > 0 && rate > 0 && done < total) {
      b.append(String.format(Locale.ROOT, ", about %.0f s left", (total - done) / rate));
    }
    if (!extra.isEmpty()) {
      b.append(", ").append(extra);
    }
    return b.toString();
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.stepTo(total > 0 ? Math.max(done, 0) : done);
      bar.close();
    } else {
      lines.println(line(System.nanoTime()) + ", done");
    }
  }
}
