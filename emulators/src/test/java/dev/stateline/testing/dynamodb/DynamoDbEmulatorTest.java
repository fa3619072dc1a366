/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import dev.stateline.testing.aws.SignedRequests;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The DynamoDB emulator on the wire: JSON 1.0 requests as the SDK sends them, answers and errors as DynamoDB's. */
class DynamoDbEmulatorTest {
  static final MediaType JSON_10 = MediaType.get("application/x-amz-json-1.0");
  static final String AUTH = "AWS4-HMAC-SHA256 Credential=AKIDTEST/20260301/eu-central-1/dynamodb/aws4_request, "
      + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0123456789abcdef".repeat(4);

  static final AwsCredentialsIdentity KEY = AwsCredentialsIdentity.create("AKIDTEST", "emulator-test-secret");

  final DynamoDbEmulator db = DynamoDbEmulator.start().createTable("t", "pk", "sk")
      .acceptCredentials("AKIDTEST", "emulator-test-secret");
  final OkHttpClient http = new OkHttpClient();

  @AfterEach
  void close() {
    db.close();
  }

  record Answer(int status, Map<String, Object> body, String crc, String computedCrc) {
    String type() {
      Object t = body.get("__type");
      return t == null ? null : t.toString();
    }
  }

  Answer call(String operation, String json) {
    return call(operation, json, AUTH);
  }

  @SuppressWarnings("unchecked")
  Answer call(String operation, String json, String authorization) {
    Request.Builder b;
    if (AUTH.equals(authorization)) { // signed for real, as the SDK signs
      b = SignedRequests.signed("POST", HttpUrl.get(db.endpoint().toString() + "/"), json,
          Map.of("X-Amz-Target", "DynamoDB_20120810." + operation, "Content-Type", JSON_10.toString()),
          KEY, "dynamodb", "eu-central-1");
    } else {
      b = new Request.Builder().url(db.endpoint().toString() + "/")
          .header("X-Amz-Target", "DynamoDB_20120810." + operation)
          .header("X-Amz-Date", "20260301T100000Z")
          .post(RequestBody.create(json, JSON_10));
      if (authorization != null) {
        b.header("Authorization", authorization);
      }
    }
    try (Response r = http.newCall(b.build()).execute()) {
      byte[] bytes = r.body().bytes();
      CRC32 crc = new CRC32();
      crc.update(bytes);
      Map<String, Object> body = (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class)
          .fromJson(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
      return new Answer(r.code(), body, r.header("x-amz-crc32"), Long.toString(crc.getValue()));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static String put(String pk, String sk, String extra) {
    return "{\"TableName\":\"t\",\"Item\":{\"pk\":{\"S\":\"" + pk + "\"},\"sk\":{\"S\":\"" + sk + "\"}" + extra + "}";
  }

  @Test
  void given_a_put_then_get_returns_the_item_with_typed_values_and_a_valid_crc32_header() {
    Answer put = call("PutItem", put("a", "H", ",\"n\":{\"N\":\"42\"},\"b\":{\"B\":\"AAEC\"},\"ok\":{\"BOOL\":true},"
        + "\"nil\":{\"NULL\":true},\"m\":{\"M\":{\"x\":{\"L\":[{\"S\":\"y\"}]}}}") + "}");
    Answer get = call("GetItem", "{\"TableName\":\"t\",\"Key\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"S\":\"H\"}},"
        + "\"ProjectionExpression\":\"#n, ok\",\"ExpressionAttributeNames\":{\"#n\":\"n\"}}");

    assertThat(put.status()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(Map.of("Item", Map.of("n", Map.of("N", "42"), "ok", Map.of("BOOL", true))));
    assertThat(get.crc()).isEqualTo(get.computedCrc());
  }

  @Test
  void given_a_failed_condition_then_the_answer_is_a_400_conditional_check_failure_with_the_old_item_if_asked() {
    call("PutItem", put("a", "H", ",\"v\":{\"N\":\"2\"}") + "}");

    Answer a = call("PutItem", put("a", "H", ",\"v\":{\"N\":\"3\"}") + ",\"ConditionExpression\":\"#v = :v\","
        + "\"ExpressionAttributeNames\":{\"#v\":\"v\"},\"ExpressionAttributeValues\":{\":v\":{\"N\":\"1\"}},"
        + "\"ReturnValuesOnConditionCheckFailure\":\"ALL_OLD\"}");

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.type()).isEqualTo("com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException");
    assertThat(a.body().get("message")).isEqualTo("The conditional request failed");
    assertThat(a.body().get("Item")).isEqualTo(Map.of("pk", Map.of("S", "a"), "sk", Map.of("S", "H"), "v", Map.of("N", "2")));
    Answer numeric = call("PutItem", put("a", "H", ",\"v\":{\"N\":\"3\"}") + ",\"ConditionExpression\":"
        + "\"attribute_not_exists(pk) OR (v = :v AND NOT begins_with(sk, :p))\","
        + "\"ExpressionAttributeValues\":{\":v\":{\"N\":\"2.0\"},\":p\":{\"S\":\"C#\"}}}");
    assertThat(numeric.status()).as("2.0 equals 2 as a number").isEqualTo(200);
  }

  @Test
  void given_unused_or_undefined_expression_names_and_values_then_it_is_a_validation_error() {
    Answer unused = call("PutItem", put("a", "H", "") + ",\"ConditionExpression\":\"attribute_not_exists(pk)\","
        + "\"ExpressionAttributeValues\":{\":x\":{\"S\":\"y\"}}}");
    Answer undefined = call("PutItem", put("a", "H", "") + ",\"ConditionExpression\":\"attribute_not_exists(#pk)\"}");
    Answer syntax = call("PutItem", put("a", "H", "") + ",\"ConditionExpression\":\"pk = \"}");

    assertThat(List.of(unused, undefined, syntax)).allSatisfy(a -> {
      assertThat(a.status()).isEqualTo(400);
      assertThat(a.type()).isEqualTo("com.amazon.coral.validate#ValidationException");
    });
    assertThat(unused.body().get("message").toString()).contains("unused", ":x");
    assertThat(db.itemCount("t")).isZero();
  }

  @Test
  void given_an_item_over_400_kb_then_it_is_refused() {
    Answer a = call("PutItem", put("a", "H", ",\"d\":{\"S\":\"" + "x".repeat(400 * 1024) + "\"}") + "}");
    Answer fits = call("PutItem", put("a", "H", ",\"d\":{\"S\":\"" + "x".repeat(400 * 1024 - 10) + "\"}") + "}");

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.body().get("message").toString()).contains("Item size has exceeded the maximum allowed size");
    assertThat(fits.status()).as("names and values just under 409,600 bytes").isEqualTo(200);
  }

  @Test
  void given_transactions_then_they_are_atomic_and_the_100_action_4_mb_and_one_item_limits_hold() {
    StringBuilder many = new StringBuilder("{\"TransactItems\":[");
    for (int i = 0; i < 101; i++) {
      many.append(i == 0 ? "" : ",").append("{\"Put\":").append(put("a", "s" + i, "")).append("}}");
    }
    Answer tooMany = call("TransactWriteItems", many.append("]}").toString());
    String chunk = "y".repeat(380_000);
    StringBuilder big = new StringBuilder("{\"TransactItems\":[");
    for (int i = 0; i < 12; i++) {
      big.append(i == 0 ? "" : ",").append("{\"Put\":").append(put("a", "c" + i, ",\"d\":{\"S\":\"" + chunk + "\"}")).append("}}");
    }
    Answer tooBig = call("TransactWriteItems", big.append("]}").toString());
    Answer twice = call("TransactWriteItems", "{\"TransactItems\":[{\"Put\":" + put("a", "H", "") + "}},"
        + "{\"Delete\":{\"TableName\":\"t\",\"Key\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"S\":\"H\"}}}}]}");

    assertThat(tooMany.body().get("message").toString()).contains("less than or equal to 100");
    assertThat(tooBig.body().get("message").toString()).contains("4 MB");
    assertThat(twice.body().get("message").toString()).contains("multiple operations on one item");
    assertThat(List.of(tooMany, tooBig, twice)).allSatisfy(a -> assertThat(a.status()).isEqualTo(400));
    assertThat(db.itemCount("t")).isZero();
  }

  @Test
  void given_a_transaction_whose_condition_fails_then_nothing_is_written_and_the_reasons_say_which() {
    call("PutItem", put("a", "H", ",\"v\":{\"N\":\"1\"}") + "}");

    Answer a = call("TransactWriteItems", "{\"TransactItems\":[{\"Put\":" + put("a", "H", ",\"v\":{\"N\":\"2\"}")
        + ",\"ConditionExpression\":\"v = :v\",\"ExpressionAttributeValues\":{\":v\":{\"N\":\"7\"}},"
        + "\"ReturnValuesOnConditionCheckFailure\":\"ALL_OLD\"}},{\"Put\":" + put("a", "C#1", "") + "}}]}");

    assertThat(a.type()).isEqualTo("com.amazonaws.dynamodb.v20120810#TransactionCanceledException");
    assertThat(a.body().get("Message").toString()).contains("[ConditionalCheckFailed, None]");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> reasons = (List<Map<String, Object>>) a.body().get("CancellationReasons");
    assertThat(reasons).extracting(r -> r.get("Code")).containsExactly("ConditionalCheckFailed", "None");
    assertThat(reasons.get(0).get("Item")).isEqualTo(Map.of("pk", Map.of("S", "a"), "sk", Map.of("S", "H"),
        "v", Map.of("N", "1")));
    assertThat(db.itemCount("t")).isEqualTo(1);
  }

  @Test
  void given_the_same_client_request_token_then_a_transaction_applies_once() {
    String tx = "{\"ClientRequestToken\":\"tok-1\",\"TransactItems\":[{\"Put\":" + put("a", "H", "")
        + ",\"ConditionExpression\":\"attribute_not_exists(pk)\"}}]}";

    assertThat(call("TransactWriteItems", tx).status()).isEqualTo(200);
    assertThat(call("TransactWriteItems", tx).status()).as("a retry is not a second write").isEqualTo(200);
    Answer other = call("TransactWriteItems", tx.replace("\"H\"", "\"X\""));
    assertThat(other.type()).endsWith("#IdempotentParameterMismatchException");
  }

  @Test
  void given_a_partition_over_1_mb_then_query_pages_with_last_evaluated_key() {
    String d = "z".repeat(300_000);
    for (int i = 0; i < 5; i++) {
      call("PutItem", put("a", "c" + i, ",\"d\":{\"S\":\"" + d + "\"}") + "}");
    }
    call("PutItem", put("b", "c0", "") + "}");
    String query = "{\"TableName\":\"t\",\"KeyConditionExpression\":\"#p = :p\",\"ConsistentRead\":true,"
        + "\"ProjectionExpression\":\"sk\",\"ExpressionAttributeNames\":{\"#p\":\"pk\"},"
        + "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"a\"}}";

    Answer first = call("Query", query + "}");
    Object start = first.body().get("LastEvaluatedKey");
    Answer second = call("Query", query + ",\"ExclusiveStartKey\":" + new Moshi.Builder().build().adapter(Object.class)
        .toJson(start) + "}");

    assertThat(first.body().get("Items")).asList().hasSize(4);
    assertThat(start).isEqualTo(Map.of("pk", Map.of("S", "a"), "sk", Map.of("S", "c3")));
    assertThat(second.body().get("Items")).isEqualTo(List.of(Map.of("sk", Map.of("S", "c4"))));
    assertThat(second.body()).doesNotContainKey("LastEvaluatedKey");
    Answer noKey = call("Query", "{\"TableName\":\"t\",\"KeyConditionExpression\":\"sk = :s\","
        + "\"ExpressionAttributeValues\":{\":s\":{\"S\":\"c0\"}}}");
    assertThat(noKey.body().get("message").toString()).contains("missed key schema element: pk");
  }

  @Test
  void given_requests_without_a_sigv4_signature_for_dynamodb_then_they_are_refused() {
    Answer none = call("GetItem", "{}", null);
    Answer bedrock = call("GetItem", "{}", AUTH.replace("/dynamodb/", "/bedrock/"));
    Answer mangled = call("GetItem", "{}", "AWS4-HMAC-SHA256 Credential=AKIDTEST");

    assertThat(none.type()).isEqualTo("com.amazon.coral.service#MissingAuthenticationTokenException");
    assertThat(bedrock.body().get("message").toString()).contains("'dynamodb'");
    assertThat(mangled.type()).endsWith("#IncompleteSignatureException");
    assertThat(List.of(none, bedrock, mangled)).allSatisfy(a -> assertThat(a.status()).isEqualTo(400));
    assertThat(call("GetItem", "{\"TableName\":\"nope\",\"Key\":{}}").type()).endsWith("#ResourceNotFoundException");
    assertThat(call("CreateTable", "{}").type()).endsWith("#UnknownOperationException");
  }

  @Test
  void given_items_with_a_ttl_attribute_then_the_sweep_deletes_the_expired_ones_only() {
    call("PutItem", put("a", "H", ",\"ttl\":{\"N\":\"1772359200\"}") + "}"); // 2026-03-01T10:00:00Z
    call("PutItem", put("b", "H", ",\"ttl\":{\"N\":\"1772359201\"}") + "}");
    call("PutItem", put("c", "H", "") + "}");

    assertThat(db.expireItems("t", "ttl", Instant.parse("2026-03-01T10:00:00Z"))).isEqualTo(1);
    assertThat(db.items("t")).extracting(i -> (Object) ((Map<?, ?>) i.get("pk")).get("S")).containsExactly("b", "c");
  }

  static String update(String pk, String expression, String values, String extra) {
    return "{\"TableName\":\"t\",\"Key\":{\"pk\":{\"S\":\"" + pk + "\"},\"sk\":{\"S\":\"S\"}},"
        + "\"UpdateExpression\":\"" + expression + "\"" + (values == null ? "" : ",\"ExpressionAttributeValues\":" + values)
        + extra + "}";
  }

  @Test
  void given_update_item_then_add_counts_from_zero_exactly_and_returns_values_as_asked() {
    // ADD on a missing item creates it, starting from 0; decimals are exact
    Answer first = call("UpdateItem", update("c", "ADD amount :a, calls :one SET #e = if_not_exists(#e, :e)",
        "{\":a\":{\"N\":\"0.1\"},\":one\":{\"N\":\"1\"},\":e\":{\"N\":\"100\"}}",
        ",\"ExpressionAttributeNames\":{\"#e\":\"expiresAt\"},\"ReturnValues\":\"UPDATED_NEW\""));
    Answer second = call("UpdateItem", update("c", "ADD amount :a, calls :one SET #e = if_not_exists(#e, :e)",
        "{\":a\":{\"N\":\"0.2\"},\":one\":{\"N\":\"1\"},\":e\":{\"N\":\"999\"}}",
        ",\"ExpressionAttributeNames\":{\"#e\":\"expiresAt\"},\"ReturnValues\":\"ALL_NEW\""));
    Answer old = call("UpdateItem", update("c", "SET calls = calls - :one", "{\":one\":{\"N\":\"1\"}}",
        ",\"ReturnValues\":\"UPDATED_OLD\""));
    Answer none = call("UpdateItem", update("c", "REMOVE expiresAt", null, ""));

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body()).isEqualTo(Map.of("Attributes", Map.of("amount", Map.of("N", "0.1"),
        "calls", Map.of("N", "1"), "expiresAt", Map.of("N", "100"))));
    assertThat(second.body().get("Attributes")).isEqualTo(Map.of("pk", Map.of("S", "c"), "sk", Map.of("S", "S"),
        "amount", Map.of("N", "0.3"), "calls", Map.of("N", "2"), "expiresAt", Map.of("N", "100")));
    assertThat(old.body()).isEqualTo(Map.of("Attributes", Map.of("calls", Map.of("N", "2"))));
    assertThat(none.body()).isEmpty();
    assertThat(db.items("t")).containsExactly(Map.of("pk", Map.of("S", "c"), "sk", Map.of("S", "S"),
        "amount", Map.of("N", "0.3"), "calls", Map.of("N", "1")));
  }

  @Test
  void given_a_conditional_update_that_fails_then_it_is_a_conditional_check_failure_and_nothing_changes() {
    call("UpdateItem", update("c", "ADD amount :a", "{\":a\":{\"N\":\"5\"}}", ""));
    String cond = ",\"ConditionExpression\":\"attribute_not_exists(amount) OR amount < :max\"";

    Answer ok = call("UpdateItem", update("c", "ADD amount :a", "{\":a\":{\"N\":\"5\"},\":max\":{\"N\":\"10\"}}",
        cond));
    Answer refused = call("UpdateItem", update("c", "ADD amount :a", "{\":a\":{\"N\":\"5\"},\":max\":{\"N\":\"10\"}}",
        cond + ",\"ReturnValuesOnConditionCheckFailure\":\"ALL_OLD\""));

    assertThat(ok.status()).isEqualTo(200);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.type()).isEqualTo("com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException");
    assertThat(refused.body().get("message")).isEqualTo("The conditional request failed");
    assertThat(refused.body().get("Item")).isEqualTo(Map.of("pk", Map.of("S", "c"), "sk", Map.of("S", "S"),
        "amount", Map.of("N", "10")));
    assertThat(db.items("t").get(0).get("amount")).isEqualTo(Map.of("N", "10"));
  }

  @Test
  void given_updates_dynamodb_refuses_then_they_are_validation_errors() {
    String v = "{\":a\":{\"N\":\"1\"}}";
    assertThat(call("PutItem", put("s", "S", ",\"label\":{\"S\":\"x\"}") + "}").status()).isEqualTo(200);
    List<String> refused = List.of(
        update("c", "SET pk = :a", v, ""),                                 // a key attribute
        update("c", "ADD n :a SET n = :a", v, ""),                         // two actions on one path
        update("c", "SET n = :a SET m = :a", v, ""),                       // SET twice
        update("c", "SET n = :a", v + "", ",\"ExpressionAttributeNames\":{\"#u\":\"u\"}"), // an unused name
        update("s", "ADD label :a", v, ""),                                // ADD to a string
        update("c", "SET n = missing + :a", v, ""),                        // an operand that does not exist
        update("c", "ADD n :a", v, ",\"ReturnValues\":\"EVERYTHING\""));
    for (String body : refused) {
      Answer a = call("UpdateItem", body);
      assertThat(a.status()).as(body).isEqualTo(400);
      assertThat(a.type()).as(body).isEqualTo("com.amazon.coral.validate#ValidationException");
    }
    assertThat(db.items("t")).hasSize(1);
  }

  @Test
  void given_a_transaction_with_an_update_and_a_put_then_both_apply_or_neither() {
    String tx = "{\"TransactItems\":[{\"Put\":{\"TableName\":\"t\",\"Item\":{\"pk\":{\"S\":\"r\"},\"sk\":{\"S\":\"1\"}},"
        + "\"ConditionExpression\":\"attribute_not_exists(pk)\"}},{\"Update\":{\"TableName\":\"t\","
        + "\"Key\":{\"pk\":{\"S\":\"head\"},\"sk\":{\"S\":\"S\"}},\"UpdateExpression\":\"SET seq = :n\","
        + "\"ConditionExpression\":\"attribute_not_exists(seq) OR seq = :p\","
        + "\"ExpressionAttributeValues\":{\":n\":{\"N\":\"1\"},\":p\":{\"N\":\"0\"}}}}]}";

    Answer applied = call("TransactWriteItems", tx);
    Answer again = call("TransactWriteItems", tx);

    assertThat(applied.status()).isEqualTo(200);
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.type()).isEqualTo("com.amazonaws.dynamodb.v20120810#TransactionCanceledException");
    assertThat(((List<?>) again.body().get("CancellationReasons")).stream().map(r -> (Object) ((Map<?, ?>) r).get("Code")).toList())
        .containsExactly("ConditionalCheckFailed", "ConditionalCheckFailed");
    assertThat(db.items("t")).hasSize(2);
  }
}
