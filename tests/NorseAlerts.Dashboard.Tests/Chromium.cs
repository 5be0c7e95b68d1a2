using Microsoft.Playwright;

namespace NorseAlerts.Dashboard.Tests;

/// <summary>
/// One headless Chromium for the test run, driven by Microsoft.Playwright. The browser is the operating system's
/// (Debian's <c>chromium</c> package, installed by .ci/run), not one downloaded by Playwright.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>Where Debian installs it; <c>NORSEALERTS_CHROMIUM</c> points elsewhere.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("NORSEALERTS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private readonly List<IBrowserContext> contexts = [];
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"Chromium not found at {ExecutablePath}: install it with 'apt-get install chromium' (.ci/run does).");
        }

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
    }

    /// <summary>A fresh page (own session storage) in the given zone and size.</summary>
    public async Task<IPage> PageAsync(int width = 1280, int height = 900, string zone = "Europe/Oslo")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            TimezoneId = zone,
            Locale = "en-GB",
        });
        lock (contexts)
        {
            contexts.Add(context);
        }

        return await context.NewPageAsync();
    }

    /// <summary>Closes every page opened so far (their live streams end before the host stops).</summary>
    public async Task CloseContextsAsync()
    {
        IBrowserContext[] open;
        lock (contexts)
        {
            open = [.. contexts];
            contexts.Clear();
        }

        foreach (var context in open)
        {
            await context.CloseAsync();
        }
    }

    /// <summary>Saves a screenshot to TestResults/screenshots/ at the repository root (a CI artifact).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "NorseAlerts.sln")))
        {
            directory = directory.Parent;
        }

        var folder = Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}

[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<Chromium>
{
    public const string Name = "chromium";
}
