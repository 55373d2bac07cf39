using Grants.Tests.Infrastructure;
using Grants.Workflows.People;
using Grants.Workflows.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Grants.Tests.Storage;

/// <summary>
/// The copy of the directory the people picker searches: kept while the directory is unchanged, read again after a write
/// through any instance's <see cref="PeopleDirectory"/>, and never older than <see cref="PeopleSnapshot.MaxAge"/>.
/// </summary>
[Trait("Kind", "Storage")]
public sealed class PeopleSnapshotTests
{
    static Person Someone(string id, string name, bool active = true) => new(id, name, "", id, Position.Professor, "Physics", Active: active);

    static async Task<string[]> IdsAsync(PeopleSnapshot snapshot) => [.. (await snapshot.ReadAsync()).Select(p => p.Choice.Id)];

    [Fact]
    public async Task A_write_on_another_instance_is_seen_at_the_next_search_and_nothing_else_makes_it_read_the_directory_again()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        var here = new PeopleDirectory(storage);
        var elsewhere = new PeopleDirectory(storage);
        using var snapshot = new PeopleSnapshot(here, clock);
        await here.UpsertAsync(Someone("a@example.ac.jp", "青木 一"));
        await here.UpsertAsync(Someone("gone@example.ac.jp", "去る 人", active: false));
        Assert.Equal(["a@example.ac.jp"], await IdsAsync(snapshot));

        // A row written behind the directory's back (no stamp) is not seen: the copy is kept, not re-read per search.
        await storage.People.UpsertAsync("person", "quiet@example.ac.jp", Someone("quiet@example.ac.jp", "静か 人"));
        Assert.Equal(["a@example.ac.jp"], await IdsAsync(snapshot));

        // Another instance adds someone and a leaver comes back: once the stamp is asked again (at most StampEvery later),
        // it has moved, so the search reads the directory again.
        Assert.True(await elsewhere.TryAddAsync(Someone("b@example.ac.jp", "馬場 二")));
        Assert.Equal(["a@example.ac.jp"], await IdsAsync(snapshot));
        clock.Advance(PeopleSnapshot.StampEvery);
        Assert.Equal(["a@example.ac.jp", "b@example.ac.jp", "quiet@example.ac.jp"], (await IdsAsync(snapshot)).Order());
        var gone = (await elsewhere.GetAsync("gone@example.ac.jp"))!;
        await elsewhere.ReplaceAsync(gone.Value with { Active = true }, gone.ETag);
        clock.Advance(PeopleSnapshot.StampEvery);
        Assert.Contains("gone@example.ac.jp", await IdsAsync(snapshot));

        // A write through this process's own directory is seen at once.
        await here.UpsertAsync(Someone("c@example.ac.jp", "千葉 三"));
        Assert.Contains("c@example.ac.jp", await IdsAsync(snapshot));

        // Without any write, the copy is still read again once it is MaxAge old.
        await storage.People.DeleteAsync("person", "quiet@example.ac.jp");
        Assert.Contains("quiet@example.ac.jp", await IdsAsync(snapshot));
        clock.Advance(PeopleSnapshot.MaxAge);
        Assert.DoesNotContain("quiet@example.ac.jp", await IdsAsync(snapshot));
    }

    [Fact]
    public async Task A_rename_on_another_instance_is_seen_in_real_time_while_the_copy_is_in_use()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var elsewhere = new PeopleDirectory(storage);
        using var snapshot = new PeopleSnapshot(new PeopleDirectory(storage), TimeProvider.System);
        await elsewhere.UpsertAsync(Someone("a@example.ac.jp", "青木 一"));
        Assert.Equal("青木 一", (await snapshot.NamesAsync(["a@example.ac.jp"]))["a@example.ac.jp"]);

        await elsewhere.UpsertAsync(Someone("a@example.ac.jp", "青木 一（新姓）"));

        // Stated: within PeopleSnapshot.StampEvery (5 s), by the copy's own background check; waited on far longer.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await snapshot.NamesAsync(["a@example.ac.jp"]))["a@example.ac.jp"] != "青木 一（新姓）")
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "The rename on another instance never showed.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_workflow_step_finds_a_person_in_the_copy_without_a_request_and_someone_added_elsewhere_by_reading_them()
    {
        // Point reads of the people table (the stamp row is read by its own key, "directory").
        var counter = new Infrastructure.RequestCounter(r => r.Method == Azure.Core.RequestMethod.Get && Uri.UnescapeDataString(r.Uri.ToString()) is var uri
            && uri.Contains("people(PartitionKey='person'", StringComparison.Ordinal));
        var storage = await counter.StorageAsync();
        var here = new PeopleDirectory(storage);
        using var snapshot = new PeopleSnapshot(here, TimeProvider.System);
        await here.UpsertAsync(Someone("a@example.ac.jp", "青木 一"));
        Assert.Equal("青木 一", (await snapshot.NamesAsync(["a@example.ac.jp"]))["a@example.ac.jp"]);

        counter.Reset();
        Assert.Equal("a@example.ac.jp", (await snapshot.FindAsync("a@example.ac.jp"))?.Email);
        Assert.Equal(0, counter.Count);

        // Added behind this copy's back (as on another instance, before the stamp is asked again): read, not missed.
        await storage.People.UpsertAsync("person", "b@example.ac.jp", Someone("b@example.ac.jp", "馬場 二"));
        Assert.Equal("馬場 二", (await snapshot.FindAsync("b@example.ac.jp"))?.Name);
        Assert.Equal(1, counter.Count);
        Assert.Null(await snapshot.FindAsync("nobody@example.ac.jp"));
    }
}
