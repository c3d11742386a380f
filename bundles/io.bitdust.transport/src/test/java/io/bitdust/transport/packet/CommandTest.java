package io.bitdust.transport.packet;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import org.junit.Test;

public class CommandTest {
    @Test
    public void wireCodesAreStable() {
        Command[] inCodeOrder = {Command.ACK, Command.FAIL, Command.IDENTITY, Command.DATA, Command.RETRIEVE,
                Command.LIST_FILES, Command.FILES, Command.DELETE_FILE, Command.DELETE_BACKUP,
                Command.REQUEST_SERVICE, Command.CANCEL_SERVICE, Command.MESSAGE};
        assertEquals(inCodeOrder.length, Command.values().length);
        for (int i = 0; i < inCodeOrder.length; i++) {
            assertEquals(i + 1, inCodeOrder[i].code());
            assertSame(inCodeOrder[i], Command.ofCode(i + 1));
        }
    }

    @Test
    public void unknownCodesAreRefused() {
        for (int code : new int[] {0, 13, 127, 255, -1, 256, Integer.MIN_VALUE}) {
            PacketException e = Packets.assertRefused(PacketException.Reason.UNKNOWN_COMMAND,
                    () -> Command.ofCode(code));
            assertEquals("unknown command code " + code, e.getMessage());
        }
    }
}
