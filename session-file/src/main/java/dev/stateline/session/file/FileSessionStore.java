/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session.file;

import dev.stateline.error.SessionConflictException;
import dev.stateline.error.SessionCorruptedException;
import dev.stateline.error.SessionStoreException;
import dev.stateline.session.SessionState;
import dev.stateline.session.SessionStore;
import dev.stateline.session.SessionTurn;
import dev.stateline.spi.SessionIdCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLockInterruptionException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sessions in a directory, one file per session, written crash-safely.
 *
 * <p>Every append rewrites the session's file: it writes a temporary file in the same directory,
 * forces it to disk, atomically renames it over the old file ({@code ATOMIC_MOVE}), then forces
 * the directory (where the operating system allows; not on Windows). A crash at any point leaves
 * either the old file or the new one, never a mix; a leftover temporary file is ignored and cleaned
 * up by the session's next write. The format (see the package's {@code SessionFileFormat}) is
 * versioned and checksummed: a truncated, damaged or foreign file fails with a
 * {@link SessionCorruptedException}, and the store refuses to overwrite it.
 *
 * <p>Optimistic concurrency holds across threads and across processes sharing the directory: the
 * read-compare-write of an append runs under a lock (a lock in this JVM plus an OS file lock on one
 * of the stripe files in {@code .stateline-locks/}), so two writers of the same session never both
 * commit on the same version. A thread that is interrupted while it waits for that lock (or that
 * calls with its interrupt status set) gets a {@link SessionStoreException}, with its interrupt
 * status still set and nothing written; the locks other threads hold are unaffected. File names encode the session id ({@code s-<id>.session}, with
 * characters outside {@code a-z 0-9 . _ -} escaped, so case-insensitive file systems are safe).
 *
 * <p>Session files hold prompts and answers, so where the file system has POSIX permissions the
 * store creates its files readable and writable by their owner only ({@code rw-------}) and the
 * directories it creates (the session directory, if missing, and {@code .stateline-locks/})
 * accessible to their owner only ({@code rwx------}). An existing directory keeps its permissions.
 *
 * <p>Each append costs a write of the whole session: fine for conversations, not for sessions of
 * many megabytes. Thread-safe.
 */
public final class FileSessionStore implements SessionStore {
  private static final String PREFIX = "s-";
  /** File names: case-insensitive file systems, and at most 200 characters before the prefix and suffix. */
  private static final SessionIdCodec NAMES = SessionIdCodec.of("abcdefghijklmnopqrstuvwxyz0123456789_-", ".", '%',
      true, false, 200);
  private static final String SUFFIX = ".session";
  private static final String LOCK_DIR = ".stateline-locks";
  private static final int STRIPES = 256;
  private static final Set<PosixFilePermission> FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIR_PERMISSIONS = PosixFilePermissions.fromString("rwx------");
  private static final ConcurrentHashMap<Path, DirectoryLocks> LOCKS = new ConcurrentHashMap<>();

  private final Path directory;
  private final Duration ttl;
  private final InstantSource clock;
  private final DirectoryLocks locks;
  /** Test hook: called at named points of a write, to simulate a crash there. */
  private volatile CrashPoint crashPoint = point -> {};

  /** Called at named points of a write; a test makes it throw to simulate a crash. */
  @FunctionalInterface
  interface CrashPoint {
    void reached(String point);
  }

  private FileSessionStore(Builder b) {
    try {
      Files.createDirectories(b.directory, ownerOnly(b.directory, DIR_PERMISSIONS));
      this.directory = b.directory.toRealPath();
    } catch (IOException e) {
      throw new SessionStoreException("cannot use session directory " + b.directory + ": " + e, null, e);
    }
    this.ttl = b.ttl;
    this.clock = b.clock;
    this.locks = LOCKS.computeIfAbsent(directory, DirectoryLocks::new);
  }

  /**
   * A store in {@code directory} (created if missing), without TTL.
   *
   * @throws SessionStoreException if the directory cannot be created or read
   */
  public static FileSessionStore open(Path directory) {
    return builder(directory).build();
  }

  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** The directory the sessions live in. */
  public Path directory() {
    return directory;
  }

  void crashPoint(CrashPoint point) {
    this.crashPoint = point;
  }

  @Override
  public Optional<SessionState> load(String sessionId) {
    String id = SessionState.validateId(sessionId);
    SessionState s = read(id, file(id));
    return s == null || s.isExpired(clock.instant()) ? Optional.empty() : Optional.of(s);
  }

  @Override
  public SessionState append(String sessionId, long expectedVersion, SessionTurn turn) {
    String id = SessionState.validateId(sessionId);
    Objects.requireNonNull(turn, "turn");
    Path file = file(id);
    try (DirectoryLocks.Held held = locks.lock(id)) {
      SessionState current = read(id, file);
      Instant now = clock.instant();
      if (current != null && current.isExpired(now)) {
        current = null;
      }
      long actual = current == null ? 0 : current.version();
      if (actual != expectedVersion) {
        throw new SessionConflictException(id, expectedVersion, actual);
      }
      SessionState next = current == null ? SessionState.first(id, turn, now, ttl) : current.next(turn, now, ttl);
      write(id, file, SessionFileFormat.encode(next));
      return next;
    }
  }

  @Override
  public List<String> list() {
    List<String> ids = new ArrayList<>();
    Instant now = clock.instant();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
      for (Path p : dir) {
        String id;
        try {
          id = idOf(p);
        } catch (NoSuchFileException e) {
          continue;
        }
        if (id == null) {
          continue;
        }
        Instant expires;
        try {
          expires = SessionFileFormat.readExpiry(head(p), p.toString());
        } catch (SessionCorruptedException e) {
          ids.add(id); // listed, so that it can be found and repaired or deleted
          continue;
        } catch (NoSuchFileException e) {
          continue;
        }
        if (expires == null || now.isBefore(expires)) {
          ids.add(id);
        }
      }
    } catch (IOException e) {
      throw new SessionStoreException("cannot list sessions in " + directory + ": " + e, null, e);
    }
    return ids;
  }

  @Override
  public boolean delete(String sessionId) {
    String id = SessionState.validateId(sessionId);
    try (DirectoryLocks.Held held = locks.lock(id)) {
      deleteTemps(id);
      return Files.deleteIfExists(file(id));
    } catch (IOException e) {
      throw new SessionStoreException("cannot delete session '" + id + "': " + e, id, e);
    }
  }

  /**
   * Deletes every expired session's file (corrupt files are left alone).
   *
   * @return how many were deleted
   */
  public int purgeExpired() {
    int n = 0;
    Instant now = clock.instant();
    for (String id : allIds()) {
      try (DirectoryLocks.Held held = locks.lock(id)) {
        Path f = file(id);
        Instant expires;
        try {
          expires = SessionFileFormat.readExpiry(head(f), f.toString());
        } catch (SessionCorruptedException | NoSuchFileException e) {
          continue;
        }
        if (expires != null && !now.isBefore(expires) && Files.deleteIfExists(f)) {
          n++;
        }
      } catch (IOException e) {
        throw new SessionStoreException("cannot purge session '" + id + "': " + e, id, e);
      }
    }
    return n;
  }

  private List<String> allIds() {
    List<String> ids = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
      for (Path p : dir) {
        String id;
        try {
          id = idOf(p);
        } catch (NoSuchFileException e) {
          continue;
        }
        if (id != null) {
          ids.add(id);
        }
      }
    } catch (IOException e) {
      throw new SessionStoreException("cannot list sessions in " + directory + ": " + e, null, e);
    }
    return ids;
  }

  private SessionState read(String id, Path file) {
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new SessionStoreException("cannot read session '" + id + "' from " + file + ": " + e, id, e);
    }
    return SessionFileFormat.decode(data, id, file.toString());
  }

  private static byte[] head(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(4096);
    }
  }

  private void write(String id, Path file, byte[] data) {
    Path temp = directory.resolve(file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
        + ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
          ownerOnly(temp, FILE_PERMISSIONS))) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      crashPoint.reached("temp-written");
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      crashPoint.reached("renamed");
      forceDirectory();
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // the next write of this session removes it
      }
      throw new SessionStoreException("cannot write session '" + id + "' to " + file + ": " + e, id, e);
    }
    deleteTemps(id);
  }

  /** Removes temporary files a crashed writer of this session left; called under the session's lock. */
  private void deleteTemps(String id) {
    String glob = PREFIX + encodeName(id) + SUFFIX + ".*.tmp";
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory, glob)) {
      for (Path p : dir) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // harmless: leftovers are never read
    }
  }

  private void forceDirectory() {
    try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // Windows cannot open a directory as a channel; NTFS orders the rename itself.
    }
  }

  /**
   * Creation attributes that keep a new file or directory to its owner ({@code rw-------},
   * {@code rwx------}) where the file system has POSIX permissions; none elsewhere (Windows,
   * where the directory's ACL applies).
   */
  private static FileAttribute<?>[] ownerOnly(Path path, Set<PosixFilePermission> permissions) {
    if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)};
  }

  /** The lock file that guards {@code id}'s writes; for tests. */
  Path lockFile(String id) {
    return locks.lockFile(SessionState.validateId(id));
  }

  Path file(String id) {
    return directory.resolve(PREFIX + encodeName(id) + SUFFIX);
  }

  /**
   * The file name part of an id ({@link SessionIdCodec}): {@code a-z 0-9 . _ -} stay, an
   * upper-case letter X becomes {@code ^x}, anything else {@code %XX} per UTF-8 byte; distinct ids
   * stay distinct on case-insensitive file systems, and an id too long for a file name once escaped
   * gets a hashed name (its id is read from the file).
   */
  static String encodeName(String id) {
    return NAMES.encode(id);
  }

  /** The id a file name part encodes, or null if it is hashed or not one this store wrote. */
  static String decodeName(String name) {
    return NAMES.decode(name);
  }

  /** The id of the session file {@code p}, from its name or, for a hashed name, from its header; null if neither. */
  private static String idOf(Path p) throws IOException {
    String name = p.getFileName().toString();
    String part = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
    String id = decodeName(part);
    if (id == null && NAMES.isHashed(part)) {
      id = SessionFileFormat.readId(head(p));
      if (id != null && !encodeName(id).equals(part)) {
        id = null;
      }
    }
    return id;
  }

  @Override
  public String toString() {
    return "FileSessionStore[" + directory + ", ttl=" + ttl + "]";
  }

  /**
   * The locks of one directory, shared by every store on it in this JVM: a lock per stripe of ids,
   * and an OS lock on that stripe's own lock file, which other processes honour too.
   *
   * <p>Each acquisition opens its own channel on the stripe's file and closes it on release. Two
   * things make that the safe design: a thread interrupted while it waits for an OS lock has its
   * channel closed by the JDK, and on POSIX systems closing any channel of a file drops every lock
   * the process holds on that file. With a file per stripe, the only lock such a close can drop is
   * the one the closing thread was acquiring itself, since the in-JVM lock admits one holder per
   * stripe; the locks other threads hold on other stripes are never touched.
   */
  private static final class DirectoryLocks {
    private final Path lockDir;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    DirectoryLocks(Path directory) {
      this.lockDir = directory.resolve(LOCK_DIR);
      for (int i = 0; i < STRIPES; i++) {
        stripes[i] = new ReentrantLock();
      }
    }

    static int stripe(String id) {
      return Math.floorMod(id.hashCode(), STRIPES);
    }

    Path lockFile(String id) {
      return lockDir.resolve(String.format("%02x.lock", stripe(id)));
    }

    Held lock(String id) {
      ReentrantLock lock = stripes[stripe(id)];
      lock.lock();
      Path file = lockFile(id);
      FileChannel channel = null;
      try {
        Files.createDirectories(lockDir, ownerOnly(lockDir, DIR_PERMISSIONS));
        channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
            ownerOnly(file, FILE_PERMISSIONS));
        channel.lock();
        return new Held(lock, channel);
      } catch (ClosedByInterruptException | FileLockInterruptionException e) {
        // The JDK closed this acquisition's channel and kept the interrupt status set.
        closeQuietly(channel);
        lock.unlock();
        throw new SessionStoreException("interrupted while waiting for the lock of session '" + id + "' in "
            + file + "; nothing was written", id, e);
      } catch (IOException e) {
        closeQuietly(channel);
        lock.unlock();
        throw new SessionStoreException("cannot lock session '" + id + "' in " + file + ": " + e, id, e);
      } catch (RuntimeException | Error e) {
        closeQuietly(channel);
        lock.unlock();
        throw e;
      }
    }

    private static void closeQuietly(FileChannel channel) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // closing releases the OS lock whatever the outcome
        }
      }
    }

    /** A held lock; closing releases both parts. */
    static final class Held implements AutoCloseable {
      private final ReentrantLock lock;
      private final FileChannel channel;

      Held(ReentrantLock lock, FileChannel channel) {
        this.lock = lock;
        this.channel = channel;
      }

      @Override
      public void close() {
        try {
          closeQuietly(channel); // releases the OS lock, and only this stripe's
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /** Builds a {@link FileSessionStore}. Not thread-safe. */
  public static final class Builder {
    private final Path directory;
    private Duration ttl;
    private InstantSource clock = InstantSource.system();

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** How long after its last turn a session is forgotten; null (the default) for never. */
    public Builder ttl(Duration ttl) {
      if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
        throw new IllegalArgumentException("ttl must be positive, or null for none");
      }
      this.ttl = ttl;
      return this;
    }

    /** The clock for timestamps and expiry; the system clock by default. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** @throws SessionStoreException if the directory cannot be created or resolved */
    public FileSessionStore build() {
      return new FileSessionStore(this);
    }
  }
}
