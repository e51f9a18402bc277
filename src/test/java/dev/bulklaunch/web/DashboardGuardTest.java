package dev.bulklaunch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulklaunch.config.LauncherConfig;
import dev.bulklaunch.keys.Keyring;
import dev.bulklaunch.launch.EarlierRun;
import dev.bulklaunch.launch.JobControl;
import dev.bulklaunch.launch.JobFactories;
import dev.bulklaunch.launch.LaunchJob;
import dev.bulklaunch.launch.SendTrace;
import dev.bulklaunch.lemlist.ApiKey;
import dev.bulklaunch.runtime.EventLoopScheduler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code --dashboard} of a command-line run answers through the same guard as {@code serve}. */
class DashboardGuardTest {

  private final Vertx vertx = Vertx.vertx();
  private Dashboard dashboard;

  @AfterEach
  void stop() throws Exception {
    if (dashboard != null) {
      dashboard.close();
    }
    TestServer.await(vertx.close());
  }

  @Test
  void anotherPageCannotStopPauseOrReadTheRunItFollows() throws Exception {
    LauncherConfig config = LauncherConfig.from(new JsonObject().put("dashboard", "127.0.0.1:0")
        .put("rate", "10/1s"));
    EventLoopScheduler loop = new EventLoopScheduler(vertx.getOrCreateContext());
    JobFactories factories = new JobFactories(vertx, config, Keyring.single(ApiKey.of("dash-key")), loop,
        "http://127.0.0.1:9/api");
    LaunchJob run = factories.forKey(Keyring.DEFAULT).create(false, EarlierRun.none(), SendTrace.NONE);
    AtomicReference<String> said = new AtomicReference<>();
    dashboard = Dashboard.serve(vertx, factories, run, said::set);
    Matcher address = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/").matcher(said.get());
    assertThat(address.find()).as(said.get()).isTrue();
    int port = Integer.parseInt(address.group(1));
    RawHttp raw = new RawHttp(port);
    String jobId = new JsonObject(raw.send("GET", "/api/jobs", null).body()).getJsonArray("jobs")
        .getJsonObject(0).getString("id");

    RawHttp.Response cancel = raw.send("DELETE", "/api/jobs/" + jobId, null, "Origin: https://evil.example");
    RawHttp.Response pause = raw.send("POST", "/api/jobs/" + jobId + "/pause", "", "Origin: null");
    RawHttp.Response upload = raw.send("POST", "/api/jobs", "lea_dash1\n", "Content-Type: text/plain",
        "Sec-Fetch-Site: cross-site");
    RawHttp.Response rebound = raw.send("GET", "/api/jobs", null, "Host: evil.example:" + port);
    RawHttp.Response reboundPage = raw.send("GET", "/", null, "Host: evil.example:" + port);

    assertThat(cancel.status()).isEqualTo(403);
    assertThat(cancel.body()).contains("CROSS_ORIGIN");
    assertThat(pause.body()).contains("CROSS_ORIGIN");
    assertThat(upload.body()).contains("CROSS_ORIGIN");
    assertThat(rebound.body()).contains("HOST_NOT_ALLOWED");
    assertThat(reboundPage.body()).contains("HOST_NOT_ALLOWED");
    assertThat(run.control().state()).isEqualTo(JobControl.State.RUNNING);
    assertThat(raw.seen).allSatisfy(r -> assertThat(r.headers()).doesNotContainKey("access-control-allow-origin"));

    // from the dashboard's own page the same cancel stops the run
    RawHttp.Response ownCancel = raw.send("DELETE", "/api/jobs/" + jobId, null, "Origin: http://127.0.0.1:" + port);
    assertThat(ownCancel.status()).isEqualTo(200);
    assertThat(run.control().isStopped()).isTrue();
  }
}
