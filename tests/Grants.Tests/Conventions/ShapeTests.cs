using Grants.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Grants.Tests.Conventions;

/// <summary>
/// Keeps the production code in pieces a reader can hold: no C# file over 400 lines, no method, constructor, accessor,
/// local function, lambda or block of top-level statements over 60, no portal module over 400 lines. Files that are
/// tables of data are excepted by name, each with the reason.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class ShapeTests
{
    const int MaxFileLines = 400;

    const int MaxBodyLines = 60;

    static readonly string[] CSharpFolders = ["workflows", "api", "functions", "local"];

    /// <summary>Tables of data, whose length is the number of rows, not a piece of logic (paths from the root).</summary>
    static readonly Dictionary<string, string> DataTables = new()
    {
    };

    /// <summary>Files being split right now under issue 15, left out until those branches land; the list then empties.</summary>
    static readonly Dictionary<string, string> BeingSplitByIssue15 = new()
    {
    };

    [Fact]
    public void No_production_CSharp_file_or_body_is_too_long()
    {
        var failures = new List<string>();
        foreach (var path in CSharpFolders.SelectMany(SourceFiles).Where(Checked))
        {
            var text = File.ReadAllText(path);
            var relative = Relative(path);
            var lines = LineCount(text);
            if (lines > MaxFileLines)
            {
                failures.Add($"{relative}: {lines} lines (at most {MaxFileLines})");
            }

            var root = CSharpSyntaxTree.ParseText(text, path: relative).GetRoot();
            failures.AddRange(Bodies(root)
                .Where(body => body.Lines > MaxBodyLines)
                .Select(body => $"{relative}:{body.Line}: {body.Name} is {body.Lines} lines (at most {MaxBodyLines})"));
        }

        Assert.True(failures.Count == 0, "Too long (split it, or name a table of data in ShapeTests.DataTables):\n" + string.Join("\n", failures));
    }

    [Fact]
    public void No_portal_module_is_too_long()
    {
        var failures = Directory.GetFiles(Path.Combine(Repository.Root, "portal", "js"), "*.js")
            .Where(Checked)
            .Select(path => (Path: Relative(path), Lines: LineCount(File.ReadAllText(path))))
            .Where(file => file.Lines > MaxFileLines)
            .Select(file => $"{file.Path}: {file.Lines} lines (at most {MaxFileLines})")
            .ToList();

        Assert.True(failures.Count == 0, "Too long (split it by screen, or name a string table in ShapeTests.DataTables):\n" + string.Join("\n", failures));
    }

    [Fact]
    public void Every_excepted_file_exists_and_says_why()
    {
        var stale = DataTables.Concat(BeingSplitByIssue15)
            .Where(entry => !File.Exists(Path.Combine(Repository.Root, entry.Key)) || string.IsNullOrWhiteSpace(entry.Value))
            .Select(entry => entry.Key)
            .ToList();

        Assert.True(stale.Count == 0, "Excepted but missing or without a reason: " + string.Join(", ", stale));
    }

    /// <summary>Every body that reads as one piece of logic: a name to report it by, its first line and its length.</summary>
    static IEnumerable<(string Name, int Line, int Lines)> Bodies(SyntaxNode root)
    {
        foreach (var node in root.DescendantNodes())
        {
            var body = node switch
            {
                BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody,
                AccessorDeclarationSyntax accessor => (SyntaxNode?)accessor.Body ?? accessor.ExpressionBody,
                LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
                AnonymousFunctionExpressionSyntax lambda => lambda.Body,
                _ => null,
            };
            if (body is not null)
            {
                yield return (Describe(node), Line(body.GetLocation().SourceSpan.Start), Lines(body, body));
            }
        }

        // Top-level statements are the Main method's body, from the first to the last.
        var statements = root.ChildNodes().OfType<GlobalStatementSyntax>().ToList();
        if (statements.Count > 0)
        {
            yield return ("the top-level statements", Line(statements[0].SpanStart), Lines(statements[0], statements[^1]));
        }

        int Line(int position) => root.SyntaxTree.GetLineSpan(new Microsoft.CodeAnalysis.Text.TextSpan(position, 0)).StartLinePosition.Line + 1;
    }

    static int Lines(SyntaxNode first, SyntaxNode last) =>
        last.GetLocation().GetLineSpan().EndLinePosition.Line - first.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

    static string Describe(SyntaxNode node) => node switch
    {
        MethodDeclarationSyntax method => $"method {method.Identifier.Text}",
        ConstructorDeclarationSyntax constructor => $"constructor {constructor.Identifier.Text}",
        BaseMethodDeclarationSyntax other => other.Kind().ToString(),
        AccessorDeclarationSyntax accessor => $"accessor {accessor.Keyword.Text}",
        LocalFunctionStatementSyntax local => $"local function {local.Identifier.Text}",
        _ => "lambda",
    };

    static IEnumerable<string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Repository.Root, folder), "*.cs", SearchOption.AllDirectories)
            .Where(path => !Relative(path).Split('/').Any(part => part is "bin" or "obj"));

    static bool Checked(string path) => !DataTables.ContainsKey(Relative(path)) && !BeingSplitByIssue15.ContainsKey(Relative(path));

    static string Relative(string path) => Path.GetRelativePath(Repository.Root, path).Replace('\\', '/');

    static int LineCount(string text) => text.Length == 0 ? 0 : text.TrimEnd('\n').Split('\n').Length;
}
