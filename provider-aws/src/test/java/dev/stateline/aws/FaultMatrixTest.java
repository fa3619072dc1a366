/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.stateline.CallOptions;
import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.Message;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.placement.Attempt;
import dev.stateline.placement.Failover;
import dev.stateline.session.Session;
import dev.stateline.testing.Conditions;
import dev.stateline.testing.bedrock.BedrockEmulator;
import dev.stateline.testing.bedrock.BedrockReply;
import dev.stateline.testing.faults.CallOutcome;
import dev.stateline.testing.faults.Fault;
import dev.stateline.testing.faults.Mode;
import dev.stateline.testing.faults.WireFaults;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.eventstream.HeaderValue;

/**
 * The fault matrix for Amazon Bedrock (Converse and ConverseStream through the real AWS SDK): every
 * {@link Fault}, plain and streamed, ends in its documented typed error or in a successful retry or
 * failover (docs/reliability.md, "Fault matrix"); session turns through faults, stored in DynamoDB
 * (the wire emulator), lose nothing and gain nothing. The {@code @Timeout} is only a hang guard;
 * nothing here asserts on elapsed time.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FaultMatrixTest {
  private static final ChatRequest HI = ChatRequest.of("gpt-oss", "hi");
  /** For the faults that must trip the read timeout: a short silence is enough. */
  private static final CallOptions SHORT_READ = CallOptions.builder()
      .timeouts(new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(60))).build();
  /** A Converse answer with a syntax error (an unquoted stop reason). */
  private static final String BROKEN_CONVERSE_JSON = "{\"output\":{\"message\":{\"role\":\"assistant\","
      + "\"content\":[{\"text\":\"hi\"}]}},\"stopReason\":end_turn,\"usage\":{}}";
  private static final RetryPolicy RETRIES = RetryPolicy.builder().maxAttempts(3)
      .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(4)).build();

  private final BedrockFixture f = new BedrockFixture();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    f.close();
  }

  static List<Fault.Case> matrix() {
    return Fault.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void eachFaultEndsInItsDocumentedOutcome(Fault.Case c) {
    Mode mode = c.mode();
    boolean stream = mode == Mode.STREAM;
    switch (c.fault()) {
      case CONNECTION_REFUSED -> {
        // given: nothing listens where the primary points; a healthy backup target follows it
        BedrockEmulator backup = BedrockEmulator.start();
        closeables.add(backup);
        Target primary = f.builder().endpointOverride(URI.create(WireFaults.refusedUrl("/").toString())).build();
        Target second = Bedrock.target("aws-dub").region("eu-west-1").model("gpt-oss", BedrockFixture.MODEL_ID)
            .credentialsProvider(BedrockFixture.credentials()).endpointOverride(backup.endpoint()).build();
        StatelineClient client = client(primary, second);
        // when
        CallOutcome o = CallOutcome.of(client, HI, mode);
        // then: retried on the primary, then failed over to the backup, which answers
        assertThat(o.text()).isEqualTo("Echo: hi");
        assertThat(o.route()).containsExactly(
            "aws-fra ProviderUnavailableException", "aws-fra ProviderUnavailableException",
            "aws-fra ProviderUnavailableException", "aws-dub ok");
        assertThat(o.answer().failovers()).extracting(Failover::from, Failover::to)
            .containsExactly(tuple("aws-fra", "aws-dub"));
      }
      case RESET_MID_BODY -> {
        // given: the connection is closed half-way through the body, once
        f.emulator.enqueue(BedrockReply.builder().text("one two three four five six").chunkSize(4)
            .wireFault(WireFaults::resetMidBody).build());
        CallOutcome o = CallOutcome.of(client(), HI, mode);
        if (stream) {
          // then: events had arrived, so the stream is not retried: a truncated answer, text kept
          o.truncation("one", 1);
        } else {
          // then: nothing reached the caller, so the call is retried and answered
          assertRetriedThenAnswered(o, "ProviderUnavailableException");
        }
      }
      case HEADERS_NEVER_ARRIVE -> {
        // given: a warm client; then a response that never sends its headers
        StatelineClient client = warm(client());
        f.emulator.enqueue(BedrockReply.builder().text("never").wireFault(WireFaults::headersNeverArrive).build());
        CallOutcome o = CallOutcome.of(client, HI, mode, SHORT_READ);
        // then: a timeout, retried, answered
        assertRetriedThenAnswered(o, "CallTimeoutException");
      }
      case TRICKLE_TOO_SLOW -> {
        StatelineClient client = warm(client());
        if (stream) {
          // given: half the stream at once, then a pause longer than the read timeout
          f.emulator.enqueue(BedrockReply.builder().text("one two three four five six").chunkSize(4)
              .wireFault(r -> WireFaults.pauseMidBody(r, Duration.ofSeconds(4))).build());
          CallOutcome o = CallOutcome.of(client, HI, mode, SHORT_READ);
          // then: a truncated answer keeping what arrived, caused by the read timeout; not retried
          ProtocolException e = o.truncation("one", 1);
          assertThat(e.getCause()).isInstanceOfSatisfying(CallTimeoutException.class,
              t -> assertThat(t.kind()).isEqualTo(CallTimeoutException.Kind.READ));
        } else {
          // given: a body that sends 16 bytes, then pauses longer than the attempt may take
          f.emulator.enqueue(BedrockReply.builder().text("one two three")
              .wireFault(r -> WireFaults.trickle(r, 16, Duration.ofSeconds(4))).build());
          CallOutcome o = CallOutcome.of(client, HI, mode, SHORT_READ);
          // then: a timeout, retried, answered
          assertRetriedThenAnswered(o, "CallTimeoutException");
        }
      }
      case TRICKLE_WITHIN_TIMEOUT -> {
        // given: a body in 16-byte pieces, 2 ms apart: slow, but never silent for the read timeout
        f.emulator.enqueue(BedrockReply.builder().text("one two three four five six").chunkSize(4)
            .wireFault(r -> WireFaults.trickle(r, 16, Duration.ofMillis(2))).build());
        CallOutcome o = CallOutcome.of(client(), HI, mode);
        // then: answered in full at the first attempt
        assertThat(o.text()).isEqualTo("one two three four five six");
        assertThat(o.answer().attempts()).hasSize(1);
      }
      case TRUNCATED_STREAM -> {
        // given: a stream cut in the middle of a frame, after some text
        f.emulator.enqueue(BedrockReply.builder().text("one two three").chunkSize(4).truncateAfterEvents(4).build());
        CallOutcome o = CallOutcome.of(client(), HI, mode);
        // then: a protocol error keeping the partial answer; not retried (tokens reached the caller)
        ProtocolException e = o.truncation("one", 1);
        assertThat(e.partialText()).startsWith("one two");
      }
      case MALFORMED_JSON -> {
        if (stream) {
          // given: well-framed events, the third with a broken JSON payload
          f.emulator.enqueue(BedrockReply.builder().text("x").wireFault(r -> r.newBuilder()
              .body(frames(frame("messageStart", "{\"role\":\"assistant\"}"),
                  frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"one \"}}"),
                  frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":")))
              .removeHeader("Transfer-Encoding").build()).build());
        } else {
          // given: a 200 whose JSON has a syntax error
          f.emulator.enqueue(BedrockReply.builder().text("x").wireFault(r -> WireFaults.withBody(r,
              "application/json", BROKEN_CONVERSE_JSON)).build());
        }
        CallOutcome o = CallOutcome.of(client(), HI, mode);
        if (stream) {
          // then: a truncated answer keeping "one ", not retried
          o.truncation("one", 1);
        } else {
          // then: a typed protocol error, not retried
          o.failure(ProtocolException.class, 1);
        }
      }
      case WRONG_CONTENT_TYPE -> {
        // given: a proxy's HTML page with a 200
        f.emulator.enqueue(BedrockReply.builder().text("x").wireFault(r -> WireFaults.withBody(r, "text/html",
            "<html><body>Gateway says hello</body></html>")).build());
        CallOutcome o = CallOutcome.of(client(), HI, mode);
        if (stream) {
          // then: a protocol error before the first event, so retried, answered
          assertRetriedThenAnswered(o, "ProtocolException");
        } else {
          // then: a typed protocol error (the body is not JSON), not retried
          o.failure(ProtocolException.class, 1);
        }
      }
      case ERROR_IN_200 -> {
        if (stream) {
          // given: some text, then an exception frame inside the 200 stream
          f.emulator.enqueue(BedrockReply.builder().text("one two three").chunkSize(4)
              .exceptionAfterEvents(3, "modelStreamErrorException", "The model stream failed").build());
        } else {
          // given: a 200 whose JSON body is an error document
          f.emulator.enqueue(BedrockReply.builder().text("x").wireFault(r -> WireFaults.withBody(r,
              "application/json", "{\"__type\":\"ServiceUnavailableException\",\"message\":\"Service unavailable\"}"))
              .build());
        }
        CallOutcome o = CallOutcome.of(client(), HI, mode);
        if (stream) {
          // then: a broken stream keeping the text that arrived, not retried
          ProtocolException e = o.truncation("one", 1);
          assertThat(e.getMessage()).contains("ModelStreamErrorException");
        } else {
          // then: a 200 without an answer is a protocol error, not retried
          assertThat(o.failure(ProtocolException.class, 1).getMessage()).contains("without an output");
        }
      }
      case OVERSIZED_BODY -> {
        // given: a target that reads at most 64 KiB, and an answer of 2 MiB sent in 8 KiB pieces
        String big = "word ".repeat(2 * 1024 * 1024 / 5);
        f.emulator.enqueue(BedrockReply.builder().text(big).chunkSize(8 * 1024).build());
        CallOutcome o = CallOutcome.of(client(f.builder().maxResponseBytes(64 * 1024).build()), HI, mode);
        // then: a protocol error naming the limit, not retried (the answer would be as large again)
        ProtocolException e = o.failure(ProtocolException.class, 1);
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("maxResponseBytes").contains("65536");
        if (stream) {
          // and what arrived within the limit is kept as the partial answer, never more than the limit
          assertThat(o.streamedText()).isNotEmpty();
          assertThat(e.partialText()).isEqualTo(o.streamedText());
          assertThat(big).startsWith(o.streamedText());
          assertThat(o.streamedText().length()).isLessThanOrEqualTo(64 * 1024);
        }
      }
      case RATE_LIMIT_STORM_WITH_RETRY_AFTER -> {
        // given: two ThrottlingExceptions, each with Retry-After: 1 (whole seconds: Bedrock's only form)
        for (int i = 0; i < 2; i++) {
          f.emulator.enqueue(BedrockReply.builder().httpError(429, "ThrottlingException", "Too many requests")
              .retryAfter("1").build());
        }
        CallOutcome o = CallOutcome.of(client(), HI, mode);
        // then: answered at the third attempt, after waiting exactly what each 429 asked
        assertThat(o.text()).isEqualTo("Echo: hi");
        assertThat(o.answer().attempts()).extracting(Attempt::errorType, Attempt::retryDelay).containsExactly(
            tuple("RateLimitedException", Duration.ofSeconds(1)), tuple("RateLimitedException", Duration.ofSeconds(1)),
            tuple(null, Duration.ZERO));
      }
      case RATE_LIMIT_STORM_WITHOUT_RETRY_AFTER -> {
        // given: three ThrottlingExceptions without a hint: the storm outlasts the retries
        for (int i = 0; i < 3; i++) {
          f.emulator.enqueue(BedrockReply.throttling("Too many requests, please wait before trying again."));
        }
        CallOutcome o = CallOutcome.of(client(), HI, mode);
        // then: the client's own backoff between tries, then the last 429 as a typed error
        RateLimitedException e = o.failure(RateLimitedException.class, 3);
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.attempts()).allSatisfy(a -> assertThat(a.retryDelay()).isLessThanOrEqualTo(Duration.ofMillis(4)));
      }
      case SERVER_ERRORS_RECOVERING -> {
        // given: a 500 and a 503, then answers
        f.emulator.enqueue(BedrockReply.error(500, "InternalServerException", "Internal error"));
        f.emulator.enqueue(BedrockReply.serviceUnavailable("Service unavailable"));
        CallOutcome o = CallOutcome.of(client(), HI, mode);
        // then: retried, answered at the third attempt
        assertThat(o.text()).isEqualTo("Echo: hi");
        assertThat(o.answer().attempts()).extracting(Attempt::errorType).containsExactly(
            "ProviderUnavailableException", "ProviderUnavailableException", null);
      }
      case SERVER_ERRORS_PERSISTENT -> {
        // given: Bedrock is down
        f.emulator.conditions(Conditions.outage());
        CallOutcome o = CallOutcome.of(client(), HI, mode);
        // then: every attempt made, then the last 503 as a typed error
        ProviderUnavailableException e = o.failure(ProviderUnavailableException.class, 3);
        assertThat(e.statusCode()).isEqualTo(503);
        assertThat(f.emulator.requestCount()).isEqualTo(3);
      }
      case CREDENTIALS_EXPIRE -> credentialsRotate(mode);
      default -> throw new AssertionError("no scenario for " + c);
    }
  }

  /**
   * Session credentials rotate (during a stream, or between two calls) and Bedrock stops taking the
   * old ones: the open stream completes; the next call is signed with the new ones.
   */
  private void credentialsRotate(Mode mode) {
    // given: a provider handing out session credentials that a test rotates
    AtomicReference<AwsSessionCredentials> current = new AtomicReference<>(
        AwsSessionCredentials.create("ASIAFIRSTSESSION0001", "first-secret-key-000000000000000000000", "token-1"));
    AwsCredentialsProvider rotating = current::get;
    f.emulator.requireAccessKeyId("ASIAFIRSTSESSION0001");
    StatelineClient client = client(f.builder().credentialsProvider(rotating).build());
    if (mode == Mode.STREAM) {
      f.emulator.enqueue(BedrockReply.builder().text("one two three four").chunkSize(4).build());
      try (ChatStream open = client.stream(HI)) {
        Iterator<ChatEvent> events = open.iterator();
        events.next();
        // when: mid-stream, the credentials rotate and the old ones stop working
        rotate(current);
        // then: the open stream completes
        assertThat(open.response().text()).isEqualTo("one two three four");
      }
    } else {
      assertThat(client.chat(HI).text()).isEqualTo("Echo: hi");
      rotate(current);
    }

    // when: the next call
    CallOutcome o = CallOutcome.of(client, HI, mode);

    // then: signed with the new credentials, answered at once
    assertThat(o.text()).isEqualTo("Echo: hi");
    assertThat(o.answer().attempts()).hasSize(1);
    List<dev.stateline.testing.bedrock.BedrockRecordedRequest> sent = f.emulator.requests();
    assertThat(sent.get(sent.size() - 1).sigV4().accessKeyId()).isEqualTo("ASIASECONDSESSION002");
    assertThat(sent.get(0).sigV4().accessKeyId()).isEqualTo("ASIAFIRSTSESSION0001");
  }

  private void rotate(AtomicReference<AwsSessionCredentials> current) {
    current.set(AwsSessionCredentials.create("ASIASECONDSESSION002", "second-secret-key-00000000000000000000",
        "token-2"));
    f.emulator.requireAccessKeyId("ASIASECONDSESSION002");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Mode.class)
  void sessionTurnsThroughFaults_storedInDynamoDb_loseNoTurnAndGainNoDuplicate(Mode mode) {
    // given: a session stored in DynamoDB (the wire emulator), and a script of faults across five turns
    DynamoDbFixture dynamo = new DynamoDbFixture();
    closeables.add(dynamo);
    DynamoDbSessionStore store = dynamo.store();
    StatelineClient client = StatelineClient.builder().target(f.target).retryPolicy(RETRIES)
        .timeouts(BedrockFixture.FAST).sessionStore(store).build();
    closeables.add(0, client);
    boolean stream = mode == Mode.STREAM;
    List<List<BedrockReply>> script = List.of(
        List.of(BedrockReply.throttling("Too many requests")),                       // one: 429, retried
        List.of(BedrockReply.serviceUnavailable("down"), BedrockReply.serviceUnavailable("down"),
            BedrockReply.serviceUnavailable("down")),                                 // two: down, fails
        List.of(stream                                                                // three: cut, fails
            ? BedrockReply.builder().text("Echo: three").chunkSize(3).truncateAfterEvents(4).build()
            : BedrockReply.builder().text("x").wireFault(r -> WireFaults.withBody(r, "application/json",
                BROKEN_CONVERSE_JSON)).build()),                                            //   (plain: broken JSON)
        stream                                                                        // four: reset mid-body:
            ? List.of(BedrockReply.builder().text("Echo: four").chunkSize(3)         //   stream cut, fails;
                .wireFault(WireFaults::resetMidBody).build())
            : List.of(BedrockReply.builder().text("Echo: four").wireFault(WireFaults::resetMidBody).build(),
                BedrockReply.text("Echo: four")),                                     //   plain: retried, ok
        List.of(BedrockReply.builder().text("Echo: five")                             // five: slow, ok
            .wireFault(r -> WireFaults.trickle(r, 32, Duration.ofMillis(1))).build()));
    List<String> turns = List.of("one", "two", "three", "four", "five");
    List<String> answered = new ArrayList<>();

    // when
    try (Session session = client.session("case-4711")) {
      for (int i = 0; i < turns.size(); i++) {
        script.get(i).forEach(f.emulator::enqueue);
        if (CallOutcome.of(session, turns.get(i), mode).answered()) {
          answered.add(turns.get(i));
        }
      }
    }

    // then: the turns that failed left no trace; the others are there exactly once, in order, also
    // when read back by another store (another process) from the table
    assertThat(answered).as("what failed and what was answered")
        .containsExactlyElementsOf(stream ? List.of("one", "five") : List.of("one", "four", "five"));
    List<String> expected = new ArrayList<>();
    for (String turn : answered) {
      expected.add(turn);
      expected.add("Echo: " + turn);
    }
    assertThat(dynamo.store().load("case-4711").orElseThrow().messages()).extracting(Message::text)
        .containsExactlyElementsOf(expected);
    assertThat(dynamo.store().load("case-4711").orElseThrow().turns()).hasSize(answered.size());
  }

  // ---- helpers ----

  private StatelineClient client() {
    return client(f.target);
  }

  private StatelineClient client(Target target, Target... more) {
    StatelineClient.Builder b = StatelineClient.builder().target(target).retryPolicy(RETRIES)
        .timeouts(BedrockFixture.FAST);
    for (Target t : more) {
      b.target(t);
    }
    StatelineClient client = b.build();
    closeables.add(0, client); // closes its targets' models too
    return client;
  }

  /** One plain and one streamed call first, so that a short read timeout never meets a cold SDK client. */
  private StatelineClient warm(StatelineClient client) {
    client.chat(HI);
    try (ChatStream s = client.stream(HI)) {
      s.response();
    }
    return client;
  }

  private static void assertRetriedThenAnswered(CallOutcome o, String firstError) {
    assertThat(o.text()).isEqualTo("Echo: hi");
    assertThat(o.answer().attempts()).extracting(Attempt::errorType).containsExactly(firstError, null);
  }

  /** One event-stream frame of a ConverseStream event with {@code json} as its payload (valid or not). */
  private static byte[] frame(String eventType, String json) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":event-type", HeaderValue.fromString(eventType));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    headers.put(":message-type", HeaderValue.fromString("event"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new software.amazon.eventstream.Message(headers, json.getBytes(StandardCharsets.UTF_8)).encode(out);
    return out.toByteArray();
  }

  private static Buffer frames(byte[]... frames) {
    Buffer b = new Buffer();
    for (byte[] frame : frames) {
      b.write(frame);
    }
    return b;
  }
}
