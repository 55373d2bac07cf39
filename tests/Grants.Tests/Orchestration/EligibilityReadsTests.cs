using Azure.Core;
using Grants.Tests.Infrastructure;
using Grants.Tests.Storage;
using Grants.Workflows.Applications;
using Grants.Workflows.Orchestration;
using Grants.Workflows.Orchestration.Activities;
using Grants.Workflows.People;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;

namespace Grants.Tests.Orchestration;

/// <summary>The eligibility step asks what the applicant was granted this year (a query of their partition) only of a program with a cap per person and year.</summary>
[Trait("Kind", "Storage")]
public sealed class EligibilityReadsTests
{
    const string Tanaka = "tanaka@example.ac.jp";

    [Theory]
    [InlineData("ima-ga-taisetsu", 1)]
    [InlineData("ukeire-fellowship", 0)]
    public async Task Only_a_program_with_a_cap_per_person_queries_what_the_applicant_was_granted(string programId, int queries)
    {
        // Queries (reads with a filter) of the application index.
        var counter = new RequestCounter(r => r.Method == RequestMethod.Get && Uri.UnescapeDataString(r.Uri.ToString()).Contains("applicationindex()", StringComparison.Ordinal));
        var storage = await counter.StorageAsync();
        var (applications, programs, people) = (new ApplicationStore(storage), new ProgramCatalog(storage), new PeopleDirectory(storage));
        await ShippedPrograms.PublishMissingAsync(programs);
        await people.UpsertAsync(new Person(Tanaka, "田中 花子", "タナカ ハナコ", Tanaka, Position.AssistantProfessor, "Materials Science"));
        var program = (await programs.FindAsync(programId))!;
        Assert.Equal(queries == 1, program.CapPerPersonPerYear is not null);
        var submitted = ApplicationStoreTests.Draft("APP-1", Tanaka, ApplicationStatus.Submitted) with { ProgramId = program.Id, ProgramVersion = program.Version, SubmissionCount = 1 };
        await applications.TryCreateAsync(submitted);
        await applications.MoveOldStatusCopiesAsync();

        counter.Reset();
        using var snapshot = new PeopleSnapshot(people, TimeProvider.System);

        // No notice is asked of the step (its input says not), so it needs no sender.
        var outcome = await new CheckEligibility(applications, programs, snapshot, notices: null!).RunAsync(null!, new StepInput("APP-1", 1, DateTimeOffset.UtcNow));

        Assert.Equal(queries, counter.Count);
        Assert.Equal(outcome.Reasons.Count == 0, outcome.Eligible);
    }
}
