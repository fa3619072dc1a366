/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spi;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The one rule for session ids, and the one way a session store turns an id into a key its storage
 * accepts (a file name, an AgentCore session id) without two ids ever sharing a key.
 *
 * <p><b>Valid ids</b> ({@link #validate(String)}): 1 to {@value #MAX_LENGTH} characters (Unicode code
 * points, so an emoji counts once), well-formed (no unpaired surrogate: such a string has no UTF-8
 * form, and two of them would collapse into the same bytes), and without control characters.
 * Everything else is allowed and kept exactly: ids are compared as given, so {@code Case-1} and
 * {@code case-1}, or {@code é} in its composed (NFC) and decomposed (NFD) forms, are distinct ids.
 *
 * <p><b>Keys</b> ({@link #encode(String)}): the id's UTF-8 bytes, each byte kept if it is one of the
 * codec's safe ASCII characters and escaped otherwise as the escape character plus two lower-case hex
 * digits. A case-insensitive codec (for file systems that fold case) also escapes upper-case letters,
 * as {@code ^} plus the lower-case letter, so no two keys differ by case alone. A codec whose keys
 * must start with a safe character marks a key that would not by {@code 0} + escape + {@code z}. A
 * key longer than the codec's limit keeps a readable prefix and ends with the escape character,
 * {@code h} and 26 base-32 characters of the id's SHA-256: such a key is still distinct (collisions
 * of 130 bits of SHA-256 are not a practical concern) but cannot be decoded, so a store that lists
 * its sessions keeps the id beside the data. Every valid id has a key within the limit.
 *
 * <p>Immutable and thread-safe.
 */
public final class SessionIdCodec {
  /** The most code points a session id may have. */
  public static final int MAX_LENGTH = 128;

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final int HASH_CHARS = 26;

  private final boolean[] safe = new boolean[128];
  private final boolean[] safeFirst = new boolean[128];
  private final char escape;
  private final boolean caseInsensitive;
  private final boolean startSafe;
  private final int maxLength;

  private SessionIdCodec(String safeAnywhere, String safeAfterFirst, char escape, boolean caseInsensitive,
      boolean startSafe, int maxLength) {
    for (char c : safeAnywhere.toCharArray()) {
      safe[c] = true;
      safeFirst[c] = true;
    }
    for (char c : safeAfterFirst.toCharArray()) {
      safe[c] = true;
    }
    if (caseInsensitive) {
      for (char c = 'A'; c <= 'Z'; c++) {
        safe[c] = false;
        safeFirst[c] = false;
      }
    }
    if (safe[escape] || safe['^'] && caseInsensitive) {
      throw new IllegalArgumentException("the escape characters must not be safe characters");
    }
    if (maxLength < 3 + HASH_CHARS + 8) {
      throw new IllegalArgumentException("maxLength must leave room for a hashed key, was " + maxLength);
    }
    this.escape = escape;
    this.caseInsensitive = caseInsensitive;
    this.startSafe = startSafe;
    this.maxLength = maxLength;
  }

  /**
   * A codec.
   *
   * @param safeAnywhere ASCII characters kept as they are anywhere in a key (upper-case letters are
   *     escaped anyway by a case-insensitive codec)
   * @param safeAfterFirst ASCII characters kept as they are except as the first character
   * @param escape the escape character; must not be safe (nor {@code ^} for a case-insensitive codec)
   * @param caseInsensitive true to keep keys distinct on storage that folds case
   * @param startSafe true if every key must start with a safe character
   * @param maxLength the longest key the storage accepts, at least 37
   */
  public static SessionIdCodec of(String safeAnywhere, String safeAfterFirst, char escape, boolean caseInsensitive,
      boolean startSafe, int maxLength) {
    Objects.requireNonNull(safeAnywhere, "safeAnywhere");
    Objects.requireNonNull(safeAfterFirst, "safeAfterFirst");
    for (char c : (safeAnywhere + safeAfterFirst + escape).toCharArray()) {
      if (c <= ' ' || c >= 0x7f) {
        throw new IllegalArgumentException("safe and escape characters must be printable ASCII");
      }
    }
    return new SessionIdCodec(safeAnywhere, safeAfterFirst, escape, caseInsensitive, startSafe, maxLength);
  }

  /**
   * Checks a session id against the rule above.
   *
   * @return {@code id}
   * @throws IllegalArgumentException saying what is wrong, if it is not valid
   */
  public static String validate(String id) {
    if (id == null) {
      throw new IllegalArgumentException("a session id must be 1 to " + MAX_LENGTH + " characters, was null");
    }
    if (id.isEmpty()) {
      throw new IllegalArgumentException("a session id must be 1 to " + MAX_LENGTH + " characters, was empty");
    }
    int points = 0;
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("a session id must be well-formed Unicode: it has an unpaired"
            + " surrogate U+" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + " at index " + i);
      } else if (Character.isISOControl(c)) {
        throw new IllegalArgumentException("a session id must not contain control characters (U+"
            + String.format("%04X", (int) c) + " at index " + i + ")");
      }
      if (++points > MAX_LENGTH) {
        throw new IllegalArgumentException("a session id must be 1 to " + MAX_LENGTH + " characters, has more");
      }
    }
    return id;
  }

  /** True if {@link #validate(String)} accepts {@code id}. */
  public static boolean isValid(String id) {
    try {
      validate(id);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The key of {@code id}: ASCII, at most the codec's limit long, distinct for distinct ids (also
   * when compared ignoring case, for a case-insensitive codec).
   *
   * @throws IllegalArgumentException if {@code id} is not a valid session id
   */
  public String encode(String id) {
    validate(id);
    byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length + 8);
    for (byte b : bytes) {
      int c = b & 0xff;
      boolean first = sb.length() == 0;
      if (c < 128 && (first ? safeFirst[c] : safe[c])) {
        sb.append((char) c);
      } else if (caseInsensitive && c >= 'A' && c <= 'Z') {
        sb.append('^').append((char) (c + 32));
      } else {
        sb.append(escape).append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    if (startSafe && !isSafeStart(sb.charAt(0))) {
      sb.insert(0, "0" + escape + "z");
    }
    if (sb.length() <= maxLength) {
      return sb.toString();
    }
    // Too long: a readable prefix (never cut inside an escape) and the id's hash.
    int keep = maxLength - 2 - HASH_CHARS;
    int cut = 0;
    for (int i = 0; i < keep; ) {
      char c = sb.charAt(i);
      int len = c == escape ? 3 : c == '^' && caseInsensitive ? 2 : 1;
      if (i + len > keep) {
        break;
      }
      i += len;
      cut = i;
    }
    return sb.substring(0, cut) + escape + "h" + hash(bytes);
  }

  /**
   * The id a key encodes, or null if the key is a hashed one (the id must be read from the data) or
   * was not made by this codec.
   */
  public String decode(String key) {
    if (key == null || key.isEmpty()) {
      return null;
    }
    String k = key;
    String marker = "0" + escape + "z";
    if (startSafe && k.startsWith(marker)) {
      k = k.substring(marker.length());
    }
    ByteBuffer out = ByteBuffer.allocate(k.length());
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      if (c == escape) {
        if (i + 2 >= k.length()) {
          return null;
        }
        int hi = Character.digit(k.charAt(i + 1), 16);
        int lo = Character.digit(k.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out.put((byte) (hi << 4 | lo));
        i += 2;
      } else if (caseInsensitive && c == '^') {
        if (i + 1 >= k.length()) {
          return null;
        }
        out.put((byte) Character.toUpperCase(k.charAt(++i)));
      } else if (c < 128) {
        out.put((byte) c);
      } else {
        return null;
      }
    }
    out.flip();
    try {
      String id = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(out).toString();
      return isValid(id) && encode(id).equals(key) ? id : null;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** True if {@code key} is a hashed key, whose id cannot be decoded from it. */
  public boolean isHashed(String key) {
    return key != null && key.length() > HASH_CHARS + 2
        && key.charAt(key.length() - HASH_CHARS - 2) == escape && key.charAt(key.length() - HASH_CHARS - 1) == 'h';
  }

  /** The longest key this codec makes. */
  public int maxLength() {
    return maxLength;
  }

  private boolean isSafeStart(char c) {
    return c < 128 && safeFirst[c];
  }

  private static String hash(byte[] bytes) {
    byte[] d;
    try {
      d = MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    StringBuilder sb = new StringBuilder(HASH_CHARS);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; sb.length() < HASH_CHARS; ) {
      if (bits < 5) {
        buffer = buffer << 8 | (d[i++] & 0xff);
        bits += 8;
      }
      sb.append(BASE32[buffer >> (bits - 5) & 31]);
      bits -= 5;
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "SessionIdCodec[escape=" + escape + (caseInsensitive ? ", case-insensitive" : "") + ", max=" + maxLength + "]";
  }
}
