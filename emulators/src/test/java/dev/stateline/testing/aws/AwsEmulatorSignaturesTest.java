/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.testing.agentcore.AgentCoreEmulator;
import dev.stateline.testing.bedrock.BedrockEmulator;
import dev.stateline.testing.dynamodb.DynamoDbEmulator;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Every AWS emulator recomputes SigV4 by default, as the real service does: a request signed with
 * the secret it was told about passes; a wrong secret, a body changed after signing, a session token
 * that is not the one issued, an {@code UNSIGNED-PAYLOAD} declaration and an access key it was never
 * told about are refused with the service's own status and error type.
 */
class AwsEmulatorSignaturesTest {
  static final String ID = "AKIDSIGTEST000000001";
  static final String SECRET = "emulator-signature-test-secret-0000000000";
  static final String TEMP_ID = "ASIASIGTEST000000002";
  static final String TEMP_SECRET = "emulator-temporary-secret-00000000000000";
  static final String TOKEN = "emulator-session-token-1";
  static final OkHttpClient HTTP = new OkHttpClient();

  /**
   * One emulator as its service answers: where to send, how it signs, what a mismatch is.
   *
   * @param signedStatus what a well-signed request gets (the operation's success)
   * @param refusedStatus the HTTP status of a signature refusal
   * @param mismatchType the error type of a recomputed signature that differs
   * @param unknownType the error type of an unknown access key or a wrong session token
   * @param errorType reads the error type from a response
   */
  record Service(String name, String signingName, String path, Map<String, String> headers, String body,
      String contentType, int signedStatus, int refusedStatus, String mismatchType, String unknownType,
      Function<Response, String> errorType, AutoCloseable emulator, URI endpoint) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final BedrockEmulator BEDROCK = BedrockEmulator.start().acceptCredentials(ID, SECRET)
      .acceptCredentials(TEMP_ID, TEMP_SECRET, TOKEN);
  static final AgentCoreEmulator AGENTCORE = AgentCoreEmulator.start().createMemory("mem-SigTest01")
      .acceptCredentials(ID, SECRET).acceptCredentials(TEMP_ID, TEMP_SECRET, TOKEN);
  static final DynamoDbEmulator DYNAMODB = DynamoDbEmulator.start().createTable("t", "pk", "sk")
      .acceptCredentials(ID, SECRET).acceptCredentials(TEMP_ID, TEMP_SECRET, TOKEN);

  static Stream<Service> services() {
    Function<Response, String> amznErrorType = r -> {
      String t = r.header("x-amzn-ErrorType");
      return t == null ? null : t.split(":", 2)[0];
    };
    Function<Response, String> dynamoType = r -> {
      try {
        String body = r.peekBody(1 << 16).string();
        int i = body.indexOf("\"__type\":\"");
        return i < 0 ? null : body.substring(i + 10, body.indexOf('"', i + 10));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    };
    return Stream.of(
        new Service("Bedrock Converse", "bedrock", "/model/openai.gpt-oss-120b-1%3A0/converse", Map.of(),
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hello\"}]}]}", "application/json", 200, 403,
            "InvalidSignatureException", "UnrecognizedClientException", amznErrorType, BEDROCK, BEDROCK.endpoint()),
        new Service("AgentCore Memory", "bedrock-agentcore", "/memories/mem-SigTest01/events", Map.of(),
            "{\"actorId\":\"app\",\"sessionId\":\"s1\",\"eventTimestamp\":1772359200,"
                + "\"payload\":[{\"blob\":{\"n\":1}}]}", "application/json", 201, 403,
            "InvalidSignatureException", "UnrecognizedClientException", amznErrorType, AGENTCORE, AGENTCORE.endpoint()),
        new Service("DynamoDB", "dynamodb", "/", Map.of("X-Amz-Target", "DynamoDB_20120810.PutItem"),
            "{\"TableName\":\"t\",\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"S\":\"b\"}}}", "application/x-amz-json-1.0",
            200, 400, "com.amazon.coral.service#InvalidSignatureException",
            "com.amazon.coral.service#UnrecognizedClientException", dynamoType, DYNAMODB, DYNAMODB.endpoint()));
  }

  @AfterAll
  static void close() throws Exception {
    for (AutoCloseable e : new AutoCloseable[] {BEDROCK, AGENTCORE, DYNAMODB}) {
      e.close();
    }
  }

  private static Request.Builder signed(Service s, String body, AwsCredentialsIdentity identity) {
    Map<String, String> headers = new java.util.LinkedHashMap<>(s.headers());
    headers.put("Content-Type", s.contentType());
    return SignedRequests.signed("POST", HttpUrl.get(s.endpoint().resolve(s.path()).toString()), body, headers,
        identity, s.signingName(), "eu-central-1");
  }

  private static Answer send(Service s, Request request) throws IOException {
    try (Response r = HTTP.newCall(request).execute()) {
      return new Answer(r.code(), s.errorType().apply(r), r.body().string());
    }
  }

  record Answer(int status, String type, String body) {}

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void a_request_signed_with_the_known_secret_passes(Service s) throws IOException {
    Answer a = send(s, signed(s, s.body(), AwsCredentialsIdentity.create(ID, SECRET)).build());
    assertThat(a.status()).as(a.body()).isEqualTo(s.signedStatus());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void temporary_credentials_pass_with_their_session_token_and_are_refused_with_another(Service s)
      throws IOException {
    Answer right = send(s, signed(s, s.body(), AwsSessionCredentialsIdentity.create(TEMP_ID, TEMP_SECRET, TOKEN))
        .build());
    Answer wrongToken = send(s, signed(s, s.body(),
        AwsSessionCredentialsIdentity.create(TEMP_ID, TEMP_SECRET, "another-token")).build());
    Answer noToken = send(s, signed(s, s.body(), AwsCredentialsIdentity.create(TEMP_ID, TEMP_SECRET)).build());

    assertThat(right.status()).as(right.body()).isEqualTo(s.signedStatus());
    for (Answer refused : new Answer[] {wrongToken, noToken}) {
      assertThat(refused.status()).isEqualTo(s.refusedStatus());
      assertThat(refused.type()).isEqualTo(s.unknownType());
      assertThat(refused.body()).contains("The security token included in the request is invalid");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void a_request_signed_with_a_wrong_secret_is_refused_as_the_service_refuses_it(Service s) throws IOException {
    Answer a = send(s, signed(s, s.body(), AwsCredentialsIdentity.create(ID, SECRET + "x")).build());

    assertThat(a.status()).isEqualTo(s.refusedStatus());
    assertThat(a.type()).isEqualTo(s.mismatchType());
    assertThat(a.body()).contains("The request signature we calculated does not match the signature you provided");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void a_body_changed_after_signing_is_refused(Service s) throws IOException {
    String tampered = s.body().replace("\"a\"", "\"z\"").replace("hello", "HELLO").replace("\"s1\"", "\"s2\"");
    assertThat(tampered).isNotEqualTo(s.body());
    Request request = signed(s, s.body(), AwsCredentialsIdentity.create(ID, SECRET))
            .post(RequestBody.create(tampered.getBytes(StandardCharsets.UTF_8), MediaType.get(s.contentType()))).build();

    Answer a = send(s, request);

    assertThat(a.status()).isEqualTo(s.refusedStatus());
    assertThat(a.type()).isEqualTo(s.mismatchType());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void an_unsigned_payload_is_refused_because_these_services_hash_the_body_themselves(Service s) throws IOException {
    // the SDK's signer declares UNSIGNED-PAYLOAD only with payload signing off over HTTPS: sign for an
    // https URL of the same host and port, send the very same headers over the loopback's http
    HttpUrl http = HttpUrl.get(s.endpoint().resolve(s.path()).toString());
    SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
        .uri(URI.create(http.toString().replaceFirst("^http:", "https:")));
    s.headers().forEach(unsigned::putHeader);
    unsigned.putHeader("Content-Type", s.contentType());
    byte[] body = s.body().getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create(ID, SECRET))
        .request(unsigned.build()).payload(ContentStreamProvider.fromByteArrayUnsafe(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, s.signingName())
        .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-central-1")
        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)).request();
    assertThat(signed.firstMatchingHeader("x-amz-content-sha256")).contains("UNSIGNED-PAYLOAD");
    Request.Builder b = new Request.Builder().url(http).post(RequestBody.create(body, MediaType.get(s.contentType())));
    signed.forEachHeader((name, values) -> {
      if (!name.equalsIgnoreCase("Host")) {
        b.header(name, values.get(0));
      }
    });

    Answer a = send(s, b.build());

    assertThat(a.status()).isEqualTo(s.refusedStatus());
    assertThat(a.type()).isEqualTo(s.mismatchType());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void an_access_key_the_emulator_was_never_told_about_is_unrecognized(Service s) throws IOException {
    Answer a = send(s, signed(s, s.body(), AwsCredentialsIdentity.create("AKIDNEVERTOLD0000001", SECRET)).build());

    assertThat(a.status()).isEqualTo(s.refusedStatus());
    assertThat(a.type()).isEqualTo(s.unknownType());
  }
}
