package dev.cocreate.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Everything the server logs while it is open, as Logback hands it to its appenders: attached to
 * the root logger, optionally with some loggers turned up for the duration (restored on close).
 */
public final class LogCapture implements AutoCloseable {
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Map<Logger, Level> previous = new HashMap<>();

  private LogCapture(Map<String, Level> levels) {
    levels.forEach((name, level) -> {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      previous.put(logger, logger.getLevel());
      logger.setLevel(level);
    });
    appender.setName("test-capture");
    appender.setContext(root.getLoggerContext());
    appender.start();
    root.addAppender(appender);
  }

  public static LogCapture start() {
    return new LogCapture(Map.of());
  }

  /** Captures with these loggers set to these levels until closed. */
  public static LogCapture start(Map<String, Level> levels) {
    return new LogCapture(levels);
  }

  public List<ILoggingEvent> events() {
    synchronized (appender) {
      return new ArrayList<>(appender.list);
    }
  }

  /** Events at ERROR. */
  public List<ILoggingEvent> errors() {
    return events().stream().filter(e -> e.getLevel() == Level.ERROR).toList();
  }

  /** Each event as one text: level, logger, formatted message, arguments' text, and its stack trace. */
  public List<String> lines() {
    return events().stream().map(LogCapture::text).toList();
  }

  /** Everything captured as one string (every line, with stack traces). */
  public String all() {
    return String.join("\n", lines());
  }

  public static String text(ILoggingEvent e) {
    StringBuilder b = new StringBuilder().append(e.getLevel()).append(' ').append(e.getLoggerName()).append(" - ")
        .append(e.getFormattedMessage());
    if (e.getArgumentArray() != null) {
      for (Object arg : e.getArgumentArray()) {
        b.append(" | ").append(arg);
      }
    }
    for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
      b.append("\n  ").append(t.getClassName()).append(": ").append(t.getMessage());
      for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
        b.append("\n    ").append(frame.getSTEAsString());
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
    previous.forEach(Logger::setLevel);
  }
}
