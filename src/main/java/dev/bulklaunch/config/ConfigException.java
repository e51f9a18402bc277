package dev.bulklaunch.config;

/** A bad option or configuration value: reported in one line, exit status 2, nothing sent. */
public class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
