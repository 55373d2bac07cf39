using System.Reflection;

namespace Grants.Tests.Infrastructure;

/// <summary>Where the repository and the other projects' build outputs are.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration this test assembly was built in; the referenced projects were built in the same.</summary>
    public static string Configuration { get; } =
        typeof(Repository).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string OutputOf(string projectFolder) => Path.Combine(Root, projectFolder, "bin", Configuration, "net10.0");

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Grants.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Grants.sln not found above " + AppContext.BaseDirectory);
    }
}
