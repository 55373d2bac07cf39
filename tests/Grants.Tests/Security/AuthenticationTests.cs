using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Grants.Api;
using Grants.Tests.Infrastructure;
using Grants.Workflows.Demo;
using Microsoft.Extensions.Configuration;

namespace Grants.Tests.Security;

/// <summary>Where the signed-in person comes from, and where the app refuses to believe the header that names them.</summary>
[Trait("Kind", "EndToEnd")]
public sealed class AuthenticationTests
{
    [Fact]
    public async Task In_Azure_without_Easy_Auth_protected_routes_answer_503_instead_of_trusting_the_header_and_health_stays_open()
    {
        await using var host = await ApiHost.StartAsync(new Dictionary<string, string?> { [EasyAuthRequirement.SiteNameSetting] = "grants-prod" });
        using var forged = host.ClientFor(DemoData.Finance.Id, "finance", "admin");

        Assert.Equal(HttpStatusCode.OK, (await forged.GetAsync("/api/health")).StatusCode);
        foreach (var path in new[] { "/api/programs", "/api/applications", "/api/payouts", $"/api/people/{DemoData.Researcher.Id}/bank-account" })
        {
            var response = await forged.GetAsync(path);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Authentication not configured", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
        }
    }

    [Theory]
    [InlineData("grants-prod", "True", true)]
    [InlineData("grants-prod", "true", true)]
    [InlineData("grants-prod", "False", false)]
    [InlineData("grants-prod", null, false)]
    [InlineData(null, null, true)]
    public void The_header_is_trusted_outside_Azure_or_behind_Easy_Auth(string? siteName, string? authEnabled, bool trusted)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [EasyAuthRequirement.SiteNameSetting] = siteName, [EasyAuthRequirement.AuthEnabledSetting] = authEnabled })
            .Build();
        Assert.Equal(trusted, EasyAuthRequirement.HeaderTrusted(configuration));
    }

    [Fact]
    public async Task Behind_Easy_Auth_the_header_signs_the_person_in_and_without_it_the_answer_is_401()
    {
        await using var host = await ApiHost.StartAsync(new Dictionary<string, string?>
        {
            [EasyAuthRequirement.SiteNameSetting] = "grants-prod",
            [EasyAuthRequirement.AuthEnabledSetting] = "True",
        });
        using var signedIn = host.ClientFor(DemoData.Researcher.Id, "applicant");
        using var anonymous = host.ClientFor(null);

        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/api/programs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/programs")).StatusCode);
    }

    [Fact]
    public async Task The_local_runtime_refuses_to_start_as_Production()
    {
        var (exitCode, output) = await RunLocalRuntimeAsync("Production", $"http://127.0.0.1:{FreePort.Next()}");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("does not run with ASPNETCORE_ENVIRONMENT=Production", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://0.0.0.0:{0}")]
    [InlineData("http://+:{0}")]
    [InlineData("http://example.ac.jp:{0}")]
    public async Task The_local_runtime_refuses_to_listen_beyond_loopback(string urls)
    {
        var (exitCode, output) = await RunLocalRuntimeAsync("Development", string.Format(System.Globalization.CultureInfo.InvariantCulture, urls, FreePort.Next()));
        Assert.NotEqual(0, exitCode);
        Assert.Contains("binds to loopback only", output, StringComparison.Ordinal);
    }

    static async Task<(int ExitCode, string Output)> RunLocalRuntimeAsync(string environment, string urls)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Repository.Root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(Repository.OutputOf("local"), "Grants.Local.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(urls);
        // Storage that does not exist: a runtime that got past its checks would fail differently (and never serve).
        start.ArgumentList.Add("--GrantsStorage");
        start.ArgumentList.Add("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=AAAA;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:1/devstoreaccount1");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The local runtime kept running instead of refusing to start.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
