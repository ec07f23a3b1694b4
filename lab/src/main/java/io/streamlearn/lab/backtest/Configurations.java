package io.streamlearn.lab.backtest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.streamlearn.models.ads.PolicyFactory;
import io.streamlearn.ops.cli.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code --compare} names, each over the live configuration: a policy name (ads; "all" for
 * every policy a campaign can run live), a reservoir setting (eeg: {@code adaptive}, {@code esn},
 * optionally with a size, {@code esn:500}), or a HOCON file of overrides.
 */
final class Configurations {

  /** A configuration and the name the report gives it. */
  record Labelled(String label, Config config) {}

  private Configurations() {}

  /** Policies to compare: "all" = every policy but the Expert (needs an allocation) and the Clairvoyant. */
  static List<String> policies(List<String> compare) {
    List<String> out = new ArrayList<>();
    for (String c : compare) {
      if (c.equalsIgnoreCase("all")) {
        PolicyFactory.NAMES.stream().filter(n -> !n.equals("Expert") && !n.equals("Clairvoyant"))
            .filter(n -> !out.contains(n)).forEach(out::add);
      } else {
        try {
          String n = PolicyFactory.canonicalName(c);
          if (!out.contains(n)) {
            out.add(n);
          }
        } catch (IllegalArgumentException e) {
          throw new UserError("--compare: " + e.getMessage() + ", or all");
        }
      }
    }
    return out;
  }

  /** The live configuration first, then each compared reservoir setting or file. */
  static List<Labelled> eeg(Config live, List<String> compare) {
    List<Labelled> out = new ArrayList<>();
    out.add(new Labelled("live", live));
    for (String c : compare) {
      Path file = Path.of(c);
      if (c.endsWith(".conf") || Files.isRegularFile(file)) {
        out.add(new Labelled(file.getFileName().toString(), file(live, file)));
        continue;
      }
      String[] parts = c.split(":", 2);
      String kind = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
      if (!kind.equals("adaptive") && !kind.equals("esn")) {
        throw new UserError("--compare: '" + c + "' is neither a reservoir setting (adaptive, esn, adaptive:500, esn:300)"
            + " nor a .conf file");
      }
      Config over = ConfigFactory.parseMap(Map.of("streamlearn.eeg.reservoir", kind));
      if (parts.length == 2) {
        try {
          over = ConfigFactory.parseMap(Map.of("streamlearn.eeg.reservoir-size", Integer.parseInt(parts[1].trim())))
              .withFallback(over);
        } catch (NumberFormatException e) {
          throw new UserError("--compare: '" + c + "': the size after ':' must be a number of neurons, e.g. esn:500");
        }
      }
      out.add(new Labelled(c, over.withFallback(live)));
    }
    return out;
  }

  private static Config file(Config live, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserError("--compare: config file " + file + " does not exist");
    }
    try {
      return ConfigFactory.parseFile(file.toFile()).withFallback(live).resolve();
    } catch (ConfigException e) {
      throw new UserError("--compare: bad configuration in " + file + ": " + e.getMessage());
    }
  }
}
