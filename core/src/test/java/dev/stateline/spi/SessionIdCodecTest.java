/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every valid id has a key within the storage's limits, and no two ids share one: the Unicode edges
 * (normalisation forms, case, surrogates, the longest ids) on a file-name codec and on AgentCore's
 * alphabet.
 */
public class SessionIdCodecTest {
  /** As the file store names files: case-insensitive file systems, 200 characters. */
  static final SessionIdCodec FILES = SessionIdCodec.of("abcdefghijklmnopqrstuvwxyz0123456789_-", ".", '%', true, false, 200);
  /** As AgentCore Memory takes session ids: [a-zA-Z0-9][a-zA-Z0-9-_]*, at most 100. */
  static final SessionIdCodec AGENTCORE = SessionIdCodec.of(
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "-", '_', false, true, 100);
  static final Pattern AGENTCORE_ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9-_]{0,99}");

  static final String E_ACUTE_NFC = "caf\u00e9";
  static final String E_ACUTE_NFD = "cafe\u0301";

  /** Ids the docs call valid, chosen at the edges (also used by the stores' tests). */
  public static final List<String> EDGES = List.of(
      "case-4711", "Case-4711", "CASE-4711", "a", "A", ".hidden", "..", "-", "_", "%41", "^a", "0_zx", "_h",
      E_ACUTE_NFC, E_ACUTE_NFD, Normalizer.normalize("Å", Normalizer.Form.NFD), "Å", "\u212B" /* Angstrom sign */,
      "😀", "😀".repeat(128), "x".repeat(128), "é".repeat(128), "東".repeat(128), "/".repeat(128),
      "a/b", "a\\b", "con", "CON", "nul.txt", "  spaced  ", "tab\u00a0nbsp", "\u200Bzero-width", "\u202Ertl",
      "x".repeat(127) + "😀", "ß", "SS", "ss", "ǅ", "ǆ", "İ", "i̇");

  @Test
  void everyValidIdHasAKeyTheStorageAccepts_andDistinctIdsNeverShareOne() {
    for (SessionIdCodec codec : List.of(FILES, AGENTCORE)) {
      Set<String> keys = new HashSet<>();
      Set<String> folded = new HashSet<>();
      for (String id : EDGES) {
        String key = codec.encode(id);
        assertThat(key.length()).as("%s of %s", codec, id).isLessThanOrEqualTo(codec.maxLength());
        assertThat(key.chars().allMatch(c -> c > ' ' && c < 0x7f)).as("ASCII: " + key).isTrue();
        if (codec == AGENTCORE) {
          assertThat(key).matches(AGENTCORE_ID);
        }
        assertThat(keys.add(key)).as("key %s of %s is taken", key, id).isTrue();
        if (codec == FILES) {
          assertThat(folded.add(key.toLowerCase(Locale.ROOT))).as("case-folded %s of %s is taken", key, id).isTrue();
        }
        if (!codec.isHashed(key)) {
          assertThat(codec.decode(key)).as("decodes back").isEqualTo(id);
        } else {
          assertThat(codec.decode(key)).isNull();
        }
      }
    }
  }

  @Test
  void givenTheExistingMapping_thenKeysThatFitAreUnchanged() {
    // Sessions stored before keep their keys.
    assertThat(FILES.encode("case-4711")).isEqualTo("case-4711");
    assertThat(FILES.encode("Two/2")).isEqualTo("^two%2f2");
    assertThat(FILES.encode(".x.y")).isEqualTo("%2ex.y");
    assertThat(AGENTCORE.encode("case-4711")).isEqualTo("case-4711");
    assertThat(AGENTCORE.encode("Two/2")).isEqualTo("Two_2f2");
  }

  @Test
  void givenAnIdThatWouldStartWithAnEscape_thenAgentCoreStillGetsAnAlphanumericStart() {
    assertThat(AGENTCORE.encode("/x")).isEqualTo("0_z_2fx").matches(AGENTCORE_ID);
    assertThat(AGENTCORE.encode("-x")).isEqualTo("0_z_2dx");
    assertThat(AGENTCORE.decode("0_z_2fx")).isEqualTo("/x");
    assertThat(AGENTCORE.encode("0/x")).isEqualTo("0_2fx").isNotEqualTo(AGENTCORE.encode("/x"));
  }

  @Test
  void givenAKeyNotMadeByTheCodec_thenItDoesNotDecode() {
    assertThat(FILES.decode("%zz")).isNull();
    assertThat(FILES.decode("Upper")).as("not case-folded: not ours").isNull();
    assertThat(FILES.decode("%c3")).as("a broken UTF-8 sequence").isNull();
    assertThat(AGENTCORE.decode("_2fx")).as("would not start safe").isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\uD800", "a\uDC00b", "x\uD83D"})
  void givenAnUnpairedSurrogate_thenTheIdIsRefusedBeforeItCanCollapseIntoAnother(String id) {
    assertThatThrownBy(() -> SessionIdCodec.validate(id)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unpaired surrogate");
  }

  @Test
  void givenTheLimits_thenTheyCountCharactersNotCodeUnits() {
    assertThat(SessionIdCodec.isValid("😀".repeat(128))).isTrue();
    assertThat(SessionIdCodec.isValid("😀".repeat(129))).isFalse();
    assertThatThrownBy(() -> SessionIdCodec.validate("")).hasMessageContaining("1 to 128");
    assertThatThrownBy(() -> SessionIdCodec.validate(null)).hasMessageContaining("was null");
    assertThatThrownBy(() -> SessionIdCodec.validate("a\nb")).hasMessageContaining("control characters (U+000A");
  }
}
