package io.bitdust.transport;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertNotSame;

import io.bitdust.common.IdUrl;
import io.bitdust.transport.packet.Command;
import io.bitdust.transport.packet.Payload;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Test;

public class GatewayTest {
    private static final IdUrl BOB = IdUrl.parse("http://127.0.0.1:8084/bob.json");

    @Test
    public void aGatewayWithoutItsOwnPayloadMethodSignsTheEncodingOfTheFields() {
        AtomicReference<byte[]> signed = new AtomicReference<>();
        Gateway gateway = (Gateway) Proxy.newProxyInstance(Gateway.class.getClassLoader(),
                new Class<?>[] {Gateway.class}, (proxy, method, args) -> {
                    if (method.isDefault()) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    if (method.getName().equals("packet")) {
                        signed.set((byte[]) args[2]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        byte[] buffer = new byte[64];
        Payload.Builder fields = Payload.builder().text("name", "f1").bytes("data", new byte[] {1, 2, 3});
        Payload payload = fields.buildIn(buffer);

        gateway.packet(Command.DATA, BOB, payload);
        assertArrayEquals(fields.toBytes(), signed.get());
        assertNotSame("the buffer is used again: it is not what is signed", buffer, signed.get());
    }
}
