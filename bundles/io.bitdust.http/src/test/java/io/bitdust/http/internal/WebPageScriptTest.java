package io.bitdust.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * Runs the web page's scripts under node (Debian's {@code nodejs}) with a stand-in DOM and API: the option editor,
 * errors in words, an area that is not running ({@code web-page-test.js} holds the checks).
 */
public class WebPageScriptTest {
    @Test
    public void theScriptsShowTheNodesAnswersAndErrorsInWords() throws Exception {
        File node = new File("/usr/bin/node");
        assumeTrue("node is not installed (apt-get install nodejs)", node.canExecute());
        Path harness = Paths.get(WebPageScriptTest.class.getResource("/web-page-test.js").toURI());
        Path scripts = Paths.get(WebPageScriptTest.class.getResource("/web/app.js").toURI()).getParent();
        Process process = new ProcessBuilder(node.getPath(), harness.toString(), scripts.toString())
                .redirectErrorStream(true).start();
        assertEquals(true, process.waitFor(60, TimeUnit.SECONDS));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(output, 0, process.exitValue());
        assertEquals("ok", output.trim());
    }
}
