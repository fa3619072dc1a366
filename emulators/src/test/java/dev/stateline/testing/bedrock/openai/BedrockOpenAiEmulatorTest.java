/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.bedrock.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import dev.stateline.testing.aws.SignedRequests;
import dev.stateline.testing.bedrock.openai.BedrockOpenAiEmulator.Surface;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The Bedrock OpenAI-compatible emulator, spoken to with raw HTTP and the AWS SDK's signer: it
 * verifies what Bedrock verifies (the SigV4 signature, recomputed; the API key; the endpoint's rules)
 * and keeps stored responses as Bedrock does (30 days, one Region, 404 once gone).
 */
class BedrockOpenAiEmulatorTest {
  static final String AKID = "AKIAEMULATORTEST0001";
  static final String SECRET = "emulator-test-secret-key-000000000000000";
  static final String PROFILE = "us.openai.gpt-5.6-sol";
  static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient http = new OkHttpClient();
  private final BedrockOpenAiEmulator runtime = BedrockOpenAiEmulator.builder().region("us-east-1")
      .credentials(AKID, SECRET).build().start();
  private BedrockOpenAiEmulator other;

  @AfterEach
  void stop() {
    runtime.close();
    if (other != null) {
      other.close();
    }
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  /** A request signed as the SDK signs: SigV4 over method, URL and body, for {@code service} in {@code region}. */
  static Request.Builder signed(String method, HttpUrl url, String body, AwsCredentialsIdentity identity,
      String service, String region) {
    return SignedRequests.signed(method, url, body, identity, service, region);
  }

  private Response send(Request.Builder request) throws IOException {
    return http.newCall(request.build()).execute();
  }

  private Request.Builder post(BedrockOpenAiEmulator e, String path, String body) {
    return signed("POST", e.url(path), body, AwsCredentialsIdentity.create(AKID, SECRET),
        e.surface().signingName(), e.region());
  }

  private static String ask(String model, String text) {
    return "{\"model\":\"" + model + "\",\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":"
        + "[{\"type\":\"input_text\",\"text\":\"" + text + "\"}]}]}";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(Response r) throws IOException {
    return (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class).fromJson(r.body().string());
  }

  @Test
  void givenASignedRequest_thenItIsAnswered_storedForThirtyDays_readableAndDeletable() throws IOException {
    String id;
    try (Response r = send(post(runtime, "/openai/v1/responses", ask(PROFILE, "hello")))) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("x-amzn-RequestId")).startsWith("bedrock-emu-");
      Map<String, Object> body = json(r);
      assertThat(body.get("model")).isEqualTo(PROFILE);
      id = (String) body.get("id");
    }
    assertThat(runtime.isStored(id)).isTrue();
    try (Response r = send(signed("GET", runtime.url("/openai/v1/responses/" + id), null,
        AwsCredentialsIdentity.create(AKID, SECRET), "bedrock", "us-east-1"))) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(json(r).get("id")).isEqualTo(id);
    }
    try (Response r = send(post(runtime, "/openai/v1/responses", "{\"model\":\"" + PROFILE
        + "\",\"previous_response_id\":\"" + id + "\",\"input\":\"and then?\"}"))) {
      assertThat(r.code()).as("continuing a stored response").isEqualTo(200);
    }
    try (Response r = send(signed("DELETE", runtime.url("/openai/v1/responses/" + id), null,
        AwsCredentialsIdentity.create(AKID, SECRET), "bedrock", "us-east-1"))) {
      assertThat(json(r)).containsEntry("deleted", true).containsEntry("object", "response");
    }
    try (Response r = send(signed("GET", runtime.url("/openai/v1/responses/" + id), null,
        AwsCredentialsIdentity.create(AKID, SECRET), "bedrock", "us-east-1"))) {
      assertThat(r.code()).as("deleted").isEqualTo(404);
    }
  }

  @Test
  void givenAStoredResponse_whenThirtyDaysPass_orTheNextTurnGoesToAnotherRegion_thenA404() throws IOException {
    String id;
    try (Response r = send(post(runtime, "/openai/v1/responses", ask(PROFILE, "remember me")))) {
      id = (String) json(r).get("id");
    }
    other = BedrockOpenAiEmulator.builder().region("us-west-2").credentials(AKID, SECRET).build().start();
    String next = "{\"model\":\"" + PROFILE + "\",\"previous_response_id\":\"" + id + "\",\"input\":\"again\"}";

    try (Response r = send(post(other, "/openai/v1/responses", next))) {
      assertThat(r.code()).as("a stored response belongs to the Region that served it").isEqualTo(404);
      assertThat(json(r).toString()).contains("previous_response_id");
    }
    runtime.elapse(Duration.ofDays(30).plusSeconds(1));
    try (Response r = send(post(runtime, "/openai/v1/responses", next))) {
      assertThat(r.code()).as("expired after 30 days").isEqualTo(404);
    }
    assertThat(runtime.isStored(id)).isFalse();
  }

  @Test
  void givenStoreFalse_orAStreamedAnswer_thenOnlyWhatAskedForStorageIsKept() throws IOException {
    try (Response r = send(post(runtime, "/openai/v1/responses", "{\"model\":\"" + PROFILE
        + "\",\"input\":\"forget\",\"store\":false}"))) {
      assertThat(runtime.isStored((String) json(r).get("id"))).isFalse();
    }
    try (Response r = send(post(runtime, "/openai/v1/responses", "{\"model\":\"" + PROFILE
        + "\",\"input\":\"stream and keep\",\"stream\":true}"))) {
      String sse = r.body().string();
      assertThat(sse).contains("event: response.completed");
      String id = sse.replaceAll("(?s).*\"response\":\\{\"id\":\"([^\"]+)\".*", "$1");
      assertThat(runtime.isStored(id)).as("kept from response.completed: " + id).isTrue();
    }
  }

  /** What bedrock-runtime's SigV4 check refuses, as a table: the change, then the status and code it gets. */
  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource({
      "body changed after signing,      403, SignatureDoesNotMatch",
      "wrong secret key,                403, SignatureDoesNotMatch",
      "signed for another region,       403, InvalidSignatureException",
      "signed for another service,      403, InvalidSignatureException",
      "unknown access key,              403, UnrecognizedClientException",
      "session token not the issued one, 403, UnrecognizedClientException",
      "no Authorization header,         403, MissingAuthenticationTokenException",
      "malformed Authorization header,  400, IncompleteSignatureException"})
  void signaturesAreRecomputed_andEveryMismatchIsRefused(String change, int status, String code) throws IOException {
    runtime.acceptCredentials("ASIATEMPORARY0000001", SECRET, "issued-token");
    HttpUrl url = runtime.url("/openai/v1/responses");
    String body = ask(PROFILE, "hi");
    AwsCredentialsIdentity good = AwsCredentialsIdentity.create(AKID, SECRET);
    Request.Builder request = switch (change.strip()) {
      case "body changed after signing" -> signed("POST", url, body, good, "bedrock", "us-east-1")
          .post(RequestBody.create(ask(PROFILE, "hi, changed"), JSON));
      case "wrong secret key" -> signed("POST", url, body, AwsCredentialsIdentity.create(AKID, "x" + SECRET),
          "bedrock", "us-east-1");
      case "signed for another region" -> signed("POST", url, body, good, "bedrock", "us-west-2");
      case "signed for another service" -> signed("POST", url, body, good, "bedrock-mantle", "us-east-1");
      case "unknown access key" -> signed("POST", url, body, AwsCredentialsIdentity.create("AKIAUNKNOWN000000000",
          SECRET), "bedrock", "us-east-1");
      case "session token not the issued one" -> signed("POST", url, body,
          AwsSessionCredentialsIdentity.create("ASIATEMPORARY0000001", SECRET, "forged-token"), "bedrock", "us-east-1");
      case "no Authorization header" -> signed("POST", url, body, good, "bedrock", "us-east-1")
          .removeHeader("Authorization");
      default -> signed("POST", url, body, good, "bedrock", "us-east-1").header("Authorization", "AWS4-HMAC-SHA256 x");
    };

    try (Response r = send(request)) {
      assertThat(r.code()).isEqualTo(status);
      assertThat(r.header("x-amzn-ErrorType")).isEqualTo(code);
      assertThat(r.body().string()).contains("\"error\"");
    }
    // and the same request, signed as issued, is answered
    try (Response r = send(signed("POST", url, body, AwsSessionCredentialsIdentity.create("ASIATEMPORARY0000001",
        SECRET, "issued-token"), "bedrock", "us-east-1"))) {
      assertThat(r.code()).isEqualTo(200);
    }
  }

  @Test
  void givenABedrockApiKey_thenBearerIsAccepted_andAWrongKeyRefused() throws IOException {
    Request.Builder ok = new Request.Builder().url(runtime.url("/openai/v1/chat/completions"))
        .header("Authorization", "Bearer " + BedrockOpenAiEmulator.DEFAULT_API_KEY)
        .post(RequestBody.create("{\"model\":\"openai.gpt-oss-120b-1:0\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hi\"}]}", JSON));
    try (Response r = send(ok)) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).contains("echo: hi");
    }
    try (Response r = send(ok.header("Authorization", "Bearer not-the-key"))) {
      assertThat(r.code()).isEqualTo(403);
      assertThat(r.body().string()).contains("Please make sure your API Key is valid");
    }
  }

  /** bedrock-runtime's rules on the Responses API, as a table: the request body, then what is refused. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "background                 | {\"model\":\"us.openai.gpt-5.6-sol\",\"input\":\"x\",\"background\":true} | always synchronous",
      "a hosted tool              | {\"model\":\"us.openai.gpt-5.6-sol\",\"input\":\"x\",\"tools\":[{\"type\":\"web_search\"}]} | Server-side tools",
      "no model with a previous id | {\"previous_response_id\":\"resp_1\",\"input\":\"x\"} | including one that sets previous_response_id",
      "no model                   | {\"input\":\"x\"} | model is required",
      "a foundation model id      | {\"model\":\"openai.gpt-5.6-sol\",\"input\":\"x\"} | inference profile",
      "GPT OSS on Responses       | {\"model\":\"openai.gpt-oss-120b-1:0\",\"input\":\"x\"} | doesn't support the Responses API",
      "another geography          | {\"model\":\"eu.openai.gpt-5.6-sol\",\"input\":\"x\"} | model identifier is invalid",
      "an application profile     | {\"model\":\"arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc\",\"input\":\"x\"} | Application inference profiles"})
  void runtimeRefusesWhatTheUserGuideSaysItRefuses(String what, String body, String message) throws IOException {
    try (Response r = send(post(runtime, "/openai/v1/responses", body))) {
      assertThat(r.code()).isIn(400, 404);
      assertThat(r.body().string()).contains(message);
    }
  }

  /**
   * The Responses API's input items, checked as the OpenAI emulator checks them (one check): each
   * history as the API reference shapes it, then the item it names, or {@code -} where it is accepted.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "an earlier answer as an input message  | {\"role\":\"assistant\",\"content\":\"echo: one\"} | -",
      "an earlier answer as its output item   | {\"type\":\"message\",\"role\":\"assistant\",\"id\":\"msg_1\",\"status\":\"completed\",\"content\":[{\"type\":\"output_text\",\"text\":\"echo: one\"}]} | -",
      "output_text without the item's id      | {\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"echo: one\"}]} | input[1].id",
      "output_text in a user message          | {\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"output_text\",\"text\":\"x\"}]} | input[1].content[0].type",
      "a role the API does not know           | {\"type\":\"message\",\"role\":\"tool\",\"content\":\"x\"} | input[1].role",
      "a function call without its call id    | {\"type\":\"function_call\",\"name\":\"weather\",\"arguments\":\"{}\"} | input[1].call_id"})
  void inputItemsAreCheckedAsTheApiReferenceShapesThem(String what, String secondItem, String refused)
      throws IOException {
    String body = "{\"model\":\"" + PROFILE + "\",\"input\":[{\"role\":\"user\",\"content\":\"one\"},"
        + secondItem + ",{\"role\":\"user\",\"content\":\"two\"}]}";
    try (Response r = send(post(runtime, "/openai/v1/responses", body))) {
      if (refused.equals("-")) {
        assertThat(r.code()).as(what).isEqualTo(200);
        assertThat(json(r).toString()).contains("echo: two");
      } else {
        assertThat(r.code()).as(what).isEqualTo(400);
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo("ValidationException");
        assertThat(json(r).get("error")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
            .containsEntry("param", refused).containsEntry("type", "invalid_request_error");
        assertThat(runtime.storedResponseIds()).as("nothing was rendered or stored").isEmpty();
      }
    }
  }

  @Test
  void givenMantle_thenModelsListTheirRoute_aContinuationMayOmitTheModel_andTheWrongPrefixIsRefused()
      throws IOException {
    other = BedrockOpenAiEmulator.builder().surface(Surface.MANTLE).region("eu-central-1").credentials(AKID, SECRET)
        .build().start();
    try (Response r = send(signed("GET", other.url("/v1/models"), null, AwsCredentialsIdentity.create(AKID, SECRET),
        "bedrock-mantle", "eu-central-1"))) {
      assertThat(r.body().string()).contains("\"openai.gpt-oss-120b\"", "\"object\":\"list\"");
    }
    String id;
    try (Response r = send(post(other, "/v1/responses", ask("openai.gpt-oss-120b", "hi")))) {
      assertThat(r.code()).isEqualTo(200);
      id = (String) json(r).get("id");
    }
    try (Response r = send(post(other, "/v1/responses", "{\"previous_response_id\":\"" + id + "\",\"input\":\"x\"}"))) {
      assertThat(r.code()).as("mantle inherits the model").isEqualTo(200);
      assertThat(json(r).get("model")).isEqualTo("openai.gpt-oss-120b");
    }
    try (Response r = send(post(other, "/openai/v1/responses", ask("openai.gpt-oss-120b", "hi")))) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(r.body().string()).contains("isn't supported on this route");
    }
    try (Response r = send(post(runtime, "/openai/v1/responses", ask(PROFILE, "hi")).header("Authorization",
        "Bearer wrong"))) {
      assertThat(r.code()).isEqualTo(403);
    }
  }

  @Test
  void givenATokensPerMinuteQuota_thenInputPlusMaxOutputIsReservedUpFront_andTheRequestOverItIsThrottled()
      throws IOException {
    other = BedrockOpenAiEmulator.builder().region("us-east-1").credentials(AKID, SECRET).tokensPerMinute(1000)
        .build().start();
    String small = "{\"model\":\"" + PROFILE + "\",\"input\":\"x\",\"max_output_tokens\":600}";
    try (Response r = send(post(other, "/openai/v1/responses", small))) {
      assertThat(r.code()).isEqualTo(200);
    }
    try (Response r = send(post(other, "/openai/v1/responses", small))) {
      assertThat(r.code()).as("600 + 600 reserved > 1000").isEqualTo(429);
      assertThat(r.header("x-amzn-ErrorType")).isEqualTo("ThrottlingException");
    }
  }
}
