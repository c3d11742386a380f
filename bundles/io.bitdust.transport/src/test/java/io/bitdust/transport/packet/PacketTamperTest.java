package io.bitdust.transport.packet;

import static io.bitdust.transport.packet.Packets.ALICE_KEYS;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class PacketTamperTest {
    private final PacketCodec codec = new PacketCodec();

    @Test
    public void changingAnyByteEitherFailsToDecodeOrFailsToVerify() {
        byte[] encoded = codec.encode(Packets.sample(200));
        int decodedButForged = 0;
        for (int position = 0; position < encoded.length; position++) {
            for (int mask : new int[] {0x01, 0xff}) {
                byte[] tampered = encoded.clone();
                tampered[position] ^= (byte) mask;
                Packet packet;
                try {
                    packet = codec.decode(tampered);
                } catch (PacketException refused) {
                    continue;
                }
                assertFalse("byte " + position + " xor " + mask + " verified", packet.verify(ALICE_KEYS.publicKey()));
                decodedButForged++;
            }
        }
        assertTrue("the payload, date and signature bytes decode and must fail verify", decodedButForged > 400);
    }
}
