/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loggers of the HTTP transports under the AWS SDK that print request headers, signed
 * {@code Authorization} and {@code X-Amz-Security-Token} (the session token) included, when turned
 * up. Stateline cannot filter what they print, so these must stay at {@code INFO} or above where
 * credentials matter:
 *
 * <ul>
 *   <li>{@value #JDK_HTTP} (JDK logging, at {@code FINE}): the JDK's {@code HttpURLConnection}, the
 *       transport of the non-streamed Bedrock client and of AgentCore Runtime, prints every request's
 *       headers;
 *   <li>{@value #NETTY_WIRE} (at {@code DEBUG}): the Netty handler the SDK's async client always
 *       installs prints each request as it is written, headers included (HTTP/1.1);
 *   <li>{@value #NETTY_HTTP2} (at {@code DEBUG}): the SDK's HTTP/2 frame logger prints each HEADERS
 *       frame (Bedrock streams over HTTP/2).
 * </ul>
 *
 * <p>When a Bedrock or AgentCore target is built, {@link #warnIfRequestHeadersAreLogged} logs one
 * warning per logger (once per JVM) if one of them is enabled at that level. Stateless and
 * thread-safe; not API.
 */
public final class TransportLogs {
  /** The JDK's {@code HttpURLConnection} logger (java.util.logging). */
  public static final String JDK_HTTP = "sun.net.www.protocol.http.HttpURLConnection";
  /** Netty's logging handler, in the SDK's async client pipeline. */
  public static final String NETTY_WIRE = "io.netty.handler.logging.LoggingHandler";
  /** Netty's HTTP/2 frame logger, in the SDK's async client pipeline. */
  public static final String NETTY_HTTP2 = "io.netty.handler.codec.http2.Http2FrameLogger";

  private static final Logger LOG = LoggerFactory.getLogger(TransportLogs.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private TransportLogs() {}

  /** The loggers above that are enabled at the level where they print request headers. */
  public static List<String> loggingRequestHeaders(boolean urlConnection, boolean netty) {
    List<String> on = new ArrayList<>();
    if (urlConnection && java.util.logging.Logger.getLogger(JDK_HTTP).isLoggable(java.util.logging.Level.FINE)) {
      on.add(JDK_HTTP);
    }
    if (netty) {
      for (String name : List.of(NETTY_WIRE, NETTY_HTTP2)) {
        if (LoggerFactory.getLogger(name).isDebugEnabled()) {
          on.add(name);
        }
      }
    }
    return on;
  }

  /**
   * Warns (once per logger and JVM) if a transport logger that prints request headers is enabled.
   *
   * @param who the target, for the message
   * @param urlConnection true if the target uses a JDK {@code HttpURLConnection} client Stateline built
   * @param netty true if it uses a Netty client Stateline built
   */
  public static void warnIfRequestHeadersAreLogged(String who, boolean urlConnection, boolean netty) {
    for (String logger : loggingRequestHeaders(urlConnection, netty)) {
      if (WARNED.add(logger)) {
        LOG.atWarn().addKeyValue("logger", logger).addKeyValue("target", who)
            .log("The logger {} is enabled at the level where it prints HTTP request headers, the AWS session"
                + " token (X-Amz-Security-Token) and signatures included; set it to INFO wherever credentials"
                + " matter (see docs/operations.md)", logger);
      }
    }
  }
}
