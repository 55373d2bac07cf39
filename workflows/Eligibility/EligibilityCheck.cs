using Grants.Workflows.Applications;
using Grants.Workflows.Money;
using Grants.Workflows.People;
using Grants.Workflows.Programs;

namespace Grants.Workflows.Eligibility;

/// <summary>Judges an application against its program's rules; pure, and reports every reason rather than the first.</summary>
public static class EligibilityCheck
{
    public static IReadOnlyList<EligibilityReason> Evaluate(GrantProgram program, Person applicant, Application application)
    {
        var reasons = new List<EligibilityReason>();

        if (!program.EligiblePositions.Contains(applicant.Position))
        {
            reasons.Add(new("position-not-eligible", $"{program.NameEn} is for {string.Join(", ", program.EligiblePositions)}; the applicant is {applicant.Position}."));
        }

        if (string.IsNullOrWhiteSpace(application.Paper.Title))
        {
            reasons.Add(new("paper-title-missing", "The paper's title is required."));
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
                reasons.Add(new("over-cap-per-paper", $"{group.Key}: {claimed} exceeds the cap of {rule.CapPerPaper} per paper."));
            }

            foreach (var document in rule.RequiredDocuments.Where(d => application.Documents.All(a => a.Kind != d)))
            {
                reasons.Add(new("document-missing", $"{group.Key} needs a {document} document attached."));
            }
        }

        if (application.Total > program.CapPerApplication)
        {
            reasons.Add(new("over-cap-per-application", $"The total {application.Total} exceeds the cap of {program.CapPerApplication} per application."));
        }

        return reasons;
    }
}
