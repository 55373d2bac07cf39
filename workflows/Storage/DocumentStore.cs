using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;

namespace Grants.Workflows.Storage;

/// <summary>What was stored for an uploaded file.</summary>
public sealed record StoredBlob(long Size, string Sha256);

/// <summary>Application documents in a private Blob Storage container, one folder per application.</summary>
public sealed class DocumentStore(GrantsStorage storage)
{
    public async Task<StoredBlob> SaveAsync(string applicationId, string documentId, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(buffer, cancellationToken));
        buffer.Position = 0;
        var blob = storage.Documents.GetBlobClient(BlobName(applicationId, documentId));
        await blob.UploadAsync(buffer, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);
        return new StoredBlob(buffer.Length, hash);
    }

    public async Task<Stream> OpenAsync(string applicationId, string documentId, CancellationToken cancellationToken = default) =>
        await storage.Documents.GetBlobClient(BlobName(applicationId, documentId)).OpenReadAsync(cancellationToken: cancellationToken);

    static string BlobName(string applicationId, string documentId) => $"{applicationId}/{documentId}";
}
