using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Grants.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Grants.Tests.Portal;

/// <summary>
/// The portal as a person meets it: the local runtime (its own storage prefix and task hub on the shared Azurite)
/// and Debian's Chromium, headless, driven by Playwright. Screenshots go to TestResults/screenshots; every screen a
/// journey visits is checked with axe-core against WCAG 2.1 A and AA.
/// </summary>
public sealed class PortalBrowser : IAsyncDisposable
{
    /// <summary>Debian's package (installed by test.sh), never a browser a test tool downloads.</summary>
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>A phone's viewport (iPhone SE class), for the narrow-screen checks.</summary>
    public static readonly ViewportSize Phone = new() { Width = 375, Height = 740 };

    /// <summary>The narrowest phone the portal is made for (320 CSS pixels wide).</summary>
    public static readonly ViewportSize NarrowPhone = new() { Width = 320, Height = 640 };

    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };

    static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    readonly IPlaywright playwright;
    readonly IBrowser browser;

    PortalBrowser(LocalRuntime runtime, IPlaywright playwright, IBrowser browser)
    {
        Runtime = runtime;
        this.playwright = playwright;
        this.browser = browser;
    }

    public LocalRuntime Runtime { get; }

    public Uri BaseAddress => Runtime.BaseAddress;

    /// <summary>Where screenshots are saved: the repository's TestResults folder, which CI keeps with the TRX files.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(Repository.Root, "TestResults", "screenshots");

    public static async Task<PortalBrowser> StartAsync(params string[] runtimeArguments)
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: ./test.sh installs Debian's chromium package (apt-get install chromium).");
        }

        var runtime = await LocalRuntime.StartAsync(await Azurite.SharedAsync(), runtimeArguments);
        try
        {
            var playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                // The machine's network is closed: without these Chromium keeps trying to reach Google's services.
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-quic", "--no-first-run", "--disable-sync"],
            });
            return new PortalBrowser(runtime, playwright, browser);
        }
        catch
        {
            await runtime.DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh browser profile (its own cookies) in the given language and viewport, at the portal's start page.</summary>
    public async Task<IPage> OpenAsync(string locale = "en-US", ViewportSize? viewport = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            Locale = locale,
            ViewportSize = viewport ?? Desktop,
            AcceptDownloads = true,
        });
        // A busy machine can take many seconds to answer; every action and every assertion waits on its condition up to a minute.
        context.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        return page;
    }

    /// <summary>Opens the portal and signs in as a demo person through the sign-in screen, as a person would.</summary>
    public async Task<IPage> SignInAsync(string personName, string locale = "en-US", ViewportSize? viewport = null)
    {
        var page = await OpenAsync(locale, viewport);
        await page.GetByRole(AriaRole.Button, new() { Name = locale.StartsWith("ja", StringComparison.Ordinal) ? $"{personName} としてサインイン" : $"Sign in as {personName}" }).ClickAsync();
        await page.Locator("#sign-out").WaitForAsync();

        // Signed in once the first screen is drawn: a link followed before that raced the landing screen.
        await page.Locator("#main h1").First.WaitForAsync();
        return page;
    }

    /// <summary>Saves a full-page screenshot as TestResults/screenshots/{name}.png and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Runs axe-core on the page as it is now; fails with every WCAG 2.1 A/AA violation, its elements and how to fix it.</summary>
    public static async Task AssertAccessibleAsync(IPage page, string screen)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] } });
        var violations = result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} {v.HelpUrl}\n    " + string.Join("\n    ", v.Nodes.Select(n => $"{n.Target} {n.Html}")));
        Assert.True(result.Violations.Length == 0, $"{screen}: {result.Violations.Length} accessibility violations\n" + string.Join("\n", violations));
    }

    /// <summary>Fails when the page is wider than its viewport (something forces sideways scrolling on a phone).</summary>
    public static async Task AssertFitsWidthAsync(IPage page, string screen)
    {
        var (content, viewport) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(content <= viewport, $"{screen}: the page is {content}px wide in a {viewport}px viewport.");
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
        await Runtime.DisposeAsync();
    }
}
