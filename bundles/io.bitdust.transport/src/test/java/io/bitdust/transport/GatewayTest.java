package io.bitdust.transport;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertThrows;

import io.bitdust.common.IdUrl;
import io.bitdust.transport.packet.Command;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Test;

public class GatewayTest {
    private static final IdUrl BOB = IdUrl.parse("http://127.0.0.1:8084/bob.json");

    @Test
    public void aGatewayWithoutItsOwnRangeMethodSignsACopyOfTheRange() {
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
        byte[] buffer = {1, 2, 3, 4, 5};

        gateway.packet(Command.DATA, BOB, buffer, 3);
        assertArrayEquals(new byte[] {1, 2, 3}, signed.get());
        gateway.packet(Command.DATA, BOB, buffer, 5);
        assertArrayEquals(buffer, signed.get());
        assertNotSame("the buffer is used again: even the whole of it is copied", buffer, signed.get());
        assertThrows(IndexOutOfBoundsException.class, () -> gateway.packet(Command.DATA, BOB, buffer, 6));
    }
}
