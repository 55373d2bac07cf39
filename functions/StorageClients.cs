using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;

namespace Grants.Functions;

/// <summary>The table and blob clients of Grants' own data, from the <c>GrantsStorage</c> setting.</summary>
public static class StorageClients
{
    public const string Setting = AppSettings.GrantsStorage;

    /// <summary>
    /// <c>GrantsStorage</c> as a connection string when it is set; otherwise <c>GrantsStorage__accountName</c>
    /// with <see cref="DefaultAzureCredential"/> against the account's public endpoints.
    /// </summary>
    public static (TableServiceClient Tables, BlobServiceClient Blobs) Create(IConfiguration configuration)
    {
        var connectionString = configuration[Setting];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return (new TableServiceClient(connectionString), new BlobServiceClient(connectionString));
        }

        var account = configuration[AppSettings.Key(AppSettings.GrantsStorageAccountName)];
        if (string.IsNullOrWhiteSpace(account))
        {
            throw new InvalidOperationException(
                $"Set {Setting} to a storage connection string, or {AppSettings.GrantsStorageAccountName} to a storage account reached with a managed identity.");
        }

        var credential = new DefaultAzureCredential();
        return (
            new TableServiceClient(new Uri($"https://{account}.table.core.windows.net"), credential),
            new BlobServiceClient(new Uri($"https://{account}.blob.core.windows.net"), credential));
    }
}
