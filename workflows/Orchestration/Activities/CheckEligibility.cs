using Grants.Workflows.Applications;
using Grants.Workflows.Eligibility;
using Grants.Workflows.Money;
using Grants.Workflows.People;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>
/// Judges the submitted application against the program version it was submitted under and records every reason. Told to
/// route (<see cref="StepInput.RouteWhenEligible"/>, a program without endorsement), it also does what
/// <see cref="RequestApproval"/> does for an eligible application, in the same save: one step instead of two. Told to
/// notify (<see cref="StepInput.Notify"/>), it also sends the notice of what it saved, as SendNotification would next.
/// </summary>
public sealed class CheckEligibility(ApplicationStore applications, ProgramCatalog programs, PeopleSnapshot people, NoticeSender notices)
    : TaskActivity<StepInput, EligibilityOutcome>
{
    public override async Task<EligibilityOutcome> RunAsync(TaskActivityContext context, StepInput input)
    {
        // Submit saved it just before, in this process as a rule: its save here is guarded by that copy's ETag, so a copy changed since costs a read, not a wrong save.
        var read = await applications.RequireRecentAsync(input.ApplicationId, input.Submission);
        var application = read.Value;
        if (application.Status != ApplicationStatus.Submitted || application.SubmissionCount != input.Submission)
        {
            return await RecordedAsync(application, input);
        }

        var program = await programs.RequireAsync(application);
        var applicant = await people.FindAsync(application.ApplicantId);
        IReadOnlyList<EligibilityReason> reasons = applicant is null
            ? [new EligibilityReason("applicant-unknown", $"{application.ApplicantId} is not in the institute's directory.", $"{application.ApplicantId} は研究所の名簿に登録されていません。")]
            : EligibilityCheck.Evaluate(program, applicant, application, await ContextAsync(program, application, application.SubmittedAt ?? input.At));

        var route = reasons.Count == 0 && input.RouteWhenEligible;
        var (saved, fresh) = await applications.SaveChangeAsync(
            read,
            a => a.Status != ApplicationStatus.Submitted ? a
                : reasons.Count > 0 ? (a.Apply(ApplicationStep.FindIneligible, Party.System, program.States).Value ?? a) with { EligibilityReasons = reasons, UpdatedAt = input.At }
                : ((route ? RequestApproval.Route(a, program, input) : null) ?? a) with { EligibilityReasons = reasons, UpdatedAt = input.At },
            a => Records(input, reasons, route && Awaits(a, input) ? a.FundId : null));
        return await NotifyAsync(new EligibilityOutcome(reasons.Count == 0, reasons) { Routed = route && Awaits(saved.Value, input) }, saved.Value, input, unsent: fresh);
    }

    /// <summary>
    /// Already judged (this is a retry), or withdrawn meanwhile: reports what was recorded. A retry of a step that routed the
    /// application finishes its audit, which a crash after the save may have cut short.
    /// </summary>
    async Task<EligibilityOutcome> RecordedAsync(Application application, StepInput input)
    {
        var recorded = application.EligibilityReasons ?? [];
        var eligible = application.Status != ApplicationStatus.Ineligible && recorded.Count == 0;
        var routed = eligible && input.RouteWhenEligible && Awaits(application, input);
        if (routed)
        {
            await applications.RecordAsync(application.Id, Records(input, recorded, application.FundId));
        }

        return await NotifyAsync(new EligibilityOutcome(eligible, recorded) { Routed = routed }, application, input, unsent: false);
    }

    /// <summary>
    /// Told to (<see cref="StepInput.Notify"/>), sends the notice the workflow would send next, of the judgement as saved:
    /// ineligible, or put before the approver. <paramref name="unsent"/>: this run has just made the save the notice tells of.
    /// </summary>
    async Task<EligibilityOutcome> NotifyAsync(EligibilityOutcome outcome, Application application, StepInput input, bool unsent)
    {
        var kind = !outcome.Eligible ? NotificationKind.Ineligible : outcome.Routed ? NotificationKind.ApprovalRequested : (NotificationKind?)null;
        if (!input.Notify || kind is not { } notice)
        {
            return outcome;
        }

        await notices.SendAsync(NoticeSender.Of(input, notice), application, unsent);
        return outcome with { Notified = true };
    }

    /// <summary>The judgement's line, and when the application was routed in the same save, the routing's too: written with the save.</summary>
    static SaveRecords Records(StepInput input, IReadOnlyList<EligibilityReason> reasons, string? routedTo)
    {
        var judged = new AuditEntry(input.At, "system", reasons.Count == 0 ? "eligible" : "ineligible", string.Join(" ", reasons.Select(r => r.Message)));
        var step = $"s{input.Submission}-eligibility";
        return new(routedTo is null
            ? [(step, judged)]
            : [
                (step, judged),
                // A tick later, so the trail (in time order) reads judged, then routed, as when they were two steps.
                ($"s{input.Submission}-approval-requested", new AuditEntry(input.At.AddTicks(1), "system", "approval-requested", $"Routed to {routedTo}.")),
            ]);
    }

    static bool Awaits(Application application, StepInput input) =>
        application.Status == ApplicationStatus.AwaitingApproval && application.SubmissionCount == input.Submission;

    /// <summary>
    /// What the applicant was already granted from this program in the fiscal year of submission, by the service's clock (their
    /// own partition: one query); only a program with a cap per person and year asks, so for others nothing is read.
    /// </summary>
    async Task<EligibilityContext> ContextAsync(GrantProgram program, Application application, DateTimeOffset at)
    {
        var year = FiscalYear.Of(at);
        if (program.CapPerPersonPerYear is null)
        {
            return new EligibilityContext(year, Yen.Zero);
        }

        var granted = await applications.ListByApplicantAsync(application.ApplicantId)
            .Where(a => a.Id != application.Id && a.ProgramId == application.ProgramId && a.FiscalYear == year
                && a.Status is ApplicationStatus.Approved or ApplicationStatus.Completed)
            .Select(a => a.Commitment)
            .ToListAsync();
        return new EligibilityContext(year, Yen.Sum(granted));
    }
}
