package connectivity.torrent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import connectivity.net.testing.RealPeers;
import connectivity.torrent.magnet.MagnetLink;
import connectivity.torrent.swarm.Swarm;
import connectivity.torrent.swarm.SwarmConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;

/**
 * Debian's chromium, headless through chromium-driver, uses the web interface as a person would: pastes a magnet link
 * (Enter, from the keyboard), watches it complete against a local seeder, sees the piece map fill and the peer listed,
 * stops and starts it with the keyboard, and fits a phone-sized window. Screenshots go to {@code target/}.
 */
@Timeout(180)
class WebUiBrowserTest {
    @TempDir
    Path tmp;
    private Daemon daemon;
    private DaemonServer server;
    private TestTorrents seeders;
    private ChromeDriver browser;

    @BeforeEach
    void start() throws Exception {
        Path chromium = RealPeers.requireAny("chromium", "chromium-browser");
        Path driver = RealPeers.require("chromedriver");
        daemon = Daemon.start(DaemonConfig.of(tmp.resolve("downloads"), tmp.resolve("config")).withPeerPort("127.0.0.1", 0)
                .withSwarm(SwarmConfig.builder().bind("127.0.0.1", 0).pex(false).build()));
        server = DaemonServer.start(daemon, DaemonServer.Options.loopback(0));
        seeders = new TestTorrents();
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,1100",
                "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).usingAnyFreePort()
                .withLogFile(tmp.resolve("chromedriver.log").toFile()).build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.quit();
        if (seeders != null) seeders.close();
        if (server != null) server.close();
        if (daemon != null) daemon.close();
    }

    private void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path out = Path.of("target", name);
        Files.createDirectories(out.getParent());
        Files.copy(shot.toPath(), out, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The text of the first match now (the page rebuilds its rows every second, so element handles go stale). */
    private String text(String css) {
        Object v = ((JavascriptExecutor) browser).executeScript("const e = document.querySelector(arguments[0]); return e ? e.textContent : ''", css);
        return String.valueOf(v);
    }

    private String state() {
        return text("tr.torrent .state");
    }

    private int pieceData(String key) {
        Object v = ((JavascriptExecutor) browser).executeScript("return document.getElementById('piecemap').dataset[arguments[0]] || '-1'", key);
        return Integer.parseInt(String.valueOf(v));
    }

    private void press(String key) {
        new Actions(browser).sendKeys(key).perform();
    }

    @Test
    void aMagnetPastedInThePageCompletesAndThePieceMapFills() throws Exception {
        TestTorrents.Made made = TestTorrents.make(tmp, "holiday-video.mkv", 11, 16 * 1024, 6_000_000);
        Swarm seeder = seeders.seed(made, 1_000_000, null); // slow enough to watch the map fill
        String magnet = MagnetLink.of(made.meta()).toUri() + "&x.pe=127.0.0.1:" + seeder.port();

        browser.get("http://127.0.0.1:" + server.port() + "/");
        WebElement link = browser.findElement(By.id("add-link"));
        link.sendKeys(magnet, Keys.ENTER);
        await().atMost(Duration.ofSeconds(15)).until(() -> !browser.findElements(By.cssSelector("tr.torrent")).isEmpty());
        assertThat(browser.findElement(By.id("add-result")).getText()).startsWith("added");
        browser.findElement(By.cssSelector("tr.torrent")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> pieceData("verified") > 0 && pieceData("verified") < pieceData("total"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.cssSelector("#peers tr.peer")).isEmpty());
        assertThat(text("#peers tr.peer")).contains("127.0.0.1:" + seeder.port());
        assertThat(state()).isEqualTo("downloading");
        screenshot("daemon-web-ui-downloading.png");

        await().atMost(Duration.ofSeconds(60)).until(() -> state().equals("seeding"));
        await().atMost(Duration.ofSeconds(5)).until(() -> pieceData("verified") == made.meta().info().pieceCount());
        assertThat(text("#files")).contains("holiday-video.mkv").contains("100%");
        assertThat(Files.readAllBytes(tmp.resolve("downloads/holiday-video.mkv")))
                .isEqualTo(Files.readAllBytes(made.data().resolve("holiday-video.mkv")));
        screenshot("daemon-web-ui.png");

        // The keyboard: s stops the selected torrent, s starts it again.
        ((JavascriptExecutor) browser).executeScript("document.querySelector('tr.torrent').focus()");
        press("s");
        await().atMost(Duration.ofSeconds(15)).until(() -> state().equals("stopped"));
        press("s");
        await().atMost(Duration.ofSeconds(15)).until(() -> state().equals("seeding"));

        // A phone-sized window: nothing wider than the screen.
        browser.manage().window().setSize(new Dimension(390, 844));
        await().atMost(Duration.ofSeconds(5)).until(() -> (Boolean) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth <= document.documentElement.clientWidth"));
        screenshot("daemon-web-ui-phone.png");
        assertThat(List.of(Path.of("target/daemon-web-ui.png"), Path.of("target/daemon-web-ui-downloading.png"))).allMatch(Files::exists);
    }

    @Test
    void theFilesTabChoosesFilesAndPrioritiesFromTheKeyboard() throws Exception {
        TestTorrents.Made made = TestTorrents.make(tmp, "album", 14, 16 * 1024, 60_000, 80_000, 40_000);
        TorrentSession t = daemon.add(made.torrent(), java.util.Optional.empty(), java.util.Optional.of(true)).torrent();
        browser.get("http://127.0.0.1:" + server.port() + "/");
        await().atMost(Duration.ofSeconds(15)).until(() -> !browser.findElements(By.cssSelector("tr.torrent")).isEmpty());
        ((JavascriptExecutor) browser).executeScript("document.querySelector('tr.torrent').focus()");
        press(Keys.ENTER.toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.cssSelector("#files tr.file")).size() == 3);

        // The rows stay the same elements from one refresh to the next: what has the focus keeps it.
        WebElement second = browser.findElement(By.cssSelector("#files tr.file:nth-child(2) input[type=checkbox]"));
        assertThat(second.isSelected()).isTrue();
        second.sendKeys(Keys.SPACE);
        await().atMost(Duration.ofSeconds(10)).until(() -> !t.files().wanted(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.cssSelector("#files tr.file:nth-child(2)")).getAttribute("class").contains("unwanted"));
        assertThat(second.isSelected()).isFalse();

        WebElement third = browser.findElement(By.cssSelector("#files tr.file:nth-child(3) select"));
        third.sendKeys("h"); // type-ahead on the focused select: "high"
        await().atMost(Duration.ofSeconds(10)).until(() -> t.files().priority(2) == connectivity.torrent.swarm.FileChoices.HIGH);
        assertThat(t.files().wanted()).containsExactly(true, false, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.cssSelector("#files tr.file")).size() == 3
                && "1".equals(third.getAttribute("value")) && (Boolean) ((JavascriptExecutor) browser).executeScript(
                        "return document.activeElement === document.querySelector('#files tr.file:nth-child(3) select')"));
        screenshot("daemon-web-ui-files.png");

        second.sendKeys(Keys.SPACE);
        await().atMost(Duration.ofSeconds(10)).until(() -> t.files().wanted(1));
    }
}
