/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.openai.internal.SharedHttpClient;
import dev.stateline.testing.ThreadWatch;
import dev.stateline.testing.agentcore.AgentCoreEmulator;
import dev.stateline.testing.bedrock.BedrockReply;
import dev.stateline.testing.faults.WireFaults;
import dev.stateline.testing.openai.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * After {@code close()}, no thread of the AWS SDK clients Stateline built outlives the client beyond
 * what docs/providers/aws.md allows (five seconds, for event loops finishing their shutdown), also
 * when calls are still in flight and a stream was left open, whose timeout tasks are still scheduled;
 * and none appears later, started by a delayed task. On every AWS target kind: Bedrock (Converse),
 * AgentCore Runtime and Bedrock's OpenAI-compatible endpoints.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AwsThreadsAfterCloseTest {
  /** The SDK's and Netty's threads, and the scheduler Stateline gives the SDK. */
  private static final Predicate<String> AWS_THREADS = n -> n.startsWith("sdk-") || n.startsWith("aws-java-sdk-")
      || n.startsWith("stateline-aws-") || n.startsWith("globalEventExecutor");
  /**
   * OkHttp's threads but the idle ones that end by themselves (its task runner, taking the name of
   * the task it runs, such as the connection pool's closer): a dispatcher thread would be a call
   * left running.
   */
  private static final Predicate<String> OKHTTP_BUSY_THREADS = n -> n.startsWith("OkHttp")
      && !n.startsWith("OkHttp TaskRunner") && !n.equals("OkHttp ConnectionPool connection closer");
  private static final Duration ALLOWANCE = Duration.ofSeconds(5);
  private static final Duration QUIET = Duration.ofSeconds(2);

  @Test
  void givenABedrockTargetWithACallInFlightAndAStreamLeftOpen_whenTheClientCloses_thenItsThreadsGo() throws Exception {
    try (BedrockFixture f = new BedrockFixture()) {
      ThreadWatch watch = ThreadWatch.start();
      Target target = f.builder().build();
      StatelineClient client = StatelineClient.builder().target(target).retryPolicy(RetryPolicy.none())
          .timeouts(BedrockFixture.FAST).build();
      client.chat(ChatRequest.of("gpt-oss", "hi"));
      f.emulator.enqueue(BedrockReply.builder().text("a b c d e f").chunkSize(2).stallAfterEvents(2).build());
      ChatStream open = client.stream(ChatRequest.of("gpt-oss", "hi"));
      open.iterator().next();
      f.emulator.enqueue(BedrockReply.builder().text("late").headersDelay(Duration.ofSeconds(2)).build());
      CompletableFuture<?> inFlight = CompletableFuture.runAsync(() -> {
        try {
          client.chat(ChatRequest.of("gpt-oss", "hi"));
        } catch (RuntimeException expected) {
          // closed under it, or answered late: either way it ends
        }
      });
      Thread.sleep(300);

      client.close();
      inFlight.get(30, TimeUnit.SECONDS);

      assertThat(watch.lingering(AWS_THREADS, ALLOWANCE, QUIET)).isEmpty();
    }
  }

  /**
   * A Bedrock OpenAI-compatible target starts no thread of its own: it sends over the shared OkHttp
   * client on the calling thread, and what it builds of the AWS SDK (the default credentials chain)
   * is closed with it. After close only OkHttp's and Okio's idle threads may remain (they end by
   * themselves; the Okio watchdog also ends the stream left open at its deadline), and the model has
   * given back its lease on the shared client.
   */
  @Test
  void givenABedrockOpenAiTargetOnTheDefaultChain_withACallInFlightAndAStreamLeftOpen_whenTheClientCloses_thenItsThreadsGo()
      throws Exception {
    String[] properties = {"aws.accessKeyId", "aws.secretAccessKey"};
    String[] saved = {System.getProperty(properties[0]), System.getProperty(properties[1])};
    try (BedrockOpenAiFixture f = new BedrockOpenAiFixture()) {
      // the SDK's default chain finds the credentials in the system properties, its first link
      System.setProperty(properties[0], BedrockOpenAiFixture.ACCESS_KEY_ID);
      System.setProperty(properties[1], BedrockOpenAiFixture.SECRET_KEY);
      int leases = SharedHttpClient.leases();
      ThreadWatch watch = ThreadWatch.start();
      Target target = BedrockOpenAi.target("aws-use1").region("us-east-1")
          .model(BedrockOpenAiFixture.ALIAS, BedrockOpenAiFixture.PROFILE)
          .endpointOverride(URI.create(f.emulator.endpoint().toString())).environment(v -> null).build();
      StatelineClient client = StatelineClient.builder().target(target).retryPolicy(RetryPolicy.none())
          .timeouts(BedrockOpenAiFixture.FAST).build();
      ChatRequest hi = ChatRequest.of(BedrockOpenAiFixture.ALIAS, "hi");
      assertThat(client.chat(hi).text()).as("signed from the default chain").isEqualTo("echo: hi");
      f.emulator.enqueue(Reply.text("a b c d e f")
          .withWireFault(r -> WireFaults.pauseMidBody(r, Duration.ofSeconds(20))));
      ChatStream open = client.stream(hi);
      open.iterator().next();
      f.emulator.enqueue(Reply.text("late").withHeadersDelay(Duration.ofSeconds(2)));
      CompletableFuture<?> inFlight = CompletableFuture.runAsync(() -> {
        try {
          client.chat(hi);
        } catch (RuntimeException expected) {
          // closed under it, or answered late: either way it ends
        }
      });
      Thread.sleep(300);

      client.close();
      inFlight.get(30, TimeUnit.SECONDS);

      assertThat(watch.lingering(AWS_THREADS.or(OKHTTP_BUSY_THREADS), ALLOWANCE, QUIET)).isEmpty();
      assertThat(SharedHttpClient.leases()).as("the shared OkHttp client's lease is given back").isEqualTo(leases);
      open.close();
    } finally {
      for (int i = 0; i < properties.length; i++) {
        if (saved[i] == null) {
          System.clearProperty(properties[i]);
        } else {
          System.setProperty(properties[i], saved[i]);
        }
      }
    }
  }

  @Test
  void givenAnAgentCoreTargetWithAStreamLeftOpen_whenTheClientCloses_thenItsThreadsGo() throws Exception {
    try (AgentCoreEmulator emulator = AgentCoreEmulator.start()
        .acceptCredentials(BedrockFixture.ACCESS_KEY_ID, BedrockFixture.SECRET_KEY)) {
      ThreadWatch watch = ThreadWatch.start();
      Target agent = AgentCoreRuntime.target("agentcore").region("eu-central-1")
          .agent("support", AgentCoreFixture.RUNTIME_ARN).credentialsProvider(BedrockFixture.credentials())
          .endpointOverride(emulator.endpoint()).build();
      StatelineClient client = StatelineClient.builder().target(agent).retryPolicy(RetryPolicy.none())
          .timeouts(BedrockFixture.FAST)
          .placement(dev.stateline.policy.PlacementPolicy.standard()).build();
      var session = client.session("case-1", dev.stateline.session.SessionOptions.builder().model("support")
          .serverHeld(true).build());
      session.send("hello");
      // an agent that answers a stream with one event, then stays silent
      emulator.enqueueRuntimeReply(new mockwebserver3.MockResponse.Builder().code(200)
          .setHeader("Content-Type", "text/event-stream").body("data: {\"delta\":\"one\"}\n\n")
          .onResponseEnd(mockwebserver3.SocketEffect.Stall.INSTANCE).build());
      ChatStream open = session.stream("and then?");
      open.iterator().next();

      client.close();

      assertThat(watch.lingering(AWS_THREADS, ALLOWANCE, QUIET)).isEmpty();
    }
  }
}
