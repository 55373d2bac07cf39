using Grants.Workflows.Applications;
using Grants.Workflows.Money;
using Grants.Workflows.People;
using Grants.Workflows.Programs;

namespace Grants.Workflows.Eligibility;

/// <summary>What the eligibility check needs to know beyond the application: the fiscal year and what the applicant was already granted in it.</summary>
public sealed record EligibilityContext(FiscalYear Year, Yen GrantedThisYear)
{
    public static EligibilityContext For(DateTimeOffset at) => new(FiscalYear.Of(at), Yen.Zero);
}

/// <summary>Judges an application against its program's rules; pure, and reports every reason rather than the first.</summary>
public static class EligibilityCheck
{
    public static IReadOnlyList<EligibilityReason> Evaluate(GrantProgram program, Person applicant, Application application) =>
        Evaluate(program, applicant, application, EligibilityContext.For(application.SubmittedAt ?? application.UpdatedAt));

    public static IReadOnlyList<EligibilityReason> Evaluate(GrantProgram program, Person applicant, Application application, EligibilityContext context)
    {
        var reasons = new List<EligibilityReason>();

        if (!program.EligiblePositions.Contains(applicant.Position))
        {
            reasons.Add(new("position-not-eligible", $"{program.NameEn} is for {string.Join(", ", program.EligiblePositions)}; the applicant is {applicant.Position}."));
        }

        if (program.RequiresEnrollment && !applicant.Enrolled)
        {
            reasons.Add(new("not-enrolled", $"{program.NameEn} is for enrolled students; the applicant is not enrolled."));
        }

        if (program.MaxYearsSinceDoctorate is { } maxYears && applicant.DoctorateYear is { } doctorate && context.Year.Year - doctorate > maxYears)
        {
            reasons.Add(new("career-stage", $"{program.NameEn} is for researchers at most {maxYears} years after their doctorate; the applicant's was in {doctorate}."));
        }

        if (string.IsNullOrWhiteSpace(application.Paper.Title))
        {
            reasons.Add(new("paper-title-missing", "The paper's title is required."));
        }

        if (program.Endorsement is { } endorser)
        {
            if (string.IsNullOrWhiteSpace(application.EndorserId))
            {
                reasons.Add(new("endorser-missing", $"Name your {endorser} (endorserId): they endorse the application before approval."));
            }
            else if (application.EndorserId == application.ApplicantId)
            {
                reasons.Add(new("self-endorsement", "Nobody endorses their own application."));
            }
        }

        if (application.PaymentKind == PaymentKind.MonthlyBeforeAndAfterArrival && application.SendingUniversity is null)
        {
            reasons.Add(new("sending-university-missing", "Name the sending university and a contact person there."));
        }

        if (application.PaymentKind != PaymentKind.OneTime)
        {
            if (application.Months < 1 || application.Months > program.Period.MaxMonths)
            {
                reasons.Add(new("months-out-of-range", $"Request between 1 and {program.Period.MaxMonths} months of support, not {application.Months}."));
            }

            if (application.Lines.Any(l => l.Kind is not (ExpenseKind.ResearchAssistantMonthly or ExpenseKind.PreArrivalMonthly or ExpenseKind.PostArrivalMonthly)))
            {
                reasons.Add(new("mixed-support", "Monthly support and one-time expenses go in separate applications."));
            }
        }

        if (application.Lines.Count == 0)
        {
            reasons.Add(new("no-expenses", "At least one expense line is required."));
        }

        foreach (var line in application.Lines.Where(l => !l.Amount.IsPositive))
        {
            reasons.Add(new("amount-not-positive", $"{line.Kind}: the amount must be more than ¥0, not {line.Amount}."));
        }

        foreach (var group in application.Lines.GroupBy(l => l.Kind))
        {
            var rule = program.RuleFor(group.Key);
            if (rule is null)
            {
                reasons.Add(new("expense-not-covered", $"{program.NameEn} does not pay for {group.Key}."));
                continue;
            }

            var claimed = Yen.Sum(group.Select(l => l.Amount));
            if (claimed > rule.CapPerPaper)
            {
                reasons.Add(new("over-cap-per-paper", $"{group.Key}: {claimed} exceeds the cap of {rule.CapPerPaper} per item."));
            }

            foreach (var document in rule.RequiredDocuments.Where(d => application.Documents.All(a => a.Kind != d)))
            {
                reasons.Add(new("document-missing", $"{group.Key} needs a {document} document attached."));
            }
        }

        var commitment = application.Commitment;
        if (commitment > program.CapPerApplication)
        {
            reasons.Add(new("over-cap-per-application", $"The total {commitment} exceeds the cap of {program.CapPerApplication} per application."));
        }

        if (program.CapPerPersonPerYear is { } personCap && context.GrantedThisYear + commitment > personCap)
        {
            reasons.Add(new("over-cap-per-person-year", $"With {context.GrantedThisYear} already granted in {context.Year}, {commitment} more exceeds the cap of {personCap} per person and fiscal year."));
        }

        return reasons;
    }
}
