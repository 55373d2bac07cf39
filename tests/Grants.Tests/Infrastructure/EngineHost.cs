using Grants.Workflows;
using Grants.Workflows.Demo;
using Grants.Workflows.Mail;
using Grants.Workflows.Money;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grants.Tests.Infrastructure;

/// <summary>
/// Starts the in-memory Durable Task host with every Grants orchestrator and activity and a local mail sink, as the
/// workflow and finance harnesses both need it, and stops both again when the harness cannot be built.
/// </summary>
public static class EngineHost
{
    /// <summary>Starts the host with the services <paramref name="configure"/> registers (given the sink's mail options),
    /// then builds the harness with <paramref name="ready"/>; <paramref name="tasks"/> registers other orchestrators and activities than Grants' own.</summary>
    public static async Task<T> StartAsync<T>(Action<IServiceCollection, MailOptions> configure, Func<DurableTaskTestHost, MailSink, Task<T>> ready, Action<DurableTaskRegistry>? tasks = null)
    {
        var mail = await MailSink.StartAsync();
        DurableTaskTestHost? host = null;
        try
        {
            var mailOptions = new MailOptions { ApiKey = "test", Host = mail.Address, PortalUrl = Orchestration.WorkflowHarness.PortalUrl };
            host = await DurableTaskTestHost.StartAsync(
                tasks ?? (registry => registry.AddGrantsTasks()),
                new DurableTaskTestHostOptions { Port = FreePort.Next(), ConfigureServices = services => configure(services, mailOptions) });
            return await ready(host, mail);
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            await mail.DisposeAsync();
            throw;
        }
    }

    /// <summary>Seeds the demo people, programs, calls and funds for <paramref name="year"/>.</summary>
    public static Task SeedDemoAsync(IServiceProvider services, FiscalYear year) =>
        DemoData.SeedAsync(services.GetRequiredService<PeopleDirectory>(), services.GetRequiredService<ProgramCatalog>(), services.GetRequiredService<CallService>(), services.GetRequiredService<FundStore>(), year);
}
