package io.bitdust.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.bitdust.api.ApiFunction;
import io.bitdust.api.BitDustApi;
import io.bitdust.config.ConfigService;
import java.util.Map;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The API's front ends: the same functions in the shell and over HTTP, the secret enforced, bad input refused
 * everywhere, the HTTP gateway following its port option, the web page served.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ApiIT extends KarafTestSupport {
    @Inject
    private BitDustApi api;
    @Inject
    private ConfigService config;

    @Test
    public void everyApiFunctionIsAShellCommand() {
        for (ApiFunction function : api.functions()) {
            assertNotNull("bitdust:" + function.commandName(),
                    sessions.getRegistry().getCommand("bitdust", function.commandName()));
        }
    }

    @Test
    public void aValueSetInTheShellIsReadBackOverHttp() throws Exception {
        String printed = shell("bitdust:config-set services/backups/block-size 8mb");
        assertTrue(printed, printed.contains("8 MB"));
        Http.Answer answer = http().get("config_get", Map.of("key", "services/backups/block-size"), secret());
        assertEquals(200, answer.status);
        assertEquals("8 MB", answer.envelope.path("result").path(0).path("value").asText());
        assertEquals("disk space", answer.envelope.path("result").path(0).path("type").asText());
        String json = shell("bitdust:config-get services/backups/block-size --json");
        assertTrue(json, json.contains("\"status\" : \"OK\""));
    }

    @Test
    public void theSecretIsEnforced() throws Exception {
        Http.Answer none = http().get("config_list", Map.of(), null);
        assertEquals(401, none.status);
        assertTrue(none.firstError(), none.firstError().startsWith("access denied"));
        Http.Answer wrong = http().get("config_list", Map.of(), "0123");
        assertEquals(401, wrong.status);
        assertEquals(200, http().get("config_list", Map.of(), secret()).status);
    }

    @Test
    public void wrongTypesAreRefusedEverywhereAndChangeNothing() throws Exception {
        String before = config.get("interface/api/rest-http-port").value();
        Http.Answer answer = http().get("config_set", Map.of("key", "interface/api/rest-http-port", "value", "http"),
                secret());
        assertEquals(400, answer.status);
        assertTrue(answer.firstError(), answer.firstError().contains("takes a port"));
        try {
            shell("bitdust:config-set logs/debug-level loud");
            fail("the shell accepted a wrong type");
        } catch (Exception e) {
            assertTrue(e.getMessage(), e.getMessage().contains("takes a positive integer"));
        }
        Http.Answer unknown = http().get("config_set", Map.of("key", "no/such-option", "value", "1"), secret());
        assertEquals(404, unknown.status);
        Http.Answer messages = http().get("list_messages", Map.of(), secret());
        assertEquals(200, messages.status);
        assertEquals(0, messages.envelope.path("result").size());
        String nobody = "http://127.0.0.1:" + port(IDSERVER_PORT) + "/nobody.json";
        Http.Answer stranger = http().get("send_message", Map.of("recipient", nobody, "message_body", "hi"), secret());
        assertEquals(404, stranger.status);
        assertTrue(stranger.firstError(), stranger.firstError().startsWith("unknown recipient " + nobody));
        Http.Answer empty = http().get("send_message", Map.of("recipient", nobody, "message_body", ""), secret());
        assertEquals(400, empty.status);
        assertEquals("the message body is empty", empty.firstError());
        assertEquals(before, config.get("interface/api/rest-http-port").value());
    }

    @Test
    public void theApiMovesWhenItsPortChangesAndBack() throws Exception {
        String secret = secret();
        Http moved = new Http("http://127.0.0.1:" + port(SPARE_API_PORT) + "/");
        Http.Answer change = http().get("config_set", Map.of("key", "interface/api/rest-http-port",
                "value", Integer.toString(port(SPARE_API_PORT))), secret);
        assertEquals("the answer still comes from the old port", 200, change.status);
        waitFor("the API on the new port", () -> answersHealth(moved, secret));
        waitFor("the old port closed", () -> !http().answers());
        config.set("interface/api/rest-http-port", Integer.toString(port(API_PORT)));
        waitFor("the API back on its port", () -> answersHealth(http(), secret));
    }

    @Test
    public void theWebPageIsServed() throws Exception {
        assertTrue(http().answers());
        Http.Answer health = http().get("process_health", Map.of(), secret());
        assertEquals("running", health.envelope.path("result").path("status").asText());
        assertFalse(health.envelope.path("result").path("areas").isMissingNode());
    }
}
