package dev.bulklaunch.web;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Every log line written while it is open, as the appender's layout would print it (message and exception). */
final class LogCapture implements AutoCloseable {

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  LogCapture() {
    appender.start();
    root().addAppender(appender);
  }

  List<String> lines() {
    return List.copyOf(appender.list).stream().map(LogCapture::text).toList();
  }

  private static String text(ILoggingEvent event) {
    StringBuilder text = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage());
    for (var thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
      text.append(" | ").append(thrown.getClassName()).append(": ").append(thrown.getMessage());
    }
    return text.toString();
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @Override
  public void close() {
    root().detachAppender(appender);
  }
}
