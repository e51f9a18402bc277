package dev.bulklaunch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class LeadTallyTest {

  private final Set<String> fed = ScenarioRun.leadIds(3);

  @Test
  void oneLinePerLeadIsExact() {
    LeadTally tally = new LeadTally();
    fed.forEach(id -> tally.line("{\"leadId\":\"" + id + "\",\"status\":\"launched\"}"));

    Measurement.LeadCheck check = tally.against(fed);

    assertThat(check.exact()).isTrue();
    assertThat(check.launched()).isEqualTo(3);
  }

  @Test
  void aLostADuplicatedAndAForeignLeadAreEachCounted() {
    LeadTally tally = new LeadTally();
    tally.line("{\"leadId\":\"lea_b000001\",\"status\":\"launched\"}");
    tally.line("{\"leadId\":\"lea_b000001\",\"status\":\"skipped\"}");
    tally.line("{\"leadId\":\"lea_b000002\",\"status\":\"launched\"}");
    tally.line("{\"leadId\":\"lea_zzz\",\"status\":\"launched\"}");
    tally.line("not json");

    Measurement.LeadCheck check = tally.against(fed);

    assertThat(check.exact()).isFalse();
    assertThat(check.missing()).isEqualTo(1);
    assertThat(check.duplicated()).isEqualTo(1);
    assertThat(check.unexpected()).isEqualTo(2);
    assertThat(check.lines()).isEqualTo(5);
  }

  @Test
  void generatedLeadIdsAreNumberedAndValid() {
    assertThat(fed).containsExactly("lea_b000001", "lea_b000002", "lea_b000003");
    assertThat(fed).allMatch(id -> id.matches("^lea_[A-Za-z0-9]{1,64}$"));
  }
}
