using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Grants.Tests.Language;

/// <summary>Every action the audit trail records, read out of workflows/: the action of each <c>new AuditEntry(…)</c> and of each call-audit helper, and the codes assigned to a local named <c>action</c>.</summary>
public static class AuditActions
{
    /// <summary>One action: where it is written, and the code.</summary>
    public sealed record Found(string Where, string Action);

    public static IReadOnlyList<Found> All()
    {
        var root = ServerMessages.RepositoryRoot();
        return Directory.EnumerateFiles(Path.Combine(root, "workflows"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path)).GetRoot().DescendantNodes()
                .SelectMany(ActionsAt)
                .SelectMany(e => Codes(e).Select(code => new Found($"{Path.GetRelativePath(root, path)}:{e.GetLocation().GetLineSpan().StartLinePosition.Line + 1}", code))))
            .ToList();
    }

    static IEnumerable<ExpressionSyntax> ActionsAt(SyntaxNode node) => node switch
    {
        ObjectCreationExpressionSyntax { Type: IdentifierNameSyntax { Identifier.Text: "AuditEntry" }, ArgumentList.Arguments: { Count: > 2 } arguments } => [arguments[2].Expression],
        InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "AuditAsync" }, ArgumentList.Arguments: { Count: > 2 } arguments } => [arguments[2].Expression],
        VariableDeclaratorSyntax { Identifier.Text: "action", Initializer.Value: var value } => [value],
        _ => [],
    };

    /// <summary>The codes an expression can be (both sides of a condition); computed ones (a status's name) are checked by enum instead.</summary>
    static IEnumerable<string> Codes(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => [literal.Token.ValueText],
        ConditionalExpressionSyntax conditional => Codes(conditional.WhenTrue).Concat(Codes(conditional.WhenFalse)),
        ParenthesizedExpressionSyntax parenthesized => Codes(parenthesized.Expression),
        _ => [],
    };
}
