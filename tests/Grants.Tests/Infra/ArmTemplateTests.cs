using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grants.Api;
using Grants.Functions;
using Grants.Tests.Infrastructure;
using Grants.Workflows.Access;
using Grants.Workflows.Applications;
using Grants.Workflows.Mail;
using Grants.Workflows.Payouts.Zengin;

namespace Grants.Tests.Infra;

/// <summary>
/// Reads the ARM template compiled from <c>infra/main.bicep</c> (<c>infra/check.sh</c>, which <c>test.sh</c> runs first,
/// writes it to <c>.tools/arm/main.json</c>) and holds it to what the issue promises: a locked-down storage account,
/// a managed identity with its data roles, the SendGrid key behind a Key Vault reference, Easy Auth in front, and
/// exactly the app settings the code reads.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class ArmTemplateTests
{
    const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    static readonly Lazy<JsonObject> Template = new(Load);

    [Fact]
    public void StorageAccountAllowsNoKeysNoPlainHttpNoOldTlsAndNoPublicBlobs()
    {
        var storage = Assert.Single(Resources("Microsoft.Storage/storageAccounts"));
        var properties = Properties(storage);

        Assert.False(Bool(properties, "allowSharedKeyAccess"), "allowSharedKeyAccess must be false");
        Assert.True(Bool(properties, "supportsHttpsTrafficOnly"), "supportsHttpsTrafficOnly must be true");
        Assert.Equal("TLS1_2", Text(properties, "minimumTlsVersion"));
        Assert.False(Bool(properties, "allowBlobPublicAccess"), "allowBlobPublicAccess must be false");
    }

    [Fact]
    public void FunctionAppRunsDotnetIsolated10OnFlexConsumptionWithASystemAssignedIdentity()
    {
        var plan = Assert.Single(Resources("Microsoft.Web/serverfarms"));
        Assert.Equal("FlexConsumption", Text(plan["sku"]!.AsObject(), "tier"));
        Assert.Equal("FC1", Text(plan["sku"]!.AsObject(), "name"));

        var site = FunctionApp();
        Assert.Contains("functionapp", Text(site, "kind"), StringComparison.Ordinal);
        Assert.Equal("SystemAssigned", Text(site["identity"]!.AsObject(), "type"));

        var config = Properties(site)["functionAppConfig"]!.AsObject();
        Assert.Equal("dotnet-isolated", Text(config["runtime"]!.AsObject(), "name"));
        Assert.Equal("10.0", Text(config["runtime"]!.AsObject(), "version"));
        var deployment = config["deployment"]!["storage"]!.AsObject();
        Assert.Equal("blobContainer", Text(deployment, "type"));
        Assert.Equal("SystemAssignedIdentity", Text(deployment["authentication"]!.AsObject(), "type"));
        Assert.True(Bool(Properties(site), "httpsOnly"), "httpsOnly must be true");
    }

    [Theory]
    [InlineData(StorageBlobDataOwner, "Microsoft.Storage/storageAccounts")]
    [InlineData(StorageQueueDataContributor, "Microsoft.Storage/storageAccounts")]
    [InlineData(StorageTableDataContributor, "Microsoft.Storage/storageAccounts")]
    [InlineData(KeyVaultSecretsUser, "Microsoft.KeyVault/vaults")]
    public void TheAppIdentityHoldsTheRole(string roleDefinitionGuid, string scopeType)
    {
        var assignment = Assert.Single(
            Resources("Microsoft.Authorization/roleAssignments"),
            r => Text(Properties(r), "roleDefinitionId").Contains(roleDefinitionGuid, StringComparison.OrdinalIgnoreCase));
        var properties = Properties(assignment);

        Assert.Contains("subscriptionResourceId('Microsoft.Authorization/roleDefinitions'", Text(properties, "roleDefinitionId"), StringComparison.Ordinal);
        Assert.Contains("Microsoft.Web/sites", Text(properties, "principalId"), StringComparison.Ordinal);
        Assert.Contains(".identity.principalId", Text(properties, "principalId"), StringComparison.Ordinal);
        Assert.Equal("ServicePrincipal", Text(properties, "principalType"));
        Assert.Contains(scopeType, Text(assignment, "scope"), StringComparison.Ordinal);
    }

    [Fact]
    public void TheSendGridKeyIsAKeyVaultSecretReferencedFromMailApiKey()
    {
        var vault = Assert.Single(Resources("Microsoft.KeyVault/vaults"));
        Assert.True(Bool(Properties(vault), "enableRbacAuthorization"), "the vault must use Azure RBAC, not access policies");
        Assert.Single(Resources("Microsoft.KeyVault/vaults/secrets"));

        var key = Parameter("sendGridApiKey");
        Assert.Equal("securestring", Text(key, "type"));

        var value = AppSettingValues()[AppSettings.MailApiKey];
        Assert.Contains("@Microsoft.KeyVault(SecretUri=", value, StringComparison.Ordinal);
        Assert.DoesNotContain("secretUriWithVersion", value, StringComparison.Ordinal);
    }

    [Fact]
    public void EasyAuthRequiresAMicrosoftEntraSignInAndSendsBrowsersToIt()
    {
        var auth = Assert.Single(Resources("Microsoft.Web/sites/config"), r => Text(r, "name").Contains("authsettingsV2", StringComparison.Ordinal));
        var properties = Properties(auth);

        Assert.True(Bool(properties["platform"]!.AsObject(), "enabled"), "platform.enabled must be true");
        var validation = properties["globalValidation"]!.AsObject();
        Assert.True(Bool(validation, "requireAuthentication"), "requireAuthentication must be true");
        Assert.Equal("RedirectToLoginPage", Text(validation, "unauthenticatedClientAction"));
        Assert.Equal("azureactivedirectory", Text(validation, "redirectToProvider"));
        var entra = properties["identityProviders"]!["azureActiveDirectory"]!.AsObject();
        Assert.True(Bool(entra, "enabled"), "azureActiveDirectory.enabled must be true");
        Assert.False(string.IsNullOrEmpty(Text(entra["registration"]!.AsObject(), "clientId")));

        // The one anonymous route is the liveness probe.
        Assert.Equal("health", ApiRoutes.Named("Health").Template);
        var excluded = validation["excludedPaths"]?.AsArray().Select(p => p!.GetValue<string>()).ToList() ?? [];
        Assert.Equal(["/api/health"], excluded);
    }

    [Fact]
    public void AppSettingsAreExactlyTheOnesTheCodeReads()
    {
        var inTemplate = AppSettingValues().Keys.Order(StringComparer.Ordinal).ToList();
        var expected = AppSettings.All.Order(StringComparer.Ordinal).ToList();

        var missing = expected.Except(inTemplate).ToList();
        var extra = inTemplate.Except(expected).ToList();
        Assert.True(missing.Count == 0, "infra/ does not set: " + string.Join(", ", missing) + " (functions/AppSettings.cs All)");
        Assert.True(extra.Count == 0, "infra/ sets what the code does not read: " + string.Join(", ", extra) + " (add it to functions/AppSettings.cs All, or drop it)");
        Assert.DoesNotContain(AppSettings.MailHost, inTemplate);
        Assert.DoesNotContain(AppSettings.GrantsStorage, inTemplate);
    }

    [Fact]
    public void AppSettingsNamesEveryOptionTheFunctionsHostBinds()
    {
        // functions/Program.cs binds these sections to these types: each property is a setting the code reads.
        // Mail:Host is the local capture's redirect and stays out of Azure.
        (string Section, Type Options)[] sections =
        [
            (AppSettings.MailSection, typeof(MailOptions)),
            (AppSettings.WorkflowSection, typeof(WorkflowOptions)),
            (AppSettings.ZenginSection, typeof(ZenginOptions)),
        ];
        Assert.Equal(ZenginOptions.Section, AppSettings.ZenginSection);
        var bound = sections
            .SelectMany(s => OptionNames(s.Section, s.Options))
            .Where(name => name != AppSettings.MailHost)
            .ToList();
        var declared = AppSettings.All
            .Where(name => sections.Any(s => name.StartsWith(s.Section + "__", StringComparison.Ordinal)))
            .ToList();

        Assert.Equal(bound.Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryAppSettingConstantIsInAllOrALocalOverride()
    {
        var constants = typeof(AppSettings).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && !f.Name.EndsWith("Section", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
        string[] localOnly = [AppSettings.GrantsStorage, AppSettings.MailHost];

        Assert.Equal(AppSettings.All.Distinct().Count(), AppSettings.All.Count);
        Assert.Equal(constants.Except(localOnly).Order(StringComparer.Ordinal), AppSettings.All.Order(StringComparer.Ordinal));
        Assert.Equal("Mail:ApiKey", AppSettings.Key(AppSettings.MailApiKey));
    }

    [Fact]
    public void TheEntraAppRolesManifestDefinesExactlyTheRolesTheCodeChecks()
    {
        var path = Path.Combine(Repository.Root, "infra", "entra-app-roles.json");
        var roles = JsonNode.Parse(File.ReadAllText(path))!.AsArray().Select(r => r!.AsObject()).ToList();
        var known = typeof(Roles).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet();

        // Every role the code checks can be assigned, and the manifest defines no other.
        Assert.Equal(known.Order(StringComparer.Ordinal), roles.Select(r => Text(r, "value")).Order(StringComparer.Ordinal));
        Assert.Subset(known, new HashSet<string> { "applicant", "director", "finance", "admin" });
        Assert.All(roles, role =>
        {
            Assert.True(Guid.TryParse(Text(role, "id"), out _), "each app role needs a GUID id");
            Assert.Equal(["User"], role["allowedMemberTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
            Assert.True(Bool(role, "isEnabled"));
        });
        Assert.Equal(roles.Count, roles.Select(r => Text(r, "id")).Distinct().Count());
    }

    static IEnumerable<string> OptionNames(string section, Type options) =>
        options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => section + "__" + p.Name);

    static JsonObject FunctionApp() => Assert.Single(Resources("Microsoft.Web/sites"));

    /// <summary>App settings of the Function App: <c>siteConfig.appSettings</c> and any <c>sites/config</c> "appsettings" resource.</summary>
    static Dictionary<string, string> AppSettingValues()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var inline = Properties(FunctionApp())["siteConfig"]?["appSettings"]?.AsArray() ?? [];
        foreach (var setting in inline)
        {
            Assert.True(settings.TryAdd(Text(setting!.AsObject(), "name"), setting["value"]?.ToString() ?? ""), "app setting set twice: " + setting["name"]);
        }

        foreach (var config in Resources("Microsoft.Web/sites/config").Where(r => Text(r, "name").Contains("appsettings", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var (name, value) in Properties(config))
            {
                Assert.True(settings.TryAdd(name, value?.ToString() ?? ""), "app setting set twice: " + name);
            }
        }

        return settings;
    }

    static JsonObject Parameter(string name) => Template.Value["parameters"]![name]!.AsObject();

    /// <summary>Every resource of a type that the deployment creates, in the template and in the templates of its modules.</summary>
    static List<JsonObject> Resources(string type) =>
        AllResources(Template.Value)
            .Where(r => string.Equals(Text(r, "type"), type, StringComparison.OrdinalIgnoreCase) && r["existing"]?.GetValue<bool>() != true)
            .ToList();

    static IEnumerable<JsonObject> AllResources(JsonObject template)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(r => r!.AsObject()),
            JsonObject symbolic => symbolic.Select(r => r.Value!.AsObject()), // languageVersion 2.0
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return resource;
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in AllResources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    static JsonObject Properties(JsonObject resource) => resource["properties"]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"{Text(resource, "type")} has no properties");

    static string Text(JsonObject node, string property) => node[property]?.ToString() ?? "";

    static bool Bool(JsonObject node, string property) =>
        node[property] is JsonValue value && value.TryGetValue<bool>(out var result)
            ? result
            : throw new Xunit.Sdk.XunitException($"'{property}' is not a literal true/false in the template but '{node[property]?.ToJsonString() ?? "missing"}'");

    static JsonObject Load()
    {
        var path = Path.Combine(Repository.Root, ".tools", "arm", "main.json");
        if (!File.Exists(path))
        {
            throw new Xunit.Sdk.XunitException(
                $"{path} is missing: run ./infra/check.sh (./test.sh runs it first) to compile infra/main.bicep with the Bicep CLI.");
        }

        return JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!.AsObject();
    }
}
