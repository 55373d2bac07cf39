using Grants.Tests.Infrastructure;
using Grants.Tests.Orchestration;
using Grants.Tests.Security;
using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Money;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Programs;

/// <summary>Calls across the turn of a fiscal year (March 31 → April 1 in Japan), on a clock the test moves.</summary>
[Trait("Kind", "Orchestration")]
public sealed class CallRolloverTests
{
    static readonly Actor Office = new("office@example.ac.jp", new HashSet<string> { Roles.Admin });

    /// <summary>A moment given as Japan's wall-clock time.</summary>
    static DateTimeOffset Japan(int year, int month, int day, int hour = 0, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.FromHours(9));

    static async Task<(GrantsStorage Storage, CallService Calls, FakeTimeProvider Clock)> StartAsync(DateTimeOffset now)
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var catalog = new ProgramCatalog(storage);
        await ShippedPrograms.PublishMissingAsync(catalog);
        var clock = new FakeTimeProvider(now);
        var calls = new CallStore(storage);
        return (storage, new CallService(calls, catalog, new CatalogSnapshot(catalog, calls, clock), new AuditTrail(storage), clock), clock);
    }

    [Fact]
    public async Task The_years_call_closes_at_midnight_in_Japan_on_March_31_and_the_next_years_opens_without_a_new_program_version()
    {
        var (storage, calls, clock) = await StartAsync(Japan(2026, 3, 31, 23, 59));
        await calls.EnsureWholeYearCallAsync(DemoData.ImaGaTaisetsu, FiscalYear.Of(clock.GetUtcNow()));
        Assert.Equal(new FiscalYear(2025), (await calls.OpenTodayAsync(DemoData.ImaGaTaisetsu))?.FiscalYear);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await calls.OpenTodayAsync(DemoData.ImaGaTaisetsu));

        // What the demo seed does on the next start: that year's call, nothing else.
        await calls.EnsureWholeYearCallAsync(DemoData.ImaGaTaisetsu, FiscalYear.Of(clock.GetUtcNow()));
        await calls.EnsureWholeYearCallAsync(DemoData.ImaGaTaisetsu, FiscalYear.Of(clock.GetUtcNow()));
        Assert.Equal(new FiscalYear(2026), (await calls.OpenTodayAsync(DemoData.ImaGaTaisetsu))?.FiscalYear);
        var listed = (await calls.ListAsync(Office)).Where(c => c.ProgramId == DemoData.ImaGaTaisetsu).ToList();
        Assert.Equal([(2025, CallStatus.Ended), (2026, CallStatus.Open)], listed.Select(c => (c.FiscalYear, c.Status)));
        Assert.Equal(1, (await new ProgramCatalog(storage).FindAsync(DemoData.ImaGaTaisetsu))!.Version);
    }

    [Fact]
    public async Task The_demo_seed_run_in_one_fiscal_year_and_again_in_the_next_leaves_each_years_call_and_budget()
    {
        var (storage, calls, clock) = await StartAsync(Japan(2026, 3, 31, 12));
        var (people, catalog, funds) = (new PeopleDirectory(storage), new ProgramCatalog(storage), new FundStore(storage));
        await DemoData.SeedAsync(people, catalog, calls, funds, FiscalYear.Of(clock.GetUtcNow()));
        clock.SetUtcNow(Japan(2026, 4, 1, 9));
        await DemoData.SeedAsync(people, catalog, calls, funds, FiscalYear.Of(clock.GetUtcNow()));
        await DemoData.SeedAsync(people, catalog, calls, funds, FiscalYear.Of(clock.GetUtcNow()));

        foreach (var program in DemoData.Programs)
        {
            var years = (await calls.ListAsync(Office)).Where(c => c.ProgramId == program.Id).Select(c => (c.FiscalYear, c.Status));
            Assert.Equal([(2025, CallStatus.Ended), (2026, CallStatus.Open)], years);
            Assert.NotNull(await calls.OpenTodayAsync(program.Id));
        }

        Assert.NotNull(await funds.GetBudgetAsync(DemoData.DirectorFund, new FiscalYear(2026)));
    }

    [Fact]
    public async Task A_submission_is_accepted_on_March_31_refused_on_April_1_and_accepted_again_once_the_office_opens_the_new_years_call()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        var fiscalYear = harness.Year;
        var clock = new FakeTimeProvider(Japan(fiscalYear.Year + 1, 3, 31, 23, 50));
        var services = harness.Host.Services;
        var calls = ActivatorUtilities.CreateInstance<CallService>(services, (TimeProvider)clock);
        var applications = new ApplicationUseCases(services, harness.Client, clock);

        var lastDay = Ok(await applications.Submission.SubmitAsync(Researcher, await DraftWithInvoiceAsync(harness, applications, "3月31日の論文")));

        clock.Advance(TimeSpan.FromMinutes(10));
        var late = await DraftWithInvoiceAsync(harness, applications, "4月1日の論文");
        var before = await harness.CurrentAsync(late);
        var refused = await applications.Submission.SubmitAsync(Researcher, late);
        Assert.Equal(ProblemKind.Conflict, refused.Problem?.Kind);
        Assert.Contains("no open call", refused.Problem!.Detail, StringComparison.Ordinal);
        var after = await harness.CurrentAsync(late);
        Assert.Equal((ApplicationStatus.Draft, 0, before.UpdatedAt), (after.Status, after.SubmissionCount, after.UpdatedAt));
        Assert.Null(await harness.Client.GetInstanceAsync(Application.InstanceIdFor(late, 1)));

        var opened = Ok(await calls.OpenAsync(Office, DemoData.ImaGaTaisetsu, new OpenCallRequest(fiscalYear.Year + 1, null, new FiscalYear(fiscalYear.Year + 1).End)));
        Assert.Equal(CallStatus.Open, opened.Status);
        var accepted = Ok(await applications.Submission.SubmitAsync(Researcher, late));
        Assert.Equal(ApplicationStatus.Submitted, accepted.Status);
        Assert.Equal(1, accepted.ProgramVersion);

        // Each is charged to the fiscal year the service's clock said at submission, whatever the durable engine's clock says.
        Assert.Equal(fiscalYear, (await harness.WaitForStatusAsync(lastDay.Id, ApplicationStatus.AwaitingApproval)).FiscalYear);
        Assert.Equal(new FiscalYear(fiscalYear.Year + 1), (await harness.WaitForStatusAsync(late, ApplicationStatus.AwaitingApproval)).FiscalYear);
    }

    [Fact]
    public async Task Overlapping_calls_a_second_call_in_a_year_and_dates_outside_the_year_are_refused_and_change_nothing()
    {
        var (storage, calls, _) = await StartAsync(Japan(2026, 11, 30, 12));
        Ok(await calls.OpenAsync(Office, DemoData.ImaGaTaisetsu, new OpenCallRequest(2026, null, new DateOnly(2027, 3, 31))));
        var before = await StorageSnapshot.TakeAsync(storage);

        var overlapping = await calls.OpenAsync(Office, DemoData.ImaGaTaisetsu, new OpenCallRequest(2027, new DateOnly(2027, 3, 1), new DateOnly(2027, 6, 30)));
        Assert.Equal(ProblemKind.Conflict, overlapping.Problem?.Kind);
        Assert.Contains("overlaps", overlapping.Problem!.Detail, StringComparison.Ordinal);
        Assert.Equal(ProblemKind.Conflict, (await calls.OpenAsync(Office, DemoData.ImaGaTaisetsu, new OpenCallRequest(2026, null, new DateOnly(2027, 1, 31)))).Problem?.Kind);

        var invalid = await calls.OpenAsync(Office, DemoData.ImaGaTaisetsu, new OpenCallRequest(2027, new DateOnly(2028, 5, 1), new DateOnly(2028, 4, 30)));
        Assert.Equal(ProblemKind.Invalid, invalid.Problem?.Kind);
        Assert.Equal(["closes", "opens"], invalid.Problem!.Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["closes", "fiscalYear"], (await calls.OpenAsync(Office, DemoData.GraduateFellowship, new OpenCallRequest(null, null, null))).Problem!.Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(ProblemKind.Invalid, (await calls.OpenAsync(Office, DemoData.GraduateFellowship, new OpenCallRequest(2025, null, new DateOnly(2026, 3, 31)))).Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, (await calls.OpenAsync(Office, "no-such-program", new OpenCallRequest(2026, null, new DateOnly(2027, 3, 31)))).Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await calls.OpenAsync(Researcher, DemoData.GraduateFellowship, new OpenCallRequest(2026, null, new DateOnly(2027, 3, 31)))).Problem?.Kind);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(storage));
    }

    [Fact]
    public async Task A_scheduled_call_is_upcoming_for_applicants_then_opens_on_its_day_and_can_be_extended_and_closed()
    {
        var (_, calls, clock) = await StartAsync(Japan(2027, 3, 10, 9));
        Ok(await calls.OpenAsync(Office, DemoData.GraduateFellowship, new OpenCallRequest(2027, new DateOnly(2027, 4, 1), new DateOnly(2027, 5, 31))));
        Assert.Equal([(DemoData.GraduateFellowship, CallStatus.Upcoming)], (await calls.ListAsync(Researcher)).Select(c => (c.ProgramId, c.Status)));
        Assert.Null(await calls.OpenTodayAsync(DemoData.GraduateFellowship));

        clock.SetUtcNow(Japan(2027, 4, 1));
        Assert.Equal(new DateOnly(2027, 5, 31), (await calls.OpenTodayAsync(DemoData.GraduateFellowship))?.Closes);

        var extended = Ok(await calls.MoveDeadlineAsync(Office, DemoData.GraduateFellowship, "2027", new MoveDeadlineRequest(new DateOnly(2027, 6, 30))));
        Assert.Equal(new DateOnly(2027, 6, 30), extended.Closes);
        Assert.Equal(CallStatus.Closed, Ok(await calls.CloseAsync(Office, DemoData.GraduateFellowship, "2027")).Status);
        Assert.Null(await calls.OpenTodayAsync(DemoData.GraduateFellowship));
        Assert.Empty(await calls.ListAsync(Researcher));
        Assert.Equal(CallStatus.Closed, (await calls.ListAsync(Office)).Single().Status);
    }

    static async Task<string> DraftWithInvoiceAsync(WorkflowHarness harness, ApplicationUseCases applications, string title)
    {
        var (draft, _) = Ok(await applications.Drafts.CreateDraftAsync(Researcher, Draft(title), idempotencyKey: null));
        await harness.AttachInvoiceAsync(Researcher, draft.Id);
        return draft.Id;
    }
}
