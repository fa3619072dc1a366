/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.Target;
import dev.stateline.aws.internal.TransportLogs;
import dev.stateline.chat.ChatRequest;
import dev.stateline.spi.EventSource;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The exact loggers that print AWS request headers, session token included, when turned up
 * (docs/operations.md lists them): the JDK's {@code HttpURLConnection} at {@code FINE} (the
 * non-streamed Bedrock client) and Netty's logging handler at {@code DEBUG} (streams). Each is shown
 * to leak when enabled, which is why they must stay at {@code INFO}, and to print nothing of it at
 * {@code INFO}; Stateline warns when a target is built while one is enabled.
 */
class TransportLoggersTest {
  private static final String TOKEN = "FwoGZXIvYXdzEBYaDTransportLoggerTestToken0123456789";
  private final BedrockFixture f = new BedrockFixture();
  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logged.add(record.getLoggerName() + ": " + new java.util.logging.SimpleFormatter().formatMessage(record));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private Target target;

  @AfterEach
  void close() {
    if (target != null) {
      target.chatModel().close();
    }
    f.close();
    for (String name : List.of(TransportLogs.JDK_HTTP, TransportLogs.NETTY_WIRE)) {
      Logger l = Logger.getLogger(name);
      l.removeHandler(capture);
      l.setLevel(null);
    }
    Logger.getLogger("").removeHandler(capture);
    configureJdkHttpLogger(null);
  }

  /**
   * Sets the JDK logger's level the way an application does, through the logging configuration: the
   * JDK's own code logs through the system logger of that name, which a programmatic setLevel on
   * the application's logger of the same name does not reach.
   */
  private void configureJdkHttpLogger(Level level) {
    try {
      String key = TransportLogs.JDK_HTTP + ".level";
      String props = level == null ? "" : key + "=" + level.getName() + "\n";
      java.util.logging.LogManager.getLogManager().updateConfiguration(
          new java.io.ByteArrayInputStream(props.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)),
          k -> (o, n) -> k.equals(key) ? n : o);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (level != null) {
      Logger.getLogger("").addHandler(capture);
      capture.setLevel(Level.ALL);
    }
  }

  private Logger watch(String name, Level level) {
    Logger l = Logger.getLogger(name);
    l.setLevel(level);
    l.addHandler(capture);
    capture.setLevel(Level.ALL);
    return l;
  }

  private Target sessionTarget() {
    // the emulator is told about the temporary credentials, as STS would have issued them
    f.emulator.acceptCredentials(BedrockFixture.ACCESS_KEY_ID, BedrockFixture.SECRET_KEY, TOKEN);
    target = f.builder().credentialsProvider(StaticCredentialsProvider.create(
        AwsSessionCredentials.create(BedrockFixture.ACCESS_KEY_ID, BedrockFixture.SECRET_KEY, TOKEN))).build();
    return target;
  }

  @Test
  void givenTheJdkHttpLoggerAtFine_thenItPrintsTheSessionToken_andStatelineSaysSo() {
    configureJdkHttpLogger(Level.FINE);

    assertThat(TransportLogs.loggingRequestHeaders(true, false)).containsExactly(TransportLogs.JDK_HTTP);
    Target t = sessionTarget();
    t.chatModel().chat(f.call(ChatRequest.of("gpt-oss", "hi"), false).withTarget(t, 1));

    assertThat(String.join("\n", logged)).as("what the JDK logs at FINE").contains(TOKEN);
  }

  @Test
  void givenTheJdkHttpLoggerAtInfo_thenNothingOfTheRequestIsPrinted() {
    configureJdkHttpLogger(Level.INFO);

    assertThat(TransportLogs.loggingRequestHeaders(true, false)).isEmpty();
    Target t = sessionTarget();
    t.chatModel().chat(f.call(ChatRequest.of("gpt-oss", "hi"), false).withTarget(t, 1));

    assertThat(String.join("\n", logged)).doesNotContain(TOKEN);
  }

  @Test
  void givenNettysLoggingHandlerAtDebug_thenAStreamsRequestHeadersArePrinted_atInfoNot() {
    InternalLoggerFactory previous = InternalLoggerFactory.getDefaultFactory();
    InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
    try {
      Logger wire = watch(TransportLogs.NETTY_WIRE, Level.FINE);
      Target t = sessionTarget();
      stream(t);
      assertThat(String.join("\n", logged)).as("what Netty logs at DEBUG").contains(TOKEN);

      logged.clear();
      wire.setLevel(Level.INFO);
      stream(t);
      assertThat(String.join("\n", logged)).doesNotContain(TOKEN);
    } finally {
      InternalLoggerFactory.setDefaultFactory(previous);
    }
  }

  private void stream(Target t) {
    // a new connection each time, so that the pipeline's logging handler is created under this factory
    f.emulator.enqueue(dev.stateline.testing.bedrock.BedrockReply.builder().text("ok")
        .wireFault(r -> r.newBuilder().setHeader("Connection", "close").build()).build());
    try (EventSource s = t.chatModel().stream(f.call(ChatRequest.of("gpt-oss", "hi"), true).withTarget(t, 1))) {
      while (s.next() != null) {
        // drain
      }
    }
  }
}
