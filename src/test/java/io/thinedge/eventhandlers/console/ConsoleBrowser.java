package io.thinedge.eventhandlers.console;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through Debian's ChromeDriver (no download: both paths are
 * given, so Selenium Manager has nothing to fetch), with the console's page open.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final String consoleUrl;

    private ConsoleBrowser(ChromeDriver driver, String consoleUrl) {
        this.driver = driver;
        this.consoleUrl = consoleUrl;
    }

    static ConsoleBrowser start(String httpBase) {
        for (String program : new String[] {CHROMIUM, CHROMEDRIVER}) {
            if (!new File(program).canExecute()) {
                throw new IllegalStateException(program + " is missing: `make test` installs Debian's chromium and chromium-driver");
            }
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,760", "--lang=en-GB",
                // loopback only: none of Chromium's own calls home
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new ConsoleBrowser(new ChromeDriver(service, options), httpBase + "/console/");
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Loads the page anew (a change of the fragment alone would not reload it). */
    void open(String fragment) {
        driver.get("about:blank");
        driver.get(consoleUrl + fragment);
    }

    /** A new page with nothing kept in the tab's session storage. */
    void signOut() {
        open("");
        script("sessionStorage.clear()");
        open("");
    }

    /** Signs in with a link and waits for the first refresh of the handler list. */
    void signIn(String token) {
        open("#token=" + token);
        awaitVisible("console");
        await("first refresh").atMost(PATIENCE).until(() -> byId("refreshed").getText().startsWith("Updated"));
    }

    WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    Object script(String javascript, Object... arguments) {
        return driver.executeScript(javascript, arguments);
    }

    void awaitVisible(String id) {
        await(id + " shown").atMost(PATIENCE).ignoreExceptions().until(() -> byId(id).isDisplayed());
    }

    String selectedText(String selectId) {
        return (String) script("const s = document.getElementById(arguments[0]); return s.options[s.selectedIndex].text", selectId);
    }

    /** Picks an option of a select as a person does (the change event fires). */
    void choose(WebElement select, String value) {
        select.click();
        select.findElement(By.cssSelector("option[value='" + value + "']")).click();
    }

    void openNewHandlerForm(String typeTitle) {
        choose(byId("new-type"), (String) script("return [...document.getElementById('new-type').options]"
                + ".find(o => o.text === arguments[0]).value", typeTitle));
        byId("new-handler").click();
        awaitVisible("editor");
    }

    /** The create form of the type whose option value is {@code value}, e.g. kamelet:mqtt5-sink. */
    void openNewHandlerFormOfType(String value) {
        choose(byId("new-type"), value);
        byId("new-handler").click();
        awaitVisible("editor");
    }

    /** The input of a form field, named by the JSON path it sets, e.g. connectionConfig.uri. */
    WebElement field(String path) {
        return driver.findElement(By.cssSelector("#handler-form .field[data-path='" + path + "'] input, "
                + "#handler-form .field[data-path='" + path + "'] select, #handler-form .field[data-path='" + path + "'] textarea"));
    }

    void fill(String path, String text) {
        WebElement input = field(path);
        input.clear();
        input.sendKeys(text);
    }

    WebElement fieldError(String path) {
        return driver.findElement(By.cssSelector("#handler-form [data-error-for='" + path + "']"));
    }

    List<String> rowNames() {
        return driver.findElements(By.cssSelector("#handlers tbody tr [data-col=name]")).stream().map(WebElement::getText).toList();
    }

    WebElement row(String name) {
        return driver.findElements(By.cssSelector("#handlers tbody tr")).stream()
                .filter(row -> row.findElement(By.cssSelector("[data-col=name]")).getText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("No row for handler " + name + " in " + rowNames()));
    }

    /** Clicks one of a handler row's buttons: edit, test, toggle, delete, deadletters. */
    void clickAction(String name, String action) {
        row(name).findElement(By.cssSelector("[data-action=" + action + "]")).click();
    }

    WebElement awaitRow(String name) {
        return await("row " + name).atMost(PATIENCE).ignoreExceptions().until(() -> row(name), row -> true);
    }

    String status(String name) {
        return row(name).findElement(By.cssSelector("[data-status]")).getText();
    }

    String cell(String name, String column) {
        return row(name).findElement(By.cssSelector("[data-col='" + column + "']")).getText();
    }

    void screenshot(Path target) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
