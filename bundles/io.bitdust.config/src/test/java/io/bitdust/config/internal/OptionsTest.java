package io.bitdust.config.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.config.ConfigService;
import io.bitdust.config.Option;
import io.bitdust.config.OptionType;
import io.bitdust.config.OptionValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class OptionsTest {
    private static final Option PORT = Option.of("interface/api/rest-http-port", OptionType.PORT, "8180", "API port");
    private static final Option BLOCK = Option.of("services/backups/block-size", OptionType.DISK_SPACE, "4 MB", "b");
    private static final Option ENABLED = Option.of("services/backups/enabled", OptionType.BOOLEAN, "true", "e");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path store() {
        return tmp.getRoot().toPath().resolve("data/options.properties");
    }

    private Options options(Map<String, String> env) {
        Options options = new Options(store(), tmp.getRoot().toPath().resolve("bitdust.cfg"), env);
        options.declare(List.of(PORT, BLOCK, ENABLED));
        return options;
    }

    @Test
    public void defaultsApplyUntilSomethingIsSet() {
        Options options = options(Map.of());
        assertEquals("8180", options.get(PORT.key()).value());
        assertEquals(4L << 20, options.getBytes(BLOCK.key()));
        assertTrue(options.getBoolean(ENABLED.key()));
        assertEquals(List.of(PORT.key(), BLOCK.key(), ENABLED.key()),
                options.list().stream().map(OptionValue::key).collect(java.util.stream.Collectors.toList()));
    }

    @Test
    public void setReturnsOldAndNewValueAndSurvivesARestart() {
        OptionValue change = options(Map.of()).set(BLOCK.key(), "8mb");
        assertEquals("4 MB", change.oldValue());
        assertEquals("8 MB", change.value());
        assertEquals("8 MB", options(Map.of()).get(BLOCK.key()).value());
        assertTrue(Files.exists(store()));
        assertTrue(Files.notExists(store().resolveSibling("options.properties.tmp")));
    }

    @Test
    public void presetsComeFromTheFileThenTheEnvironmentAndUserValuesWin() throws IOException {
        Files.writeString(tmp.getRoot().toPath().resolve("bitdust.cfg"),
                "interface/api/rest-http-port = 8280\nservices/backups/block-size = 16 MB\n", StandardCharsets.UTF_8);
        Options options = options(Map.of("BITDUST_INTERFACE_API_REST_HTTP_PORT", "8380"));
        assertEquals("8380", options.get(PORT.key()).value());
        assertEquals("16 MB", options.get(BLOCK.key()).value());
        options.set(PORT.key(), "8480");
        assertEquals("8480", options(Map.of("BITDUST_INTERFACE_API_REST_HTTP_PORT", "8380")).get(PORT.key()).value());
        OptionValue reset = options.reset(PORT.key());
        assertEquals("8380", reset.value());
        assertEquals("8480", reset.oldValue());
    }

    @Test
    public void anInvalidPresetFallsBackToTheDefault() {
        Options options = options(Map.of("BITDUST_INTERFACE_API_REST_HTTP_PORT", "eighty"));
        assertEquals("8180", options.get(PORT.key()).value());
    }

    @Test
    public void wrongTypesAndUnknownKeysAreRefusedAndChangeNothing() {
        Options options = options(Map.of());
        BitDustException wrongType = assertThrows(BitDustException.class, () -> options.set(PORT.key(), "http"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, wrongType.code());
        assertTrue(wrongType.getMessage(),
                wrongType.getMessage().contains("'interface/api/rest-http-port' takes a port"));
        BitDustException unknown = assertThrows(BitDustException.class, () -> options.set("no/such-key", "1"));
        assertEquals(ErrorCode.NOT_FOUND, unknown.code());
        assertTrue(unknown.getMessage().contains("unknown option 'no/such-key'"));
        assertThrows(BitDustException.class, () -> options.set(PORT.key(), null));
        assertEquals("8180", options.get(PORT.key()).value());
        assertTrue("nothing was written", Files.notExists(store()));
    }

    @Test
    public void subscribersHearChangesOfTheirPrefixOnly() {
        Options options = options(Map.of());
        List<String> heard = new ArrayList<>();
        ConfigService.Subscription sub = options.subscribe("services/backups/",
                c -> heard.add(c.key() + "=" + c.value()));
        options.set(BLOCK.key(), "1 MB");
        options.set(PORT.key(), "9000");
        options.set(ENABLED.key(), "true");
        assertEquals(List.of("services/backups/block-size=1 MB"), heard);
        sub.close();
        options.set(BLOCK.key(), "2 MB");
        assertEquals(1, heard.size());
    }

    @Test
    public void aFailingListenerDoesNotUndoTheChange() {
        Options options = options(Map.of());
        options.subscribe("", c -> {
            throw new IllegalStateException("boom");
        });
        options.set(BLOCK.key(), "1 MB");
        assertEquals("1 MB", options.get(BLOCK.key()).value());
    }

    @Test
    public void declarationsConflictAndWithdraw() {
        Options options = new Options(store(), null, Map.of());
        ConfigService.Declaration mine = options.declare(List.of(PORT));
        Option other = Option.of(PORT.key(), OptionType.STRING, "", "another owner");
        BitDustException e = assertThrows(BitDustException.class, () -> options.declare(List.of(other, BLOCK)));
        assertEquals(ErrorCode.CONFLICT, e.code());
        assertThrows(BitDustException.class, () -> options.get(BLOCK.key()));
        mine.close();
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(BitDustException.class, () -> options.get(PORT.key())).code());
        assertTrue(options.list().isEmpty());
    }
}
