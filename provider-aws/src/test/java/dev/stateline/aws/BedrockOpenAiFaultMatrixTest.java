/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static dev.stateline.aws.BedrockOpenAiFixture.ALIAS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.stateline.ChatStream;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.Message;
import dev.stateline.error.StatelineException;
import dev.stateline.placement.Failover;
import dev.stateline.session.Session;
import dev.stateline.session.SessionOptions;
import dev.stateline.session.SessionTurn;
import dev.stateline.testing.Conditions;
import dev.stateline.testing.aws.SigV4Verifier;
import dev.stateline.testing.bedrock.openai.BedrockOpenAiEmulator;
import dev.stateline.testing.faults.CallOutcome;
import dev.stateline.testing.faults.Fault;
import dev.stateline.testing.faults.FaultMatrix;
import dev.stateline.testing.faults.Mode;
import dev.stateline.testing.faults.WireFaults;
import dev.stateline.testing.openai.RecordedCall;
import dev.stateline.testing.openai.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The fault matrix for Bedrock's OpenAI-compatible Responses API on bedrock-runtime (SigV4-signed,
 * against the emulator that recomputes every signature): every {@link Fault}, plain and streamed, is
 * staged on this wire and ends in the outcome the shared table ({@link FaultMatrix}) gives it
 * (docs/reliability.md, "Fault matrix"); server-held session turns through faults, stored in DynamoDB
 * (the wire emulator), lose nothing, gain nothing, and each continues the last committed response.
 * The {@code @Timeout} is only a hang guard; nothing here asserts on elapsed time.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BedrockOpenAiFaultMatrixTest {
  private static final ChatRequest HI = ChatRequest.of(ALIAS, "hi");

  /**
   * Bedrock OpenAI's place in the shared table. Its wire is OpenAI's (the same codec, the same SSE
   * events, errors in the OpenAI envelope), so no cell differs: a 429 asks for whole seconds
   * ({@code Retry-After: 1}), and rotated temporary credentials are picked up by the next signature.
   */
  static final FaultMatrix.Profile PROFILE = FaultMatrix.Profile.builder("echo: hi")
      .failover("aws-use1", "aws-usw2")
      .retryAfterWaits(Duration.ofSeconds(1), Duration.ofSeconds(1))
      .build();

  private final BedrockOpenAiFixture f = new BedrockOpenAiFixture();

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  static List<Fault.Case> matrix() {
    return Fault.cases();
  }

  private static Reply throttled() {
    return Reply.error(429, "rate_limit_error", "ThrottlingException", "Too many tokens, please wait before trying again.");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void eachFaultEndsInItsDocumentedOutcome(Fault.Case c) {
    CallOutcome o = stage(c);

    StatelineException e = FaultMatrix.check(c, PROFILE, o);

    // and what Bedrock's OpenAI-compatible wire adds to the table's outcome
    switch (c.fault()) {
      case CONNECTION_REFUSED -> assertThat(o.answer().failovers()).extracting(Failover::from, Failover::to)
          .containsExactly(tuple("aws-use1", "aws-usw2"));
      case ERROR_IN_200 -> assertThat(c.mode() == Mode.PLAIN || e.getMessage().contains("The model stream failed"))
          .as(String.valueOf(e)).isTrue();
      case OVERSIZED_BODY -> assertThat(e.getMessage()).contains("1024");
      case SERVER_ERRORS_PERSISTENT -> {
        assertThat(e.statusCode()).isEqualTo(503);
        assertThat(f.emulator.requestCount()).isEqualTo(3);
      }
      case CREDENTIALS_EXPIRE -> {
        // the call after the rotation was signed with the new credentials; the first with the old
        List<RecordedCall> sent = f.emulator.requests();
        RecordedCall last = sent.get(sent.size() - 1);
        assertThat(SigV4Verifier.accessKeyId(last.header("Authorization"))).isEqualTo("ASIASECONDSESSION002");
        assertThat(last.header("X-Amz-Security-Token")).isEqualTo("token-2");
        assertThat(SigV4Verifier.accessKeyId(sent.get(0).header("Authorization"))).isEqualTo("ASIAFIRSTSESSION0001");
      }
      default -> { }
    }
  }

  /** Makes fault {@code c} happen on Bedrock's OpenAI-compatible wire, and the call. */
  private CallOutcome stage(Fault.Case c) {
    Mode mode = c.mode();
    boolean stream = mode == Mode.STREAM;
    String text = FaultMatrix.TEXT;
    return switch (c.fault()) {
      case CONNECTION_REFUSED -> {
        // nothing listens where the primary points; a healthy target in us-west-2 follows it
        BedrockOpenAiEmulator west = f.closeLater(BedrockOpenAiFixture.emulator(BedrockOpenAiEmulator.Surface.RUNTIME,
            "us-west-2"));
        yield CallOutcome.of(client(f.builder().endpointOverride(URI.create(WireFaults.refusedUrl("/").toString()))
            .build(), BedrockOpenAiFixture.builder("aws-usw2", west).build()), HI, mode);
      }
      case RESET_MID_BODY -> {
        f.emulator.enqueue(Reply.text(text).withWireFault(WireFaults::resetMidBody));
        yield CallOutcome.of(client(), HI, mode);
      }
      case HEADERS_NEVER_ARRIVE -> {
        f.emulator.enqueue(Reply.text("never").withWireFault(WireFaults::headersNeverArrive));
        yield CallOutcome.of(client(), HI, mode, FaultMatrix.SHORT_READ);
      }
      case TRICKLE_TOO_SLOW -> {
        // a stream: half at once, then a pause longer than the read timeout; a body: 16 bytes, then the pause
        f.emulator.enqueue(Reply.text(stream ? text : "one two three").withWireFault(stream
            ? r -> WireFaults.pauseMidBody(r, Duration.ofSeconds(3)) : r -> WireFaults.trickle(r, 16, Duration.ofSeconds(3))));
        yield CallOutcome.of(client(), HI, mode, FaultMatrix.SHORT_READ);
      }
      case TRICKLE_WITHIN_TIMEOUT -> {
        f.emulator.enqueue(Reply.text(text).withWireFault(r -> WireFaults.trickle(r, 8, Duration.ofMillis(2))));
        yield CallOutcome.of(client(), HI, mode);
      }
      case TRICKLE_PAST_TOTAL -> {
        // 64 bytes every 20 ms, never silent for the read timeout, for far longer than the total
        f.emulator.enqueue(Reply.text(text + " " + "word ".repeat(6000)).withWireFault(
            r -> WireFaults.trickle(r, 64, Duration.ofMillis(20))));
        yield CallOutcome.of(client(), HI, mode, FaultMatrix.SHORT_TOTAL);
      }
      case KEEP_ALIVES_ONLY -> {
        f.emulator.enqueue(Reply.raw(WireFaults.keepAlivesOnly()));
        yield CallOutcome.of(client(), HI, mode, FaultMatrix.SHORT_READ);
      }
      case TRUNCATED_STREAM -> {
        f.emulator.enqueue(Reply.truncatedStream("one two"));
        yield CallOutcome.of(client(), HI, mode);
      }
      case MALFORMED_JSON -> {
        f.emulator.enqueue(Reply.malformedJson());
        yield CallOutcome.of(client(), HI, mode);
      }
      case WRONG_CONTENT_TYPE -> {
        // a proxy's HTML page with a 200
        f.emulator.enqueue(Reply.text("x").withWireFault(r -> WireFaults.withBody(r, "text/html",
            "<html><body>Gateway says hello</body></html>")));
        yield CallOutcome.of(client(), HI, mode);
      }
      case ERROR_IN_200 -> {
        f.emulator.enqueue(stream ? Reply.streamError("one two", "server_error", "server_error", "The model stream failed")
            : Reply.text("x").withWireFault(r -> WireFaults.withBody(r, "application/json",
                "{\"error\":{\"type\":\"server_error\",\"code\":\"InternalServerException\",\"message\":\"boom\"}}")));
        yield CallOutcome.of(client(), HI, mode);
      }
      case OVERSIZED_BODY -> {
        f.emulator.enqueue(Reply.text("big " + "word ".repeat(800)));
        yield CallOutcome.of(client(f.builder().maxResponseBytes(1024).build()), HI, mode);
      }
      case RATE_LIMIT_STORM_WITH_RETRY_AFTER -> {
        // two ThrottlingExceptions, each with Retry-After: 1 (whole seconds)
        f.emulator.enqueue(throttled().withHeader("Retry-After", "1"), throttled().withHeader("Retry-After", "1"));
        yield CallOutcome.of(client(), HI, mode);
      }
      case RATE_LIMIT_STORM_WITHOUT_RETRY_AFTER -> {
        f.emulator.enqueue(throttled(), throttled(), throttled());
        yield CallOutcome.of(client(), HI, mode);
      }
      case SERVER_ERRORS_RECOVERING -> {
        f.emulator.enqueue(Reply.serverError(500), Reply.serverError(503));
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
   * Temporary credentials rotate (during a stream, or between two calls) and Bedrock stops taking the
   * old ones: the open stream completes; then the next call, whose outcome this returns.
   */
  private CallOutcome credentialsRotate(Mode mode) {
    AwsSessionCredentials first = AwsSessionCredentials.create("ASIAFIRSTSESSION0001", "first-secret-0000000000000",
        "token-1");
    AwsSessionCredentials second = AwsSessionCredentials.create("ASIASECONDSESSION002", "second-secret-000000000000",
        "token-2");
    AtomicReference<AwsSessionCredentials> current = new AtomicReference<>(first);
    AwsCredentialsProvider rotating = current::get;
    f.emulator.acceptCredentials(first.accessKeyId(), first.secretAccessKey(), first.sessionToken());
    StatelineClient client = client(f.builder().credentialsProvider(rotating).build());
    Runnable rotate = () -> {
      current.set(second);
      f.emulator.acceptCredentials(second.accessKeyId(), second.secretAccessKey(), second.sessionToken())
          .revokeCredentials(first.accessKeyId());
    };
    if (mode == Mode.STREAM) {
      f.emulator.enqueue(Reply.text("one two three four").withEventDelay(Duration.ofMillis(5)));
      try (ChatStream open = client.stream(HI)) {
        Iterator<ChatEvent> events = open.iterator();
        assertThat(events.next()).isInstanceOf(ChatEvent.TextDelta.class);
        // mid-stream, the credentials rotate and the old ones stop working: the open stream completes
        rotate.run();
        assertThat(open.response().text()).isEqualTo("one two three four");
      }
    } else {
      assertThat(client.chat(HI).text()).isEqualTo("echo: hi");
      rotate.run();
    }
    int before = f.emulator.requestCount();
    CallOutcome o = CallOutcome.of(client, HI, mode);
    assertThat(f.emulator.requestCount()).isEqualTo(before + 1);
    return o;
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Mode.class)
  void serverHeldSessionTurnsThroughFaults_storedInDynamoDb_loseNoTurn_gainNoDuplicate_andKeepTheirChain(Mode mode)
      throws Exception {
    // given: a server-held session pinned to its Region, stored in DynamoDB, and faults across five turns
    DynamoDbFixture dynamo = f.closeLater(new DynamoDbFixture());
    StatelineClient client = f.closeLater(StatelineClient.builder().target(f.builder().build())
        .retryPolicy(BedrockOpenAiFixture.RETRIES).timeouts(BedrockOpenAiFixture.FAST).sessionStore(dynamo.store())
        .build());
    boolean stream = mode == Mode.STREAM;
    List<List<Reply>> script = List.of(
        List.of(throttled()),                                                           // one: 429, retried
        List.of(Reply.serverError(503), Reply.serverError(503), Reply.serverError(503)), // two: down, fails
        List.of(stream ? Reply.truncatedStream("echo: th") : Reply.malformedJson()),     // three: broken, fails
        stream                                                                          // four: reset mid-body:
            ? List.of(Reply.text("echo: four, a stream long enough to be cut after its first words")
                .withWireFault(WireFaults::resetMidBody))                                   //   stream cut, fails;
            : List.of(Reply.text("echo: four").withWireFault(WireFaults::resetMidBody),
                Reply.text("echo: four")),                                              //   plain: retried, ok
        List.of(Reply.text("echo: five").withWireFault(r -> WireFaults.trickle(r, 32, Duration.ofMillis(1)))));
    List<String> turns = List.of("one", "two", "three", "four", "five");
    List<String> answered = new ArrayList<>();
    List<String> answerIds = new ArrayList<>();
    List<Integer> firstRequestOfTurn = new ArrayList<>();

    // when
    try (Session session = client.session("case-4711", SessionOptions.builder().model(ALIAS).serverHeld(true)
        .allowMove(false).build())) {
      for (int i = 0; i < turns.size(); i++) {
        script.get(i).forEach(f.emulator::enqueue);
        firstRequestOfTurn.add(f.emulator.requestCount());
        CallOutcome o = CallOutcome.of(session, turns.get(i), mode);
        if (o.answered()) {
          answered.add(turns.get(i));
          answerIds.add(o.answer().id());
        }
      }
    }

    // then: the turns that failed left no trace; the others are there exactly once, in order, also
    // when read back by another store (another process) from the table
    assertThat(answered).containsExactlyElementsOf(stream ? List.of("one", "five") : List.of("one", "four", "five"));
    List<String> expected = new ArrayList<>();
    for (String turn : answered) {
      expected.add(turn);
      expected.add("echo: " + turn);
    }
    var stored = dynamo.store().load("case-4711").orElseThrow();
    assertThat(stored.messages()).extracting(Message::text).containsExactlyElementsOf(expected);
    assertThat(stored.turns()).extracting(SessionTurn::responseId).containsExactlyElementsOf(answerIds);
    // and every request of every turn continued the last committed response, never a failed one
    List<RecordedCall> sent = f.emulator.requests();
    String committed = null;
    for (int i = 0; i < turns.size(); i++) {
      int end = i + 1 < turns.size() ? firstRequestOfTurn.get(i + 1) : sent.size();
      for (RecordedCall r : sent.subList(firstRequestOfTurn.get(i), end)) {
        assertThat(r.at("previous_response_id")).as("turn " + turns.get(i)).isEqualTo(committed);
        assertThat(r.at("store")).isEqualTo(true);
      }
      int k = answered.indexOf(turns.get(i));
      committed = k >= 0 ? answerIds.get(k) : committed;
    }
  }

  // ---- helpers ----

  private StatelineClient client() {
    return client(f.builder().build());
  }

  private StatelineClient client(Target target, Target... more) {
    Target[] all = new Target[more.length + 1];
    all[0] = target;
    System.arraycopy(more, 0, all, 1, more.length);
    return f.client(all);
  }
}
