using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Orchestration;

/// <summary>Who may decide and who may read, checked by the service that both hosts share.</summary>
[Trait("Kind", "Orchestration")]
public sealed class AccessTests
{
    [Fact]
    public async Task Nobody_decides_their_own_application_applicants_never_decide_and_others_cannot_see_it()
    {
        await using var harness = await StartAsync();

        // A delegate who is also an applicant: their own application waits for someone else.
        var delegateApplicant = new Actor(DemoData.Researcher.Id, new HashSet<string> { Roles.Applicant, Roles.Director });
        var submitted = await harness.SubmitNewAsync(delegateApplicant);
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.AwaitingApproval);

        Assert.Equal(ProblemKind.Forbidden, (await harness.Decisions.DecideAsync(delegateApplicant, submitted.Id, new DecisionRequest("approve", null))).Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await harness.Decisions.DecideAsync(Researcher, submitted.Id, new DecisionRequest("approve", null))).Problem?.Kind);
        // Someone with no part in it is told it does not exist.
        Assert.Equal(ProblemKind.NotFound, (await harness.Decisions.DecideAsync(Student, submitted.Id, new DecisionRequest("approve", null))).Problem?.Kind);

        var directorAsApplicant = new Actor(DemoData.Director.Id, new HashSet<string> { Roles.Applicant, Roles.Director });
        var (own, _) = Ok(await harness.Drafts.CreateDraftAsync(directorAsApplicant, Draft("所長自身の論文"), idempotencyKey: null));
        Assert.Equal(ProblemKind.Forbidden, (await harness.Decisions.DecideAsync(directorAsApplicant, own.Id, new DecisionRequest("approve", null))).Problem?.Kind);

        // Another applicant cannot see, change or withdraw it, and does not find it in their list.
        Assert.Equal(ProblemKind.NotFound, (await harness.Queries.GetAsync(Student, submitted.Id)).Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, (await harness.Withdrawal.WithdrawAsync(Student, submitted.Id)).Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, (await harness.Submission.SubmitAsync(Student, submitted.Id)).Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, (await harness.Drafts.UpdateDraftAsync(Student, submitted.Id, Draft())).Problem?.Kind);
        var documentId = (await harness.Applications.GetAsync(submitted.Id))!.Value.Documents.Single().Id;
        Assert.Equal(ProblemKind.NotFound, (await harness.Documents.OpenDocumentAsync(Student, submitted.Id, documentId)).Problem?.Kind);
        Assert.Empty(Ok(await harness.Queries.ListAsync(Student, null)));

        // The owner and the director can read it; only staff see the budget beside it.
        var ownView = Ok(await harness.Queries.GetAsync(Researcher, submitted.Id));
        Assert.Null(ownView.Budget);
        Assert.Null(ownView.FundNameEn);
        var staffView = Ok(await harness.Queries.GetAsync(Director, submitted.Id));
        Assert.Equal(DemoData.DirectorFund, staffView.Budget!.FundId);
        Assert.Equal((DemoData.DirectorDiscretionary.NameJa, DemoData.DirectorDiscretionary.NameEn), (staffView.FundNameJa, staffView.FundNameEn));
        Assert.Contains(ApplicationAction.Decide, staffView.AllowedActions);

        // Nothing the refused requests did moved the workflow; the real director still decides.
        Assert.Equal(ApplicationStatus.AwaitingApproval, (await harness.Applications.GetAsync(submitted.Id))!.Value.Status);
        Ok(await harness.Decisions.DecideAsync(Director, submitted.Id, new DecisionRequest("approve", null)));
        await harness.WaitForStatusAsync(submitted.Id, ApplicationStatus.Approved);
        Assert.Equal(DemoData.Director.Id, (await harness.Applications.GetAsync(submitted.Id))!.Value.Decision!.DeciderId);
    }
}
