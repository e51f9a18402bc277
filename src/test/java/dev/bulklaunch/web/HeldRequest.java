package dev.bulklaunch.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A request held open on a raw socket, as a stalled or hostile client holds it: an upload that sends its headers and
 * one chunked line then nothing (more lines when asked), or a GET whose answer (an event stream) is left unread. No
 * thread of its own: what the server answers is read when asked.
 */
final class HeldRequest implements AutoCloseable {

  private final Socket socket;

  private HeldRequest(Socket socket) {
    this.socket = socket;
  }

  /** A GET of {@code path}, sent whole; the answer is not read. */
  static HeldRequest get(int port, String path) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
    return new HeldRequest(socket);
  }

  /** A chunked text/plain upload to {@code path} that sends {@code firstLine} and stops there. */
  static HeldRequest upload(int port, String path, String firstLine, String... headers) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1:").append(port).append("\r\n")
        .append("Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    head.append("\r\n");
    byte[] line = firstLine.getBytes(StandardCharsets.UTF_8);
    head.append(Integer.toHexString(line.length)).append("\r\n").append(firstLine).append("\r\n");
    OutputStream out = socket.getOutputStream();
    out.write(head.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
    return new HeldRequest(socket);
  }

  /** One more chunk of the upload; an empty one ends it. */
  void send(String chunk) throws IOException {
    byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.write(bytes);
    out.write("\r\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** The status line and headers of the answer, waiting up to {@code waitMs} for them; empty if none came. */
  String head(int waitMs) throws IOException {
    socket.setSoTimeout(waitMs);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    try {
      while (!bytes.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        bytes.write(b);
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // what came so far
    }
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }

  /** Everything the server sent until it closed the connection, or what came within {@code waitMs}. */
  String answer(int waitMs) throws IOException {
    socket.setSoTimeout(waitMs);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[4096];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        bytes.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // what came so far
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** True once the server has closed the connection (a read sees the end, or a reset). */
  boolean closedByServer(int waitMs) throws IOException {
    socket.setSoTimeout(waitMs);
    try {
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      while (true) {
        if (in.read(buffer) < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
