/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.Cancellation;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatRequest;
import dev.stateline.error.AuthenticationException;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.StatelineException;
import dev.stateline.spi.EventSource;
import dev.stateline.testing.bedrock.BedrockReply;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Bedrock against servers and proxies that misbehave on purpose: an AWS error quoting the canonical
 * request (session token included), a proxy echoing headers into the request id, a conflict, and a
 * stream whose response is slow to start when the read timeout is shorter than the connect timeout.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BedrockHostileTest {
  private static final String SESSION_TOKEN = "IQoJb3JpZ2luX2VjEHoaDGV1LWNlbnRyYWwtMSJHMEUCIQDfakeSessionToken0123456789";
  private final BedrockFixture f = new BedrockFixture();
  private Target withSession;

  @AfterEach
  void close() {
    if (withSession != null) {
      withSession.chatModel().close();
    }
    f.close();
  }

  private Target sessionTarget() {
    // the emulator is told about the temporary credentials, as STS would have issued them
    f.emulator.acceptCredentials(BedrockFixture.ACCESS_KEY_ID, BedrockFixture.SECRET_KEY, SESSION_TOKEN);
    withSession = f.builder().credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
        BedrockFixture.ACCESS_KEY_ID, BedrockFixture.SECRET_KEY, SESSION_TOKEN))).build();
    return withSession;
  }

  private static String printed(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return t.getMessage() + "\n" + w + "\n" + (t instanceof StatelineException s ? s.info() : "");
  }

  @Test
  void givenASignatureErrorQuotingTheCanonicalRequest_thenTheSessionTokenIsInNoMessageNoCauseNoStackTrace() {
    Target target = sessionTarget();
    f.emulator.enqueue(BedrockReply.builder().httpError(403, "SignatureDoesNotMatchException",
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret"
            + " Access Key and signing method.\n\nThe Canonical String for this request should have been\n'POST\n"
            + "/model/openai.gpt-oss-120b-1%3A0/converse\n\ncontent-type:application/json\nhost:bedrock-runtime\n"
            + "x-amz-date:20260301T100000Z\nx-amz-security-token:" + SESSION_TOKEN + "\n\ncontent-type;host;"
            + "x-amz-date;x-amz-security-token\n5f1e2d'\n").build());

    AuthenticationException e = catchThrowableOfType(AuthenticationException.class,
        () -> target.chatModel().chat(f.call(ChatRequest.of("gpt-oss", "hi"), false).withTarget(target, 1)));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("SignatureDoesNotMatchException", "x-amz-security-token:***");
    assertThat(printed(e)).doesNotContain(SESSION_TOKEN).doesNotContain("IQoJb3JpZ2lu");
    assertThat(e.getCause()).as("the SDK exception is replaced by a redacted copy").isNotNull();
    assertThat(e.getCause().getMessage()).doesNotContain(SESSION_TOKEN);
  }

  @Test
  void givenAProxyEchoingTheAuthorizationHeaderAsTheRequestId_thenTheRequestIdIsCleaned() {
    f.emulator.enqueue(BedrockReply.builder().httpError(500, "InternalServerException", "boom")
        .requestId("Authorization: AWS4-HMAC-SHA256 Credential=" + BedrockFixture.ACCESS_KEY_ID + "/x, Signature=abc\tX: y")
        .build());

    ProviderUnavailableException e = catchThrowableOfType(ProviderUnavailableException.class,
        () -> f.target.chatModel().chat(f.call(ChatRequest.of("gpt-oss", "hi"), false)));

    assertThat(e.requestId()).isEqualTo("Authorization: ***");
    assertThat(printed(e)).doesNotContain("Signature=abc");
  }

  @Test
  void givenAConflict_thenItIsRetryable_asOnEveryProvider() {
    f.emulator.enqueue(BedrockReply.error(409, "ConflictException", "A conflicting operation is in progress"));

    StatelineException e = catchThrowableOfType(StatelineException.class,
        () -> f.target.chatModel().chat(f.call(ChatRequest.of("gpt-oss", "hi"), false)));

    assertThat(e).isInstanceOf(ProviderUnavailableException.class);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.info().errorCode()).isEqualTo("ConflictException");
  }

  @Test
  void givenAStreamWhoseResponseIsLate_whenReadIsShorterThanConnect_thenAReadTimeoutAfterTheRead_notConnectPlusRead() {
    // given: a warm client (connection in the pool); a response whose headers come after 3 s
    try (EventSource warm = f.target.chatModel().stream(f.call(ChatRequest.of("gpt-oss", "hi"), true))) {
      while (warm.next() != null) {
        // drain
      }
    }
    f.emulator.enqueue(BedrockReply.builder().text("late").headersDelay(Duration.ofSeconds(3)).build());
    Timeouts readShorter = new Timeouts(Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(30));

    // when
    CallTimeoutException e = catchThrowableOfType(CallTimeoutException.class, () -> f.target.chatModel()
        .stream(f.call(ChatRequest.of("gpt-oss", "hi"), true, readShorter, new Cancellation())).close());

    // then: the read timeout, counted from the moment the request was sent (before: the stream was
    // answered, having waited up to connect + read = 10.5 s for the first bytes)
    assertThat(e).as("the late response must time out on the read timeout").isNotNull();
    assertThat(e.kind()).isEqualTo(CallTimeoutException.Kind.READ);
    assertThat(e.isRetryable()).isTrue();
  }
}
