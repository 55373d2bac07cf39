using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grants.Tests.Infrastructure;
using Grants.Workflows.Demo;
using static Grants.Tests.Programs.ProgramHttp;

namespace Grants.Tests.Mail;

/// <summary>
/// The local runtime keeps what the real SendGrid client sends: <c>GET /dev/mail</c> lists the text and links each
/// HTML part, served with a policy under which nothing in it runs; links lead to the runtime's own portal.
/// </summary>
[Trait("Kind", "EndToEnd")]
public sealed class CapturedMailTests
{
    [Fact]
    public async Task Captured_mail_lists_the_text_and_serves_the_html_under_a_policy_that_runs_nothing()
    {
        await using var runtime = await LocalRuntime.StartAsync(await Azurite.SharedAsync());
        using var applicant = runtime.ClientFor(DemoData.Researcher.Id, "applicant");
        var id = await CreateAndSubmitAsync(applicant, new
        {
            programId = DemoData.ImaGaTaisetsu,
            paper = new { title = "<img src=x onerror=alert(1)> Strain-tuned magnetism", journal = "Physical Review Materials", jointUseResearch = false },
            lines = new[] { new { kind = "openAccessCharge", amount = 120_000, description = "Article processing charge" } },
        }, "invoice");

        await WaitForMailAsync(applicant, DemoData.Director.Email, "承認依頼");
        var mail = (await applicant.GetFromJsonAsync<JsonArray>($"/dev/mail?to={Uri.EscapeDataString(DemoData.Director.Email)}"))!
            .Single(m => m!["subject"]!.GetValue<string>().Contains("承認依頼", StringComparison.Ordinal))!;
        var link = $"{runtime.BaseAddress.ToString().TrimEnd('/')}/#/applications/{id}";
        Assert.Contains(link, mail["body"]!.GetValue<string>(), StringComparison.Ordinal);

        var html = await applicant.GetAsync(mail["html"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        var policy = string.Join(" ", html.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("sandbox", policy, StringComparison.Ordinal);
        var page = await html.Content.ReadAsStringAsync();
        Assert.Contains($"<a href=\"{link}\"", page, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", page, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await applicant.GetAsync("/dev/mail/0000-none.html")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await applicant.GetAsync("/dev/mail/..%5Cx.html")).StatusCode);
    }
}
