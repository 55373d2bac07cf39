using System.Net;
using Grants.Api;
using Microsoft.Playwright;

namespace Grants.Tests.Portal;

/// <summary>The portal's frame in a real browser: served at /, signed in, Japanese by default for Japanese browsers, usable at phone width and accessible.</summary>
[Trait("Kind", "Browser")]
public sealed class PortalShellTests
{
    [Fact]
    public async Task The_local_runtime_serves_the_portal_at_the_root_with_a_strict_content_security_policy()
    {
        await using var portal = await PortalBrowser.StartAsync();
        using var http = new HttpClient { BaseAddress = portal.BaseAddress };

        var page = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(PortalFiles.ContentSecurityPolicy, page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());

        using var again = new HttpRequestMessage(HttpMethod.Get, "/js/core.js");
        again.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue((await http.GetAsync("/js/core.js")).Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(again)).StatusCode);

        var missing = await http.GetAsync("/no-such-file.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_Japanese_browser_gets_Japanese_and_can_switch_to_English_which_is_remembered()
    {
        await using var portal = await PortalBrowser.StartAsync();
        var page = await portal.OpenAsync(locale: "ja-JP");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "サインイン", Level = 1 })).ToBeVisibleAsync();
        Assert.Equal("ja", await page.GetAttributeAsync("html", "lang"));
        await PortalBrowser.AssertAccessibleAsync(page, "sign-in (ja)");

        await page.GetByLabel("言語").SelectOptionAsync("en");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
    }

    [Fact]
    public async Task An_English_browser_gets_English_and_a_signed_in_person_sees_their_name_and_can_sign_out()
    {
        await using var portal = await PortalBrowser.StartAsync();
        var page = await portal.SignInAsync("田中 花子", viewport: PortalBrowser.Phone);

        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("田中 花子 (Applicant)");
        await PortalBrowser.AssertFitsWidthAsync(page, "first screen at phone width");
        await PortalBrowser.AssertAccessibleAsync(page, "first screen at phone width");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
    }
}
