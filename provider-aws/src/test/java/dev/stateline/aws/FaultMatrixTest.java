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
import dev.stateline.error.StatelineException;
import dev.stateline.testing.faults.CallOutcome;
import dev.stateline.testing.faults.Fault;
import dev.stateline.testing.faults.FaultMatrix;
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
  private static final RetryPolicy RETRIES = FaultMatrix.RETRIES;

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

  /** Bedrock's place in the shared table, and where its wire makes a cell differ. */
  static final FaultMatrix.Profile PROFILE = FaultMatrix.Profile.builder("Echo: hi")
      .failover("aws-fra", "aws-dub")
      .retryAfterWaits(Duration.ofSeconds(1), Duration.ofSeconds(1))
      .differs(Fault.WRONG_CONTENT_TYPE, Mode.STREAM, FaultMatrix.retriedThenAnswered("ProtocolException"),
          "the SDK refuses a non-event-stream body before the first event: a protocol error nothing of which reached"
              + " the caller, so it is retried")
      .differs(Fault.ERROR_IN_200, Mode.PLAIN, FaultMatrix.failed(ProtocolException.class, 1),
          "Converse has no error document in a 200: a 200 without an output is a malformed answer")
      .differs(Fault.ERROR_IN_200, Mode.STREAM, FaultMatrix.truncated(null),
          "an exception frame after text is a broken stream (the text is kept), as every mid-stream failure")
      .build();

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void eachFaultEndsInItsDocumentedOutcome(Fault.Case c) {
    CallOutcome o = stage(c);

    StatelineException e = FaultMatrix.check(c, PROFILE, o);

    // and what Bedrock adds to the table's outcome
    switch (c.fault()) {
      case CONNECTION_REFUSED -> assertThat(o.answer().failovers()).extracting(Failover::from, Failover::to)
          .containsExactly(tuple("aws-fra", "aws-dub"));
      case ERROR_IN_200 -> assertThat(e.getMessage()).contains(c.mode() == Mode.STREAM ? "ModelStreamErrorException"
          : "without an output");
      case OVERSIZED_BODY -> {
        assertThat(e.getMessage()).contains("maxResponseBytes").contains("65536");
        if (c.mode() == Mode.STREAM) {
          // what arrived within the limit is kept as the partial answer, never more than the limit
          assertThat(o.streamedText()).isNotEmpty();
          assertThat(((ProtocolException) e).partialText()).isEqualTo(o.streamedText());
          assertThat(o.streamedText().length()).isLessThanOrEqualTo(64 * 1024);
        }
      }
      case SERVER_ERRORS_PERSISTENT -> {
        assertThat(e.statusCode()).isEqualTo(503);
        assertThat(f.emulator.requestCount()).isEqualTo(3);
      }
      default -> { }
    }
  }

  /** Makes fault {@code c} happen on Bedrock's wire (through the real SDK), and the call. */
  private CallOutcome stage(Fault.Case c) {
    Mode mode = c.mode();
    boolean stream = mode == Mode.STREAM;
    String text = FaultMatrix.TEXT;
    return switch (c.fault()) {
      case CONNECTION_REFUSED -> {
        BedrockEmulator backup = BedrockEmulator.start()
            .acceptCredentials(BedrockFixture.ACCESS_KEY_ID, BedrockFixture.SECRET_KEY);
        closeables.add(backup);
        Target primary = f.builder().endpointOverride(URI.create(WireFaults.refusedUrl("/").toString())).build();
        Target second = Bedrock.target("aws-dub").region("eu-west-1").model("gpt-oss", BedrockFixture.MODEL_ID)
            .credentialsProvider(BedrockFixture.credentials()).endpointOverride(backup.endpoint()).build();
        yield CallOutcome.of(client(primary, second), HI, mode);
      }
      case RESET_MID_BODY -> {
        f.emulator.enqueue(BedrockReply.builder().text(text).chunkSize(4).wireFault(WireFaults::resetMidBody).build());
        yield CallOutcome.of(client(), HI, mode);
      }
      case HEADERS_NEVER_ARRIVE -> {
        StatelineClient client = warm(client());
        f.emulator.enqueue(BedrockReply.builder().text("never").wireFault(WireFaults::headersNeverArrive).build());
        yield CallOutcome.of(client, HI, mode, SHORT_READ);
      }
      case TRICKLE_TOO_SLOW -> {
        StatelineClient client = warm(client());
        f.emulator.enqueue(stream
            ? BedrockReply.builder().text(text).chunkSize(4).wireFault(r -> WireFaults.pauseMidBody(r, Duration.ofSeconds(4))).build()
            : BedrockReply.builder().text("one two three").wireFault(r -> WireFaults.trickle(r, 16, Duration.ofSeconds(4))).build());
        yield CallOutcome.of(client, HI, mode, SHORT_READ);
      }
      case TRICKLE_WITHIN_TIMEOUT -> {
        f.emulator.enqueue(BedrockReply.builder().text(text).chunkSize(4)
            .wireFault(r -> WireFaults.trickle(r, 16, Duration.ofMillis(2))).build());
        yield CallOutcome.of(client(), HI, mode);
      }
      case TRICKLE_PAST_TOTAL -> {
        StatelineClient client = warm(client());
        f.emulator.enqueue(BedrockReply.builder().text(text + " " + "word ".repeat(6000)).chunkSize(8)
            .wireFault(r -> WireFaults.trickle(r, 64, Duration.ofMillis(20))).build());
        yield CallOutcome.of(client, HI, mode, FaultMatrix.SHORT_TOTAL);
      }
      case KEEP_ALIVES_ONLY -> {
        // Bedrock's event stream has no comments: the equivalent is a stream that sends no event at all
        StatelineClient client = warm(client());
        f.emulator.enqueue(BedrockReply.builder().text("never").stallAfterEvents(0).build());
        yield CallOutcome.of(client, HI, mode, SHORT_READ);
      }
      case TRUNCATED_STREAM -> {
        f.emulator.enqueue(BedrockReply.builder().text("one two three").chunkSize(4).truncateAfterEvents(4).build());
        yield CallOutcome.of(client(), HI, mode);
      }
      case MALFORMED_JSON -> {
        f.emulator.enqueue(stream
            ? BedrockReply.builder().text("x").wireFault(r -> r.newBuilder()
                .body(frames(frame("messageStart", "{\"role\":\"assistant\"}"),
                    frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"one \"}}"),
                    frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":")))
                .removeHeader("Transfer-Encoding").build()).build()
            : BedrockReply.builder().text("x").wireFault(r -> WireFaults.withBody(r, "application/json",
                BROKEN_CONVERSE_JSON)).build());
        yield CallOutcome.of(client(), HI, mode);
      }
      case WRONG_CONTENT_TYPE -> {
        f.emulator.enqueue(BedrockReply.builder().text("x").wireFault(r -> WireFaults.withBody(r, "text/html",
            "<html><body>Gateway says hello</body></html>")).build());
        yield CallOutcome.of(client(), HI, mode);
      }
      case ERROR_IN_200 -> {
        f.emulator.enqueue(stream
            ? BedrockReply.builder().text("one two three").chunkSize(4)
                .exceptionAfterEvents(3, "modelStreamErrorException", "The model stream failed").build()
            : BedrockReply.builder().text("x").wireFault(r -> WireFaults.withBody(r, "application/json",
                "{\"__type\":\"ServiceUnavailableException\",\"message\":\"Service unavailable\"}")).build());
        yield CallOutcome.of(client(), HI, mode);
      }
      case OVERSIZED_BODY -> {
        // a target that reads at most 64 KiB, and an answer of 2 MiB sent in 8 KiB pieces
        f.emulator.enqueue(BedrockReply.builder().text("word ".repeat(2 * 1024 * 1024 / 5)).chunkSize(8 * 1024).build());
        yield CallOutcome.of(client(f.builder().maxResponseBytes(64 * 1024).build()), HI, mode);
      }
      case RATE_LIMIT_STORM_WITH_RETRY_AFTER -> {
        // Retry-After: 1 (whole seconds: Bedrock's only form)
        for (int i = 0; i < 2; i++) {
          f.emulator.enqueue(BedrockReply.builder().httpError(429, "ThrottlingException", "Too many requests")
              .retryAfter("1").build());
        }
        yield CallOutcome.of(client(), HI, mode);
      }
      case RATE_LIMIT_STORM_WITHOUT_RETRY_AFTER -> {
        for (int i = 0; i < 3; i++) {
          f.emulator.enqueue(BedrockReply.throttling("Too many requests, please wait before trying again."));
        }
        yield CallOutcome.of(client(), HI, mode);
      }
      case SERVER_ERRORS_RECOVERING -> {
        f.emulator.enqueue(BedrockReply.error(500, "InternalServerException", "Internal error"));
        f.emulator.enqueue(BedrockReply.serviceUnavailable("Service unavailable"));
        yield CallOutcome.of(client(), HI, mode);
      }
      case SERVER_ERRORS_PERSISTENT -> {
        f.emulator.conditions(Conditions.outage());
        yield CallOutcome.of(client(), HI, mode);
      }
      case CREDENTIALS_EXPIRE -> credentialsRotate(mode);
      default -> throw new AssertionError("no scenario for " + c);
    };
  }

  /**
   * Session credentials rotate (during a stream, or between two calls) and Bedrock stops taking the
   * old ones: the open stream completes; the next call is signed with the new ones.
   */
  private CallOutcome credentialsRotate(Mode mode) {
    // given: a provider handing out session credentials that a test rotates
    AtomicReference<AwsSessionCredentials> current = new AtomicReference<>(
        AwsSessionCredentials.create("ASIAFIRSTSESSION0001", "first-secret-key-000000000000000000000", "token-1"));
    AwsCredentialsProvider rotating = current::get;
    f.emulator.revokeCredentials(BedrockFixture.ACCESS_KEY_ID)
        .acceptCredentials("ASIAFIRSTSESSION0001", "first-secret-key-000000000000000000000", "token-1");
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

    // then: signed with the new credentials (answered at once: the table's check)
    List<dev.stateline.testing.bedrock.BedrockRecordedRequest> sent = f.emulator.requests();
    assertThat(sent.get(sent.size() - 1).sigV4().accessKeyId()).isEqualTo("ASIASECONDSESSION002");
    assertThat(sent.get(0).sigV4().accessKeyId()).isEqualTo("ASIAFIRSTSESSION0001");
    return o;
  }

  private void rotate(AtomicReference<AwsSessionCredentials> current) {
    current.set(AwsSessionCredentials.create("ASIASECONDSESSION002", "second-secret-key-00000000000000000000",
        "token-2"));
    f.emulator.acceptCredentials("ASIASECONDSESSION002", "second-secret-key-00000000000000000000", "token-2")
        .revokeCredentials("ASIAFIRSTSESSION0001");
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
