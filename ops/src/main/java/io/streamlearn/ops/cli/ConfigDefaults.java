package io.streamlearn.ops.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Collections;
import java.util.Enumeration;
import java.util.ResourceBundle;

/**
 * Lets {@code --help} show a flag's default as its value: a description naming
 * {@code ${bundle:streamlearn.demo.rounds}} prints the configured default (300), read from the
 * modules' defaults when the help is drawn. The flags themselves stay unset unless given, so a
 * {@code --config} file still decides what they leave out.
 */
final class ConfigDefaults extends ResourceBundle {

  private Config config;

  @Override
  protected Object handleGetObject(String key) {
    if (!key.startsWith("streamlearn.")) {
      return null;
    }
    if (config == null) {
      config = ConfigFactory.load();
    }
    if (!config.hasPath(key)) {
      return null;
    }
    Object value = config.getValue(key).unwrapped();
    return value instanceof String s && s.isEmpty() ? "\"\"" : String.valueOf(value);
  }

  @Override
  public Enumeration<String> getKeys() {
    return Collections.emptyEnumeration();
  }
}
