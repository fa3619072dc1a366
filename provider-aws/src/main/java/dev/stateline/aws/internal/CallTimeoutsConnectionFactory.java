/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.http.urlconnection.UrlConnectionFactory;

/**
 * Opens the {@link HttpURLConnection}s of the sync HTTP client Stateline builds with the connect and
 * read timeouts of the {@link SyncCall} running on the calling thread (capped by the client's
 * ceilings), or with the ceilings outside a call. The read timeout is the longest silence a call
 * accepts, so a body that trickles in slower than that fails the attempt with a read timeout at
 * once; the SDK's attempt timeout alone only interrupts the thread, which a blocked socket read does
 * not notice, and the call would last as long as the trickle.
 *
 * <p>Connections are opened as the SDK's default factory opens them without a proxy configuration
 * ({@code uri.toURL().openConnection()}: system proxy properties and the JVM's TLS defaults apply).
 * Stateless and thread-safe.
 */
public final class CallTimeoutsConnectionFactory implements UrlConnectionFactory {
  private final Duration connectCeiling;
  private final Duration readCeiling;

  /**
   * @param connectCeiling the connect timeout outside a call, and the most a call may set
   * @param readCeiling the socket read timeout outside a call, and the most a call may set
   */
  public CallTimeoutsConnectionFactory(Duration connectCeiling, Duration readCeiling) {
    this.connectCeiling = Objects.requireNonNull(connectCeiling, "connectCeiling");
    this.readCeiling = Objects.requireNonNull(readCeiling, "readCeiling");
  }

  @Override
  public HttpURLConnection createConnection(URI uri) {
    HttpURLConnection connection;
    try {
      connection = (HttpURLConnection) uri.toURL().openConnection();
    } catch (IOException e) {
      throw new UncheckedIOException("could not open a connection to " + uri.getHost(), e);
    }
    SyncCall call = SyncCall.current();
    connection.setConnectTimeout(millis(call == null ? null : call.connectTimeout(), connectCeiling));
    connection.setReadTimeout(millis(call == null ? null : call.readTimeout(), readCeiling));
    return connection;
  }

  /** The smaller of the two in milliseconds, at least 1 (0 would mean "no timeout"). */
  private static int millis(Duration wanted, Duration ceiling) {
    Duration d = wanted == null || wanted.compareTo(ceiling) > 0 ? ceiling : wanted;
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }
}
