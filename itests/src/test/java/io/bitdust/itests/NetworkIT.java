package io.bitdust.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.bitdust.crypto.KeyRing;
import io.bitdust.identity.Identity;
import io.bitdust.identity.IdentityService;
import io.bitdust.identity.PropagationResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The node on the network: its identity published on its identity server, pings over each transport while
 * transports come and go, and the whole network area uninstalled and installed again while the node runs.
 * These tests reach the API only over HTTP and never load a class of io.bitdust.api or io.bitdust.transport: the
 * test probe would otherwise be wired to those bundles and be refreshed with them in the middle of a test.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NetworkIT extends KarafTestSupport {
    private static final String TRANSPORT = "io.bitdust.transport";
    private static final List<String> FRONT_ENDS = List.of("io.bitdust.api", "io.bitdust.shell", "io.bitdust.http");
    /** The network area, and the areas whose bundles need it (their services go with it). */
    private static final List<String> NEEDING_THE_NETWORK = List.of("network", "customers", "suppliers", "messages");
    /**
     * Areas whose functions partly need the network: those reading the catalog answer, those reaching a backup or
     * restore job (or the suppliers) say that area is not running.
     */
    private static final List<String> PARTLY_NEEDING_THE_NETWORK = List.of("backups", "restores", "filemanager");

    @Inject
    private FeaturesService features;
    @Inject
    private KeyRing keys;

    @Test
    public void theNodeMadeItsIdentityAndTheIdentityServerServesIt() throws Exception {
        Http.Answer mine = http().get("identity_get", Map.of(), secret());
        assertEquals(200, mine.status);
        String idurl = "http://127.0.0.1:" + port(IDSERVER_PORT) + "/itest-node.json";
        assertEquals(idurl, mine.envelope.path("result").path("idurls").path(0).asText());
        assertEquals(keys.signingPublicKey().toString(), mine.envelope.path("result").path("signing_key").asText());
        waitFor("the node's identity server accepted its identity", () -> identity().propagate().stream()
                .allMatch(PropagationResult::accepted));
        HttpResponse<String> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(idurl))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, served.statusCode());
        assertEquals(identity().identity().orElseThrow(),
                Identity.parse(served.body().getBytes(StandardCharsets.UTF_8)));
        Http.Answer again = http().get("identity_create", Map.of("username", "someone"), secret());
        assertEquals(409, again.status);
    }

    @Test
    public void pingGoesOverTcpThenOverHttpWhileTcpIsUninstalledAndTcpComesBack() throws Exception {
        String me = identity().identity().orElseThrow().idurl().toString();
        waitFor("TCP and HTTP contacts published", () -> myContacts().size() == 2);
        waitFor("TCP first in my contacts", () -> myContacts().get(0).startsWith("tcp://"));
        Http.Answer overTcp = pingUntilOk(me);
        assertEquals("tcp", overTcp.envelope.path("result").path("protocol").asText());

        features.uninstallFeature("bitdust-transport-tcp");
        try {
            waitFor("TCP gone from my contacts", () -> myContacts().stream().noneMatch(c -> c.startsWith("tcp://")));
            Http.Answer overHttp = pingUntilOk(me);
            assertEquals("http", overHttp.envelope.path("result").path("protocol").asText());
            Http.Answer transports = http().get("transports_list", Map.of(), secret());
            assertFalse(transports.envelope.toString().contains("\"tcp\""));
        } finally {
            features.installFeature("bitdust-transport-tcp");
        }
        waitFor("TCP back in my contacts", () -> myContacts().stream().anyMatch(c -> c.startsWith("tcp://")));
        String shown = shell("bitdust:transports-list");
        assertTrue(shown, shown.contains("tcp") && shown.contains("http"));
    }

    @Test
    public void aTransportDroppedIntoDeployIsUsedAloneAndLeavesWithItsFile() throws Exception {
        String me = identity().identity().orElseThrow().idurl().toString();
        String tcp2 = "tcp2://127.0.0.1:" + port(TCP2_PORT);
        Path deployed = Paths.get(System.getProperty("karaf.base"), "deploy", "bitdust-sample-transport.jar");
        Files.createDirectories(deployed.getParent());
        Files.copy(Paths.get(System.getProperty(SAMPLE_JAR)), deployed, StandardCopyOption.REPLACE_EXISTING);
        try {
            waitFor("tcp2 active and in my contacts", () -> "active".equals(transportState("tcp2"))
                    && myContacts().contains(tcp2));
            features.uninstallFeature("bitdust-transport-tcp");
            features.uninstallFeature("bitdust-transport-http");
            try {
                waitFor("only tcp2 left in my contacts", () -> myContacts().stream()
                        .allMatch(c -> c.startsWith("tcp2://")));
                Http.Answer overTcp2 = pingUntilOk(me);
                assertEquals("tcp2", overTcp2.envelope.path("result").path("protocol").asText());
                assertEquals(tcp2, overTcp2.envelope.path("result").path("contact").asText());
            } finally {
                features.installFeature("bitdust-transport-tcp");
                features.installFeature("bitdust-transport-http");
            }
        } finally {
            Files.deleteIfExists(deployed);
        }
        waitFor("tcp2 gone and its bundle uninstalled", () -> transportState("tcp2").isEmpty() && Arrays.stream(
                context.getBundles()).noneMatch(b -> "io.bitdust.sample.transport".equals(b.getSymbolicName())));
        waitFor("my contacts back to TCP and HTTP", () -> myContacts().size() == 2 && myContacts().stream()
                .noneMatch(c -> c.startsWith("tcp2://")));
    }

    @Test
    public void pingOfAnUnknownNodeSaysSo() throws Exception {
        Http.Answer unknown = http().get("ping", Map.of("idurl", "http://127.0.0.1:" + port(IDSERVER_PORT)
                + "/nobody.json", "timeout", "3"), secret());
        assertEquals(404, unknown.status);
        assertTrue(unknown.firstError(), unknown.firstError().contains("not found"));
    }

    /**
     * The network area's bundle uninstalled and the framework refreshed, as {@code bundle:uninstall} and
     * {@code bundle:refresh} do: the api bundle imports the area's packages optionally, so it resolves again without
     * them and, with the shell and the HTTP gateway, stays active; the network's functions, and those of the storage areas
     * whose bundles need the gateway, answer that their area is not running and every other function answers as
     * before. Installed again from its location, the area serves again.
     */
    @Test
    public void theNetworkAreaUninstalledWhileTheNodeRunsFailsOnlyItsOwnAndItsDependantsFunctionsAndComesBack() throws Exception {
        String secret = secret();
        String me = identity().identity().orElseThrow().idurl().toString();
        waitFor("TCP and HTTP contacts published", () -> myContacts().size() == 2);
        pingUntilOk(me);
        Map<String, String> listed = functions(secret);
        assertEquals("network", listed.get("ping"));
        assertTrue("the api bundle uses the area while it is there", wiredTo(bundle("io.bitdust.api"), TRANSPORT));

        Bundle transport = bundle(TRANSPORT);
        String location = transport.getLocation();
        transport.uninstall();
        refresh(List.of(transport));
        try {
            for (String frontEnd : FRONT_ENDS) {
                waitFor(frontEnd + " active again after the refresh", () -> bundle(frontEnd).getState()
                        == Bundle.ACTIVE);
            }
            assertFalse("the api bundle resolved without the area's packages", wiredTo(bundle("io.bitdust.api"),
                    TRANSPORT));
            waitFor("the API answers", () -> answersHealth(http(), secret));
            assertEquals("every function is still listed", listed, functions(secret));
            for (Map.Entry<String, String> function : listed.entrySet()) {
                String name = function.getKey();
                if (List.of("stop", "restart", "show").contains(name)) {
                    continue;
                }
                Http.Answer answer = http().get(name, Map.of("ping", Map.of("idurl", me), "customer_reject",
                        Map.of("idurl", me), "supplier_replace", Map.of("index_or_idurl", "0"), "supplier_change",
                        Map.of("index_or_idurl", "0", "new_idurl", me), "send_message", Map.of("recipient", me,
                        "message_body", "hi"), "add_correspondent", Map.of("idurl", me), "remove_correspondent",
                        Map.of("idurl", me), "find_peer_by_nickname", Map.of("nickname", "x"))
                        .getOrDefault(name, Map.<String, String>of()),
                        secret);
                if (NEEDING_THE_NETWORK.contains(function.getValue())) {
                    assertEquals(name + ": " + answer.envelope, 503, answer.status);
                    assertEquals(name, function.getValue() + " is not running", answer.firstError());
                } else if (PARTLY_NEEDING_THE_NETWORK.contains(function.getValue())) {
                    assertTrue(name + " answers, or names an area that needs the network: " + answer.envelope,
                            !answer.firstError().contains("is not running") || answer.firstError()
                                    .matches("(network|customers|suppliers|backups|restores) is not running.*"));
                } else {
                    assertFalse(name + " answers by itself: " + answer.envelope, answer.firstError()
                            .contains("is not running"));
                }
            }
            JsonNode areas = http().get("process_health", Map.of(), secret).envelope.path("result").path("areas");
            assertEquals(areas.toString(), "not running", areas.path("network").asText());
            assertEquals(areas.toString(), "running", areas.path("identity").asText());
            assertEquals(areas.toString(), "running", areas.path("config").asText());
            try {
                shell("bitdust:transports-list");
                fail("the shell listed transports without the network area");
            } catch (Exception e) {
                assertTrue(e.getMessage(), e.getMessage().contains("network is not running"));
            }
        } finally {
            Bundle again = context.installBundle(location);
            // The api bundle wires an optional import only when it resolves: refresh it now that the area is back.
            refresh(List.of(again, bundle("io.bitdust.api")));
            for (Bundle bundle : context.getBundles()) {
                // the transports, and the storage areas that stopped with the gateway
                if (bundle.getSymbolicName().startsWith("io.bitdust.") && bundle.getState() != Bundle.ACTIVE
                        && bundle.getHeaders().get("Fragment-Host") == null) {
                    bundle.start();
                }
            }
        }
        for (String frontEnd : FRONT_ENDS) {
            waitFor(frontEnd + " active", () -> bundle(frontEnd).getState() == Bundle.ACTIVE);
        }
        assertTrue("the api bundle uses the area again", wiredTo(bundle("io.bitdust.api"), TRANSPORT));
        waitFor("the API answers", () -> answersHealth(http(), secret));
        Http.Answer back = pingUntilOk(me);
        assertEquals(back.envelope.toString(), me, back.envelope.path("result").path("idurl").asText());
        waitFor(() -> "TCP and HTTP contacts back; they are " + myContacts(), () -> myContacts().size() == 2);
        waitFor("the storage areas answer again", () -> {
            try {
                return http().get("suppliers_list", Map.of(), secret).ok()
                        && http().get("customers_list", Map.of(), secret).ok();
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
    }

    /** @return every function the API lists over HTTP, with its area */
    private static Map<String, String> functions(String secret) throws Exception {
        Map<String, String> functions = new TreeMap<>();
        for (JsonNode function : http().get("", Map.of(), secret).envelope.path("result")) {
            functions.put(function.path("name").asText(), function.path("area").asText());
        }
        return functions;
    }

    /** @return whether {@code bundle} imports a package of the bundle {@code symbolicName} */
    private static boolean wiredTo(Bundle bundle, String symbolicName) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        return wiring != null && wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .anyMatch(wire -> symbolicName.equals(wire.getProvider().getBundle().getSymbolicName()));
    }

    /** Refreshes {@code bundles} and what depends on them, and waits until the framework has done so. */
    private void refresh(Collection<Bundle> bundles) throws InterruptedException {
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(bundles, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        assertTrue("the framework refreshed " + bundles, refreshed.await(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    /** @return the state {@code transports_list} shows for a protocol, or an empty string when it is not listed */
    private static String transportState(String protocol) {
        try {
            for (JsonNode transport : http().get("transports_list", Map.of(), secret()).envelope.path("result")) {
                if (protocol.equals(transport.path("protocol").asText())) {
                    return transport.path("state").asText();
                }
            }
            return "";
        } catch (Exception e) {
            throw new AssertionError("transports_list failed", e);
        }
    }

    private List<String> myContacts() {
        return identity().identity().orElseThrow().contacts();
    }

    /** The identity service now: a bundle restarted by a test registers a new one. */
    private IdentityService identity() {
        ServiceReference<IdentityService> ref = context.getServiceReference(IdentityService.class);
        if (ref == null) {
            throw new AssertionError("no IdentityService is registered");
        }
        return context.getService(ref);
    }

    private static Http.Answer pingUntilOk(String idurl) throws Exception {
        Http.Answer[] last = new Http.Answer[1];
        waitFor(() -> "a ping answered; the last: " + (last[0] == null ? "none" : last[0].envelope), () -> {
            try {
                last[0] = http().get("ping", Map.of("idurl", idurl, "timeout", "5"), secret());
                return last[0].ok();
            } catch (Exception e) {
                return false;
            }
        });
        return last[0];
    }
}
