/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import dev.stateline.error.AuthenticationException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.spi.Redactor;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Signs HTTP requests that Stateline sends itself (not through an SDK client) with AWS Signature
 * Version 4, computed by the AWS SDK's own signer ({@link AwsV4HttpSigner}): the method, path, query,
 * the {@code host} header and the SHA-256 of the body (payload signing, sent as
 * {@code x-amz-content-sha256}), scoped to a Region and a signing name. Temporary credentials add
 * {@code X-Amz-Security-Token}.
 *
 * <p>Credentials are resolved from the provider on every {@link #sign}, so that rotated credentials
 * are picked up by the next request (providers cache and refresh on their own); sign once per HTTP
 * attempt, never reuse a signature for a retry. Thread-safe. {@link #redact} removes the secret key
 * and session token of the credentials last used from text that may be shown, and a failure to
 * resolve credentials carries its cause cleaned by the shared {@link Redactor}; {@code toString()}
 * holds no secret.
 */
public final class SigV4Signer {
  private final String provider;
  private final AwsCredentialsProvider credentials;
  private final String region;
  private final String signingName;
  private final Clock clock;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  /** The credentials of the last signature, for redaction only. */
  private volatile AwsCredentials last;

  /**
   * @param provider the provider name for errors ({@code aws.bedrock})
   * @param credentials where the credentials come from; resolved per signature
   * @param region the Region of the credential scope, such as {@code us-east-1}
   * @param signingName the service of the credential scope, such as {@code bedrock}
   * @param clock the signing time's clock, or null for the system clock
   */
  public SigV4Signer(String provider, AwsCredentialsProvider credentials, String region, String signingName,
      Clock clock) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.region = Objects.requireNonNull(region, "region");
    this.signingName = Objects.requireNonNull(signingName, "signingName");
    this.clock = clock;
  }

  /**
   * The headers that authenticate one request.
   *
   * @param authorization the {@code Authorization} header
   * @param date {@code X-Amz-Date}
   * @param contentSha256 {@code x-amz-content-sha256}: the hex SHA-256 of the body
   * @param securityToken {@code X-Amz-Security-Token}, or null for long-term credentials
   */
  public record Signature(String authorization, String date, String contentSha256, String securityToken) {}

  /**
   * Signs a request.
   *
   * @param method the HTTP method, such as {@code POST}
   * @param uri the URL it goes to (its host, and port if not the scheme's default, become {@code host})
   * @param body the exact bytes of the body (empty for none); not copied, not changed
   * @throws AuthenticationException if no credentials can be resolved (the message holds no secret)
   */
  public Signature sign(String method, URI uri, byte[] body) {
    AwsCredentials identity;
    try {
      identity = credentials.resolveCredentials();
    } catch (SdkException | IllegalStateException e) {
      throw new AuthenticationException(provider + ": no AWS credentials could be resolved to sign the request"
          + " (check the credentials provider: environment, profile, SSO, container or instance credentials),"
          + " or use a Bedrock API key", ErrorInfo.of(provider), Redactor.standard().cleanCause(e));
    }
    if (identity == null) {
      throw new AuthenticationException(provider + ": the credentials provider returned no credentials",
          ErrorInfo.of(provider), null);
    }
    last = identity;
    SdkHttpRequest request = SdkHttpRequest.builder()
        .method(SdkHttpMethod.fromValue(method))
        .uri(uri)
        .build();
    SignedRequest signed = signer.sign(r -> {
      r.identity(identity)
          .request(request)
          .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
          .putProperty(AwsV4HttpSigner.REGION_NAME, region);
      if (clock != null) {
        r.putProperty(HttpSigner.SIGNING_CLOCK, clock);
      }
    });
    SdkHttpRequest out = signed.request();
    return new Signature(
        out.firstMatchingHeader("Authorization").orElseThrow(),
        out.firstMatchingHeader("X-Amz-Date").orElseThrow(),
        out.firstMatchingHeader("x-amz-content-sha256").orElseThrow(),
        out.firstMatchingHeader("X-Amz-Security-Token").orElse(null));
  }

  /**
   * {@code text} with the secret key and session token of the last credentials replaced by
   * {@code ***}, by the shared {@link Redactor} (which also removes whatever looks like a credential).
   */
  public String redact(String text) {
    AwsCredentials c = last;
    if (text == null || c == null) {
      return text;
    }
    return Redactor.standard().withSecrets(c.secretAccessKey(),
        c instanceof AwsSessionCredentials session ? session.sessionToken() : null).redact(text);
  }

  /** The Region of the credential scope. */
  public String region() {
    return region;
  }

  /** The signing name (service) of the credential scope. */
  public String signingName() {
    return signingName;
  }

  @Override
  public String toString() {
    return "SigV4Signer[" + signingName + ", " + region + "]";
  }
}
