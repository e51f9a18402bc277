package dev.bulklaunch.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulklaunch.config.CampaignOptions;
import dev.bulklaunch.config.ConfigException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CampaignParsingTest {

  @Test
  void theCsvFormKeepsOnlyIdStatusAndEmailStatusWhateverTheColumnOrderAndQuoting() {
    CsvRows rows = new CsvRows();
    assertThat(rows.lead("\uFEFFemail,firstName,emailStatus,_id,status\r")).isNull();
    ExportedLead lead = rows.lead("\"doe, jane@x.test\",\"Jane \"\"JJ\"\"\",risky,lea_1,review\r");
    assertThat(lead).isEqualTo(new ExportedLead("lea_1", "review", "risky"));
    assertThat(lead.waitingForReview()).isTrue();
    assertThat(rows.lead("a@b.test,Bob,,lea_2,done")).isEqualTo(new ExportedLead("lea_2", "done", null));
    assertThat(rows.lead("")).isNull();
  }

  @Test
  void aCsvWithoutAnIdColumnIsAnError() {
    assertThatThrownBy(() -> new CsvRows().lead("email,status")).hasMessageContaining("_id");
  }

  @Test
  void aJsonRowIsReducedToItsIdAndStatuses() {
    ExportedLead lead = ExportedLead.from(new JsonObject().put("_id", "lea_9").put("status", "review")
        .put("email", "x@y.test").put("emailStatus", 3));
    assertThat(lead).isEqualTo(new ExportedLead("lea_9", "review", null));
    assertThat(ExportedLead.from(new JsonObject().put("status", "review")).waitingForReview()).isFalse();
  }

  @Test
  void theCampaignListIsReadInBothForms() {
    String item = "{\"_id\":\"cam_1\",\"name\":\"One\",\"status\":\"running\",\"createdAt\":\"x\",\"secret\":1}";
    List<JsonObject> bare = CampaignList.campaignsIn(Buffer.buffer("[" + item + "]"));
    List<JsonObject> v2 = CampaignList.campaignsIn(Buffer.buffer("{\"campaigns\":[" + item + "],\"pagination\":{}}"));
    JsonObject expected = new JsonObject().put("_id", "cam_1").put("name", "One").put("status", "running");
    assertThat(bare).containsExactly(expected);
    assertThat(v2).containsExactly(expected);
    assertThatThrownBy(() -> CampaignList.campaignsIn(Buffer.buffer("\"nope\""))).isInstanceOf(CampaignException.class);
  }

  @Test
  void campaignIdsAndEmailStatusesAreValidatedAndTheFilterTreatsAMissingStatusAsUnknown() {
    CampaignOptions options = CampaignOptions.of(List.of("cam_A1", " cam_A1 ", "cam_B2"), "Deliverable, unknown");
    assertThat(options.campaignIds()).containsExactly("cam_A1", "cam_B2");
    assertThat(options.emailStatuses()).isEqualTo(Set.of("deliverable", "unknown"));
    assertThat(options.passes("deliverable")).isTrue();
    assertThat(options.passes(null)).isTrue();
    assertThat(options.passes("risky")).isFalse();
    assertThat(CampaignOptions.of(List.of("cam_A1"), "all").passes("risky")).isTrue();
    assertThatThrownBy(() -> CampaignOptions.of(List.of("cam_x/../y"), null)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("--campaign");
    assertThatThrownBy(() -> CampaignOptions.of(List.of("cam_A1"), "good")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("--email-status");
    assertThatThrownBy(() -> CampaignOptions.of(List.of(), "risky")).isInstanceOf(ConfigException.class);
  }
}
