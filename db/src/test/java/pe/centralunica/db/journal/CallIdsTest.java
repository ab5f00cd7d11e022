package pe.centralunica.db.journal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Call and event ids are stored: every node, old or new, must derive the same id from the same uniqueid. */
class CallIdsTest {

    @Test
    void aCallIdIsTheVersion3UuidOfItsUniqueidAsStoredBefore() {
        // pinned: the id rows written by earlier releases carry for this uniqueid
        assertThat(CallIds.forUniqueid("1765126800.41")).isEqualTo(UUID.fromString("7e48b814-798d-3429-932a-eac3883a5822"));
    }

    @Test
    void idsAreWhatTheJdkNameUuidMakesOfAnyName() {
        SplittableRandom random = new SplittableRandom(20261207);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder name = new StringBuilder();
            int length = random.nextInt(0, 120);
            for (int i = 0; i < length; i++) {
                name.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x20, 0x2FFFF) : random.nextInt(0x20, 0x7F));
            }
            String s = name.toString();
            assertThat(CallIds.nameUuid(s)).as(s).isEqualTo(UUID.nameUUIDFromBytes(s.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void newEventIdsAreRandomVersion4UuidsThatNeverRepeat() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            UUID id = CallIds.newEventId();
            assertThat(seen.add(id)).as("id %d repeated: %s", i, id).isTrue();
            if (i % 9973 == 0) {
                assertThat(id.version()).isEqualTo(4);
                assertThat(id.variant()).isEqualTo(2);
            }
        }
    }
}
