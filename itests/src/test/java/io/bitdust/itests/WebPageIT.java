package io.bitdust.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.bitdust.common.IdUrl;
import io.bitdust.messaging.MessagingService;
import io.bitdust.messaging.dto.MessageDTO;
import io.bitdust.network.CustomersExtension;
import io.bitdust.network.MessagingExtension;
import io.bitdust.network.Network;
import io.bitdust.network.Node;
import io.bitdust.network.NodeSettings;
import io.bitdust.network.SampleFolders;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real browser (Debian's headless Chromium through {@code /usr/bin/chromedriver}, STACK.md pitfall
 * M) against a node run as a process of the built distribution, whose two suppliers are network kit nodes in this
 * JVM beside the identity server; the kit nodes also take private messages. One node and one browser serve every
 * test; each test leaves them as it found them. A screenshot of each view lands in {@code target/screenshots}.
 */
public class WebPageIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int BLOCK = 256 * 1024;
    private static final Path SCREENSHOTS = Paths.get("target/screenshots").toAbsolutePath();

    private static Path root;
    private static Network network;
    private static final List<Node> kit = new ArrayList<>();
    private static Launcher node;
    private static ChromeDriver browser;
    private static WebDriverWait wait;
    /** Browser log entries of API calls a test answers with an error on purpose, e.g. a refused option value. */
    private final List<String> expectedFailures = new ArrayList<>();

    @BeforeClass
    public static void aNodeWithTwoKitSuppliersAndABrowser() throws Exception {
        root = Paths.get("target/web-page").toAbsolutePath();
        Launcher.deleteTree(root);
        Launcher.deleteTree(SCREENSHOTS);
        Files.createDirectories(SCREENSHOTS);
        network = new Network(root.resolve("network"));
        int idPort = network.identityServer().port();
        Map<String, String> kitPresets = Map.of("services/customer/enabled", "false",
                "services/supplier/donated-space", "1 GB");
        for (int i = 1; i <= 2; i++) {
            kit.add(network.node("web-kit-" + i, NodeSettings.DEFAULT.withPresets(kitPresets)
                    .with(new CustomersExtension()).with(new MessagingExtension())));
        }
        network.awaitPublished();

        Map<String, String> presets = Launcher.nodePresets(idPort, "web-user");
        presets.put("BITDUST_SERVICES_EMPLOYER_CANDIDATES",
                kit.stream().map(n -> n.idurl().toString()).collect(Collectors.joining(",")));
        presets.put("BITDUST_SERVICES_CUSTOMER_SUPPLIERS_NUMBER", "2");
        presets.put("BITDUST_SERVICES_CUSTOMER_NEEDED_SPACE", "256 MB");
        presets.put("BITDUST_SERVICES_CUSTOMER_ENABLED", "false");
        presets.put("BITDUST_SERVICES_EMPLOYER_PING_INTERVAL_SECONDS", "2");
        presets.put("BITDUST_SERVICES_BACKUPS_BLOCK_SIZE", "256 KB");
        node = new Launcher(root.resolve("node"), presets);
        node.ok("start");
        IdUrl me = IdUrl.parse("http://127.0.0.1:" + idPort + "/web-user.json");
        await("the node's identity lists its contacts", () -> SupplierCrashIT.published(network, me));
        // the API may answer before the suppliers area has declared its options ("unknown option" until then)
        await("the node turns its customer service on", () -> api("config_set",
                Map.of("key", "services/customer/enabled", "value", "true")) != null);
        awaitTwoSuppliersOnline();
        assertTrue("Chromium and its driver are not installed: apt-get install chromium chromium-driver (.ci/run "
                + "does)", new File("/usr/bin/chromium").canExecute() && new File("/usr/bin/chromedriver").canExecute());
        browser = chromium(root.resolve("chromium-profile"));
        wait = new WebDriverWait(browser, WAIT);
    }

    /** Headless Chromium of Debian, driven by its own chromedriver: nothing is downloaded. */
    private static ChromeDriver chromium(Path profile) throws IOException {
        Files.createDirectories(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1000",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort()
                .withLogFile(root.resolve("chromedriver.log").toFile()).build();
        return new ChromeDriver(service, options);
    }

    @AfterClass
    public static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
            if (node != null) {
                node.run("stop");
            }
        } finally {
            if (network != null) {
                network.close();
            }
        }
    }

    @Before
    public void openThePageFromTheLinkShowGives() throws Exception {
        browser.get("about:blank");
        browser.get(node.webPageLink());
        wait.until(ExpectedConditions.textToBe(By.id("state"), "running"));
    }

    /** Whatever a test did, the browser's console holds no error but the API's answers it asked for. */
    @After
    public void noErrorInTheBrowsersConsole() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()
                    && expectedFailures.stream().noneMatch(entry.getMessage()::contains)) {
                errors.add(entry.getMessage());
            }
        }
        assertEquals("errors in the browser's console", List.of(), errors);
    }

    @Test
    public void aFolderBackedUpFromTheFilesViewReaches100PercentAndRestoresIntoANewFolderByteForByte()
            throws Exception {
        Path folder = SampleFolders.create(root.resolve("local/photos"), BLOCK, 7);
        view("files");
        WebElement localPath = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("local-path")));
        localPath.clear();
        localPath.sendKeys(folder.getParent().toString(), Keys.ENTER);
        click(By.cssSelector("button.backup[data-path='" + folder + "']"));
        String started = messageOf("view-files", "uploading ");
        Matcher uploading = Pattern.compile("uploading (\\S+) started").matcher(started);
        assertTrue(started, uploading.find());
        String pathId = uploading.group(1);

        view("activity");
        By backup = By.cssSelector("tr.job.backup[data-path-id='" + pathId + "'][data-state='done']");
        WebElement done = wait.until(ExpectedConditions.visibilityOfElementLocated(backup));
        assertEquals("100 %", done.findElement(By.className("percent")).getText());
        assertEquals("100", done.findElement(By.tagName("progress")).getDomAttribute("value"));
        screenshot("activity");

        view("files");
        click(By.cssSelector(".tree-item[data-path='" + folder + "']"));
        WebElement restore = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.restore")));
        String backupId = restore.getDomAttribute("data-backup-id");
        assertTrue(backupId, backupId.startsWith(pathId + "/"));
        screenshot("files");
        restore.click();
        Path destination = root.resolve("restored-" + System.nanoTime());
        WebElement into = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.className("restore-destination")));
        into.clear();
        into.sendKeys(destination.toString(), Keys.ENTER);
        messageOf("view-files", "downloading of version " + backupId);

        view("activity");
        WebElement restored = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                "tr.job.restore[data-backup-id='" + backupId + "'][data-state='done']")));
        assertEquals("100 %", restored.findElement(By.className("percent")).getText());
        SampleFolders.assertSameFiles(folder, destination.resolve(folder.getFileName()));

        view("files");
        click(By.cssSelector(".tree-item[data-path='" + folder + "']"));
        By delete = By.cssSelector("button.delete-version[data-backup-id='" + backupId + "']");
        click(delete);
        wait.until(ExpectedConditions.textToBe(delete, "confirm delete"));
        click(delete);
        messageOf("view-files", backupId);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(delete));
        for (JsonNode item : ok("backups_list", Map.of())) {
            if (pathId.equals(item.path("id").asText())) {
                assertEquals(item.toString(), 0, item.path("versions").size());
            }
        }
    }

    @Test
    public void aSettingRefusesAWrongTypeAndALaterEditStartsFromTheSavedValue() throws Exception {
        String key = "services/backups/block-size";
        String before = ok("config_get", Map.of("key", key)).path(0).path("value").asText();
        try {
            view("settings");
            wait.until(ExpectedConditions.textMatches(By.id("stats"), Pattern.compile("suppliers online")));
            edit(key, "512kb");
            messageOf("view-settings", key + ": " + before + " → 512 KB");
            assertEquals("512 KB", ok("config_get", Map.of("key", key)).path(0).path("value").asText());

            expectedFailures.add("api/v1/config_set - Failed to load resource: the server responded with a status"
                    + " of 400");
            edit(key, "lots");
            String refused = messageOf("view-settings", "lots");
            assertTrue(refused, refused.contains("is not a disk space"));
            assertEquals("512 KB", option(key).getDomProperty("value"));
            assertEquals("512 KB", ok("config_get", Map.of("key", key)).path(0).path("value").asText());

            edit("logs/debug-level", "loud");
            messageOf("view-settings", "logs/debug-level takes a positive integer: 'loud' is not a whole number");
            screenshot("settings");

            Path identity = root.resolve("identity-" + System.nanoTime() + ".json");
            browser.findElement(By.id("identity-file")).sendKeys(identity.toString());
            for (WebElement passphrase : browser.findElements(By.cssSelector("form.identity input[type=password]"))) {
                passphrase.sendKeys("correct horse battery staple");
            }
            click(By.cssSelector("form.identity button"));
            messageOf("view-settings", "identity saved to " + identity);
            assertTrue(Files.readString(identity).contains("bitdust-identity-backup"));

            browser.navigate().refresh();
            wait.until(ExpectedConditions.textToBe(By.id("state"), "running"));
            wait.until(ExpectedConditions.attributeToBe(option(key), "value", "512 KB"));
        } finally {
            ok("config_set", Map.of("key", key, "value", before));
        }
    }

    @Test
    public void aMessageSentFromTheMessagesViewReachesAKitNodeAndShowsDelivered() throws Exception {
        Node bob = kit.get(0);
        String text = "Hello from the web page " + System.nanoTime();
        view("messages");
        WebElement search = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nickname-search")));
        search.sendKeys(bob.name(), Keys.ENTER);
        click(By.cssSelector("#view-messages button.add"));
        click(By.cssSelector("a.correspondent[data-idurl='" + bob.idurl() + "']"));
        wait.until(ExpectedConditions.attributeToBe(By.id("recipient"), "value", bob.idurl().toString()));
        browser.findElement(By.id("message-body")).sendKeys(text);
        click(By.id("send"));
        By delivered = By.xpath("//li[contains(@class,'bubble') and contains(@class,'out') and @data-state='delivered']"
                + "[div[@class='body' and text()='" + text + "']]");
        // found and read in one step, again if the list is drawn anew in between (a stale element)
        String sent = new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).until(page -> {
            WebElement bubble = ExpectedConditions.visibilityOfElementLocated(delivered).apply(page);
            return bubble == null ? null : bubble.getText();
        });
        assertTrue(sent, sent.contains("to " + bob.name()));
        List<MessageDTO> received = bob.extension(MessagingService.class).messages(null, 0, 50);
        assertTrue(received.toString(), received.stream().anyMatch(m -> text.equals(m.body)));
        screenshot("messages");
    }

    @Test
    public void theNetworkViewShowsBothSuppliersOnlineAndPingsOne() throws Exception {
        view("network");
        wait.until(d -> d.findElements(By.cssSelector("#suppliers .dot.online")).size() == 2);
        click(By.cssSelector("#suppliers button.ping"));
        String answer = messageOf("view-network", "answered in");
        assertTrue(answer, answer.matches("web-kit-\\d answered in \\d+ ms over \\w+"));
        wait.until(ExpectedConditions.textMatches(By.id("transports"), Pattern.compile("tcp\\s+active")));
        screenshot("network");
    }

    @Test
    public void aWrongSecretShowsTheLoginWithTheNodesAnswer() throws Exception {
        expectedFailures.add("api/v1/process_health - Failed to load resource: the server responded with a status"
                + " of 401");
        browser.get("about:blank");
        browser.get(node.webPageLink().replaceFirst("secret=.*", "secret=00ff"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-message"),
                "access denied: wrong API secret"));
        assertTrue(browser.findElement(By.id("secret")).isDisplayed());
        assertFalse(browser.findElement(By.id("app")).isDisplayed());
        assertEquals("not connected", browser.findElement(By.id("state")).getText());
    }

    /** The messaging bundle stops: its view says so in words, the other views keep working; then it starts again. */
    @Test
    public void aStoppedAreaIsSaidInItsViewAndTheOtherViewsKeepWorking() throws Exception {
        expectedFailures.add("Failed to load resource: the server responded with a status of 503");
        node.ok("shell", "bundle:stop io.bitdust.messaging");
        try {
            view("messages");
            wait.until(ExpectedConditions.textMatches(By.id("correspondents"),
                    Pattern.compile("not available now: .*not running")));
            view("network");
            wait.until(d -> d.findElements(By.cssSelector("#suppliers .dot.online")).size() == 2);
        } finally {
            node.ok("shell", "bundle:start io.bitdust.messaging");
        }
        await("the messaging area is back", () -> api("list_correspondents", Map.of()) != null);
        view("messages");
        wait.until(ExpectedConditions.not(ExpectedConditions.textMatches(By.id("correspondents"),
                Pattern.compile("not available"))));
    }

    private static void awaitTwoSuppliersOnline() throws InterruptedException {
        await("2 active suppliers, online", () -> {
            int online = 0;
            for (JsonNode position : api("suppliers_list", Map.of())) {
                if ("active".equals(position.path("contract").asText()) && position.path("online").asBoolean()) {
                    online++;
                }
            }
            return online == 2;
        });
    }

    private static void view(String name) {
        browser.findElement(By.id("tab-" + name)).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("view-" + name)));
    }

    private static void click(By what) {
        wait.until(ExpectedConditions.elementToBeClickable(what)).click();
    }

    /** @return the text of the view's message line once it holds {@code text} */
    private static String messageOf(String view, String text) {
        By line = By.cssSelector("#" + view + " .message");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(line, text));
        return browser.findElement(line).getText();
    }

    private static WebElement option(String key) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                "tr[data-key='" + key + "'] input")));
    }

    private static void edit(String key, String value) {
        WebElement input = option(key);
        input.clear();
        input.sendKeys(value, Keys.ENTER);
    }

    /** Saves the browser's view of the whole page as {@code target/screenshots/<name>.png}. */
    private static void screenshot(String name) throws IOException {
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** @return the result of a function of the node that answers OK, else null */
    private static JsonNode api(String function, Map<String, String> params) {
        try {
            Http.Answer answer = node.api(function, params);
            return answer.ok() ? answer.envelope.path("result") : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the result of a function of the node that must answer OK */
    private static JsonNode ok(String function, Map<String, String> params) {
        JsonNode result = api(function, params);
        assertTrue(function + " " + params + " did not answer OK", result != null);
        return result;
    }

    /** Polls {@code condition} (an exception counts as false) until it holds; fails after {@link #WAIT}. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!holds(condition)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for: " + what);
            }
            Thread.sleep(200);
        }
    }

    private static boolean holds(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
