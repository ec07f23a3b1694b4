package io.streamlearn.traffic.ads;

import io.streamlearn.models.ads.ArmSet;
import io.streamlearn.models.ads.Expert;
import io.streamlearn.models.ads.Linalg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One experiment configuration of the authors' repository (JSON fields {@code n, m, p, A, B, C, D,
 * expert, horizon, n_trials, max_daily_budget, max_camp_budget, min_camp_budget, noise_sigma}).
 * Arrays are copied in and out.
 *
 * @param expert the raw expert allocation, or an empty array when the file has none ({@code [-1]})
 */
public record DynLinConfig(
    String name,
    int n,
    int m,
    int p,
    double[][] a,
    double[][] b,
    double[][] c,
    double[][] d,
    double[] expert,
    long horizon,
    int trials,
    double maxDailyBudget,
    double maxCampBudget,
    double minCampBudget,
    double noiseSigma) {

  /** Names of the configurations bundled as classpath resources ({@code dynlin/testcase_<name>.json}). */
  public static final List<String> BUILT_IN =
      List.of("synt_sigma0dot1", "synt_sigma0dot01", "synt_sigma0dot001", "realdata");

  public DynLinConfig {
    a = Linalg.copy(a);
    b = Linalg.copy(b);
    c = Linalg.copy(c);
    d = Linalg.copy(d);
    expert = expert == null ? new double[0] : expert.clone();
  }

  @Override
  public double[][] a() {
    return Linalg.copy(a);
  }

  @Override
  public double[][] b() {
    return Linalg.copy(b);
  }

  @Override
  public double[][] c() {
    return Linalg.copy(c);
  }

  @Override
  public double[][] d() {
    return Linalg.copy(d);
  }

  @Override
  public double[] expert() {
    return expert.clone();
  }

  /**
   * A bundled configuration by name ({@link #BUILT_IN}; a {@code testcase_} prefix and {@code
   * .json} suffix are accepted), anything else is read as a file path.
   *
   * @throws IllegalArgumentException if it is neither a bundled name nor a readable file, or the
   *     JSON is malformed
   */
  public static DynLinConfig load(String nameOrPath) {
    String key = nameOrPath.trim();
    String bare = key;
    if (bare.startsWith("testcase_")) {
      bare = bare.substring("testcase_".length());
    }
    if (bare.endsWith(".json")) {
      bare = bare.substring(0, bare.length() - ".json".length());
    }
    if (BUILT_IN.contains(bare)) {
      String res = "/dynlin/testcase_" + bare + ".json";
      try (InputStream in = DynLinConfig.class.getResourceAsStream(res)) {
        if (in == null) {
          throw new IllegalStateException("missing classpath resource " + res);
        }
        return parse(bare, in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Path path = Path.of(key);
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(
          "no dynlin config '" + nameOrPath + "': not a file and not one of " + BUILT_IN);
    }
    String fileName = path.getFileName().toString().replaceFirst("\\.json$", "");
    try (InputStream in = Files.newInputStream(path)) {
      return parse(fileName, in);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read dynlin config " + path + ": " + e.getMessage(), e);
    }
  }

  /** Parses the authors' JSON format. */
  public static DynLinConfig parse(String name, InputStream json) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed dynlin config '" + name + "': " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("dynlin config '" + name + "' is not a JSON object");
    }
    double[] expert = vector(root, "expert", name);
    boolean hasExpert = expert.length > 0 && !(expert.length == 1 && expert[0] < 0);
    return new DynLinConfig(
        name,
        integer(root, "n", name),
        integer(root, "m", name),
        integer(root, "p", name),
        matrix(root, "A", name),
        matrix(root, "B", name),
        matrix(root, "C", name),
        matrix(root, "D", name),
        hasExpert ? expert : new double[0],
        root.path("horizon").asLong(1_000_000),
        root.path("n_trials").asInt(10),
        number(root, "max_daily_budget", name),
        number(root, "max_camp_budget", name),
        number(root, "min_camp_budget", name),
        number(root, "noise_sigma", name));
  }

  private static JsonNode field(JsonNode root, String field, String name) {
    JsonNode v = root.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("dynlin config '" + name + "' lacks field '" + field + "'");
    }
    return v;
  }

  private static int integer(JsonNode root, String field, String name) {
    JsonNode v = field(root, field, name);
    if (!v.canConvertToInt()) {
      throw new IllegalArgumentException("dynlin config '" + name + "': '" + field + "' is not an integer");
    }
    return v.asInt();
  }

  private static double number(JsonNode root, String field, String name) {
    JsonNode v = field(root, field, name);
    if (!v.isNumber()) {
      throw new IllegalArgumentException("dynlin config '" + name + "': '" + field + "' is not a number");
    }
    return v.asDouble();
  }

  private static double[] vector(JsonNode root, String field, String name) {
    JsonNode v = root.get(field);
    if (v == null || v.isNull()) {
      return new double[0];
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException("dynlin config '" + name + "': '" + field + "' is not an array");
    }
    double[] out = new double[v.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = v.get(i).asDouble();
    }
    return out;
  }

  private static double[][] matrix(JsonNode root, String field, String name) {
    JsonNode v = field(root, field, name);
    if (!v.isArray() || v.size() == 0) {
      throw new IllegalArgumentException("dynlin config '" + name + "': '" + field + "' is not a matrix");
    }
    double[][] out = new double[v.size()][];
    for (int i = 0; i < out.length; i++) {
      JsonNode row = v.get(i);
      if (!row.isArray()) {
        throw new IllegalArgumentException("dynlin config '" + name + "': '" + field + "' is not a matrix");
      }
      out[i] = new double[row.size()];
      for (int j = 0; j < row.size(); j++) {
        out[i][j] = row.get(j).asDouble();
      }
    }
    return out;
  }

  /** The greedy-fill vertex action set of this configuration. */
  public ArmSet arms() {
    return ArmSet.vertices(p, maxDailyBudget, maxCampBudget, minCampBudget);
  }

  /** The environment with this configuration's matrices and σ, and the given noise seed. */
  public LinearDynamicalEnvironment environment(long noiseSeed) {
    return new LinearDynamicalEnvironment(a, b, c, d, noiseSigma, noiseSeed);
  }

  /** The expert allocation normalised as in the authors' {@code ExpertAgent}, if the file has one. */
  public Optional<double[]> expertAllocation() {
    if (expert.length == 0) {
      return Optional.empty();
    }
    return Optional.of(Expert.normalise(expert, minCampBudget, maxCampBudget, maxDailyBudget));
  }
}
