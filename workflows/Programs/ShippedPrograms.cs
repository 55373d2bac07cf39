using Grants.Workflows.Storage;

namespace Grants.Workflows.Programs;

/// <summary>
/// The program definitions that ship with Grants (the files in programs/, embedded in this assembly). Every host publishes
/// them on start when missing, so a fresh deployment has the programs; a version already published is never touched.
/// </summary>
public static class ShippedPrograms
{
    static readonly Lazy<IReadOnlyList<GrantProgram>> Definitions = new(() => [.. ProgramDefinition.ResourceNames().Select(Read)]);

    public static IReadOnlyList<GrantProgram> All => Definitions.Value;

    public static GrantProgram Named(string id) => All.Single(p => p.Id == id);

    /// <summary>Publishes each shipped definition whose version is not published yet; running it again changes nothing.</summary>
    public static async Task PublishMissingAsync(ProgramCatalog catalog, CancellationToken cancellationToken = default)
    {
        foreach (var program in All)
        {
            if (await catalog.FindAsync(program.Id, program.Version, cancellationToken) is null)
            {
                await catalog.PublishAsync(program, cancellationToken);
            }
        }
    }

    static GrantProgram Read(string resource)
    {
        var outcome = ProgramDefinition.Parse(ProgramDefinition.ReadResource(resource));
        return outcome.Value ?? throw new InvalidDataException(
            $"The shipped definition {resource} is not valid: " + string.Join("; ", outcome.Problem!.Errors!.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
    }
}
