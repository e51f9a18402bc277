package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class EventStreamTest extends ServerFixture {

  private SseRecorder listen(String path, String lastEventId) {
    var request = server.request(path).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    return new SseRecorder(server.http, request.GET().build());
  }

  @Test
  void aJobStreamCarriesEveryResultInOrderProgressEverySecondAndDoneLast() throws Exception {
    server = TestServer.start(dataDir);
    String id = server.launch(TestServer.ids("s", 300));

    SseRecorder sse = listen("/api/jobs/" + id + "/events", "0");
    TestServer.awaitTrue(sse::hasEnded, "the stream to end after done");

    List<SseRecorder.Event> results = sse.ofType("result");
    assertThat(results).extracting(SseRecorder.Event::id)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 300).mapToObj(Long::toString).toList());
    assertThat(results).extracting(e -> e.data().getString("leadId")).doesNotHaveDuplicates().hasSize(300);
    List<SseRecorder.Event> all = sse.events();
    SseRecorder.Event done = all.get(all.size() - 1);
    assertThat(done.type()).isEqualTo("done");
    assertThat(done.id()).isEqualTo("300");
    assertThat(done.data().getString("state")).isEqualTo("done");
    assertThat(done.data().getJsonObject("counts").getLong("launched")).isEqualTo(300);
    List<Long> snapshots = all.stream().filter(e -> !e.type().equals("result")).map(SseRecorder.Event::atNanos).toList();
    assertThat(snapshots.size()).isGreaterThanOrEqualTo(3);
    for (int i = 1; i < snapshots.size(); i++) {
      assertThat((snapshots.get(i) - snapshots.get(i - 1)) / 1_000_000).as("ms between snapshots").isLessThanOrEqualTo(1000);
    }
  }

  @Test
  void lastEventIdReplaysOnlyTheResultsAfterIt() throws Exception {
    server = TestServer.start(dataDir);
    String id = server.launch(TestServer.ids("r", 120));
    server.awaitState(id, "done");

    SseRecorder sse = listen("/api/jobs/" + id + "/events", "100");
    TestServer.awaitTrue(sse::hasEnded, "the replay to end");

    assertThat(sse.ofType("result")).extracting(SseRecorder.Event::id)
        .containsExactlyElementsOf(LongStream.rangeClosed(101, 120).mapToObj(Long::toString).toList());
    assertThat(sse.ofType("done")).hasSize(1);
    JsonObject replayed = sse.ofType("result").get(0).data();
    JsonObject stored = TestServer.lines(server.get("/api/jobs/" + id + "/results").body()).getJsonObject(100);
    assertThat(replayed).isEqualTo(stored);
  }

  @Test
  void aQuietStreamGetsHeartbeatComments() throws Exception {
    server = TestServer.start(Vertx.vertx(), dataDir, new JsonObject(), StreamLimits.DEFAULT.withHeartbeatMs(100));
    String id = server.launch(TestServer.ids("h", 200));
    server.post("/api/jobs/" + id + "/pause");

    SseRecorder sse = listen("/api/jobs/" + id + "/events", null);
    TestServer.awaitTrue(() -> sse.comments().contains(": heartbeat"), "a heartbeat");

    assertThat(sse.ofType("progress")).isNotEmpty();
    assertThat(sse.ofType("progress").get(0).data().getString("state")).isEqualTo("paused");
    sse.cancel();
  }

  @Test
  void theAllJobsStreamShowsEveryJobsProgressAndDone() throws Exception {
    server = TestServer.start(dataDir);
    SseRecorder sse = listen("/api/events", null);

    String first = server.launch(TestServer.ids("x", 30));
    String second = server.launch(TestServer.ids("y", 30));
    TestServer.awaitTrue(() -> sse.ofType("done").size() >= 2, "both jobs done");

    assertThat(sse.ofType("done")).extracting(e -> e.data().getString("id")).contains(first, second);
    assertThat(sse.ofType("progress")).extracting(e -> e.data().getString("id")).contains(first, second);
    assertThat(sse.events()).extracting(SseRecorder.Event::id).doesNotHaveDuplicates();
    sse.cancel();
  }

  @Test
  void clientsThatNeverReadDoNotSlowLaunching() throws Exception {
    server = TestServer.start(dataDir);
    String id = server.launch(TestServer.ids("slow", 400));
    List<Socket> stuck = new ArrayList<>();
    List<SseRecorder> readers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Socket socket = new Socket();
      socket.setReceiveBufferSize(1024);
      socket.connect(new InetSocketAddress("127.0.0.1", server.server.web().port()));
      OutputStream out = socket.getOutputStream();
      out.write(("GET /api/jobs/" + id + "/events HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 0\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      stuck.add(socket);
      readers.add(listen("/api/jobs/" + id + "/events", "0"));
    }
    long start = System.nanoTime();

    JsonObject done = server.awaitState(id, "done");
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(done.getJsonObject("counts").getLong("launched")).isEqualTo(400);
    // 400 leads at 90/s take about 4.5 s whatever the clients do
    assertThat(seconds).isLessThan(7.5);
    for (SseRecorder reader : readers) {
      TestServer.awaitTrue(reader::hasEnded, "a reading client to get everything");
      assertThat(reader.ofType("result")).hasSize(400);
    }
    for (Socket socket : stuck) {
      socket.close();
    }
  }

  @Test
  void aClientThatCannotKeepUpIsClosedWhileTheOthersGetEverything() throws Exception {
    server = TestServer.start(Vertx.vertx(), dataDir, new JsonObject(), new StreamLimits(15_000, 50, 16 * 1024, 4096, 4096));
    String id = server.launch(TestServer.ids("lag", 400));
    Socket stuck = new Socket();
    stuck.setReceiveBufferSize(1024);
    stuck.connect(new InetSocketAddress("127.0.0.1", server.server.web().port()));
    stuck.getOutputStream().write(("GET /api/jobs/" + id + "/events HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 0\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    SseRecorder reader = listen("/api/jobs/" + id + "/events", "0");

    JsonObject done = server.awaitState(id, "done");
    TestServer.awaitTrue(reader::hasEnded, "the reading client to get everything");

    assertThat(reader.ofType("result")).hasSize(400);
    assertThat(done.getJsonObject("counts").getLong("elapsedMs")).as("launch time, ms").isLessThan(7500);
    stuck.setSoTimeout(5000);
    stuck.setReceiveBufferSize(1 << 20); // read what is left quickly, not at the pace of zero-window probes
    String received = readUntilClosed(stuck);
    // closed by the server (a kept-alive connection would time out instead), before it got every result
    assertThat(received).doesNotContain("event: done");
    assertThat(received.split("event: result", -1).length - 1).isLessThan(400);
    stuck.close();
  }

  private static String readUntilClosed(Socket socket) throws Exception {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = socket.getInputStream().read(buffer)) >= 0) {
        all.write(buffer, 0, n);
      }
    } catch (java.net.SocketException reset) {
      // a reset is a close too
    }
    return all.toString(StandardCharsets.UTF_8);
  }
}
