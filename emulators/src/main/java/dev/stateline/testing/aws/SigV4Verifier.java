/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.aws;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Verifies AWS Signature Version 4 on requests an emulator receives, as an AWS endpoint does: it
 * parses the {@code Authorization} header, checks the credential scope (the endpoint's Region and
 * signing name), the access key, the session token and the signing time (within 15 minutes), then
 * <b>recomputes the signature</b> with the AWS SDK's own signer ({@link AwsV4HttpSigner}) from the
 * secret key it knows, over the request as received (method, path, query, the signed headers, the
 * SHA-256 of the body), and refuses a request whose signature differs with HTTP 403
 * {@code SignatureDoesNotMatch}. A body changed after signing, a wrong secret, another Region or a
 * header changed by a proxy all fail.
 *
 * <p>The signer recomputes {@code x-amz-content-sha256} from the body, so requests must sign it (the
 * SDK's signer always does, for ConverseStream and InvokeAgentRuntime too). The body's hash is always
 * recomputed from the body received, as the services that use this verifier (Bedrock, AgentCore,
 * DynamoDB: not S3) do, so a request that declares {@code UNSIGNED-PAYLOAD} or a chunked
 * {@code STREAMING-...} payload is refused with {@code SignatureDoesNotMatch}. A verifier built with {@link #builder(String)} stands for no one Region: it recomputes for the
 * Region the request's credential scope names. Reusable by every AWS emulator
 * ({@code SigV4Verifier.builder("bedrock", "us-east-1").credentials(...)}). Thread-safe: credentials
 * may be accepted and revoked while requests are verified.
 */
public final class SigV4Verifier {
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([^/,\\s]+)/(\\d{8})/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request,"
          + " ?SignedHeaders=([a-z0-9-]+(?:;[a-z0-9-]+)*), ?Signature=([0-9a-f]{64})");
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
  private static final Duration MAX_SKEW = Duration.ofMinutes(15);

  private final String service;
  private final String region;
  private final InstantSource clock;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final Map<String, Secret> secrets = new ConcurrentHashMap<>();

  /** A known credential: the secret key, and the session token it must come with (null for long-term keys). */
  private record Secret(String secretAccessKey, String sessionToken) {}

  /**
   * What verification found.
   *
   * @param accessKeyId the access key id the request was signed with, or null if it could not be read
   * @param status 0 if the signature verified, else the HTTP status to answer (400 or 403)
   * @param code the AWS error code ({@code SignatureDoesNotMatch}, {@code IncompleteSignature}, ...), or null
   * @param message the AWS error message, or null
   */
  public record Verdict(String accessKeyId, int status, String code, String message) {
    /** True if the signature verified. */
    public boolean ok() {
      return status == 0;
    }
  }

  private SigV4Verifier(Builder b) {
    this.service = b.service;
    this.region = b.region;
    this.clock = b.clock;
    this.secrets.putAll(b.secrets);
  }

  /**
   * A verifier for requests to {@code service} (the signing name, such as {@code bedrock}) in
   * {@code region}.
   */
  public static Builder builder(String service, String region) {
    return new Builder(service, Objects.requireNonNull(region, "region"));
  }

  /**
   * A verifier for requests to {@code service} in whatever Region their credential scope names (an
   * emulator that stands for no one Region); {@link #region()} is then null.
   */
  public static Builder builder(String service) {
    return new Builder(service, null);
  }

  /** Accepts requests signed with this long-term key from now on. */
  public SigV4Verifier accept(String accessKeyId, String secretAccessKey) {
    secrets.put(accessKeyId, new Secret(secretAccessKey, null));
    return this;
  }

  /** Accepts requests signed with these temporary credentials (their session token) from now on. */
  public SigV4Verifier accept(String accessKeyId, String secretAccessKey, String sessionToken) {
    secrets.put(accessKeyId, new Secret(secretAccessKey, Objects.requireNonNull(sessionToken, "sessionToken")));
    return this;
  }

  /** Refuses requests signed with this access key from now on (it expired, or was rotated out). */
  public SigV4Verifier revoke(String accessKeyId) {
    secrets.remove(accessKeyId);
    return this;
  }

  /** The signing name requests must be scoped to. */
  public String service() {
    return service;
  }

  /** The Region requests must be scoped to, or null if any Region is taken. */
  public String region() {
    return region;
  }

  /** Verifies {@code request}, whose {@code Authorization} header is expected to be SigV4. */
  public Verdict verify(RecordedRequest request) {
    Headers headers = request.getHeaders();
    String authorization = headers.get("Authorization");
    if (authorization == null) {
      return new Verdict(null, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    Matcher m = AUTHORIZATION.matcher(authorization.trim());
    if (!m.matches()) {
      return new Verdict(null, 400, "IncompleteSignatureException", "Authorization header requires 'Credential',"
          + " 'SignedHeaders' and 'Signature' parameters in AWS4-HMAC-SHA256 form.");
    }
    String accessKeyId = m.group(1);
    List<String> signedHeaders = List.of(m.group(5).split(";"));
    String amzDate = headers.get("X-Amz-Date");
    if (amzDate == null || !signedHeaders.contains("x-amz-date") || !signedHeaders.contains("host")) {
      return new Verdict(accessKeyId, 400, "IncompleteSignatureException", "The request must sign the host and"
          + " x-amz-date headers, and carry X-Amz-Date.");
    }
    Instant signedAt;
    try {
      signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return new Verdict(accessKeyId, 400, "IncompleteSignatureException", "X-Amz-Date must be in the form"
          + " yyyyMMdd'T'HHmmss'Z', was " + amzDate);
    }
    if (!amzDate.startsWith(m.group(2))) {
      return new Verdict(accessKeyId, 403, "SignatureDoesNotMatch", "Date in Credential scope does not match"
          + " YYYYMMDD from ISO-8601 version of date from HTTP: '" + m.group(2) + "' != '" + amzDate.substring(0, 8)
          + "'");
    }
    Instant now = clock.instant();
    if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
      return new Verdict(accessKeyId, 403, "InvalidSignatureException", "Signature expired: " + amzDate
          + " is now earlier or later than 15 minutes from the server's time " + AMZ_DATE.format(
              LocalDateTime.ofInstant(now, ZoneOffset.UTC)) + ".");
    }
    if (!m.group(4).equals(service)) {
      return new Verdict(accessKeyId, 403, "InvalidSignatureException",
          "Credential should be scoped to correct service: '" + service + "'.");
    }
    String scopeRegion = m.group(3);
    if (region != null && !scopeRegion.equals(region)) {
      return new Verdict(accessKeyId, 403, "InvalidSignatureException",
          "Credential should be scoped to a valid region, not '" + m.group(3) + "'.");
    }
    Secret secret = secrets.get(accessKeyId);
    if (secret == null) {
      return new Verdict(accessKeyId, 403, "UnrecognizedClientException",
          "The security token included in the request is invalid.");
    }
    String token = headers.get("X-Amz-Security-Token");
    if (!Objects.equals(token, secret.sessionToken())
        || (token != null && !signedHeaders.contains("x-amz-security-token"))) {
      return new Verdict(accessKeyId, 403, "UnrecognizedClientException",
          "The security token included in the request is invalid.");
    }
    if (!signedHeaders.contains("x-amz-content-sha256")) {
      return new Verdict(accessKeyId, 403, "SignatureDoesNotMatch", "The request must sign x-amz-content-sha256"
          + " (the hash of its body).");
    }
    String expected = recompute(request, signedHeaders, accessKeyId, secret, token, signedAt, scopeRegion);
    if (!expected.equals(authorization.trim().replace(", ", ","))) {
      return new Verdict(accessKeyId, 403, "SignatureDoesNotMatch", "The request signature we calculated does not"
          + " match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the"
          + " service documentation for details.");
    }
    return new Verdict(accessKeyId, 0, null, null);
  }

  /** The {@code Authorization} header the SDK's signer computes for the request as received. */
  private String recompute(RecordedRequest request, List<String> signedHeaders, String accessKeyId, Secret secret,
      String token, Instant signedAt, String scopeRegion) {
    Headers headers = request.getHeaders();
    String host = headers.get("Host");
    SdkHttpRequest.Builder b = SdkHttpRequest.builder()
        .method(SdkHttpMethod.fromValue(request.getMethod()))
        .uri(URI.create("http://" + host + request.getTarget()));
    for (String name : signedHeaders) {
      List<String> values = headers.values(name);
      if (!name.equals("host") && !values.isEmpty()) {
        b.putHeader(name, String.join(",", values));
      }
    }
    SdkHttpRequest unsigned = b.build();
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
    AwsCredentialsIdentity identity = token == null
        ? AwsCredentialsIdentity.create(accessKeyId, secret.secretAccessKey())
        : AwsSessionCredentialsIdentity.create(accessKeyId, secret.secretAccessKey(), token);
    String computed = signer.sign(r -> r.identity(identity)
            .request(unsigned)
            .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
            .putProperty(AwsV4HttpSigner.REGION_NAME, scopeRegion)
            .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)))
        .request().firstMatchingHeader("Authorization").orElse("");
    return computed.replace(", ", ",");
  }

  /** The access key id in a SigV4 {@code Authorization} header, or null if it is not one. */
  public static String accessKeyId(String authorization) {
    if (authorization == null) {
      return null;
    }
    Matcher m = AUTHORIZATION.matcher(authorization.trim());
    return m.matches() ? m.group(1) : null;
  }

  @Override
  public String toString() {
    return "SigV4Verifier[" + service + ", " + (region == null ? "any Region" : region) + ", " + secrets.size() + " credential(s)]";
  }

  /** Builds a {@link SigV4Verifier}. Not thread-safe. */
  public static final class Builder {
    private final String service;
    private final String region;
    private InstantSource clock = Clock.systemUTC();
    private final Map<String, Secret> secrets = new ConcurrentHashMap<>();

    private Builder(String service, String region) { // region null: any Region
      this.service = Objects.requireNonNull(service, "service");
      this.region = region;
    }

    /** Accepts requests signed with this long-term key. */
    public Builder credentials(String accessKeyId, String secretAccessKey) {
      secrets.put(accessKeyId, new Secret(secretAccessKey, null));
      return this;
    }

    /** Accepts requests signed with these temporary credentials. */
    public Builder credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
      secrets.put(accessKeyId, new Secret(secretAccessKey, Objects.requireNonNull(sessionToken, "sessionToken")));
      return this;
    }

    /** The server's clock, against which signing times are checked (15 minutes either way). */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public SigV4Verifier build() {
      return new SigV4Verifier(this);
    }
  }
}
