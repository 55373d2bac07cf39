using Grants.Workflows.Demo;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Grants.Tests.Programs.ProgramHttp;

namespace Grants.Tests.Portal;

/// <summary>
/// Every administrator's screen and the approver's queue fit the narrowest phone (320 px) without sideways scrolling,
/// in Japanese and in English, and pass axe: wide tables scroll inside their own box or become cards, and long ids
/// and e-mail addresses wrap.
/// </summary>
[Trait("Kind", "Browser")]
public sealed class AdminWidthJourneyTests(ITestOutputHelper output)
{
    /// <summary>Elements that reach past the right edge of the viewport, to say what to fix when a screen is too wide.</summary>
    const string Overflowing = """
        () => [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !e.closest('.table-wrap, .visually-hidden, .status, .skip'))
          .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 0.5))
          .slice(0, 8)
          .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} "${(e.textContent ?? '').trim().slice(0, 40)}" right=${Math.round(e.getBoundingClientRect().right)}`)
        """;

    [Fact]
    public async Task Every_admin_screen_and_the_approval_queue_fit_320_pixels_in_Japanese_and_English()
    {
        await using var portal = await PortalBrowser.StartAsync();
        await portal.Runtime.ExplainFailureAsync(output, async () =>
        {
            using var applicant = portal.Runtime.ClientFor(DemoData.Researcher.Id, "applicant");
            using var director = portal.Runtime.ClientFor(DemoData.Director.Id, "director");
            var id = await SubmitPaperAsync(applicant, "Spin transport across a twisted bilayer interface of unusually long name");
            await WaitForStatusAsync(director, id, "awaitingApproval");
            var program = DemoData.Programs[0].Id;
            string[] screens =
            [
                "/admin", "/admin/programs", $"/admin/programs/{program}", "/admin/calls", "/funds", $"/funds/{DemoData.DirectorFund}",
                "/people", $"/people/{Uri.EscapeDataString(DemoData.InternationalStudent.Id)}", "/people/new", "/operations?olderThanMinutes=0",
                "/audit", $"/audit?subject={id}", "/audit?status=awaitingApproval", "/annual-report",
            ];

            // Every screen is checked before failing, so one run lists all that do not fit.
            var failures = new List<string>();
            foreach (var (locale, language) in new[] { ("ja-JP", "ja"), ("en-US", "en") })
            {
                var admin = await portal.SignInAsync(DemoData.Admin.Name, locale, PortalBrowser.NarrowPhone);
                foreach (var screen in screens)
                {
                    await CheckAsync(admin, screen, $"{screen} ({language})", failures);
                }

                var approver = await portal.SignInAsync(DemoData.Director.Name, locale, PortalBrowser.NarrowPhone);
                await CheckAsync(approver, "/queue", $"approval queue ({language})", failures);
                await Assertions.Expect(approver.Locator("main")).ToContainTextAsync(DemoData.Researcher.Name);
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures));
        });
    }

    /// <summary>Opens the screen, waits until it has loaded, and records what does not fit or fails axe.</summary>
    static async Task CheckAsync(IPage page, string screen, string what, List<string> failures)
    {
        // A full load, so that what is measured is this screen and not the one before it still on show.
        await page.GotoAsync("about:blank");
        await page.GotoAsync($"/#{screen}");
        await Assertions.Expect(page.Locator("main h1").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#progress")).ToBeHiddenAsync();
        await PortalBrowser.ScreenshotAsync(page, $"320-{what.Replace('/', '_').Replace('?', '_').Replace(" ", string.Empty, StringComparison.Ordinal)}");
        var content = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        if (content > PortalBrowser.NarrowPhone.Width)
        {
            failures.Add($"{what}: the page is {content}px wide at 320 px; too wide: {string.Join("; ", await page.EvaluateAsync<string[]>(Overflowing))}");
        }

        try
        {
            await PortalBrowser.AssertAccessibleAsync(page, what);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            failures.Add(e.Message);
        }
    }
}
