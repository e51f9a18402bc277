package dev.bulklaunch.web;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/** Reads one SSE stream on a background thread and keeps every event and comment, with its arrival time. */
final class SseRecorder {

  record Event(String id, String type, JsonObject data, long atNanos) {
  }

  private final List<Event> events = new ArrayList<>();
  private final List<String> comments = new ArrayList<>();
  private final CompletableFuture<Void> ended;
  volatile int status;

  SseRecorder(HttpClient http, HttpRequest request) {
    ended = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
      status = response.statusCode();
      read(response.body());
    });
  }

  private void read(Stream<String> lines) {
    String[] id = {null};
    String[] type = {null};
    StringBuilder data = new StringBuilder();
    lines.forEach(line -> {
      if (line.isEmpty()) {
        if (data.length() > 0) {
          synchronized (this) {
            events.add(new Event(id[0], type[0], new JsonObject(data.toString()), System.nanoTime()));
          }
        }
        type[0] = null;
        data.setLength(0);
      } else if (line.startsWith(":")) {
        synchronized (this) {
          comments.add(line);
        }
      } else if (line.startsWith("id: ")) {
        id[0] = line.substring(4);
      } else if (line.startsWith("event: ")) {
        type[0] = line.substring(7);
      } else if (line.startsWith("data: ")) {
        data.append(line.substring(6));
      }
    });
  }

  synchronized List<Event> events() {
    return new ArrayList<>(events);
  }

  synchronized List<Event> ofType(String type) {
    return events.stream().filter(e -> e.type().equals(type)).toList();
  }

  synchronized List<String> comments() {
    return new ArrayList<>(comments);
  }

  boolean hasEnded() {
    return ended.isDone();
  }

  void cancel() {
    ended.cancel(true);
  }
}
