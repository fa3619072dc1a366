/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.internal;

import dev.stateline.testing.aws.SigV4Verifier;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.RecordedRequest;

/**
 * What an AWS endpoint that takes both credentials checks: a Bedrock API key as
 * {@code Authorization: Bearer}, else a SigV4 signature, recomputed by {@link SigV4Verifier} for one
 * signing name and Region. The emulator renders a refusal in its own error envelope.
 *
 * <p>Not an API: for the emulators of this module only. Thread-safe: credentials and keys may be
 * accepted and revoked while requests are checked.
 */
public final class AwsCredentialCheck {
  private final SigV4Verifier verifier;
  private final Set<String> apiKeys = ConcurrentHashMap.newKeySet();

  /**
   * Why a request was refused.
   *
   * @param bearer true if it carried an API key that is not accepted (its status is the emulator's
   *     to choose); false for a SigV4 refusal, with the status and AWS error code to answer
   */
  public record Refusal(boolean bearer, int status, String code, String message) {}

  /**
   * @param credentials access key id to {secret, session token or null}
   */
  public AwsCredentialCheck(String signingName, String region, InstantSource clock, Map<String, String[]> credentials,
      Collection<String> apiKeys) {
    SigV4Verifier.Builder v = SigV4Verifier.builder(signingName, region).clock(clock);
    credentials.forEach((id, secret) -> {
      if (secret[1] == null) {
        v.credentials(id, secret[0]);
      } else {
        v.credentials(id, secret[0], secret[1]);
      }
    });
    this.verifier = v.build();
    this.apiKeys.addAll(apiKeys);
  }

  /** Null if the request's credential is accepted, else why not. */
  public Refusal check(RecordedRequest request) {
    String authorization = request.getHeaders().get("Authorization");
    if (authorization != null && authorization.startsWith("Bearer ")) {
      return apiKeys.contains(authorization.substring("Bearer ".length()).strip()) ? null
          : new Refusal(true, 0, null, null);
    }
    SigV4Verifier.Verdict verdict = verifier.verify(request);
    return verdict.ok() ? null : new Refusal(false, verdict.status(), verdict.code(), verdict.message());
  }

  /** The first accepted API key, or null if none is. */
  public String apiKey() {
    return apiKeys.isEmpty() ? null : apiKeys.iterator().next();
  }

  public void acceptApiKey(String key) {
    apiKeys.add(Objects.requireNonNull(key, "key"));
  }

  public void revokeApiKey(String key) {
    apiKeys.remove(key);
  }

  public void acceptCredentials(String accessKeyId, String secretAccessKey) {
    verifier.accept(accessKeyId, secretAccessKey);
  }

  public void acceptCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
    verifier.accept(accessKeyId, secretAccessKey, sessionToken);
  }

  public void revokeCredentials(String accessKeyId) {
    verifier.revoke(accessKeyId);
  }
}
