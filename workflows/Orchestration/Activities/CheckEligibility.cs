using Grants.Workflows.Applications;
using Grants.Workflows.Eligibility;
using Grants.Workflows.Money;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Judges the submitted application against the program version it was submitted under and records every reason.</summary>
public sealed class CheckEligibility(ApplicationStore applications, ProgramCatalog programs, PeopleDirectory people, AuditTrail audit)
    : TaskActivity<StepInput, EligibilityOutcome>
{
    public override async Task<EligibilityOutcome> RunAsync(TaskActivityContext context, StepInput input)
    {
        var read = await applications.RequireStoredAsync(input.ApplicationId);
        var application = read.Value;
        if (application.Status != ApplicationStatus.Submitted || application.SubmissionCount != input.Submission)
        {
            // Already judged (this is a retry), or withdrawn meanwhile: report what was recorded.
            var recorded = application.EligibilityReasons ?? [];
            return new EligibilityOutcome(application.Status != ApplicationStatus.Ineligible && recorded.Count == 0, recorded);
        }

        var program = await programs.RequireAsync(application);
        var applicant = await people.FindRecentAsync(application.ApplicantId);
        IReadOnlyList<EligibilityReason> reasons = applicant is null
            ? [new EligibilityReason("applicant-unknown", $"{application.ApplicantId} is not in the institute's directory.", $"{application.ApplicantId} は研究所の名簿に登録されていません。")]
            : EligibilityCheck.Evaluate(program, applicant, application, await ContextAsync(application, application.SubmittedAt ?? input.At));

        await applications.ChangeAsync(read, a => a.Status != ApplicationStatus.Submitted ? a
            : (reasons.Count == 0 ? a : a.Apply(ApplicationStep.FindIneligible, Party.System, program.States).Value ?? a) with { EligibilityReasons = reasons, UpdatedAt = input.At });
        await audit.AppendAsync(application.Id, $"s{input.Submission}-eligibility", new AuditEntry(
            input.At, "system", reasons.Count == 0 ? "eligible" : "ineligible", string.Join(" ", reasons.Select(r => r.Message))));
        return new EligibilityOutcome(reasons.Count == 0, reasons);
    }

    /// <summary>What the applicant was already granted from this program in the fiscal year of submission, by the service's clock (their own partition: one query).</summary>
    async Task<EligibilityContext> ContextAsync(Application application, DateTimeOffset at)
    {
        var year = FiscalYear.Of(at);
        var granted = await applications.ListByApplicantAsync(application.ApplicantId)
            .Where(a => a.Id != application.Id && a.ProgramId == application.ProgramId && a.FiscalYear == year
                && a.Status is ApplicationStatus.Approved or ApplicationStatus.Completed)
            .Select(a => a.Commitment)
            .ToListAsync();
        return new EligibilityContext(year, Yen.Sum(granted));
    }
}
