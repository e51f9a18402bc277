package dev.bulklaunch.campaign;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.JsonEventType;
import io.vertx.core.parsetools.JsonParser;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.util.function.Consumer;

/**
 * Reads one export body as it arrives, lead by lead: a JSON array (one object at a time, Vert.x's JsonParser in
 * value mode) or, from a server that ignores {@code format=json}, CSV with a header row. Each lead goes to
 * {@code onLead} at once and is dropped; nothing of the body is kept. While {@code sink} is full the body is paused.
 */
final class ExportReader {

  private ExportReader() {
  }

  /** Completes with the number of leads read when the body ends. */
  static Future<Long> read(ReadStream<Buffer> body, String contentType, Consumer<ExportedLead> onLead,
                           WriteStream<Buffer> sink) {
    Promise<Long> done = Promise.promise();
    long[] count = new long[1];
    Consumer<ExportedLead> counting = lead -> {
      count[0]++;
      onLead.accept(lead);
      if (sink.writeQueueFull()) {
        body.pause();
        sink.drainHandler(v -> body.resume());
      }
    };
    io.vertx.core.Handler<Buffer> parser = contentType.contains("csv") ? csv(counting, done) : json(counting, done);
    body.exceptionHandler(done::tryFail);
    body.handler(parser);
    body.endHandler(v -> {
      if (parser instanceof JsonParser json) {
        json.end();
      } else {
        ((RecordParser) parser).handle(Buffer.buffer("\n"));
      }
      done.tryComplete(count[0]);
    });
    body.resume();
    return done.future();
  }

  private static JsonParser json(Consumer<ExportedLead> onLead, Promise<Long> done) {
    JsonParser parser = JsonParser.newParser().objectValueMode();
    // the parser's own message quotes the text it stumbled on, which may be a lead's personal data
    parser.exceptionHandler(error -> done.tryFail(new IllegalStateException("the export is not a JSON array of leads")));
    parser.handler(event -> {
      if (event.type() == JsonEventType.VALUE && event.value() instanceof JsonObject row) {
        onLead.accept(ExportedLead.from(row));
      }
    });
    return parser;
  }

  private static RecordParser csv(Consumer<ExportedLead> onLead, Promise<Long> done) {
    CsvRows rows = new CsvRows();
    RecordParser lines = RecordParser.newDelimited("\n");
    lines.handler(line -> {
      ExportedLead lead = rows.lead(line.toString(java.nio.charset.StandardCharsets.UTF_8));
      if (lead != null) {
        onLead.accept(lead);
      }
    });
    lines.exceptionHandler(done::tryFail);
    return lines;
  }
}
