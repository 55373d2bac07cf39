using System.Text.Json;
using System.Text.Json.Nodes;
using Grants.Functions;
using Grants.Tests.Infrastructure;
using Grants.Tests.Security;
using Grants.Workflows;
using Grants.Workflows.Access;
using Grants.Workflows.Demo;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Programs;

/// <summary>Publishing program versions: a published version never changes, the same one again is a no-op, and every host publishes the shipped files the same way.</summary>
[Trait("Kind", "Orchestration")]
public sealed class ProgramVersionTests
{
    static readonly Actor Office = new("office@example.ac.jp", new HashSet<string> { Roles.Admin });

    static async Task<(GrantsStorage Storage, ProgramCatalog Catalog, ProgramAdministration Administration)> StartAsync()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var catalog = new ProgramCatalog(storage);
        await ShippedPrograms.PublishMissingAsync(catalog);
        return (storage, catalog, new ProgramAdministration(catalog, new AuditTrail(storage), TimeProvider.System));
    }

    static string Definition(Action<JsonObject> change)
    {
        var definition = JsonSerializer.SerializeToNode(DemoData.PublicationSupport, GrantsJson.Options)!.AsObject();
        definition.Remove("states");
        change(definition);
        return definition.ToJsonString();
    }

    [Fact]
    public async Task A_new_version_is_previewed_in_words_then_published_and_the_same_definition_again_changes_nothing()
    {
        var (storage, catalog, administration) = await StartAsync();
        var v2 = Definition(d =>
        {
            d["version"] = 2;
            d["expenses"]![2]!["capPerPaper"] = 400_000;
            d["eligiblePositions"]!.AsArray().Add("professor");
        });

        var preview = Ok(await administration.PreviewAsync(Office, DemoData.ImaGaTaisetsu, v2));
        Assert.Equal((2, 1), (preview.Version, preview.CurrentVersion));
        Assert.Contains(preview.Changes, c => c.En == "Open-access charge cap: ¥500,000 → ¥400,000" && c.Ja == "オープンアクセス掲載料の上限: ¥500,000 → ¥400,000");
        Assert.Contains(preview.Changes, c => c.En == "Eligible positions: professor added" && c.Ja == "対象の職に「教授」を追加");
        Assert.Equal(2, preview.Changes.Count);
        Assert.Equal(1, (await catalog.FindAsync(DemoData.ImaGaTaisetsu))!.Version);

        var (_, created) = Ok(await administration.PublishAsync(Office, DemoData.ImaGaTaisetsu, v2));
        Assert.True(created);
        Assert.Equal(2, (await catalog.FindAsync(DemoData.ImaGaTaisetsu))!.Version);
        Assert.Equal([2, 1], Ok(await administration.ListVersionsAsync(Office, DemoData.ImaGaTaisetsu)).Select(v => v.Version));

        var before = await StorageSnapshot.TakeAsync(storage);
        var (again, createdAgain) = Ok(await administration.PublishAsync(Office, DemoData.ImaGaTaisetsu, v2));
        Assert.False(createdAgain);
        Assert.Empty(again.Changes);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(storage));
    }

    [Fact]
    public async Task Changed_content_under_a_published_number_or_a_number_below_the_current_one_is_refused_and_changes_nothing()
    {
        var (storage, catalog, administration) = await StartAsync();
        Ok(await administration.PublishAsync(Office, DemoData.ImaGaTaisetsu, Definition(d => d["version"] = 2)));
        var before = await StorageSnapshot.TakeAsync(storage);

        var retitled = await administration.PublishAsync(Office, DemoData.ImaGaTaisetsu, Definition(d => { d["version"] = 2; d["nameEn"] = "Publication support"; }));
        Assert.Equal(ProblemKind.Conflict, retitled.Problem?.Kind);
        Assert.Contains("version 3", retitled.Problem!.Detail, StringComparison.Ordinal);

        Assert.Equal(ProblemKind.Conflict, (await administration.PublishAsync(Office, DemoData.ImaGaTaisetsu, Definition(d => d["capPerApplication"] = 1))).Problem?.Kind);
        Assert.Equal(PublishResult.VersionTaken, await catalog.PublishAsync(DemoData.PublicationSupport with { Version = 2, NameEn = "Renamed" }));
        Assert.Equal(PublishResult.NotNewer, await catalog.PublishAsync(DemoData.PublicationSupport with { Version = 0 }));
        Assert.Equal(ProblemKind.Invalid, (await administration.PublishAsync(Office, DemoData.ImaGaTaisetsu, Definition(d => { d["version"] = 3; d["id"] = DemoData.GraduateFellowship; }))).Problem?.Kind);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(storage));
    }

    [Fact]
    public async Task Only_administrators_list_preview_or_publish_versions()
    {
        var (storage, _, administration) = await StartAsync();
        var before = await StorageSnapshot.TakeAsync(storage);
        foreach (var role in new[] { Roles.Applicant, Roles.Director, Roles.Approver, Roles.Delegate, Roles.Finance })
        {
            var someone = new Actor("someone@example.ac.jp", new HashSet<string> { role });
            Assert.Equal(ProblemKind.Forbidden, (await administration.ListVersionsAsync(someone, DemoData.ImaGaTaisetsu)).Problem?.Kind);
            Assert.Equal(ProblemKind.Forbidden, (await administration.PreviewAsync(someone, DemoData.ImaGaTaisetsu, Definition(d => d["version"] = 2))).Problem?.Kind);
            Assert.Equal(ProblemKind.Forbidden, (await administration.PublishAsync(someone, DemoData.ImaGaTaisetsu, Definition(d => d["version"] = 2))).Problem?.Kind);
        }

        Assert.Equal(before, await StorageSnapshot.TakeAsync(storage));
    }

    [Fact]
    public async Task The_Functions_host_publishes_the_shipped_programs_on_start_and_a_later_start_never_touches_a_published_version()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var catalog = new ProgramCatalog(storage);
        var start = new EnsureStorage(storage, catalog);

        await start.StartAsync(CancellationToken.None);
        Assert.Equal(DemoData.Programs.Select(p => p.Id).Order(), await catalog.ListAsync().Select(p => p.Id).Order().ToListAsync());

        // The office publishes version 2; the next start (as after a deployment) changes nothing.
        var administration = new ProgramAdministration(catalog, new AuditTrail(storage), TimeProvider.System);
        Ok(await administration.PublishAsync(Office, DemoData.ImaGaTaisetsu, Definition(d => { d["version"] = 2; d["capPerApplication"] = 500_000; })));
        var before = await StorageSnapshot.TakeAsync(storage);
        await new EnsureStorage(storage, new ProgramCatalog(storage)).StartAsync(CancellationToken.None);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(storage));
        Assert.Equal(2, (await catalog.FindAsync(DemoData.ImaGaTaisetsu))!.Version);
    }

    [Fact]
    public async Task A_program_version_stored_with_the_calls_of_earlier_releases_still_reads_and_matches_its_file()
    {
        var (storage, catalog, _) = await StartAsync();
        var row = DocumentTable<GrantProgram>.ToEntity("version|legacy", "000001", DemoData.PublicationSupport with { Id = "legacy" });
        var stored = JsonNode.Parse(row.GetString("Data"))!.AsObject();
        stored["calls"] = JsonNode.Parse("""[{ "id": "legacy-FY2020", "opens": "2020-04-01", "closes": "2021-03-31" }]""");
        row["Data"] = stored.ToJsonString();
        await storage.Programs.Client.AddEntityAsync(row);

        var read = await catalog.FindAsync("legacy", 1);
        Assert.True(ProgramCatalog.SameDefinition(DemoData.PublicationSupport with { Id = "legacy" }, read!));
        Assert.Equal(PublishResult.AlreadyPublished, await catalog.PublishAsync(DemoData.PublicationSupport with { Id = "legacy" }));
    }
}
