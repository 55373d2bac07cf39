using Grants.Tests.Infrastructure;
using Grants.Workflows.Storage;

namespace Grants.Tests.Storage;

/// <summary>Audit rows written together or looked up by key are the rows the audit trail writes and reads.</summary>
[Trait("Kind", "Storage")]
public sealed class AuditRowsTests
{
    static readonly DateTimeOffset At = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_step_finds_the_entry_the_trail_wrote_and_no_other()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        await new AuditTrail(storage).AppendAsync("APP-1", "mail-s1-Approved-0", new AuditEntry(At, "system", "notified-approved", "田中 花子"));

        Assert.True(await new AuditTrail(storage).HasAsync("APP-1", "mail-s1-Approved-0", At));
        Assert.False(await new AuditTrail(storage).HasAsync("APP-1", "mail-s1-Approved-0", At.AddTicks(1)));
        Assert.False(await new AuditTrail(storage).HasAsync("APP-1", "mail-s1-Rejected-0", At));
        Assert.False(await new AuditTrail(storage).HasAsync("APP-2", "mail-s1-Approved-0", At));
    }

    [Fact]
    public async Task Entries_written_together_are_written_once_each_when_the_step_runs_again()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var audit = new AuditTrail(storage);
        (string, AuditEntry)[] entries =
        [
            ("s1-eligibility", new AuditEntry(At, "system", "eligible", "")),
            ("s1-approval-requested", new AuditEntry(At.AddTicks(1), "system", "approval-requested", "Routed to director-fund.")),
        ];

        await audit.AppendAllAsync("APP-1", entries);
        Assert.Equal(entries.Select(e => e.Item2), await audit.ReadAsync("APP-1").ToListAsync());

        // A rerun after only the first was written (by the trail, one at a time) writes the second and repeats neither.
        var partial = await (await Azurite.SharedAsync()).NewStorageAsync();
        var partialAudit = new AuditTrail(partial);
        await partialAudit.AppendAsync("APP-1", entries[0].Item1, entries[0].Item2);
        await partialAudit.AppendAllAsync("APP-1", entries);
        await partialAudit.AppendAllAsync("APP-1", entries);
        Assert.Equal(entries.Select(e => e.Item2), await partialAudit.ReadAsync("APP-1").ToListAsync());
    }
}
