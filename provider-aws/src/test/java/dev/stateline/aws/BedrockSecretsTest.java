/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stateline.Cancellation;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatRequest;
import dev.stateline.error.AuthenticationException;
import dev.stateline.error.StatelineException;
import dev.stateline.testing.bedrock.BedrockReply;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The secret access key never shows in an error, a stack trace, or a toString. */
class BedrockSecretsTest {

  @Test
  void givenEveryKindOfFailure_whenTheErrorsArePrinted_thenTheSecretKeyNeverAppears() {
    List<Throwable> failures = new ArrayList<>();
    try (BedrockFixture f = new BedrockFixture()) {
      ChatRequest hi = ChatRequest.of("gpt-oss", "hi");
      f.emulator.enqueue(BedrockReply.throttling("Too many requests"));
      failures.add(catchThrowable(() -> f.target.chatModel().chat(f.call(hi, false))));
      f.emulator.enqueue(BedrockReply.validation("bad request"));
      failures.add(catchThrowable(() -> f.target.chatModel().stream(f.call(hi, true))));
      f.emulator.enqueue(BedrockReply.builder().text("cut here please").chunkSize(3).truncateAfterEvents(2).build());
      failures.add(catchThrowable(() -> {
        try (var s = f.target.chatModel().stream(f.call(hi, true))) {
          while (s.next() != null) {
            // drain
          }
        }
      }));
      f.emulator.enqueue(BedrockReply.builder().text("slow").headersDelay(Duration.ofSeconds(2)).build());
      Timeouts tight = new Timeouts(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(5));
      failures.add(catchThrowable(() -> f.target.chatModel().chat(f.call(hi, false, tight, new Cancellation()))));
      f.emulator.requireAccessKeyId("AKIDSOMEONEELSE");
      failures.add(catchThrowable(() -> f.target.chatModel().chat(f.call(hi, false))));

      assertThat(failures).allSatisfy(t -> assertThat(t).isInstanceOf(StatelineException.class));
      for (Throwable t : failures) {
        assertThat(printed(t)).doesNotContain(BedrockFixture.SECRET_KEY);
      }
      assertThat(f.target.toString() + f.target.chatModel()).doesNotContain(BedrockFixture.SECRET_KEY);
    }
  }

  @Test
  void givenCredentialsThatCannotBeLoaded_whenChatting_thenItIsAnAuthenticationFailureAndNothingIsSent() {
    try (BedrockFixture f = new BedrockFixture()) {
      Target target = f.builder()
          .credentialsProvider(() -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
          })
          .build();
      try {
        Throwable t = catchThrowable(() -> target.chatModel().chat(f.call(ChatRequest.of("gpt-oss", "hi"), false)
            .withTarget(target, 1)));

        assertThat(t).isInstanceOf(AuthenticationException.class).hasMessageContaining("credentials");
        assertThat(((StatelineException) t).isRetryable()).isFalse();
        assertThat(f.emulator.requestCount()).isZero();
      } finally {
        target.chatModel().close();
      }
    }
  }

  /** Message, toString and stack trace of the throwable and all its causes and suppressed ones. */
  private static String printed(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    for (Throwable c = t; c != null; c = c.getCause()) {
      out.append(String.valueOf(c.getMessage())).append(c.toString());
    }
    return out.toString();
  }
}
