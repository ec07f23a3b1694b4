package io.streamlearn.lab.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG figures experiments and benchmarks write next to their summary.json and CSV (XChart, headless). */
public final class Charts {

  /** A colour-blind friendly palette (Okabe-Ito plus extras), cycled for series. */
  private static final Color[] PALETTE = {
    new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
    new Color(230, 159, 0), new Color(86, 180, 233), new Color(0, 0, 0), new Color(240, 228, 66),
    new Color(128, 0, 0), new Color(100, 100, 100), new Color(128, 128, 0), new Color(70, 0, 140)
  };

  private Charts() {}

  /** Colour {@code i} of the palette (cycled): the same colour for the same series across figures. */
  public static Color color(int i) {
    return PALETTE[i % PALETTE.length];
  }

  /** Saves any XChart chart (e.g. an {@link XYChart}) as a PNG file. */
  public static void writePng(Path file, Chart<?, ?> chart) throws IOException {
    ensureHeadless();
    createParent(file);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** A one-series bar chart as PNG. */
  public static void writeBarChart(Path file, String title, String yLabel, List<String> categories, List<? extends Number> values)
      throws IOException {
    ensureHeadless();
    CategoryChart chart = new CategoryChartBuilder().width(800).height(500).title(title).yAxisTitle(yLabel).build();
    chart.getStyler().setLegendVisible(false);
    chart.addSeries(yLabel, categories, values);
    writePng(file, chart);
  }

  /**
   * Bars per category for each series (legend = key) with symmetric error bars ({@code errors}:
   * half-widths, same keys; null for none).
   */
  public static CategoryChart groupedBars(String title, String yLabel, List<String> categories, Map<String, double[]> values,
      Map<String, double[]> errors) {
    ensureHeadless();
    CategoryChart chart = new CategoryChartBuilder().width(1200).height(700).title(title).yAxisTitle(yLabel).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setXAxisLabelRotation(30);
    chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
    int i = 0;
    for (Map.Entry<String, double[]> e : values.entrySet()) {
      double[] err = errors == null ? null : errors.get(e.getKey());
      List<Double> y = java.util.Arrays.stream(e.getValue()).boxed().toList();
      var series = err == null ? chart.addSeries(e.getKey(), categories, y)
          : chart.addSeries(e.getKey(), categories, y, java.util.Arrays.stream(err).boxed().toList());
      series.setFillColor(PALETTE[i++ % PALETTE.length]);
    }
    return chart;
  }

  /** An empty log-log chart of timings (legend outside, right), as the benchmarks draw them. */
  public static XYChart logLogChart(String title, String xLabel, String yLabel) {
    ensureHeadless();
    XYChart chart = new XYChartBuilder().width(1200).height(800).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setYAxisDecimalPattern("#,###");
    chart.getStyler().setXAxisDecimalPattern("#,###");
    return chart;
  }

  /**
   * A line chart with linear axes: one line per entry of {@code means} (legend = key) and, when
   * {@code halfWidths} has the same key, a translucent band mean ± halfWidth in the line's colour.
   */
  public static XYChart lineChartWithBands(String title, String xLabel, String yLabel, double[] x,
      Map<String, double[]> means, Map<String, double[]> halfWidths) {
    ensureHeadless();
    XYChart chart = new XYChartBuilder().width(1200).height(800).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setMarkerSize(0);
    chart.getStyler().setXAxisDecimalPattern("#,###.##");
    chart.getStyler().setYAxisDecimalPattern("#,###.##");
    int i = 0;
    for (Map.Entry<String, double[]> e : means.entrySet()) {
      Color color = PALETTE[i++ % PALETTE.length];
      double[] y = e.getValue();
      double[] hw = halfWidths == null ? null : halfWidths.get(e.getKey());
      if (hw != null) {
        int n = x.length;
        double[] px = new double[2 * n];
        double[] py = new double[2 * n];
        for (int k = 0; k < n; k++) {
          px[k] = x[k];
          py[k] = y[k] + hw[k];
          px[2 * n - 1 - k] = x[k];
          py[2 * n - 1 - k] = y[k] - hw[k];
        }
        XYSeries band = chart.addSeries(e.getKey() + " band", px, py);
        band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        band.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 50));
        band.setLineColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 0));
        band.setMarker(SeriesMarkers.NONE);
        band.setShowInLegend(false);
      }
      XYSeries line = chart.addSeries(e.getKey(), x, y);
      line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      line.setLineColor(color);
      line.setLineStyle(SeriesLines.SOLID);
      line.setLineWidth(2f);
      line.setMarker(SeriesMarkers.NONE);
    }
    return chart;
  }

  /**
   * A scatter of (x, y) points per series (legend = key, {@code points[0]} the x values, {@code
   * points[1]} the y values) with the diagonal y = x, for estimates against the truth.
   */
  public static XYChart scatterWithDiagonal(String title, String xLabel, String yLabel, Map<String, double[][]> points) {
    ensureHeadless();
    XYChart chart = new XYChartBuilder().width(1000).height(800).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setMarkerSize(9);
    double[] range = finiteRange(points.values().stream().flatMap(java.util.Arrays::stream).toList());
    double lo = range[0];
    double hi = range[1];
    int i = 0;
    for (Map.Entry<String, double[][]> e : points.entrySet()) {
      XYSeries s = chart.addSeries(e.getKey(), e.getValue()[0], e.getValue()[1]);
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      s.setMarkerColor(PALETTE[i++ % PALETTE.length]);
    }
    if (lo < hi) {
      XYSeries diagonal = chart.addSeries("y = x", new double[] {lo, hi}, new double[] {lo, hi});
      diagonal.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      diagonal.setLineColor(Color.GRAY);
      diagonal.setMarker(SeriesMarkers.NONE);
    }
    return chart;
  }

  /**
   * Lines over one time axis (NaN points left out) with shaded intervals behind them, one colour per
   * kind of interval (e.g. alerts, annotated events), each band spanning the lines' range.
   */
  public static XYChart timeline(String title, String xLabel, String yLabel, double[] x, Map<String, double[]> lines,
      Map<String, List<double[]>> intervals) {
    ensureHeadless();
    XYChart chart = new XYChartBuilder().width(1400).height(600).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setMarkerSize(0);
    double[] range = finiteRange(lines.values());
    double lo = range[0];
    double hi = range[1];
    if (!(hi > lo)) {
      lo = 0;
      hi = 1;
    }
    int i = lines.size();
    for (Map.Entry<String, List<double[]>> e : intervals.entrySet()) {
      Color c = PALETTE[i++ % PALETTE.length];
      boolean first = true;
      int n = 0;
      for (double[] band : e.getValue()) {
        double end = band[1] > band[0] ? band[1] : band[0] + (x.length > 1 ? (x[x.length - 1] - x[0]) / 400 : 1);
        XYSeries s = chart.addSeries(e.getKey() + (first ? "" : " #" + ++n), new double[] {band[0], end, end, band[0]},
            new double[] {lo, lo, hi, hi});
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        s.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 70));
        s.setLineColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 0));
        s.setMarker(SeriesMarkers.NONE);
        s.setShowInLegend(first);
        first = false;
      }
    }
    int k = 0;
    for (Map.Entry<String, double[]> e : lines.entrySet()) {
      List<Double> px = new java.util.ArrayList<>();
      List<Double> py = new java.util.ArrayList<>();
      for (int j = 0; j < x.length; j++) {
        if (Double.isFinite(e.getValue()[j])) {
          px.add(x[j]);
          py.add(e.getValue()[j]);
        }
      }
      if (px.isEmpty()) {
        continue;
      }
      XYSeries line = chart.addSeries(e.getKey(), px, py);
      line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      line.setLineColor(PALETTE[k++ % PALETTE.length]);
      line.setMarker(SeriesMarkers.NONE);
    }
    return chart;
  }

  /** The smallest and largest finite value of the arrays (+∞, −∞ for none). */
  private static double[] finiteRange(java.util.Collection<double[]> arrays) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] a : arrays) {
      for (double v : a) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    return new double[] {lo, hi};
  }

  private static void ensureHeadless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private static void createParent(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }
}
