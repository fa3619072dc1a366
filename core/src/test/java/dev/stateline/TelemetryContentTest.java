/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static dev.stateline.Fixtures.client;
import static dev.stateline.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.Message;
import dev.stateline.telemetry.Slf4jTelemetry;
import dev.stateline.telemetry.Telemetry;
import dev.stateline.telemetry.TelemetryEvent.CallFinished;
import dev.stateline.telemetry.TelemetryEvent;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.event.LoggingEvent;
import org.slf4j.spi.LoggingEventAware;

/**
 * Prompt and completion content reach telemetry only on opt-in; a canary prompt, answer and API key
 * never appear in a log line, an event's toString or an audit record by default.
 */
class TelemetryContentTest {
  static final String PROMPT = "CANARY-PROMPT-7781";
  static final String ANSWER = "CANARY-ANSWER-3344";
  static final String API_KEY = "sk-CANARY-KEY-0000";

  @TempDir
  Path dir;

  private final ScriptedModel a = new ScriptedModel();

  /**
   * A logger at every level that keeps every line it is given; a fluent-API event (SLF4J 2) as
   * {@code level: message key=value ...}.
   */
  static Logger capturing(List<String> lines) {
    return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
        new Class<?>[] {Logger.class, LoggingEventAware.class},
        (proxy, method, args) -> {
          String name = method.getName();
          if (name.startsWith("is") && name.endsWith("Enabled")) {
            return true;
          }
          if (name.equals("getName")) {
            return "capture";
          }
          if (name.equals("log") && args != null && args.length == 1 && args[0] instanceof LoggingEvent e) {
            StringBuilder sb = new StringBuilder(e.getLevel().name().toLowerCase(java.util.Locale.ROOT))
                .append(": ").append(e.getMessage());
            if (e.getKeyValuePairs() != null) {
              e.getKeyValuePairs().forEach(kv -> sb.append(' ').append(kv.key).append('=').append(kv.value));
            }
            lines.add(sb.toString());
            return null;
          }
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          if (args != null) {
            StringBuilder sb = new StringBuilder(name).append(':');
            for (Object arg : args) {
              sb.append(' ').append(arg instanceof Object[] arr ? java.util.Arrays.toString(arr) : arg);
            }
            lines.add(sb.toString());
          }
          return null;
        });
  }

  private static Telemetry capturingContent(List<TelemetryEvent> into) {
    return new Telemetry() {
      @Override
      public void onEvent(TelemetryEvent event) {
        into.add(event);
      }

      @Override
      public boolean captureContent() {
        return true;
      }
    };
  }

  /** A request whose system prompt carries a key a careless app put there, and a prompt canary. */
  static ChatRequest canaryRequest() {
    return ChatRequest.builder().model("gpt-4.1").systemMessage("api key " + API_KEY)
        .userMessage("tell me " + PROMPT).build();
  }

  @Test
  void byDefault_eventsCarryNoContent() {
    List<TelemetryEvent> events = new CopyOnWriteArrayList<>();
    a.reply(ANSWER);
    client(target("a", a)).telemetry(events::add).build().chat(canaryRequest());

    CallFinished f = (CallFinished) events.get(events.size() - 1);
    assertThat(f.input()).isNull();
    assertThat(f.output()).isNull();
  }

  @Test
  void withOptIn_onlyTheListenerThatAskedGetsTheContent() {
    List<TelemetryEvent> plain = new CopyOnWriteArrayList<>();
    List<TelemetryEvent> opted = new CopyOnWriteArrayList<>();
    a.reply(ANSWER);
    client(target("a", a)).telemetry(plain::add).telemetry(capturingContent(opted)).build().chat(canaryRequest());

    CallFinished withContent = (CallFinished) opted.get(opted.size() - 1);
    CallFinished without = (CallFinished) plain.get(plain.size() - 1);
    assertThat(withContent.input()).extracting(Message::text).containsExactly("api key " + API_KEY, "tell me " + PROMPT);
    assertThat(withContent.output().text()).isEqualTo(ANSWER);
    assertThat(without.input()).isNull();
    assertThat(without.output()).isNull();
    assertThat(withContent.toString()).doesNotContain(PROMPT, ANSWER, API_KEY).contains("captured");
  }

  @Test
  void theSlf4jListener_logsContentOnlyWhenAskedTo() {
    List<String> off = new CopyOnWriteArrayList<>();
    List<String> on = new CopyOnWriteArrayList<>();
    a.reply(ANSWER).reply(ANSWER);
    client(target("a", a)).telemetry(Slf4jTelemetry.builder().logger(capturing(off)).build()).build()
        .chat(canaryRequest());
    client(target("a", a)).telemetry(Slf4jTelemetry.builder().logger(capturing(on)).captureContent(true).build())
        .build().chat(canaryRequest());

    assertThat(String.join("\n", off)).doesNotContain(PROMPT, ANSWER);
    assertThat(on.get(on.size() - 1)).contains(PROMPT, ANSWER).startsWith("info: call.finished");
  }

  @Test
  void theSlf4jListener_writesOneKeyValueLinePerEvent_atTheDocumentedLevels() {
    List<String> lines = new CopyOnWriteArrayList<>();
    a.fail(Fixtures.unavailable()).fail(Fixtures.unavailable()).fail(Fixtures.unavailable());
    StatelineClient client = client(target("a", a), target("b", new ScriptedModel()))
        .telemetry(Slf4jTelemetry.builder().logger(capturing(lines)).build()).build();

    client.chat(ChatRequest.of("gpt-4.1", "hi"), CallOptions.builder().tenant("acme corp").build());

    assertThat(lines).extracting(l -> l.substring(0, l.indexOf(':'))).containsExactly("debug", "debug", "debug",
        "debug", "debug", "debug", "debug", "info", "debug", "info");
    String failover = lines.get(7);
    assertThat(failover).startsWith("info: attempt.failed ").contains("target=a",
        "error=ProviderUnavailableException", "status=503", "next=fail_over", "next_target=b", "tenant=acme corp");
    assertThat(lines.get(9)).startsWith("info: call.finished ").contains("target=b", "input_tokens=3",
        "output_tokens=2", "attempts=4", "failovers=1");
  }

}
