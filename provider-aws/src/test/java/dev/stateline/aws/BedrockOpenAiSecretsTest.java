/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static dev.stateline.aws.BedrockOpenAiFixture.ALIAS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.CallOptions;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.error.AuthenticationException;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.StatelineException;
import dev.stateline.placement.Affinity;
import dev.stateline.placement.Attempt;
import dev.stateline.placement.CallKind;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.testing.openai.Reply;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * No secret of a Bedrock OpenAI-compatible target (the API key, the secret access key, the session
 * token) shows in an error, a stack trace or a {@code toString()}, also when a proxy echoes the
 * request's headers back in its error text, its error fields or its request id (the shared
 * redaction, as on every provider).
 */
class BedrockOpenAiSecretsTest {
  static final String API_KEY = "bedrock-api-key-SECRET-do-not-leak-0001";
  static final String SECRET = "session-SECRET-access-key-do-not-leak-02";
  static final String TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE-SESSION-TOKEN-do-not-leak";

  private final BedrockOpenAiFixture f = new BedrockOpenAiFixture();

  @AfterEach
  void close() throws Exception {
    f.close();
  }

  /** A client over {@code targets} whose placement honours a pinned affinity (stateless calls may run here). */
  private StatelineClient pinning(Target... targets) {
    StatelineClient.Builder b = StatelineClient.builder().retryPolicy(BedrockOpenAiFixture.RETRIES)
        .timeouts(BedrockOpenAiFixture.FAST).placement(PlacementPolicy.standard().allowProvider(CallKind.STATELESS, BedrockOpenAi.PROVIDER));
    for (Target t : targets) {
      b.target(t);
    }
    return f.closeLater(b.build());
  }

  private static String printed(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out + " " + t;
  }

  @Test
  void givenAProxyThatEchoesTheHeaders_andOtherFailures_thenNoSecretIsEverPrinted() {
    f.emulator.acceptApiKey(API_KEY).acceptCredentials("ASIASECRETSTEST00001", SECRET, TOKEN);
    Target keyed = BedrockOpenAi.target("aws-key").region("us-east-1").model(ALIAS, BedrockOpenAiFixture.PROFILE)
        .apiKey(API_KEY).endpointOverride(URI.create(f.emulator.endpoint().toString())).build();
    Target signed = f.builder().credentialsProvider(() -> AwsSessionCredentials.create("ASIASECRETSTEST00001", SECRET,
        TOKEN)).build();
    StatelineClient client = pinning(keyed, signed);
    List<Throwable> failures = new ArrayList<>();
    // a proxy echoes what each request sent: the key, or the session token, each also on its own,
    // outside any header (for good measure, the secret too)
    List<String> echoes = List.of("Bad request for key " + API_KEY + ". Your headers: Authorization: Bearer " + API_KEY,
        "Bad request for token " + TOKEN + ", secret " + SECRET + ". Your headers: X-Amz-Security-Token: " + TOKEN);
    for (Target t : List.of(keyed, signed)) {
      f.emulator.enqueue(Reply.error(400, "invalid_request_error", null, echoes.get(t == keyed ? 0 : 1)));
      failures.add(catchThrowable(() -> t.chatModel().chat(dev.stateline.spi.ModelCall.create("c",
          ChatRequest.of(ALIAS, "hi"), false, dev.stateline.placement.CallKind.STATELESS, BedrockOpenAiFixture.FAST,
          new dev.stateline.Cancellation()).withTarget(t, 1))));
    }
    f.emulator.revokeApiKey(API_KEY).revokeCredentials("ASIASECRETSTEST00001");
    failures.add(catchThrowable(() -> client.chat(ChatRequest.of(ALIAS, "hi"),
        dev.stateline.CallOptions.builder().affinity(dev.stateline.placement.Affinity.pin("aws-key")).build())));
    failures.add(catchThrowable(() -> client.chat(ChatRequest.of(ALIAS, "hi"),
        dev.stateline.CallOptions.builder().affinity(dev.stateline.placement.Affinity.pin("aws-use1")).build())));

    assertThat(failures).allSatisfy(t -> assertThat(t).isInstanceOf(StatelineException.class));
    // the revoked key and the revoked credentials: each refused by its own target
    assertThat(failures.subList(2, 4)).allSatisfy(t -> assertThat(t).isInstanceOf(AuthenticationException.class))
        .extracting(t -> ((StatelineException) t).attempts().get(0).target()).containsExactly("aws-key", "aws-use1");
    // the shared redaction's form: each secret where it stood, and a credential header's whole value
    assertThat(failures.get(0).getMessage()).contains("Bad request for key ***. Your headers: Authorization: ***");
    assertThat(failures.get(1).getMessage())
        .contains("Bad request for token ***, secret ***. Your headers: X-Amz-Security-Token: ***");
    for (Throwable t : failures) {
      assertThat(printed(t)).doesNotContain(API_KEY).doesNotContain(SECRET).doesNotContain(TOKEN);
    }
    assertThat(keyed + " " + keyed.chatModel() + " " + signed + " " + signed.chatModel())
        .doesNotContain(API_KEY).doesNotContain(SECRET).doesNotContain(TOKEN);
  }

  /**
   * A proxy in front of Bedrock that answers every request itself, echoing the credential headers it
   * was sent (the SigV4 {@code Authorization}, the session token, or the API key) into the request
   * id and every field of its error, with control characters to forge log lines: none of it reaches
   * the exception, its {@link dev.stateline.error.ErrorInfo} or its printed stack trace.
   */
  @Test
  void givenAProxyEchoingTheCredentialHeadersInEveryErrorField_thenNoneOfItIsAnywhere() throws Exception {
    try (MockWebServer proxy = new MockWebServer()) {
      proxy.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          String token = request.getHeaders().get("X-Amz-Security-Token");
          String credential = token != null ? token : request.getHeaders().get("Authorization");
          String auth = request.getHeaders().get("Authorization");
          return new MockResponse.Builder().code(400)
              .addHeader("Content-Type", "application/json")
              .addHeader("x-amzn-RequestId", token != null ? "X-Amz-Security-Token: " + token : "Authorization: " + auth)
              .body("{\"error\":{\"message\":\"refused\\r\\n2026-03-01 INFO ok\\u001b[2J Authorization: " + auth
                  + "\",\"type\":\"" + credential + "\",\"param\":\"" + credential + "\",\"code\":\"" + credential
                  + "\"}}")
              .build();
        }
      });
      proxy.start(InetAddress.getLoopbackAddress(), 0);
      URI at = URI.create(proxy.url("/").toString());
      Target signed = BedrockOpenAi.target("aws-signed").region("us-east-1")
          .model(ALIAS, BedrockOpenAiFixture.PROFILE).endpointOverride(at)
          .credentialsProvider(() -> AwsSessionCredentials.create("ASIASECRETSTEST00001", SECRET, TOKEN)).build();
      Target keyed = BedrockOpenAi.target("aws-key").region("us-east-1").model(ALIAS, BedrockOpenAiFixture.PROFILE)
          .endpointOverride(at).apiKey(API_KEY).build();
      StatelineClient client = pinning(signed, keyed);

      for (String pinned : List.of("aws-signed", "aws-key")) {
        StatelineException e = catchThrowableOfType(StatelineException.class, () -> client.chat(
            ChatRequest.of(ALIAS, "hi"), CallOptions.builder().affinity(Affinity.pin(pinned)).build()));

        assertThat(e).as(pinned).isInstanceOf(InvalidRequestException.class);
        assertThat(e.attempts()).extracting(Attempt::target).as("the pinned target answered").containsExactly(pinned);
        String everything = printed(e) + "\n" + e.info() + "\nparam=" + ((InvalidRequestException) e).param();
        assertThat(everything).doesNotContain(API_KEY).doesNotContain(SECRET).doesNotContain(TOKEN)
            .doesNotContain("Signature=").doesNotContain("ASIASECRETSTEST00001/");
        assertThat(e.requestId()).isEqualTo(pinned.equals("aws-key") ? "Authorization: ***" : "X-Amz-Security-Token: ***");
        assertThat(e.getMessage()).doesNotContain("\r", "\n", "\u001b").contains("refused  2026-03-01 INFO ok\\u001B[2J");
      }
      assertThat(proxy.getRequestCount()).isEqualTo(2);
    }
  }

  @Test
  void givenCredentialsThatCannotBeResolved_thenAnAuthenticationErrorAndNothingIsSent() {
    StatelineClient client = f.client(f.builder().credentialsProvider(() -> {
      throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
    }).build());

    Throwable e = catchThrowable(() -> client.chat(ChatRequest.of(ALIAS, "hi")));

    assertThat(e).isInstanceOf(AuthenticationException.class).hasMessageContaining("no AWS credentials");
    assertThat(((StatelineException) e).attempts()).hasSize(1);
    assertThat(f.emulator.requestCount()).isZero();
  }
}
