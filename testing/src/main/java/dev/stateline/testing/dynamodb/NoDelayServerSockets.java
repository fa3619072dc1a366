package dev.stateline.testing.dynamodb;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ServerSocketFactory;

/**
 * Server sockets whose accepted connections have {@code TCP_NODELAY} on, for emulators on
 * MockWebServer ({@code server.setServerSocketFactory(NoDelayServerSockets.INSTANCE)}). MockWebServer writes a
 * response's headers and body separately; with Nagle's algorithm the second write waits for the
 * client's delayed acknowledgement (about 40 ms on Linux), which makes a store test of a few hundred
 * requests take tens of seconds. Real DynamoDB endpoints answer without that pause.
 */
public final class NoDelayServerSockets extends ServerSocketFactory {
  /** The one instance; stateless and thread-safe. */
  public static final NoDelayServerSockets INSTANCE = new NoDelayServerSockets();

  private NoDelayServerSockets() {}

  @Override
  public ServerSocket createServerSocket() throws IOException {
    return new NoDelay();
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    return new NoDelay(port, 50, null);
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog) throws IOException {
    return new NoDelay(port, backlog, null);
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
    return new NoDelay(port, backlog, address);
  }

  private static final class NoDelay extends ServerSocket {
    NoDelay() throws IOException {
      super();
    }

    NoDelay(int port, int backlog, InetAddress address) throws IOException {
      super(port, backlog, address);
    }

    @Override
    public Socket accept() throws IOException {
      Socket s = new Socket();
      implAccept(s);
      s.setTcpNoDelay(true);
      return s;
    }
  }
}
