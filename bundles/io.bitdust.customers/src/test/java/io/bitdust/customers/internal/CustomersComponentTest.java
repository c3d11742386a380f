package io.bitdust.customers.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.bitdust.transport.PacketHandler;
import io.bitdust.transport.packet.Command;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.Test;

public class CustomersComponentTest {
    @Test
    public void theComponentsPropertiesListTheDesksCommandsAndConcurrency() throws IOException {
        String xml;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(
                "OSGI-INF/" + CustomersComponent.class.getName() + ".xml")) {
            assertNotNull("the component description is generated", in);
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String start = "<property name=\"" + PacketHandler.COMMANDS_PROPERTY + "\" type=\"String\">";
        int from = xml.indexOf(start) + start.length();
        Set<Command> listed = Arrays.stream(xml.substring(from, xml.indexOf("</property>", from)).split("\\s+"))
                .map(Command::valueOf).collect(Collectors.toSet());
        assertEquals(CustomerDesk.COMMANDS, listed);
        assertTrue(xml, xml.contains("<property name=\"" + PacketHandler.CONCURRENCY_PROPERTY
                + "\" type=\"Integer\" value=\"" + CustomerDesk.CONCURRENCY + "\"/>"));
    }
}
