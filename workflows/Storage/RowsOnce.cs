using Azure;
using Azure.Data.Tables;

namespace Grants.Workflows.Storage;

/// <summary>Inserting rows of one partition so that each is written once however often a step runs.</summary>
public static class RowsOnce
{
    /// <summary>One transaction of inserts; when any row is written already (a repeated step), each is inserted on its own, the missing ones landing.</summary>
    public static async Task AddAsync(TableClient table, IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(rows.Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)), cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            await Task.WhenAll(rows.Select(async row =>
            {
                try
                {
                    await table.AddEntityAsync(row, cancellationToken);
                }
                catch (RequestFailedException conflict) when (conflict.Status == 409)
                {
                    // Written already.
                }
            }));
        }
    }
}
