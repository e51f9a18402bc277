package dev.bulklaunch.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class LeadIdSetTest {

  @Test
  void millionIdsAreExactlyDeduplicated() {
    LeadIdSet set = new LeadIdSet();
    int count = 1_000_000;
    for (int i = 0; i < count; i++) {
      assertThat(set.add(id(i))).isTrue();
    }
    assertThat(set.size()).isEqualTo(count);
    for (int i = 0; i < count; i++) {
      if (set.add(id(i))) {
        throw new AssertionError("re-adding " + id(i) + " returned true");
      }
      if (!set.contains(id(i))) {
        throw new AssertionError("lost " + id(i));
      }
    }
    for (int i = count; i < count + 100_000; i++) {
      assertThat(set.contains(id(i))).isFalse();
    }
    assertThat(set.size()).isEqualTo(count);
  }

  @Test
  void idsThatDifferOnlyInCaseLengthOrEncodingAreDistinct() {
    LeadIdSet set = new LeadIdSet();
    for (String id : List.of("lea_a", "lea_A", "lea_aa", "lea_", "", "lea_é", "lea_e\u0301", "x".repeat(300))) {
      assertThat(set.add(id)).as(id).isTrue();
    }
    assertThat(set.contains("lea_é")).isTrue();
    assertThat(set.contains("x".repeat(299))).isFalse();
    assertThat(set.add("x".repeat(300))).isFalse();
  }

  @Property
  void behavesLikeAHashSet(@ForAll List<String> ids) {
    LeadIdSet set = new LeadIdSet();
    Set<String> reference = new HashSet<>();
    for (String id : ids) {
      String wellFormed = id.codePoints().filter(c -> c < 0xD800 || c > 0xDFFF)
          .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
      assertThat(set.add(wellFormed)).isEqualTo(reference.add(wellFormed));
    }
    assertThat(set.size()).isEqualTo(reference.size());
    reference.forEach(id -> assertThat(set.contains(id)).isTrue());
  }

  /** 10-character IDs in the lemlist style: lea_ and 6 base-36 digits. */
  static String id(int i) {
    String digits = Integer.toString(i, 36);
    return "lea_" + "000000".substring(digits.length()) + digits;
  }
}
