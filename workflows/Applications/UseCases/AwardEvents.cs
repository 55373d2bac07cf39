using Grants.Workflows.Access;
using Grants.Workflows.Money;
using Grants.Workflows.Orchestration;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Applications;

/// <summary>
/// What people tell an award after approval: the published paper, the student's arrival, an extension asked for and
/// decided, an early stop. Each goes to the award's workflow, which pays accordingly.
/// </summary>
public sealed class AwardEvents(ApplicationStore applications, ApplicationAccess access, WorkflowSignals signals, AuditTrail audit, TimeProvider clock)
{
    /// <summary>The applicant reports the published paper (its DOI) after payment.</summary>
    public async Task<Outcome<Application>> ReportAsync(Actor actor, string id, ReportRequest request, CancellationToken cancellationToken = default)
    {
        var doi = DraftValidation.Clean(request.Doi);
        if (!System.Text.RegularExpressions.Regex.IsMatch(doi, @"^10\.\d{4,9}/\S{1,200}$"))
        {
            return Problem.Invalid("doi", "Give the paper's DOI, such as 10.1103/PhysRevMaterials.7.012345.");
        }

        return await access.ActAsync(actor, id, ApplicationAction.Report, "report on", async (application, program) =>
        {
            if (program.Report is null || application.Report is not null)
            {
                return Problem.Conflict(application.Report is null ? "This program asks for no report." : "The report was already received.");
            }

            return await signals.RaiseAwardAsync(application, new AwardEvent(AwardEventKind.Report, actor.Id, "", clock.GetUtcNow(), Doi: doi), cancellationToken);
        }, cancellationToken);
    }

    /// <summary>The host researcher records the student's arrival, or moves the expected arrival date.</summary>
    public async Task<Outcome<Application>> RecordArrivalAsync(Actor actor, string id, ArrivalRequest request, CancellationToken cancellationToken = default)
    {
        if ((request.ArrivedOn is null) == (request.ExpectedOn is null))
        {
            return Problem.Invalid("arrivedOn", "Give either arrivedOn (the student has arrived) or expectedOn (the new expected date).");
        }

        var today = JapanTime.DateOf(clock.GetUtcNow());
        if (request.ArrivedOn is { } arrived && (arrived > today || arrived < today.AddYears(-3)))
        {
            return Problem.Invalid("arrivedOn", "The arrival date cannot be in the future or years ago.");
        }

        if (request.ExpectedOn is { } expected && (expected < today || expected > today.AddYears(3)))
        {
            return Problem.Invalid("expectedOn", "The expected arrival must be between today and three years from now.");
        }

        return await access.ActAsync(actor, id, ApplicationAction.RecordArrival, "record the arrival of", async (application, _) =>
        {
            if (application.PaymentKind != PaymentKind.MonthlyBeforeAndAfterArrival || application.ArrivedOn is not null)
            {
                return Problem.Conflict(application.ArrivedOn is null ? "This application has no arrival to record." : "The arrival was already recorded.");
            }

            var kind = request.ArrivedOn is not null ? AwardEventKind.Arrived : AwardEventKind.ArrivalExpected;
            return await signals.RaiseAwardAsync(application, new AwardEvent(kind, actor.Id, "", clock.GetUtcNow(), Date: request.ArrivedOn ?? request.ExpectedOn), cancellationToken);
        }, cancellationToken);
    }

    /// <summary>The student or host asks to extend monthly support; the approver decides.</summary>
    public async Task<Outcome<Application>> RequestExtensionAsync(Actor actor, string id, ExtensionRequest request, CancellationToken cancellationToken = default)
    {
        var reason = DraftValidation.Clean(request.Reason);
        if (request.Months is not (>= 1 and <= 24))
        {
            return Problem.Invalid("months", "Ask for 1 to 24 more months.");
        }

        if (reason.Length is 0 or > DraftValidation.MaxText)
        {
            return Problem.Invalid("reason", $"Say why, in at most {DraftValidation.MaxText} characters.");
        }

        return await access.ActAsync(actor, id, ApplicationAction.RequestExtension, "extend", async (application, program) =>
        {
            if (application.PaymentKind == PaymentKind.OneTime || application.ExtensionRequested > 0)
            {
                return Problem.Conflict(application.ExtensionRequested > 0 ? "An extension request is already waiting for a decision." : "Only monthly support can be extended.");
            }

            if (application.ExtensionMonths + request.Months > program.Period.MaxExtensionMonths)
            {
                return Problem.Invalid("months", $"{program.NameEn} can be extended by {program.Period.MaxExtensionMonths} months at most; {application.ExtensionMonths} are already granted.");
            }

            // Only while support runs: the ETag-guarded write races the award's end, and exactly one of them wins.
            var now = clock.GetUtcNow();
            var saved = await applications.UpdateAsync(id, a => a.Status == ApplicationStatus.Approved ? a with { ExtensionRequested = request.Months!.Value, UpdatedAt = now } : a, cancellationToken);
            if (saved.Value.Status != ApplicationStatus.Approved)
            {
                return Problem.Conflict("Support has ended; an extension can no longer be asked for.");
            }

            await audit.AppendAsync(id, ApplicationIds.NewStepKey(), new AuditEntry(now, actor.Id, "extension-requested", $"{request.Months} months: {reason}"), cancellationToken);
            return null;
        }, cancellationToken);
    }

    /// <summary>The approver grants or refuses a requested extension; a granted one reserves the extra months and extends the payouts.</summary>
    public async Task<Outcome<Application>> DecideExtensionAsync(Actor actor, string id, DecisionRequest request, CancellationToken cancellationToken = default)
    {
        var approve = request.Decision?.Trim().ToLowerInvariant() switch { "approve" => true, "reject" => false, _ => (bool?)null };
        if (approve is null)
        {
            return Problem.Invalid("decision", "Decide with approve or reject.");
        }

        return await access.ActAsync(actor, id, ApplicationAction.DecideExtension, "decide the extension of", async (application, _) =>
        {
            if (application.ExtensionRequested == 0)
            {
                return Problem.Conflict("No extension is waiting for a decision.");
            }

            // Both answers go to the award, which takes the first and lets support end after a refusal in its last month.
            var kind = approve.Value ? AwardEventKind.ExtensionApproved : AwardEventKind.ExtensionRefused;
            var comment = DraftValidation.Clean(request.Comment);
            return await signals.RaiseAwardAsync(application, new AwardEvent(kind, actor.Id, comment, clock.GetUtcNow(), Months: application.ExtensionRequested), cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Ends monthly support early (withdrawal by the student, or termination); unpaid months are released.</summary>
    public async Task<Outcome<Application>> StopAsync(Actor actor, string id, StopRequest request, CancellationToken cancellationToken = default)
    {
        var reason = DraftValidation.Clean(request.Reason);
        if (reason.Length is 0 or > DraftValidation.MaxText)
        {
            return Problem.Invalid("reason", $"Say why, in at most {DraftValidation.MaxText} characters.");
        }

        return await access.ActAsync(actor, id, ApplicationAction.Stop, "stop", async (application, _) =>
        {
            if (application.PaymentKind == PaymentKind.OneTime)
            {
                return Problem.Conflict("Only monthly support can be stopped; a one-time payout is cancelled by finance.");
            }

            return await signals.RaiseAwardAsync(application, new AwardEvent(AwardEventKind.Stop, actor.Id, reason, clock.GetUtcNow()), cancellationToken);
        }, cancellationToken);
    }
}
