/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stateline.ChatStream;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.telemetry.Slf4jTelemetry;
import dev.stateline.testing.azure.AzureReply;
import dev.stateline.testing.bedrock.BedrockReply;
import dev.stateline.testing.emulators.EmulatedClouds;
import dev.stateline.testing.openai.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Request and response bodies are not logged unless the application opts in: with EVERY logger at
 * TRACE (SLF4J through slf4j-simple, and java.util.logging at ALL), a call and a streamed call through
 * each provider (OpenAI, Azure OpenAI, Bedrock) and {@link Slf4jTelemetry} with default settings leave
 * neither the canary prompt nor the canary answer in any line of Stateline, OkHttp, MockWebServer or
 * the JDK; with {@code captureContent(true)} both appear in the telemetry's line. The one exception
 * is pinned: at DEBUG, the AWS SDK's Netty wire logger and its event-stream decoder print Bedrock
 * bodies ({@link #AWS_SDK_BODY_LOGGERS}); only they may, and docs/reliability.md says to keep them
 * below DEBUG in production.
 *
 * <p>Runs in a JVM of its own, started by the {@code body-logging} Surefire execution of this module
 * with {@code org.slf4j.simpleLogger.defaultLogLevel=trace}: slf4j-simple fixes a logger's level when
 * the logger is created, so this cannot share a JVM with the other tests. Elsewhere it is skipped.
 */
class BodyLoggingTest {
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream originalErr;
  private PrintStream originalOut;
  private Handler julHandler;
  private Level julLevel;

  @BeforeEach
  void captureEverything() {
    assumeTrue(LoggerFactory.getLogger("software.amazon.awssdk.request").isTraceEnabled()
            && LoggerFactory.getLogger("dev.stateline").isTraceEnabled(),
        "needs every logger at TRACE: run by the body-logging execution (mvn verify)");
    PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
    originalErr = System.err;
    originalOut = System.out;
    System.setErr(both);
    System.setOut(both);
    Logger root = Logger.getLogger("");
    julLevel = root.getLevel();
    root.setLevel(Level.ALL);
    julHandler = new Handler() {
      private final SimpleFormatter format = new SimpleFormatter();

      @Override
      public void publish(LogRecord record) {
        // The same shape as slf4j-simple's lines, so that entries can be told apart by logger.
        both.println("[jul] " + record.getLevel() + " " + record.getLoggerName() + " - " + format.formatMessage(record));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    julHandler.setLevel(Level.ALL);
    root.addHandler(julHandler);
  }

  @AfterEach
  void restore() {
    if (originalErr == null) {
      return;
    }
    System.setErr(originalErr);
    System.setOut(originalOut);
    Logger root = Logger.getLogger("");
    root.removeHandler(julHandler);
    root.setLevel(julLevel);
    // What was captured, for the test report.
    originalOut.println(captured.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"openai", "azure", "bedrock"})
  void givenEveryLoggerAtTrace_whenCallingAndStreaming_thenNoBodyIsLogged_unlessContentCaptureIsOn(String provider) {
    // Without the opt-in: neither prompt nor answer in any line of Stateline, OkHttp, Azure or the JDK.
    String logs = run(provider, Slf4jTelemetry.builder().build(), "kanarieprompt" + id(), "kanarieanswer" + id());
    assertThat(logs).as("the capture works: Stateline's and the telemetry's lines are there")
        .contains("DEBUG dev.stateline.", " call.finished", "stream=true");
    if (provider.equals("bedrock")) {
      assertThat(logs).as("the AWS SDK's loggers are on").contains("TRACE software.amazon.awssdk.request");
    }
    Set<String> leaking = loggersWith(logs, "kanarieprompt", "kanarieanswer");
    if (provider.equals("bedrock")) {
      // The AWS SDK's own wire and event-stream loggers print bodies at DEBUG (docs/reliability.md):
      // only they may, never Stateline's.
      assertThat(leaking).as("loggers that printed a canary").isSubsetOf(AWS_SDK_BODY_LOGGERS);
      originalOut.println("AWS SDK loggers that printed a body at DEBUG/TRACE: " + leaking);
    } else {
      assertThat(leaking).as("loggers that printed a canary").isEmpty();
    }

    // With the opt-in: the telemetry's last line carries both, so this test can fail.
    String prompt = "kanarieprompt" + id();
    String answer = "kanarieanswer" + id();
    String opted = run(provider, Slf4jTelemetry.builder().captureContent(true).build(), prompt, answer);
    assertThat(loggersWith(opted, prompt)).contains(Slf4jTelemetry.LOGGER);
    assertThat(loggersWith(opted, answer)).contains(Slf4jTelemetry.LOGGER);
  }

  /**
   * The AWS SDK's (and its Netty transport's) loggers that print request or response bodies when at
   * DEBUG: Netty's wire dump, which the SDK's Netty client installs, and the event-stream decoder,
   * which prints each decoded event (streamed text included).
   */
  private static final Set<String> AWS_SDK_BODY_LOGGERS = Set.of(
      "io.netty.handler.logging.LoggingHandler",
      "software.amazon.awssdk.awscore.eventstream.EventStreamAsyncResponseTransformer");

  private static final Pattern ENTRY = Pattern.compile("^\\[[^\\]]+\\] [A-Z]+ (\\S+) - ");

  /**
   * The loggers whose entries contain any of {@code texts}. An entry starts with a line
   * {@code [thread] LEVEL logger - message}; lines that do not (a stack trace, a hex dump) belong to
   * the entry before them.
   */
  private static Set<String> loggersWith(String logs, String... texts) {
    Set<String> found = new TreeSet<>();
    String logger = "(before any entry)";
    for (String line : logs.split("\\R")) {
      Matcher m = ENTRY.matcher(line);
      if (m.find()) {
        logger = m.group(1);
      }
      for (String t : texts) {
        if (line.contains(t)) {
          found.add(logger);
        }
      }
    }
    return found;
  }

  /** A call and a streamed call on {@code provider}'s emulator; returns what was logged meanwhile. */
  private String run(String provider, Slf4jTelemetry telemetry, String prompt, String answer) {
    int from = captured.size();
    try (EmulatedClouds clouds = EmulatedClouds.start()) {
      Function<EmulatedClouds, Target> target;
      switch (provider) {
        case "openai":
          clouds.openAi().enqueue(Reply.text(answer), Reply.text(answer));
          target = c -> c.openAiTarget("openai");
          break;
        case "azure":
          clouds.azure("swedencentral").enqueue(AzureReply.text(answer), AzureReply.text(answer));
          target = c -> c.azureTarget("azure-swc", "swedencentral");
          break;
        default:
          // One delta for the whole answer, so a logged event would show it whole.
          clouds.bedrock("eu-central-1").enqueue(BedrockReply.builder().text(answer).chunkSize(256).build());
          clouds.bedrock("eu-central-1").enqueue(BedrockReply.builder().text(answer).chunkSize(256).build());
          target = c -> c.bedrockTarget("aws-fra", "eu-central-1");
      }
      try (StatelineClient client = StatelineClient.builder().target(target.apply(clouds)).telemetry(telemetry)
          .build()) {
        assertThat(client.chat(ChatRequest.of(EmulatedClouds.MODEL_ALIAS, prompt)).text()).isEqualTo(answer);
        try (ChatStream stream = client.stream(ChatRequest.of(EmulatedClouds.MODEL_ALIAS, prompt))) {
          for (ChatEvent ignored : stream) {
            // read to the end
          }
          assertThat(stream.response().text()).isEqualTo(answer);
        }
      }
    }
    System.err.flush();
    byte[] all = captured.toByteArray();
    return new String(all, from, all.length - from, StandardCharsets.UTF_8);
  }

  private static String id() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
