using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using Fluid.Values;

namespace Grants.Workflows.Mail;

/// <summary>A mail as its reader sees it: the subject line, the plain-text part and the HTML part.</summary>
public sealed record WrittenMail(string Title, string Text, string Html);

/// <summary>
/// Writes mail from the Liquid templates embedded from Mail/Templates. The template of a kind of mail (named after it)
/// captures its subject, what happened, what to do next and the link to do it, in Japanese and English; the layouts
/// (<c>layout.text</c>, <c>layout.html</c>, <c>subject</c>) put those together, Japanese first. The HTML part is
/// written with an HTML encoder, so every value (a title, a comment, a name) is escaped there.
/// </summary>
public static class MailTemplates
{
    static readonly FluidParser Parser = new();
    static readonly TemplateOptions Options = new();
    static readonly ConcurrentDictionary<string, IFluidTemplate> Parsed = new();

    // Escapes what HTML gives meaning to (< > & " '), and leaves Japanese as it is rather than as numeric entities.
    static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Writes the mail of one kind (a template name such as <c>Approved</c>) from the values it reads.</summary>
    public static WrittenMail Write(string kind, IReadOnlyDictionary<string, object?> values)
    {
        // The kind's template only captures its sections; it runs in the layouts' own scope so they can read them.
        var text = Context(values);
        Template(kind).Render(text, NullEncoder.Default, isolateContext: false);
        var html = Context(values);
        Template(kind).Render(html, Html, isolateContext: false);
        return new WrittenMail(
            Template("subject").Render(text, NullEncoder.Default).Trim(),
            Template("layout.text").Render(text, NullEncoder.Default).Trim() + "\n",
            Template("layout.html").Render(html, Html));
    }

    /// <summary>Whether a kind of mail has a template (some moments of an application are not mailed).</summary>
    public static bool Has(string kind) => typeof(MailTemplates).Assembly.GetManifestResourceInfo(ResourceName(kind)) is not null;

    static TemplateContext Context(IReadOnlyDictionary<string, object?> values)
    {
        var context = new TemplateContext(Options);
        foreach (var (name, value) in values)
        {
            context.SetValue(name, FluidValue.Create(value, Options));
        }

        return context;
    }

    static IFluidTemplate Template(string name) => Parsed.GetOrAdd(name, static name =>
    {
        using var stream = typeof(MailTemplates).Assembly.GetManifestResourceStream(ResourceName(name))
            ?? throw new InvalidOperationException($"There is no mail template {name} (workflows/Mail/Templates/{name}.liquid).");
        using var reader = new StreamReader(stream);
        return Parser.TryParse(reader.ReadToEnd(), out var template, out var error)
            ? template
            : throw new InvalidOperationException($"The mail template {name} does not parse: {error}");
    });

    static string ResourceName(string name) => $"mail/{name}.liquid";
}
