/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A deterministic "smoke fuzz" for the default build: runs a {@link FuzzTest} method on its seed
 * corpus and then on inputs derived from it by a fixed-seed random generator (bit flips, byte
 * changes, insertions, deletions, repeated and spliced ranges, cuts, plus wholly random inputs).
 * Not coverage-guided like Jazzer's fuzzing mode, but the same targets, the same contract
 * assertions and the same byte-to-value mapping as Jazzer's {@code FuzzedDataProvider} (see
 * {@link ByteFuzzedDataProvider}), so a failing input saved here replays unchanged as a Jazzer
 * regression input.
 *
 * <p>A failure (any {@code Throwable} escaping the target, or an input that runs longer than
 * {@value #HANG_SECONDS} seconds) stops the run: the input is written to
 * {@code target/fuzz-smoke-findings/<class>/<method>/crash-<sha1>} and the error names that file.
 * Property {@code fuzz.smoke.seed} changes the seed (default: fixed).
 */
public final class SmokeFuzzer {
  /** Generous: a hang guard, not a timing check (an input normally takes microseconds). */
  static final int HANG_SECONDS = 30;
  private static final int MAX_LEN = 4096;
  private static final byte[] INTERESTING = {0, 1, '\n', '\r', '"', '\\', '{', '}', '[', ']', ':', ',', '-', '0',
      (byte) 0x7f, (byte) 0x80, (byte) 0xc3, (byte) 0xed, (byte) 0xef, (byte) 0xff};

  private SmokeFuzzer() {}

  /** What a run did. */
  /** What one smoke run did: the target, how many seeds it read and how many inputs it ran. */
  public record Result(String target, int seeds, int inputs) {}

  public static Result run(Class<?> fuzzClass, int inputs) throws Exception {
    Method target = fuzzTest(fuzzClass);
    String name = fuzzClass.getSimpleName() + "." + target.getName();
    long seed = Long.getLong("fuzz.smoke.seed", 20260101L) ^ name.hashCode();
    List<byte[]> seeds = seeds(fuzzClass, target);
    Random random = new Random(seed);
    Constructor<?> constructor = fuzzClass.getDeclaredConstructor();
    constructor.setAccessible(true); // fuzz test classes are package-private, like JUnit tests
    Object instance = constructor.newInstance();
    target.setAccessible(true);
    ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "smoke-fuzz-" + name);
      t.setDaemon(true);
      return t;
    });
    try {
      int total = Math.max(inputs, seeds.size());
      for (int i = 0; i < total; i++) {
        byte[] input = i < seeds.size() ? seeds.get(i) : derive(random, seeds);
        runOne(worker, instance, target, input, name);
      }
      return new Result(name, seeds.size(), total);
    } finally {
      worker.shutdownNow();
    }
  }

  private static void runOne(ExecutorService worker, Object instance, Method target, byte[] input, String name)
      throws Exception {
    Future<?> run = worker.submit(() -> {
      target.invoke(instance, new ByteFuzzedDataProvider(input));
      return null;
    });
    try {
      run.get(HANG_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      run.cancel(true);
      throw new AssertionError(name + ": an input ran longer than " + HANG_SECONDS + " s (hang?); saved as "
          + save(target, input), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof InvocationTargetException ite ? ite.getCause() : e.getCause();
      throw new AssertionError(name + ": " + cause + "\n  input saved as " + save(target, input)
          + "\n  (copy it to src/test/resources/<package>/" + target.getDeclaringClass().getSimpleName()
          + "Inputs/" + target.getName() + "/ to keep it as a regression input)", cause);
    }
  }

  private static Method fuzzTest(Class<?> fuzzClass) {
    List<Method> found = Arrays.stream(fuzzClass.getDeclaredMethods())
        .filter(m -> m.isAnnotationPresent(FuzzTest.class))
        .toList();
    if (found.size() != 1 || !Arrays.equals(found.get(0).getParameterTypes(), new Class<?>[] {FuzzedDataProvider.class})) {
      throw new IllegalArgumentException(fuzzClass + " must have exactly one @FuzzTest(FuzzedDataProvider) method");
    }
    return found.get(0);
  }

  /** The files Jazzer's regression mode reads: {@code <Class>Inputs/*} and {@code <Class>Inputs/<method>/**}. */
  static List<byte[]> seeds(Class<?> fuzzClass, Method target) throws IOException, URISyntaxException {
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(new byte[0]);
    URL dir = fuzzClass.getResource(fuzzClass.getSimpleName() + "Inputs");
    if (dir == null) {
      return seeds;
    }
    Path root = Paths.get(dir.toURI());
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(root)) {
      s.filter(Files::isRegularFile).forEach(files::add);
    }
    Path own = root.resolve(target.getName());
    if (Files.isDirectory(own)) {
      try (Stream<Path> s = Files.walk(own)) {
        s.filter(Files::isRegularFile).forEach(files::add);
      }
    }
    files.sort(null);
    for (Path f : files) {
      seeds.add(Files.readAllBytes(f));
    }
    return seeds;
  }

  /** A new input: mostly a mutated seed (or two spliced), sometimes random bytes. */
  static byte[] derive(Random random, List<byte[]> seeds) {
    if (random.nextInt(8) == 0) {
      byte[] b = new byte[random.nextInt(256)];
      random.nextBytes(b);
      return b;
    }
    byte[] base = seeds.get(random.nextInt(seeds.size()));
    byte[] out = base;
    int mutations = 1 + random.nextInt(random.nextBoolean() ? 3 : 12);
    for (int i = 0; i < mutations; i++) {
      out = mutate(random, out, seeds);
    }
    return out.length > MAX_LEN ? Arrays.copyOf(out, MAX_LEN) : out;
  }

  private static byte[] mutate(Random random, byte[] in, List<byte[]> seeds) {
    int len = in.length;
    switch (random.nextInt(9)) {
      case 0: { // flip a bit
        if (len == 0) {
          break;
        }
        byte[] out = in.clone();
        out[random.nextInt(len)] ^= (byte) (1 << random.nextInt(8));
        return out;
      }
      case 1: { // set a byte, often to an interesting one
        if (len == 0) {
          break;
        }
        byte[] out = in.clone();
        out[random.nextInt(len)] = random.nextBoolean()
            ? INTERESTING[random.nextInt(INTERESTING.length)] : (byte) random.nextInt(256);
        return out;
      }
      case 2: { // insert a few bytes
        int at = random.nextInt(len + 1);
        byte[] ins = new byte[1 + random.nextInt(8)];
        for (int k = 0; k < ins.length; k++) {
          ins[k] = random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : (byte) random.nextInt(256);
        }
        return splice(in, at, at, ins);
      }
      case 3: { // delete a range
        if (len == 0) {
          break;
        }
        int at = random.nextInt(len);
        int end = Math.min(len, at + 1 + random.nextInt(16));
        return splice(in, at, end, new byte[0]);
      }
      case 4: { // repeat a range
        if (len == 0) {
          break;
        }
        int at = random.nextInt(len);
        int end = Math.min(len, at + 1 + random.nextInt(32));
        return splice(in, at, at, Arrays.copyOfRange(in, at, end));
      }
      case 5: { // cut short
        return Arrays.copyOf(in, random.nextInt(len + 1));
      }
      case 6: { // splice in part of another seed
        byte[] other = seeds.get(random.nextInt(seeds.size()));
        if (other.length == 0) {
          break;
        }
        int from = random.nextInt(other.length);
        int to = Math.min(other.length, from + 1 + random.nextInt(64));
        int at = random.nextInt(len + 1);
        return splice(in, at, Math.min(len, at + random.nextInt(8)), Arrays.copyOfRange(other, from, to));
      }
      case 7: { // overwrite a 4-byte or 8-byte word (the integers FuzzedDataProvider takes from the end)
        if (len < 8) {
          break;
        }
        byte[] out = in.clone();
        int at = random.nextBoolean() ? len - 8 : random.nextInt(len - 7);
        for (int k = 0; k < (random.nextBoolean() ? 4 : 8); k++) {
          out[at + k] = (byte) random.nextInt(256);
        }
        return out;
      }
      default: { // swap two bytes
        if (len < 2) {
          break;
        }
        byte[] out = in.clone();
        int a = random.nextInt(len);
        int b = random.nextInt(len);
        byte t = out[a];
        out[a] = out[b];
        out[b] = t;
        return out;
      }
    }
    byte[] grown = Arrays.copyOf(in, len + 1);
    grown[len] = (byte) random.nextInt(256);
    return grown;
  }

  private static byte[] splice(byte[] in, int from, int to, byte[] insert) {
    byte[] out = new byte[in.length - (to - from) + insert.length];
    System.arraycopy(in, 0, out, 0, from);
    System.arraycopy(insert, 0, out, from, insert.length);
    System.arraycopy(in, to, out, from + insert.length, in.length - to);
    return out;
  }

  private static Path save(Method target, byte[] input) {
    try {
      String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(input));
      Path dir = Paths.get("target", "fuzz-smoke-findings", target.getDeclaringClass().getSimpleName(), target.getName());
      Files.createDirectories(dir);
      Path file = dir.resolve("crash-" + sha1);
      Files.write(file, input);
      return file.toAbsolutePath();
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("could not save the failing input", e);
    }
  }
}
