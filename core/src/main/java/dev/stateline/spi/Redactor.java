/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spi;

import dev.stateline.error.StatelineException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one way provider text is made safe to show: every provider module passes what a provider, a
 * proxy or a transport sent back (error messages, error codes, types and params, request ids,
 * region names, exception messages of the HTTP stack) through a {@code Redactor} before it reaches
 * an exception message, an {@link dev.stateline.error.ErrorInfo}, telemetry or a log.
 *
 * <p>{@link #redact(String)} replaces credentials with {@code ***}: the exact secrets the target
 * holds ({@link #withSecrets(String...)}, such as an API key), and whatever looks like one whoever
 * sent it:
 *
 * <ul>
 *   <li>header or field values of credential names, as {@code name: value}, {@code name=value} or
 *       {@code "name": "value"} ({@code Authorization}, {@code api-key}, {@code x-api-key},
 *       {@code Ocp-Apim-Subscription-Key}, {@code X-Amz-Security-Token}, {@code access_token},
 *       {@code client_secret}, {@code password}, {@code aws_secret_access_key},
 *       {@code aws_session_token}, ...): an AWS error that quotes the canonical request loses the
 *       session token's line, a proxy that echoes request headers loses their values;
 *   <li>query parameters of credential names ({@code ?key=}, {@code &sig=}, {@code api-key=},
 *       {@code X-Amz-Signature=}, {@code X-Amz-Security-Token=}, ...) and passwords in URLs
 *       ({@code https://user:password@host});
 *   <li>bearer tokens, JSON web tokens ({@code eyJ...}, Microsoft Entra ID tokens), OpenAI-style keys
 *       ({@code sk-...}), AWS session tokens ({@code IQoJb3JpZ2lu...}, {@code FwoGZXIvYXdz...}),
 *       Amazon Bedrock API keys ({@code ABSK...}, {@code bedrock-api-key-...}) and strings of exactly
 *       40 base64 characters (the shape of an AWS secret access key).
 * </ul>
 *
 * <p>{@link #neutralise(String)} makes text one line of visible characters: tabs and line breaks
 * become spaces, every other control or format character (C0 and C1 controls, {@code DEL}, bidi
 * overrides, zero-width characters, line and paragraph separators) and every unpaired surrogate
 * becomes a visible {@code \}{@code uXXXX} escape, so provider text can neither forge log lines nor
 * hide what it says. {@link #clean(String)} does both and bounds the length
 * ({@value #MAX_TEXT_CHARS} characters); {@link #cleanCause(Throwable)} does it to an exception a
 * Stateline error carries as its cause.
 *
 * <p>Immutable and thread-safe; {@link #standard()} is shared.
 */
public final class Redactor {
  /** Provider text longer than this is cut, with an ellipsis: the one limit for every provider. */
  public static final int MAX_TEXT_CHARS = 500;

  /** Request ids, error codes and other short identifiers longer than this are cut. */
  public static final int MAX_ID_CHARS = 200;

  private static final String NAMES = "authorization|proxy-authorization|api-key|api_key|apikey|x-api-key"
      + "|ocp-apim-subscription-key|x-amz-security-token|x-goog-api-key|access_token|refresh_token|id_token"
      + "|client_secret|password|passwd|aws_secret_access_key|secret_access_key|secretaccesskey"
      + "|aws_session_token|session_token|sessiontoken|x-ms-client-secret";
  private static final String QUERY_NAMES = "api-key|api_key|apikey|key|code|sig|signature|token|access_token"
      + "|refresh_token|id_token|client_secret|password|subscription-key|x-amz-security-token|x-amz-signature"
      + "|x-amz-credential";

  // Each rule names what every match of it contains (any one of its literals, compared ignoring case
  // for the (?i) rules) and its shortest match: a text holding none of them, or shorter, cannot match,
  // and is passed over without running the pattern (a request id, cleaned on every call, usually is).
  private static final Rule[] RULES = {
      // user:password@ in URLs
      new Rule("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s:@]+:[^/\\s@]*@", "$1***@", 6, "://"),
      // ?key=value and &sig=value
      new Rule("(?i)([?&;](?:" + QUERY_NAMES + ")=)[^&\\s\"'#<>]+", "$1***", 4, "?", "&", ";"),
      // name: value, name=value and "name": "value", to the end of the line or the closing quote
      new Rule("(?i)(\"?(?<![A-Za-z0-9_?&;-])(?:" + NAMES + ")\"?\\s*[:=]\\s*\"?)[^\\r\\n\"]+", "$1***", 5, ":", "="),
      new Rule("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/=-]{6,}", "$1***", 13, "bearer"),
      new Rule("\\beyJ[A-Za-z0-9_-]{6,}\\.[A-Za-z0-9_-]{6,}\\.[A-Za-z0-9_-]*", "eyJ***", 17, "eyJ"),
      new Rule("sk-[A-Za-z0-9_*.\\-]{3,}", "sk-***", 6, "sk-"),
      new Rule("(?:IQoJb3JpZ2lu|FwoGZXIvYXdz)[A-Za-z0-9+/=]{16,}", "***", 28, "IQoJb3JpZ2lu", "FwoGZXIvYXdz"),
      new Rule("\\bABSK[A-Za-z0-9+/=]{16,}", "ABSK***", 20, "ABSK"),
      new Rule("\\bbedrock-api-key-[A-Za-z0-9+/=%_-]{16,}", "bedrock-api-key-***", 32, "bedrock-api-key-"),
      new Rule("(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])", "***", 40),
  };

  private static final Redactor STANDARD = new Redactor(new String[0]);

  private final String[] secrets;

  private Redactor(String[] secrets) {
    this.secrets = secrets;
  }

  /** The built-in patterns and no exact secret. */
  public static Redactor standard() {
    return STANDARD;
  }

  /**
   * This redactor, also replacing every occurrence of each of {@code secrets} (an API key, a static
   * token). Null and short values (under 4 characters, which would blank out ordinary text) are
   * ignored.
   */
  public Redactor withSecrets(String... secrets) {
    Objects.requireNonNull(secrets, "secrets");
    List<String> all = new ArrayList<>(Arrays.asList(this.secrets));
    for (String s : secrets) {
      if (s != null && s.length() >= 4 && !all.contains(s)) {
        all.add(s);
      }
    }
    // Longest first, so that a secret containing another is replaced whole.
    all.sort((a, b) -> Integer.compare(b.length(), a.length()));
    return new Redactor(all.toArray(new String[0]));
  }

  /** {@code text} with every credential replaced by {@code ***}; null for null. Never throws. */
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String r = text;
    for (String secret : secrets) {
      if (r.contains(secret)) {
        r = r.replace(secret, "***");
      }
    }
    for (Rule rule : RULES) {
      r = rule.apply(r);
    }
    return r;
  }

  /** Provider text for a message: redacted, neutralised and cut to {@value #MAX_TEXT_CHARS} characters. */
  public String clean(String text) {
    return clip(neutralise(redact(text)), MAX_TEXT_CHARS);
  }

  /** A short identifier (a request id, an error code, a region name): redacted, neutralised, cut to {@value #MAX_ID_CHARS}. */
  public String cleanId(String text) {
    if (text == null) {
      return null;
    }
    String c = clip(neutralise(redact(text.strip())), MAX_ID_CHARS);
    return c.isEmpty() ? null : c;
  }

  /**
   * {@code cause} as a Stateline error may carry it: unchanged if it is a {@link StatelineException}
   * or if neither its message nor any of its causes' messages hold a credential or a control
   * character; otherwise a {@link RedactedException} in its place (same type name and stack trace,
   * cleaned message, causes cleaned the same way). Null for null.
   */
  public Throwable cleanCause(Throwable cause) {
    if (cause == null || cause instanceof StatelineException || isClean(cause, 0)) {
      return cause;
    }
    return copy(cause, 0);
  }

  private boolean isClean(Throwable t, int depth) {
    for (Throwable c = t; c != null; c = c.getCause(), depth++) {
      if (depth > 16) {
        return false;
      }
      if (c instanceof StatelineException) {
        return true;
      }
      String m = c.getMessage();
      if (m != null && !m.equals(neutralise(redact(m)))) {
        return false;
      }
      for (Throwable s : c.getSuppressed()) {
        if (!isClean(s, depth + 1)) {
          return false;
        }
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return true;
  }

  private Throwable copy(Throwable t, int depth) {
    if (t instanceof StatelineException) {
      return t;
    }
    Throwable cause = t.getCause() == null || t.getCause() == t || depth > 16 ? null : copy(t.getCause(), depth + 1);
    RedactedException r = new RedactedException(t.getClass().getName(), clean(t.getMessage()), cause);
    r.setStackTrace(t.getStackTrace());
    for (Throwable s : t.getSuppressed()) {
      if (depth <= 16) {
        r.addSuppressed(copy(s, depth + 1));
      }
    }
    return r;
  }

  /**
   * {@code text} as one line of visible characters: tabs, CR and LF become spaces; other control
   * characters, format characters, line and paragraph separators and unpaired surrogates become
   * {@code \}{@code uXXXX}. Null for null.
   */
  public static String neutralise(String text) {
    if (text == null) {
      return null;
    }
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (needsWork(text, i, c)) {
        break;
      }
      i += Character.isHighSurrogate(c) ? 2 : 1;
    }
    if (i >= n) {
      return text;
    }
    StringBuilder sb = new StringBuilder(n + 16).append(text, 0, i);
    while (i < n) {
      int cp = text.codePointAt(i);
      int len = Character.charCount(cp);
      if (cp == '\t' || cp == '\n' || cp == '\r') {
        sb.append(' ');
      } else if (isUnsafe(cp) || Character.isSurrogate((char) cp) && len == 1) {
        sb.append(String.format(cp > 0xffff ? "\\u{%X}" : "\\u%04X", cp));
      } else {
        sb.appendCodePoint(cp);
      }
      i += len;
    }
    return sb.toString();
  }

  private static boolean needsWork(String text, int i, char c) {
    if (c >= 0x20 && c < 0x7f) {
      return false;
    }
    if (Character.isHighSurrogate(c)) {
      if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
        return true;
      }
      return isUnsafe(Character.toCodePoint(c, text.charAt(i + 1)));
    }
    return Character.isLowSurrogate(c) || isUnsafe(c);
  }

  private static boolean isUnsafe(int cp) {
    int type = Character.getType(cp);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }

  /** {@code text} cut to {@code max} characters (never inside a surrogate pair), with "..." when cut. */
  static String clip(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = max;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "...";
  }

  @Override
  public String toString() {
    return "Redactor[" + secrets.length + " secrets, " + RULES.length + " patterns]";
  }

  private static final class Rule {
    private final Pattern pattern;
    private final String replacement;
    private final int minLength;
    private final String[] literals; // every match contains one of them; none: no such literal
    private final boolean ignoreCase;

    Rule(String regex, String replacement, int minLength, String... literals) {
      this.pattern = Pattern.compile(regex);
      this.replacement = replacement;
      this.minLength = minLength;
      this.literals = literals;
      this.ignoreCase = regex.startsWith("(?i)");
    }

    String apply(String text) {
      if (text.length() < minLength || !mayMatch(text)) {
        return text;
      }
      return pattern.matcher(text).replaceAll(replacement);
    }

    private boolean mayMatch(String text) {
      if (literals.length == 0) {
        return true;
      }
      for (String literal : literals) {
        if (ignoreCase ? containsIgnoreCase(text, literal) : text.contains(literal)) {
          return true;
        }
      }
      return false;
    }

    private static boolean containsIgnoreCase(String text, String literal) {
      for (int i = 0, last = text.length() - literal.length(); i <= last; i++) {
        if (text.regionMatches(true, i, literal, 0, literal.length())) {
          return true;
        }
      }
      return false;
    }
  }
}
