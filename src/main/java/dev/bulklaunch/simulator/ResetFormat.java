package dev.bulklaunch.simulator;

/**
 * How {@code X-RateLimit-Reset} is written: lemlist's JavaScript date ({@code js}, the default), or one of the forms
 * other servers use: an HTTP date ({@code rfc1123}), epoch seconds rounded up ({@code epoch-s}, as express-rate-limit
 * writes it), epoch milliseconds ({@code epoch-ms}), or seconds until the reset rounded up ({@code delta-s}). Dates
 * are truncated to the second, as formatters do.
 */
interface ResetFormat {

  String format(long resetAtMs, long serverNowMs);

  static ResetFormat of(String name, String timeZone) {
    return switch (name) {
      case "js" -> {
        JsDateFormat js = new JsDateFormat(timeZone);
        yield (reset, now) -> js.format(reset);
      }
      case "rfc1123" -> (reset, now) -> JsDateFormat.rfc1123(reset);
      case "epoch-s" -> (reset, now) -> Long.toString(Math.floorDiv(reset + 999, 1000));
      case "epoch-ms" -> (reset, now) -> Long.toString(reset);
      case "delta-s" -> (reset, now) -> Long.toString(Math.max(0, Math.floorDiv(reset - now + 999, 1000)));
      default -> throw new IllegalArgumentException(
          "simulator resetFormat must be js, rfc1123, epoch-s, epoch-ms or delta-s, not '" + name + "'");
    };
  }
}
