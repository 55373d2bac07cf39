using System.Reflection;
using System.Text;
using Azure.Data.Tables;
using Grants.Workflows.Storage;

namespace Grants.Tests.Security;

/// <summary>
/// Every row of every table and every blob of one <see cref="GrantsStorage"/>, as text, so a test can prove that a
/// refused request changed nothing. The tables are the ones GrantsStorage declares (read from its properties).
/// </summary>
public static class StorageSnapshot
{
    public static async Task<string> TakeAsync(GrantsStorage storage)
    {
        var text = new StringBuilder();
        var tables = typeof(GrantsStorage).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.GetValue(storage))
            .Select(v => v?.GetType().GetProperty("Client")?.GetValue(v) as TableClient)
            .OfType<TableClient>()
            .DistinctBy(t => t.Name)
            .OrderBy(t => t.Name, StringComparer.Ordinal);
        foreach (var table in tables)
        {
            text.Append("## ").AppendLine(table.Name);
            var rows = new List<string>();
            await foreach (var entity in table.QueryAsync<TableEntity>())
            {
                rows.Add($"{entity.PartitionKey}|{entity.RowKey}|{entity.ETag}|" + string.Join(",", entity.Keys.Where(k => k is not ("odata.etag" or "Timestamp")).Order().Select(k => $"{k}={entity[k]}")));
            }

            rows.Sort(StringComparer.Ordinal);
            rows.ForEach(r => text.AppendLine(r));
        }

        text.AppendLine("## blobs");
        await foreach (var blob in storage.Documents.GetBlobsAsync())
        {
            text.AppendLine($"{blob.Name}|{blob.Properties.ETag}|{blob.Properties.ContentLength}");
        }

        return text.ToString();
    }
}
