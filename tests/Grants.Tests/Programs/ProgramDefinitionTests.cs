using System.Text.Json.Nodes;
using Grants.Tests.Infrastructure;
using Grants.Workflows.Access;
using Grants.Workflows.Demo;
using Grants.Workflows.Programs;
using Grants.Workflows.Storage;

namespace Grants.Tests.Programs;

/// <summary>Program definition files: the shipped ones are valid and are what the demo runs; an invalid one is refused with every error under its path.</summary>
[Trait("Kind", "Unit")]
public sealed class ProgramDefinitionTests
{
    static string ShippedText(string id) => File.ReadAllText(Path.Combine(Repository.Root, "programs", id + ".json"));

    static JsonObject Shipped(string id) => JsonNode.Parse(ShippedText(id))!.AsObject();

    [Fact]
    public void Each_file_in_programs_is_a_valid_definition_named_after_its_program_and_is_what_the_demo_runs()
    {
        var files = Directory.GetFiles(Path.Combine(Repository.Root, "programs"), "*.json").Where(f => !f.EndsWith("program.schema.json", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal(3, files.Count);
        foreach (var file in files)
        {
            var outcome = ProgramDefinition.Parse(File.ReadAllText(file));
            Assert.True(outcome.Succeeded, $"{file}: {string.Join("; ", outcome.Problem?.Errors?.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}") ?? [])}");
            Assert.Equal(Path.GetFileNameWithoutExtension(file), outcome.Value!.Id);
            Assert.True(ProgramCatalog.SameDefinition(outcome.Value, ShippedPrograms.Named(outcome.Value.Id)), $"{file} differs from the definition embedded in the build");
        }

        Assert.Equal(files.Select(Path.GetFileNameWithoutExtension), DemoData.Programs.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.Equal(new Workflows.Money.Yen(500_000), DemoData.PublicationSupport.RuleFor(ExpenseKind.OpenAccessCharge)!.CapPerPaper);
        Assert.Equal(ProgramDefinition.SchemaText, File.ReadAllText(Path.Combine(Repository.Root, "programs", "program.schema.json")));
    }

    [Fact]
    public void A_definition_with_many_mistakes_is_refused_with_every_error_under_its_path()
    {
        var definition = Shipped(DemoData.ImaGaTaisetsu);
        definition["expenses"]![2]!["capPerPaper"] = 0;
        definition["capPerApplication"] = -5;
        definition["eligiblePositions"]!.AsArray().Add("dean");
        definition["expenses"]![0]!["requiredDocuments"]!.AsArray().Add("photograph");
        definition["funding"]![1]!["fundId"] = "";
        definition["approval"]!["reminderEvery"] = "three days";
        definition["colour"] = "blue";
        definition.Remove("nameEn");

        var refused = ProgramDefinition.Parse(definition.ToJsonString());

        Assert.Equal(ProblemKind.Invalid, refused.Problem?.Kind);
        var errors = refused.Problem!.Errors!;
        Assert.Equal(["must be > 0"], errors["expenses[2].capPerPaper"]);
        Assert.Equal(["must be > 0"], errors["capPerApplication"]);
        Assert.Equal(["is required"], errors["nameEn"]);
        Assert.Contains("eligiblePositions[4]", errors.Keys);
        Assert.Contains("expenses[0].requiredDocuments[1]", errors.Keys);
        Assert.Contains("funding[1].fundId", errors.Keys);
        Assert.Contains("approval.reminderEvery", errors.Keys);
        Assert.Contains("colour", errors.Keys);
        Assert.Equal(8, errors.Count);
    }

    [Fact]
    public void Rules_across_fields_are_reported_together_with_their_paths()
    {
        var definition = Shipped(DemoData.ImaGaTaisetsu);
        definition["expenses"]![1]!["kind"] = "submissionFee";
        definition["funding"] = JsonNode.Parse("""[{ "fundId": "director-discretionary", "when": "always" }, { "fundId": "joint-use", "when": "jointUseResearch" }]""");
        definition["approval"]!["escalateAfter"] = "1.00:00:00";
        definition["capPerPersonPerYear"] = 100_000;
        definition["expenses"]!.AsArray().Add(JsonNode.Parse("""{ "kind": "preArrivalMonthly", "capPerPaper": 50000, "requiredDocuments": [] }"""));

        var errors = ProgramDefinition.Parse(definition.ToJsonString()).Problem!.Errors!;

        Assert.Equal(
            ["approval.escalateAfter", "capPerPersonPerYear", "expenses", "expenses[1].kind", "funding[1]", "period.maxMonths"],
            errors.Keys.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void A_funding_list_without_an_always_route_is_refused_because_some_application_would_have_no_fund()
    {
        var definition = Shipped(DemoData.ImaGaTaisetsu);
        definition["funding"] = JsonNode.Parse("""[{ "fundId": "joint-use", "when": "jointUseResearch" }]""");

        Assert.Contains("funding", ProgramDefinition.Parse(definition.ToJsonString()).Problem!.Errors!.Keys);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ \"id\": ")]
    [InlineData("[1, 2]")]
    [InlineData("\"ima-ga-taisetsu\"")]
    public void Text_that_is_not_one_JSON_object_is_refused_as_a_whole(string text)
    {
        var refused = ProgramDefinition.Parse(text);
        Assert.Equal(ProblemKind.Invalid, refused.Problem?.Kind);
        Assert.Equal(["definition"], refused.Problem!.Errors!.Keys);
    }
}
