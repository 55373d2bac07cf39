using System.Net;
using Grants.Tests.Security;
using Grants.Workflows.Access;
using Grants.Workflows.Demo;
using Grants.Workflows.Funds;
using Grants.Workflows.Money;
using Grants.Workflows.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Grants.Tests.Administration.AdminHttp;

namespace Grants.Tests.Administration;

/// <summary>Funds and budgets as administered data, over HTTP: create, edit, allocate, adjust with a reason, never below what is committed, every change in the history and the audit trail.</summary>
[Trait("Kind", "Orchestration")]
public sealed class FundAdministrationTests
{
    const string Admin = "office@example.ac.jp";

    static object NewFund(string id = "kakenhi-indirect") => new
    {
        id,
        nameJa = "科研費間接経費",
        nameEn = "KAKENHI indirect costs",
        budgetCode = "KAK-002",
        approverId = DemoData.Director.Id,
        escalationContactId = DemoData.Admin.Id,
    };

    [Fact]
    public async Task An_administrator_creates_and_edits_a_fund_and_prepares_next_years_budget_and_every_change_is_in_the_history_and_the_audit_trail()
    {
        await using var host = await ApiHost.StartAsync();
        using var admin = host.ClientFor(Admin, Roles.Admin);
        var nextYear = host.Harness.Year.Year + 1;

        var created = await PostAsync(admin, "/api/funds", NewFund(), HttpStatusCode.Created);
        Assert.Equal("KAKENHI indirect costs", created["nameEn"]!.GetValue<string>());

        await PutAsync(admin, "/api/funds/kakenhi-indirect", new
        {
            nameJa = "科研費間接経費(研究所分)",
            nameEn = "KAKENHI indirect costs (institute share)",
            budgetCode = "KAK-002",
            approverId = DemoData.Director.Id,
            escalationContactId = DemoData.JointUseApprover.Id,
        }, HttpStatusCode.OK);

        // Next year's allocation, before April; then raised and lowered, each with a reason.
        var budget = await PutAsync(admin, $"/api/funds/kakenhi-indirect/budgets/{nextYear}", new { allocation = 2_000_000 }, HttpStatusCode.Created);
        Assert.Equal(2_000_000, budget["allocation"]!.GetValue<long>());
        await PutAsync(admin, $"/api/funds/kakenhi-indirect/budgets/{nextYear}", new { allocation = 2_500_000, reason = "補正予算" }, HttpStatusCode.OK);
        await PutAsync(admin, $"/api/funds/kakenhi-indirect/budgets/{nextYear}", new { allocation = 2_200_000, reason = "Moved 300,000 to travel" }, HttpStatusCode.OK);

        var fund = await GetAsync(admin, "/api/funds/kakenhi-indirect");
        Assert.Equal("KAKENHI indirect costs (institute share)", fund["fund"]!["nameEn"]!.GetValue<string>());
        Assert.Equal(DemoData.JointUseApprover.Id, fund["fund"]!["escalationContactId"]!.GetValue<string>());
        Assert.Equal(2_200_000, fund["budgets"]!.AsArray().Single()!["allocation"]!.GetValue<long>());
        var history = fund["history"]!.AsArray().Select(c => (From: c!["from"]?.GetValue<long>(), To: c["to"]!.GetValue<long>(), Reason: c["reason"]!.GetValue<string>(), Actor: c["actor"]!.GetValue<string>())).ToList();
        Assert.Equal([(2_500_000L, 2_200_000L, "Moved 300,000 to travel", Admin), (2_000_000L, 2_500_000L, "補正予算", Admin), (null, 2_000_000L, "Initial allocation.", Admin)], history);

        var audit = await host.Harness.Host.Services.GetRequiredService<AuditTrail>().ReadAsync(FundAdministration.AuditSubject("kakenhi-indirect")).ToListAsync();
        Assert.Equal(["fund-created", "fund-changed", "allocation-set", "allocation-changed", "allocation-changed"], audit.Select(a => a.Action));
        Assert.Contains("escalationContactId: admin@example.ac.jp → kimura@example.ac.jp", audit[1].Detail, StringComparison.Ordinal);
        Assert.Contains("¥2,500,000 → ¥2,200,000. Moved 300,000 to travel", audit[4].Detail, StringComparison.Ordinal);

        var listed = await GetAsync(admin, "/api/funds");
        Assert.Equal(4, listed.AsArray().Count);
    }

    [Fact]
    public async Task Bad_fund_and_allocation_requests_are_refused_with_every_error_and_change_nothing()
    {
        await using var host = await ApiHost.StartAsync();
        using var admin = host.ClientFor(Admin, Roles.Admin);
        var year = host.Harness.Year.Year;
        var before = await StorageSnapshot.TakeAsync(host.Storage);

        var invalid = await PostAsync(admin, "/api/funds", new { id = "Bad Id!", nameJa = "", nameEn = new string('x', 101), budgetCode = "DIR 001", approverId = "nobody@example.ac.jp", escalationContactId = "" }, HttpStatusCode.BadRequest);
        Assert.Equal(["approverId", "budgetCode", "escalationContactId", "id", "nameEn", "nameJa"], invalid["errors"]!.AsObject().Select(e => e.Key).Order());
        var same = await PostAsync(admin, "/api/funds", new { id = "same-people", nameJa = "経費", nameEn = "Fund", budgetCode = "X-1", approverId = DemoData.Director.Id, escalationContactId = DemoData.Director.Id }, HttpStatusCode.BadRequest);
        Assert.Contains(Errors(same), e => e.StartsWith("escalationContactId:", StringComparison.Ordinal));
        await PostAsync(admin, "/api/funds", NewFund(DemoData.DirectorFund), HttpStatusCode.Conflict);
        await SendAsync(admin, HttpMethod.Post, "/api/funds", new StringContent("{\"id\":", System.Text.Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest);
        await PutAsync(admin, "/api/funds/no-such-fund", NewFund("no-such-fund"), HttpStatusCode.NotFound);
        await PutAsync(admin, $"/api/funds/{DemoData.DirectorFund}", NewFund("renamed"), HttpStatusCode.BadRequest);

        await PutAsync(admin, $"/api/funds/{DemoData.DirectorFund}/budgets/{year + 2}", new { allocation = 1 }, HttpStatusCode.BadRequest);
        await PutAsync(admin, $"/api/funds/{DemoData.DirectorFund}/budgets/FY{year}", new { allocation = 1 }, HttpStatusCode.BadRequest);
        await PutAsync(admin, $"/api/funds/{DemoData.DirectorFund}/budgets/{year}", new { allocation = -5, reason = "x" }, HttpStatusCode.BadRequest);
        await SendAsync(admin, HttpMethod.Put, $"/api/funds/{DemoData.DirectorFund}/budgets/{year}", new StringContent("{\"allocation\":1.5,\"reason\":\"x\"}", System.Text.Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest);
        var noReason = await PutAsync(admin, $"/api/funds/{DemoData.DirectorFund}/budgets/{year}", new { allocation = 2_000_000 }, HttpStatusCode.BadRequest);
        Assert.Contains(Errors(noReason), e => e.StartsWith("reason:", StringComparison.Ordinal));
        await PutAsync(admin, $"/api/funds/no-such-fund/budgets/{year}", new { allocation = 1, reason = "x" }, HttpStatusCode.NotFound);

        Assert.Equal(before, await StorageSnapshot.TakeAsync(host.Storage));
    }

    [Fact]
    public async Task Lowering_an_allocation_below_what_is_reserved_plus_paid_is_a_conflict_that_says_by_how_much_and_changes_nothing()
    {
        await using var host = await ApiHost.StartAsync();
        using var admin = host.ClientFor(Admin, Roles.Admin);
        var (year, funds) = (host.Harness.Year, host.Harness.Funds);
        Assert.True((await funds.ReserveAsync("APP-00000000000000A1", DemoData.DirectorFund, year, new Yen(2_500_000), DateTimeOffset.UtcNow)).Reserved);
        await funds.MarkPaidAsync("PAY-1", DemoData.DirectorFund, year, new Yen(500_000), DateTimeOffset.UtcNow);
        var before = await StorageSnapshot.TakeAsync(host.Storage);

        var problem = await PutAsync(admin, $"/api/funds/{DemoData.DirectorFund}/budgets/{year.Year}", new { allocation = 2_380_000, reason = "削減" }, HttpStatusCode.Conflict);
        Assert.Contains("¥120,000 below what is already committed (¥2,500,000: reserved ¥2,000,000, paid ¥500,000)", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(host.Storage));

        // Exactly what is committed is allowed: nothing remains to approve.
        var lowered = await PutAsync(admin, $"/api/funds/{DemoData.DirectorFund}/budgets/{year.Year}", new { allocation = 2_500_000, reason = "削減" }, HttpStatusCode.OK);
        Assert.Equal(0, lowered["remaining"]!.GetValue<long>());
    }

    [Fact]
    public async Task The_director_adjusts_the_funds_they_approve_and_nobody_else_but_administrators_adjusts_any()
    {
        await using var host = await ApiHost.StartAsync();
        var year = host.Harness.Year.Year;
        using var director = host.ClientFor(DemoData.Director.Id, Roles.Director);
        var theirs = await GetAsync(director, "/api/funds");
        Assert.Equal([DemoData.DirectorFund, DemoData.InstituteFund], theirs.AsArray().Select(f => f!["fund"]!["id"]!.GetValue<string>()).Order());
        await PutAsync(director, $"/api/funds/{DemoData.DirectorFund}/budgets/{year}", new { allocation = 3_500_000, reason = "所長判断で増額" }, HttpStatusCode.OK);
        await GetAsync(director, $"/api/funds/{DemoData.DirectorFund}");

        var before = await StorageSnapshot.TakeAsync(host.Storage);
        await PutAsync(director, $"/api/funds/{DemoData.JointUseFund}/budgets/{year}", new { allocation = 1_000_000, reason = "x" }, HttpStatusCode.Forbidden);
        await GetAsync(director, $"/api/funds/{DemoData.JointUseFund}", HttpStatusCode.Forbidden);
        await PostAsync(director, "/api/funds", NewFund(), HttpStatusCode.Forbidden);
        await PutAsync(director, $"/api/funds/{DemoData.DirectorFund}", NewFund(DemoData.DirectorFund), HttpStatusCode.Forbidden);
        foreach (var (who, roles) in new[] { (DemoData.Finance.Id, Roles.Finance), (DemoData.JointUseApprover.Id, Roles.Approver), (DemoData.Admin.Id, Roles.Delegate), (DemoData.Researcher.Id, Roles.Applicant) })
        {
            using var client = host.ClientFor(who, roles);
            await GetAsync(client, "/api/funds", HttpStatusCode.Forbidden);
            await PutAsync(client, $"/api/funds/{DemoData.JointUseFund}/budgets/{year}", new { allocation = 1_000_000, reason = "x" }, HttpStatusCode.Forbidden);
        }

        Assert.Equal(before, await StorageSnapshot.TakeAsync(host.Storage));
    }

    [Fact]
    public async Task Lowering_an_allocation_while_approvals_reserve_money_never_leaves_the_budget_overcommitted()
    {
        await using var host = await ApiHost.StartAsync();
        using var admin = host.ClientFor(Admin, Roles.Admin);
        var year = host.Harness.Year;
        var funds = host.Harness.Funds;
        await PutAsync(admin, $"/api/funds/{DemoData.DirectorFund}/budgets/{year.Year}", new { allocation = 1_000_000, reason = "start" }, HttpStatusCode.OK);

        // Ten approvals of ¥100,000 race two administrators lowering the year to ¥500,000 and ¥700,000.
        var reservations = Enumerable.Range(0, 10).Select(i => Task.Run(() => funds.ReserveAsync($"APP-{i:X16}", DemoData.DirectorFund, year, new Yen(100_000), DateTimeOffset.UtcNow))).ToList();
        var lowerings = new[] { 500_000, 700_000 }.Select(amount => Task.Run(async () =>
        {
            using var response = await admin.PutAsync($"/api/funds/{DemoData.DirectorFund}/budgets/{year.Year}", AdminHttp.Json(new { allocation = amount, reason = "削減" }));
            return (amount, response.StatusCode);
        })).ToList();
        var reserved = (await Task.WhenAll(reservations)).Count(r => r.Reserved);
        var lowered = await Task.WhenAll(lowerings);

        Assert.All(lowered, l => Assert.Contains(l.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var budget = (await funds.GetBudgetAsync(DemoData.DirectorFund, year))!;
        Assert.True(budget.Reserved + budget.Paid <= budget.Allocation, $"{budget.Reserved} reserved of {budget.Allocation}");
        Assert.Equal(new Yen(reserved * 100_000), budget.Reserved);
        var reservationRows = 0;
        for (var i = 0; i < 10; i++)
        {
            reservationRows += await funds.GetReservationAsync(DemoData.DirectorFund, $"APP-{i:X16}") is null ? 0 : 1;
        }

        Assert.Equal(reserved, reservationRows);
        // The history holds the start and exactly the lowerings that were accepted, each from what was then allocated.
        var history = await funds.ListAllocationChangesAsync(DemoData.DirectorFund).ToListAsync();
        Assert.Equal(1 + lowered.Count(l => l.StatusCode == HttpStatusCode.OK), history.Count);
        Assert.All(history, c => Assert.True(c.Committed <= c.To));
        Assert.Equal(budget.Allocation, history[^1].To);
    }
}
