using System.Reflection;

namespace Grants.Tests.Conventions;

/// <summary>
/// Every test class says what it starts, as one <c>[Trait("Kind", …)]</c>, so that <c>./test.sh --fast</c>
/// (<c>--filter Kind=Unit</c>) runs exactly the sub-second tests and nothing slower slips in untagged.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class TestKindTests
{
    /// <summary>No I/O beyond reading the repository; storage: Azurite; orchestration: the in-memory Durable Task
    /// host; end-to-end: the local runtime as a process; browser: Playwright driving Chromium.</summary>
    static readonly string[] Kinds = ["Unit", "Storage", "Orchestration", "EndToEnd", "Browser"];

    [Fact]
    public void Every_test_class_has_exactly_one_known_kind()
    {
        var testClasses = typeof(TestKindTests).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any()))
            .ToList();

        var wrong = testClasses
            .Select(t => (Type: t, Kinds: KindsOf(t)))
            .Where(c => c.Kinds.Count != 1 || !Kinds.Contains(c.Kinds[0]))
            .Select(c => $"{c.Type.FullName}: [{string.Join(", ", c.Kinds)}]")
            .ToList();

        Assert.True(testClasses.Count > 60, $"only {testClasses.Count} test classes found");
        Assert.True(wrong.Count == 0, "Test classes without exactly one Kind of " + string.Join("/", Kinds) + ":\n" + string.Join("\n", wrong));
    }

    /// <summary>The values of the class's <c>[Trait("Kind", value)]</c> attributes (xunit 2's attribute keeps its
    /// arguments only in the metadata).</summary>
    static List<string> KindsOf(Type type) =>
        type.GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(TraitAttribute) && (string?)a.ConstructorArguments[0].Value == "Kind")
            .Select(a => (string)a.ConstructorArguments[1].Value!)
            .ToList();
}
