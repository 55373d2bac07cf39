using Grants.Workflows.Storage;
using Microsoft.DurableTask;

namespace Grants.Workflows.Orchestration.Activities;

/// <summary>Reserves the application's total in its fund's budget for the fiscal year; never below zero, never twice.</summary>
public sealed class ReserveBudget(ApplicationStore applications, FundStore funds, AuditTrail audit)
    : TaskActivity<StepInput, ReservationOutcome>
{
    public override async Task<ReservationOutcome> RunAsync(TaskActivityContext context, StepInput input)
    {
        var application = (await applications.GetAsync(input.ApplicationId))?.Value
            ?? throw new InvalidOperationException($"Application {input.ApplicationId} does not exist.");
        if (application.FundId is null || application.FiscalYear is null)
        {
            throw new InvalidOperationException($"Application {application.Id} has not been routed to a fund.");
        }

        var outcome = await funds.ReserveAsync(application.Id, application.FundId, application.FiscalYear.Value, application.Commitment, input.At) with { Payment = application.PaymentKind };
        await audit.AppendAsync(application.Id, $"s{input.Submission}-reserve", new AuditEntry(
            input.At,
            "system",
            outcome.Reserved ? "budget-reserved" : "budget-insufficient",
            outcome.Problem ?? $"{application.Commitment} reserved from {application.FundId} {application.FiscalYear}; {outcome.Remaining} remains."));
        return outcome;
    }
}
