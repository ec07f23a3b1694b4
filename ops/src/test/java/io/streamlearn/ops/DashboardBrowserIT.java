package io.streamlearn.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.streamlearn.actors.ads.AdsSettings;
import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.ops.demo.DemoPlan;
import io.streamlearn.ops.http.HttpSettings;
import io.streamlearn.streams.Domain;
import io.streamlearn.streams.ads.AdsDomain;
import io.streamlearn.streams.chat.ChatDomain;
import io.streamlearn.streams.eeg.EegDomain;
import io.streamlearn.traffic.ads.AdsSimulationSettings;
import io.streamlearn.traffic.ads.AdsSimulator;
import io.streamlearn.traffic.chat.ChatSimulationSettings;
import io.streamlearn.traffic.chat.ChatSimulator;
import io.streamlearn.traffic.eeg.EegSimulationSettings;
import io.streamlearn.traffic.eeg.EegSimulator;
import io.streamlearn.traffic.eeg.EegSource;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's chromium, headless, through the system chromedriver):
 * a node runs the ads, eeg and chat pipelines on a real broker; an EEG recording with one episode,
 * a few ad rounds and three conversations go through; the EEG page must list the recording, draw
 * its traces and list the alert; the ads page must show every campaign, the chat page every
 * conversation with answers, the node page every domain's partitions. Screenshots go to target/screenshots/.
 */
class DashboardBrowserIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final int CAMPAIGNS = 3;
  private static final String RECORDING = "eeg-demo-00";
  private static final int CONVERSATIONS = 3;
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private static EmbeddedKafka kafka;
  private static Node node;
  private static NodeHttp http;
  private static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "skipped: the browser test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
            + "); install them with apt-get install chromium chromium-driver (.ci/run does)");
    kafka = EmbeddedKafka.start();
    // The demo's first recording with the live model's defaults: what a user opening the demo's dashboard sees.
    Config config = ConfigFactory.parseMap(Map.of("streamlearn.demo.eeg.recordings", 1))
        .withFallback(ConfigFactory.load()).resolve();
    node = Node.open(config, kafka.bootstrapServers());
    List<Domain<?, ?>> domains = List.of(DomainCatalog.create(AdsDomain.NAME, config),
        DomainCatalog.create(EegDomain.NAME, config), DomainCatalog.create(ChatDomain.NAME, config));
    node.ensureTopics(domains);
    node.startPipelines(domains);
    http = NodeHttp.start(node, domains, new HttpSettings("127.0.0.1", 0, ""));

    AdsSettings ads = AdsSettings.fromConfig(config.getConfig("streamlearn.ads"));
    try (AdsSimulator simulator = new AdsSimulator(node.kafka(),
        ads, AdsSimulationSettings.fromConfig(config.getConfig("streamlearn")).withCampaigns(CAMPAIGNS))) {
      for (long round = 0; round < 8; round++) {
        simulator.playRound(round);
      }
    }
    // Seven minutes of 23 channels at 256 Hz with one injected episode, as fast as the pipeline takes it.
    EegSimulationSettings eeg = DemoPlan.fromConfig(config).eeg();
    EegSource recording = EegSource.synthetic(eeg, RECORDING, 0);
    assertEquals(1, recording.episodes().size());
    try (EegSimulator simulator = new EegSimulator(node.kafka())) {
      simulator.stream(List.of(recording), eeg.blockMillis(), 0, (s, blockStart) -> { });
    }

    ChatSimulationSettings chat = ChatSimulationSettings.fromConfig(config.getConfig("streamlearn"), 0)
        .withConversations(CONVERSATIONS).withStart(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    try (ChatSimulator simulator = new ChatSimulator(node.kafka())) {
      simulator.play(ChatSimulator.script(chat, "chat-browser"), chat, Duration.ofSeconds(60), turn -> { });
    }

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1500");
    // The system driver, named: Selenium Manager would try to download one, and these machines have no internet.
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {() -> { if (browser != null) browser.quit(); }, http, node, kafka}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // the others still close
      }
    }
  }

  @Test
  void theEegPageListsTheRecordingDrawsItsTracesAndListsTheAlert() throws Exception {
    // The last two minutes: the episode and its end are in them.
    browser.get(http.url() + "?window=120");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
    wait.until(b -> texts("#recordings .recording-row").size() == 1);
    assertTrue(texts("#recordings .recording-row").get(0).contains(RECORDING), texts("#recordings .recording-row").toString());
    // Pixels of the first channel's colour in the traces canvas: the signal is drawn, not only the axes.
    wait.until(b -> tracePixels() > 500);
    wait.until(b -> texts("#alerts .alert-row").stream().anyMatch(row -> row.startsWith("episode")));
    // The pipeline's predictions trail the committed samples; the screenshot waits until they caught up.
    wait.until(b -> Boolean.TRUE.equals(((JavascriptExecutor) b).executeScript(
        "const f = state.frame; return f !== null && f.prediction_times.length > 0"
            + " && f.prediction_times[f.prediction_times.length - 1] >= f.t1 - 1000;")));
    Thread.sleep(500); // one more frame, so the screenshot shows a settled page
    screenshot("eeg.png");
    assertEquals(23, texts("#channel-picks input").size(), "every channel of the recording can be chosen");
  }

  @Test
  void theAdsPageShowsEveryCampaignWithItsAllocation() throws Exception {
    browser.get(http.url() + "ads");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.until(b -> texts("#campaigns .campaign-row").size() == CAMPAIGNS);
    wait.until(b -> texts("#allocation canvas").size() > 0);
    screenshot("ads.png");
  }

  @Test
  void anUnknownRecordingInTheUrlIsSaidToBeUnknown() {
    browser.get(http.url() + "?recording=no-such-recording");
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(b -> b.findElement(By.id("error")).isDisplayed());
    assertTrue(browser.findElement(By.id("error")).getText().contains("Unknown recording"),
        browser.findElement(By.id("error")).getText());
  }

  @Test
  void theNodePageShowsEachDomainsPartitions() throws Exception {
    browser.get(http.url() + "node");
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(b -> texts("#domains .domain tr").size() >= 3 * (1 + 3));
    screenshot("node.png");
  }

  @Test
  void theChatPageShowsEachConversationsTurnsWithTheirAnswers() throws Exception {
    browser.get(http.url() + "chat");
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> texts("#conversations .conversation").size() == CONVERSATIONS
        && texts("#conversations .turn .answer").size() >= CONVERSATIONS);
    screenshot("chat.png");
  }

  /**
   * The text of every element matching {@code css}, read in one script: the pages rebuild their
   * tables with each frame, so element handles held across calls go stale.
   */
  @SuppressWarnings("unchecked")
  private static List<String> texts(String css) {
    return (List<String>) ((JavascriptExecutor) browser).executeScript(
        "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent);", css);
  }

  private static long tracePixels() {
    Object n = ((JavascriptExecutor) browser).executeScript(
        "const c = document.querySelector('#traces canvas'); if (!c) return 0;"
            + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
            + "for (let i = 0; i < d.length; i += 4) {"
            + "  if (Math.abs(d[i] - 124) < 30 && Math.abs(d[i + 1] - 196) < 30 && d[i + 2] > 220 && d[i + 3] > 0) n++; }"
            + "return n;");
    return ((Number) n).longValue();
  }

  private static void screenshot(String name) throws Exception {
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(SCREENSHOTS.resolve(name), png);
  }
}
