package connectivity.torrent.tracker.redis;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import connectivity.torrent.meta.InfoHash;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every key a tracker script touches hashes to the swarm's one cluster slot, by CRC16 as Redis Cluster computes it. */
class KeySlotTest {
    @Test
    void theSlotArithmeticMatchesTheSpecification() {
        assertThat(KeySlot.crc16("123456789".getBytes(US_ASCII), 0, 9)).isEqualTo(0x31C3); // the XMODEM check value
        assertThat(KeySlot.of("foo".getBytes(US_ASCII))).isEqualTo(12182); // CLUSTER KEYSLOT foo
        assertThat(KeySlot.of("{user1000}.following".getBytes(US_ASCII))).isEqualTo(KeySlot.of("{user1000}.followers".getBytes(US_ASCII)));
        assertThat(KeySlot.of("foo{}{bar}".getBytes(US_ASCII))).isEqualTo(KeySlot.of("foo{}{bar}".getBytes(US_ASCII)))
                .isNotEqualTo(KeySlot.of("bar".getBytes(US_ASCII))); // an empty tag: the whole key is hashed
    }

    @Test
    void everyKeyOfEveryScriptCallSharesTheSwarmsSlot() {
        Random r = new Random(16);
        Set<Integer> swarmSlots = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            byte[] h = new byte[20];
            r.nextBytes(h);
            List<byte[]> keys = RedisSwarmStore.keys(new InfoHash(h)); // what announce, stats, purge and refuse run on
            Set<Integer> slots = keys.stream().map(KeySlot::of).collect(Collectors.toSet());
            assertThat(slots).as("slots of %s", keys.stream().map(k -> new String(k, US_ASCII)).toList()).hasSize(1);
            swarmSlots.addAll(slots);
        }
        assertThat(swarmSlots).hasSizeGreaterThan(900); // and swarms spread over the slots (1000 into 16384)
    }
}
