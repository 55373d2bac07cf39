using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using Grants.Workflows.Money;
using Grants.Workflows.Programs;
using Grants.Workflows.Reports;
using Microsoft.Extensions.DependencyInjection;
using static Grants.Tests.Orchestration.WorkflowHarness;
using static Grants.Tests.Programs.ProgramHarness;

namespace Grants.Tests.Programs;

/// <summary>The year's figures per program and fund after real approvals, rejections, a withdrawal and an ineligible application.</summary>
[Trait("Kind", "Orchestration")]
public sealed class ProgramSummaryTests
{
    [Fact]
    public async Task The_summary_counts_applications_and_sums_money_per_program_and_fund()
    {
        await using var harness = await StartAsync();
        var summary = harness.Host.Services.GetRequiredService<ProgramSummaryService>();

        // Publication support from the director's fund: one approved, one rejected, one withdrawn, one ineligible (no invoice).
        var approved = await harness.SubmitNewAsync(Researcher, Draft("採択される論文", 80_000));
        var rejected = await harness.SubmitNewAsync(Researcher, Draft("不採択の論文", 90_000));
        var withdrawn = await harness.SubmitNewAsync(Researcher, Draft("取り下げる論文", 70_000));
        var ineligible = await harness.SubmitNewAsync(Researcher, Draft("請求書のない論文", 60_000), attachInvoice: false);
        // Publication support from the joint-use budget.
        var jointUse = await harness.SubmitNewAsync(Researcher, Draft("共同利用の論文", 100_000) with { Paper = new Paper("共同利用の論文", "Physical Review B", true) });
        // RA support from the institute's fund: 2 months × 80,000.
        var ra = await harness.SubmitWithAsync(Student, RaDraft(months: 2), DocumentKind.EmploymentPlan);

        foreach (var id in new[] { approved.Id, rejected.Id, withdrawn.Id, jointUse.Id })
        {
            await harness.WaitForStatusAsync(id, ApplicationStatus.AwaitingApproval);
        }

        await harness.WaitForStatusAsync(ineligible.Id, ApplicationStatus.Ineligible);
        await harness.WaitForStatusAsync(ra.Id, ApplicationStatus.AwaitingEndorsement);
        Ok(await harness.Endorsements.EndorseAsync(Supervisor, ra.Id, new EndorsementRequest("endorse", "")));
        await harness.WaitForStatusAsync(ra.Id, ApplicationStatus.AwaitingApproval);

        Ok(await harness.Decisions.DecideAsync(Director, approved.Id, new DecisionRequest("approve", null)));
        Ok(await harness.Decisions.DecideAsync(Director, rejected.Id, new DecisionRequest("reject", "対象外の経費です。")));
        Ok(await harness.Withdrawal.WithdrawAsync(Researcher, withdrawn.Id));
        Ok(await harness.Decisions.DecideAsync(JointUseApprover, jointUse.Id, new DecisionRequest("approve", null)));
        Ok(await harness.Decisions.DecideAsync(Director, ra.Id, new DecisionRequest("approve", null)));
        await harness.WaitForStatusAsync(approved.Id, ApplicationStatus.Approved);
        await harness.WaitForStatusAsync(rejected.Id, ApplicationStatus.Rejected);
        await harness.WaitForStatusAsync(withdrawn.Id, ApplicationStatus.Withdrawn);
        await harness.WaitForStatusAsync(jointUse.Id, ApplicationStatus.Approved);
        await harness.WaitForStatusAsync(ra.Id, ApplicationStatus.Approved);

        var report = Ok(await summary.ReportAsync(Director, harness.Year.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(harness.Year, report.FiscalYear);

        var director = Assert.Single(report.Programs, p => p.ProgramId == DemoData.ImaGaTaisetsu && p.FundId == DemoData.DirectorFund);
        Assert.Equal(DemoData.PublicationSupport.NameJa, director.ProgramNameJa);
        Assert.Equal((4, 3, 1, 1, 1, 0), (director.Received, director.Eligible, director.Approved, director.Rejected, director.Withdrawn, director.Paid));
        Assert.Equal(new Yen(80_000), director.Reserved);
        Assert.Equal(Yen.Zero, director.PaidAmount);

        var joint = Assert.Single(report.Programs, p => p.ProgramId == DemoData.ImaGaTaisetsu && p.FundId == DemoData.JointUseFund);
        Assert.Equal((1, 1, 1, 0, 0), (joint.Received, joint.Eligible, joint.Approved, joint.Rejected, joint.Withdrawn));
        Assert.Equal(new Yen(100_000), joint.Reserved);

        var graduate = Assert.Single(report.Programs, p => p.ProgramId == DemoData.GraduateFellowship);
        Assert.Equal(DemoData.InstituteFund, graduate.FundId);
        Assert.Equal((1, 1, 1, 0, 0), (graduate.Received, graduate.Eligible, graduate.Approved, graduate.Rejected, graduate.Withdrawn));
        Assert.Equal(new Yen(160_000), graduate.Reserved);

        Assert.DoesNotContain(report.Programs, p => p.ProgramId == DemoData.InternationalFellowship);
        Assert.Equal(3, report.Programs.Count);

        // The funds' own figures agree with the lines they pay.
        var funds = report.Funds.ToDictionary(f => f.FundId);
        Assert.Equal(new FundSummary(DemoData.DirectorFund, new Yen(3_000_000), new Yen(80_000), Yen.Zero, new Yen(2_920_000)), funds[DemoData.DirectorFund]);
        Assert.Equal(new FundSummary(DemoData.JointUseFund, new Yen(2_000_000), new Yen(100_000), Yen.Zero, new Yen(1_900_000)), funds[DemoData.JointUseFund]);
        Assert.Equal(new FundSummary(DemoData.InstituteFund, new Yen(10_000_000), new Yen(160_000), Yen.Zero, new Yen(9_840_000)), funds[DemoData.InstituteFund]);

        // Without a year it reports the current one; another year has no applications.
        Assert.Equal(report.Programs, Ok(await summary.ReportAsync(Director, null)).Programs);
        Assert.Empty(Ok(await summary.ReportAsync(Director, (harness.Year.Year - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))).Programs);

        // Only staff see it, and the year must be a year.
        Assert.Equal(ProblemKind.Forbidden, (await summary.ReportAsync(Researcher, null)).Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, (await summary.ReportAsync(Supervisor, null)).Problem?.Kind);
        Assert.Equal(ProblemKind.Invalid, (await summary.ReportAsync(Director, "R2")).Problem?.Kind);
        Assert.Equal(ProblemKind.Invalid, (await summary.ReportAsync(Director, "1999")).Problem?.Kind);
    }
}
