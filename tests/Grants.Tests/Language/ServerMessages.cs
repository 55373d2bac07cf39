using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Grants.Tests.Language;

/// <summary>
/// Every message the server can put into a problem (title, detail, field error), read out of the C# source of
/// workflows/ and api/: the arguments of Problem.* and ProblemResults.Create, the values stored into an errors
/// dictionary, the messages handed to an error-collecting helper, and the answers of a Check… method (a field's error or null). An interpolated message becomes an example
/// with each hole filled ("12", or a date where the hole is formatted as one), as a caller would see it.
/// </summary>
public static class ServerMessages
{
    /// <summary>One message: where it is written, and an example of it as sent.</summary>
    public sealed record Message(string Where, string Example);

    static readonly HashSet<string> ProblemFactories = ["NotFound", "Forbidden", "Conflict", "Invalid", "Unprocessable", "PreconditionFailed"];

    public static IReadOnlyList<Message> All()
    {
        var root = RepositoryRoot();
        return new[] { "workflows", "api" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .SelectMany(path => In(CSharpSyntaxTree.ParseText(File.ReadAllText(path)), Path.GetRelativePath(root, path)))
            .ToList();
    }

    static IEnumerable<Message> In(SyntaxTree tree, string file)
    {
        foreach (var node in tree.GetRoot().DescendantNodes())
        {
            foreach (var expression in MessagesOf(node))
            {
                var notFound = node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "NotFound" } };
                foreach (var example in Examples(expression).Select(e => notFound ? $"{e} does not exist or is not yours to see." : e))
                {
                    yield return new Message($"{file}:{expression.GetLocation().GetLineSpan().StartLinePosition.Line + 1}", example);
                }
            }
        }
    }

    /// <summary>The expressions at this node that become a message a caller reads.</summary>
    static IEnumerable<ExpressionSyntax> MessagesOf(SyntaxNode node)
    {
        switch (node)
        {
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } call
                when member.Expression.ToString().EndsWith("Problem", StringComparison.Ordinal) && ProblemFactories.Contains(member.Name.Identifier.Text):
                var arguments = call.ArgumentList.Arguments.Select(a => a.Expression).ToList();
                if (member.Name.Identifier.Text == "Invalid" && arguments.Count == 2)
                {
                    return arguments.Skip(1);
                }

                return arguments;
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "Create", Expression: var type } } call
                when type.ToString() == "ProblemResults":
                return call.ArgumentList.Arguments.Skip(1).Take(2).Select(a => a.Expression);
            case BaseObjectCreationExpressionSyntax { ArgumentList: { } list } creation
                when creation is ImplicitObjectCreationExpressionSyntax ? list.Arguments.FirstOrDefault()?.ToString().StartsWith("ProblemKind.", StringComparison.Ordinal) == true
                    : ((ObjectCreationExpressionSyntax)creation).Type.ToString() == "Problem":
                return list.Arguments.Skip(1).Take(2).Select(a => a.Expression);
            case AssignmentExpressionSyntax { Left: ElementAccessExpressionSyntax or ImplicitElementAccessSyntax, Right: CollectionExpressionSyntax values } assignment
                when assignment.Left is ImplicitElementAccessSyntax || ((ElementAccessExpressionSyntax)assignment.Left).Expression.ToString().Contains("rrors", StringComparison.Ordinal):
                return values.Elements.OfType<ExpressionElementSyntax>().Select(e => e.Expression);
            case InvocationExpressionSyntax call when CollectsErrors(call):
                return call.ArgumentList.Arguments.Select(a => a.Expression).Where(LooksLikeSentence);
            case YieldStatementSyntax { Expression: TupleExpressionSyntax { Arguments.Count: 2 } tuple }:
                return [tuple.Arguments[1].Expression];
            case ReturnStatementSyntax { Expression: { } returned } when node.Ancestors().OfType<MethodDeclarationSyntax>().FirstOrDefault()?.Identifier.Text.StartsWith("Check", StringComparison.Ordinal) == true:
                return [returned];
            default:
                return [];
        }
    }

    /// <summary>A helper that files a message under a field: a local Add(field, message), or any call handed the errors dictionary.</summary>
    static bool CollectsErrors(InvocationExpressionSyntax call) =>
        call.Expression is IdentifierNameSyntax { Identifier.Text: "Add" }
        || call.ArgumentList.Arguments.Any(a => a.Expression is IdentifierNameSyntax { Identifier.Text: "errors" });

    static bool LooksLikeSentence(ExpressionSyntax expression) => Examples(expression).Any(e => Regex.IsMatch(e, "[A-Za-z]+ [A-Za-z]+"));

    /// <summary>The texts an expression can be: both sides of a condition or ??, each with its holes filled.</summary>
    static IEnumerable<string> Examples(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => [literal.Token.ValueText],
        InterpolatedStringExpressionSyntax interpolated => [string.Concat(interpolated.Contents.Select(Fill))],
        ConditionalExpressionSyntax conditional => Examples(conditional.WhenTrue).Concat(Examples(conditional.WhenFalse)),
        BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.CoalesceExpression) => Examples(binary.Right),
        ParenthesizedExpressionSyntax parenthesized => Examples(parenthesized.Expression),
        _ => [],
    };

    static string Fill(InterpolatedStringContentSyntax content) => content switch
    {
        InterpolatedStringTextSyntax text => text.TextToken.ValueText,
        InterpolationSyntax { FormatClause: { } format } when format.FormatStringToken.ValueText.Contains("yyyy", StringComparison.Ordinal) =>
            format.FormatStringToken.ValueText.Contains("HH", StringComparison.Ordinal) ? "2026-04-01 09:30:00" : "2026-04-01",
        _ => "12",
    };

    /// <summary>The folder holding Grants.sln, above this source file.</summary>
    public static string RepositoryRoot([CallerFilePath] string source = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(source)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Grants.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Grants.sln above {source}.");
    }
}
