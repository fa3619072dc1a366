/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static dev.stateline.Fixtures.client;
import static dev.stateline.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.StatelineException;
import dev.stateline.internal.CallScope;
import dev.stateline.placement.CircuitBreakerPolicy;
import dev.stateline.placement.CircuitState;
import dev.stateline.placement.MutableClock;
import dev.stateline.spi.EventSource;
import dev.stateline.telemetry.Slf4jTelemetry;
import dev.stateline.telemetry.TelemetryEvent;
import dev.stateline.telemetry.TelemetryEvent.CircuitStateChanged;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.stateline.telemetry.Telemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.spi.LoggingEventAware;

/**
 * Logs a JSON encoder can use: the SLF4J listener hands its fields over as SLF4J 2 key-value pairs
 * (not formatted into the message), the call id is in the MDC on every thread that works for the
 * call, and a circuit breaker's state changes are telemetry events of the call that moved it.
 */
class StructuredLoggingTest {

  /** What a backend receives: level, message, key-value pairs (in order), the MDC at that moment. */
  record Logged(Level level, String message, Map<String, Object> fields, String mdcCallId) {}

  /** A logger at every level that implements the SLF4J 2 event API, as Logback does. */
  private static Logger eventLogger(List<Logged> into) {
    return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
        new Class<?>[] {Logger.class, LoggingEventAware.class}, (proxy, method, args) -> {
          String name = method.getName();
          if (name.equals("log") && args != null && args.length == 1 && args[0] instanceof LoggingEvent e) {
            Map<String, Object> fields = new LinkedHashMap<>();
            e.getKeyValuePairs().forEach(kv -> fields.put(kv.key, kv.value));
            into.add(new Logged(e.getLevel(), e.getMessage(), fields, MDC.get(CallScope.MDC_KEY)));
            return null;
          }
          if (name.startsWith("is") && name.endsWith("Enabled")) {
            return true;
          }
          if (name.equals("getName")) {
            return "events";
          }
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          throw new AssertionError("the listener used the pre-2.0 API: " + method);
        });
  }

  @Test
  void theSlf4jListener_handsFieldsOverAsKeyValues_notInTheMessage() {
    List<Logged> logged = new CopyOnWriteArrayList<>();
    ScriptedModel a = new ScriptedModel().reply("Hello", " world");
    StatelineClient client = client(target("a", a))
        .telemetry(Slf4jTelemetry.builder().logger(eventLogger(logged)).build()).build();

    ChatResponse answer = client.chat(ChatRequest.of("gpt-4.1", "hi"), CallOptions.builder().tenant("acme corp").build());

    Logged finished = logged.get(logged.size() - 1);
    assertThat(finished.level()).isEqualTo(Level.INFO);
    assertThat(finished.message()).isEqualTo("call.finished");
    assertThat(finished.fields()).containsEntry("tenant", "acme corp").containsEntry("target", "a")
        .containsEntry("alias", "gpt-4.1").containsEntry("attempts", 1).containsEntry("failovers", 0)
        .containsEntry("input_tokens", ScriptedModel.USAGE.inputTokens())
        .containsEntry("output_tokens", ScriptedModel.USAGE.outputTokens())
        .containsKeys("call", "kind", "stream", "latency_ms")
        .doesNotContainKey("event");
    assertThat(finished.fields().get("latency_ms")).isInstanceOf(Long.class);
    assertThat(logged).extracting(Logged::message)
        .containsExactly("call.started", "placement.decided", "attempt.started", "call.finished");
  }

  @Test
  void logbacksJsonEncoder_writesEveryFieldAndTheCallId_forTheTelemetryAndForWhatTheProviderLogs() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.setContext(context);
    appender.start();
    JsonEncoder json = new JsonEncoder();
    json.setContext(context);
    json.start();
    ch.qos.logback.classic.Logger telemetryLogger = context.getLogger(Slf4jTelemetry.LOGGER);
    ch.qos.logback.classic.Logger providerLogger = context.getLogger("test.provider");
    for (ch.qos.logback.classic.Logger l : List.of(telemetryLogger, providerLogger)) {
      l.setLevel(ch.qos.logback.classic.Level.INFO);
      l.addAppender(appender);
    }
    try {
      ScriptedModel a = new ScriptedModel().then(call -> {
        LoggerFactory.getLogger("test.provider").info("sending the request");
        return EventSource.of(new ChatEvent.Completed(ChatResponse.builder()
            .message(dev.stateline.chat.Message.assistant("ok")).model("m").usage(ScriptedModel.USAGE).build()));
      });
      client(target("a", a)).telemetry(Telemetry.slf4j()).build()
          .chat(ChatRequest.of("gpt-4.1", "hi"), CallOptions.builder().tenant("acme corp").build());

      String id = a.calls().get(0).callId();
      List<String> lines = appender.list.stream()
          .map(e -> new String(json.encode(e), java.nio.charset.StandardCharsets.UTF_8)).toList();
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0)).contains("\"loggerName\":\"test.provider\"", "\"stateline.call.id\":\"" + id + "\"");
      assertThat(lines.get(1)).contains("\"message\":\"call.finished\"", "\"stateline.call.id\":\"" + id + "\"",
          "\"call\":\"" + id + "\"", "\"tenant\":\"acme corp\"", "\"target\":\"a\"", "\"input_tokens\":\"3\"");
    } finally {
      for (ch.qos.logback.classic.Logger l : List.of(telemetryLogger, providerLogger)) {
        l.detachAppender(appender);
        l.setLevel(null);
      }
    }
  }

  @Test
  void format_givesTheSameFieldsAsOneLine_eventFirst() {
    List<Logged> logged = new CopyOnWriteArrayList<>();
    List<TelemetryEvent> events = new CopyOnWriteArrayList<>();
    Slf4jTelemetry telemetry = Slf4jTelemetry.builder().logger(eventLogger(logged)).build();
    client(target("a", new ScriptedModel().reply("ok"))).telemetry(telemetry).telemetry(events::add).build()
        .chat(ChatRequest.of("gpt-4.1", "hi"), CallOptions.builder().tenant("acme corp").build());

    String line = telemetry.format(events.get(events.size() - 1));

    assertThat(line).startsWith("event=call.finished call=").contains(" tenant=\"acme corp\" ", " target=a ",
        " attempts=1 ");
  }

  @Test
  void duringACall_theMdcHoldsItsId_onTheCallersThreadAndTheExecutors_andIsClearedAfter() throws Exception {
    List<String> seenByProvider = new CopyOnWriteArrayList<>();
    ScriptedModel a = new ScriptedModel();
    for (int i = 0; i < 2; i++) {
      a.then(call -> {
        seenByProvider.add(MDC.get(CallScope.MDC_KEY) + "@" + call.callId());
        return EventSource.of(new ChatEvent.Completed(ChatResponse.builder().message(dev.stateline.chat.Message.assistant("ok")).model("m").build()));
      });
    }
    StatelineClient client = client(target("a", a)).build();
    MDC.put("request", "r-1");

    client.chat(ChatRequest.of("gpt-4.1", "sync"));
    client.chatAsync(ChatRequest.of("gpt-4.1", "async")).get();

    assertThat(seenByProvider).hasSize(2).allSatisfy(s -> {
      String[] parts = s.split("@");
      assertThat(parts[0]).as("the MDC's call id, seen by the provider").isEqualTo(parts[1]);
    });
    assertThat(MDC.get(CallScope.MDC_KEY)).as("after the call").isNull();
    assertThat(MDC.get("request")).as("the application's own MDC entries").isEqualTo("r-1");
    MDC.clear();
  }

  @Test
  void aStreamsReads_runWithItsIdInTheMdc_andNotBetweenThem() {
    List<String> duringReads = new CopyOnWriteArrayList<>();
    ScriptedModel a = new ScriptedModel().then(call -> new EventSource() {
      private int n;

      @Override
      public ChatEvent next() {
        duringReads.add(String.valueOf(MDC.get(CallScope.MDC_KEY)));
        n++;
        return n == 1 ? new ChatEvent.TextDelta("Hel") : n == 2 ? new ChatEvent.TextDelta("lo")
            : n == 3 ? new ChatEvent.Completed(ChatResponse.builder().message(dev.stateline.chat.Message.assistant("Hello")).model("m").build()) : null;
      }

      @Override
      public void close() {
      }
    });
    StatelineClient client = client(target("a", a)).build();
    List<String> betweenReads = new CopyOnWriteArrayList<>();

    try (ChatStream stream = client.stream(ChatRequest.of("gpt-4.1", "hi"))) {
      for (ChatEvent e : stream) {
        betweenReads.add(String.valueOf(MDC.get(CallScope.MDC_KEY)));
      }
    }

    String id = a.calls().get(0).callId();
    assertThat(duringReads).isNotEmpty().containsOnly(id);
    assertThat(betweenReads).isNotEmpty().containsOnly("null");
  }

  @Test
  void aBreakerThatOpensAndRecovers_isReportedAsEvents_ofTheCallsThatMovedIt() {
    MutableClock clock = new MutableClock();
    ScriptedModel a = new ScriptedModel();
    for (int i = 0; i < 2; i++) {
      a.fail(Fixtures.unavailable());
    }
    a.reply("recovered");
    List<TelemetryEvent> events = new CopyOnWriteArrayList<>();
    List<Logged> logged = new CopyOnWriteArrayList<>();
    StatelineClient client = StatelineClient.builder().target(target("a", a)).clock(clock)
        .retryPolicy(RetryPolicy.builder().maxAttempts(1).build())
        .circuitBreaker(CircuitBreakerPolicy.builder().minimumCalls(2).windowSize(2)
            .openDuration(Duration.ofSeconds(30)).build())
        .telemetry(events::add)
        .telemetry(Slf4jTelemetry.builder().logger(eventLogger(logged)).build())
        .build();

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> client.chat(ChatRequest.of("gpt-4.1", "hi")))
          .isInstanceOf(ProviderUnavailableException.class);
    }
    assertThatThrownBy(() -> client.chat(ChatRequest.of("gpt-4.1", "while open")))
        .isInstanceOf(StatelineException.class);
    clock.advance(Duration.ofSeconds(31));
    client.chat(ChatRequest.of("gpt-4.1", "probe"));

    List<CircuitStateChanged> changes = events.stream().filter(e -> e instanceof CircuitStateChanged)
        .map(e -> (CircuitStateChanged) e).toList();
    assertThat(changes).extracting(CircuitStateChanged::from, CircuitStateChanged::to).containsExactly(
        org.assertj.core.groups.Tuple.tuple(CircuitState.CLOSED, CircuitState.OPEN),
        org.assertj.core.groups.Tuple.tuple(CircuitState.OPEN, CircuitState.HALF_OPEN),
        org.assertj.core.groups.Tuple.tuple(CircuitState.HALF_OPEN, CircuitState.CLOSED));
    assertThat(changes.get(0).reason()).isEqualTo("2 of 2 recent calls failed");
    assertThat(changes.get(0).call().callId()).as("the second failing call opened it")
        .isEqualTo(a.calls().get(1).callId());
    assertThat(changes.get(1).call().callId()).isEqualTo(changes.get(2).call().callId())
        .isEqualTo(a.calls().get(2).callId());
    assertThat(changes).allSatisfy(c -> assertThat(c.target().name()).isEqualTo("a"));

    Logged opened = logged.stream().filter(l -> l.message().equals("circuit.state_changed")).findFirst().orElseThrow();
    assertThat(opened.level()).isEqualTo(Level.INFO);
    assertThat(opened.fields()).containsEntry("target", "a").containsEntry("circuit_from", "closed")
        .containsEntry("circuit_to", "open").containsEntry("reason", "2 of 2 recent calls failed");
    assertThat(opened.mdcCallId()).isEqualTo(a.calls().get(1).callId());
  }
}
