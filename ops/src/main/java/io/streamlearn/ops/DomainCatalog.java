package io.streamlearn.ops;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.streamlearn.ops.cli.UserError;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.streams.chat.ChatDomain;
import io.streamlearn.streams.eeg.EegDomain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The domains this runtime knows, by name; each builds itself from its own configuration block. */
public final class DomainCatalog {

  private static final Map<String, Function<Config, Domain<?, ?>>> DOMAINS = new LinkedHashMap<>();

  static {
    DOMAINS.put(AdsDomain.NAME, config -> AdsDomain.fromConfig(config.getConfig("streamlearn.ads")));
    DOMAINS.put(EegDomain.NAME, config -> EegDomain.fromConfig(config.getConfig("streamlearn.eeg")));
    DOMAINS.put(ChatDomain.NAME, config -> ChatDomain.fromConfig(config.getConfig("streamlearn.chat")));
  }

  public static final List<String> NAMES = List.copyOf(DOMAINS.keySet());

  private DomainCatalog() {}

  /** The domains listed in {@code streamlearn.domains}. */
  public static List<Domain<?, ?>> configured(Config config) {
    List<Domain<?, ?>> domains = new ArrayList<>();
    for (String name : config.getStringList("streamlearn.domains")) {
      domains.add(create(name, config));
    }
    return domains;
  }

  /** The input and output topics of these domains, the ones the dashboard may read. */
  public static List<String> topics(List<Domain<?, ?>> domains) {
    return domains.stream().flatMap(d -> java.util.stream.Stream.concat(d.inputTopics().stream(),
        d.outputTopics().stream())).toList();
  }

  /** Builds one domain; a name or configuration that cannot run is the user's to fix. */
  public static Domain<?, ?> create(String name, Config config) {
    Function<Config, Domain<?, ?>> factory = DOMAINS.get(name);
    if (factory == null) {
      throw new UserError("unknown domain '" + name + "': valid domains are " + NAMES);
    }
    try {
      return factory.apply(config);
    } catch (ConfigException e) {
      throw new UserError("bad configuration: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }
}
