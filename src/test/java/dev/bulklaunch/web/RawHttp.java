package dev.bulklaunch.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests Java's client will not send as a browser would (any {@code Host}, a
 * body that is announced but never sent). Reads the status, the headers and a {@code Content-Length} body only: an
 * event stream's body is left unread.
 */
final class RawHttp {

  record Response(int status, Map<String, String> headers, String body, boolean closedAfter) {

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final String address;
  private final int port;
  /** Every response read, to check what none of them may carry. */
  final List<Response> seen = new ArrayList<>();

  RawHttp(int port) {
    this("127.0.0.1", port);
  }

  /** @param address an IP literal to connect to; the default {@code Host} names it */
  RawHttp(String address, int port) {
    this.address = address;
    this.port = port;
  }

  /** {@code headers} as {@code "Name: value"} lines; a {@code Host} header is added unless one is given. */
  Response send(String method, String path, String body, String... headers) throws IOException {
    return send(method, path, body, true, headers);
  }

  /** Announces {@code body}'s length but sends none of it when {@code sendBody} is false. */
  Response send(String method, String path, String body, boolean sendBody, String... headers) throws IOException {
    StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    boolean hasHost = false;
    for (String header : headers) {
      hasHost |= header.regionMatches(true, 0, "Host:", 0, 5);
      head.append(header).append("\r\n");
    }
    if (!hasHost) {
      head.append("Host: ").append(address.contains(":") ? "[" + address + "]" : address).append(':').append(port)
          .append("\r\n");
    }
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      head.append("Content-Length: ").append(bytes.length).append("\r\n");
    }
    head.append("\r\n");
    try (Socket socket = new Socket(address, port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (sendBody) {
        out.write(bytes);
      }
      out.flush();
      Response response = read(socket.getInputStream());
      seen.add(response);
      return response;
    }
  }

  private static Response read(InputStream in) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      throw new IOException("the server closed the connection without an answer");
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    String body = "";
    String length = headers.get("content-length");
    if (length != null) {
      byte[] bytes = in.readNBytes(Integer.parseInt(length));
      body = new String(bytes, StandardCharsets.UTF_8);
    }
    boolean closed = "close".equalsIgnoreCase(headers.get("connection")) && closes(in);
    return new Response(status, headers, body, closed);
  }

  private static boolean closes(InputStream in) throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      bytes.write(b);
    }
    return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
  }
}
