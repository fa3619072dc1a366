/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static dev.stateline.aws.BedrockOpenAiFixture.ALIAS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.error.AuthenticationException;
import dev.stateline.error.StatelineException;
import dev.stateline.testing.openai.Reply;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * No secret of a Bedrock OpenAI-compatible target (the API key, the secret access key, the session
 * token) shows in an error, a stack trace or a {@code toString()}, also when a proxy echoes the
 * request's headers back in its error text.
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
    StatelineClient client = f.client(keyed, signed);
    List<Throwable> failures = new ArrayList<>();
    // a proxy echoes what each request sent: the key, or the session token (and, for good measure, the secret)
    List<String> echoes = List.of("Bad request. Your headers: Authorization: Bearer " + API_KEY,
        "Bad request. Your headers: X-Amz-Security-Token: " + TOKEN + "; secret " + SECRET);
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
    assertThat(failures.get(0).getMessage()).contains("Authorization: ***");
    assertThat(failures.get(1).getMessage()).contains("X-Amz-Security-Token: ***");
    for (Throwable t : failures) {
      assertThat(printed(t)).doesNotContain(API_KEY).doesNotContain(SECRET).doesNotContain(TOKEN);
    }
    assertThat(keyed + " " + keyed.chatModel() + " " + signed + " " + signed.chatModel())
        .doesNotContain(API_KEY).doesNotContain(SECRET).doesNotContain(TOKEN);
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
