using System.Security.Cryptography;
using Grants.Tests.Infrastructure;
using Grants.Workflows.Storage;

namespace Grants.Tests.Storage;

[Trait("Kind", "Storage")]
public sealed class AuditTrailTests
{
    static readonly DateTimeOffset At = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_retried_step_is_written_once()
    {
        var audit = new AuditTrail(await (await Azurite.SharedAsync()).NewStorageAsync());
        var entry = new AuditEntry(At, "system", "eligible", "");

        await audit.AppendAsync("APP-1", "s1-eligibility", entry);
        await audit.AppendAsync("APP-1", "s1-eligibility", entry with { Detail = "retried" });

        var history = await audit.ReadAsync("APP-1").ToListAsync();
        Assert.Equal(entry, Assert.Single(history));
    }

    [Fact]
    public async Task Steps_are_kept_per_subject_in_time_order()
    {
        var audit = new AuditTrail(await (await Azurite.SharedAsync()).NewStorageAsync());

        await audit.AppendAsync("APP-1", "s1-outcome", new AuditEntry(At.AddMinutes(2), "director@example.ac.jp", "approved", "おめでとう"));
        await audit.AppendAsync("APP-1", "created", new AuditEntry(At, "tanaka@example.ac.jp", "created", ""));
        await audit.AppendAsync("APP-1", "s1-submitted", new AuditEntry(At.AddMinutes(1), "tanaka@example.ac.jp", "submitted", ""));
        await audit.AppendAsync("APP-2", "created", new AuditEntry(At, "suzuki@example.ac.jp", "created", ""));

        Assert.Equal(["created", "submitted", "approved"], await audit.ReadAsync("APP-1").Select(e => e.Action).ToArrayAsync());
        Assert.Equal("おめでとう", (await audit.ReadAsync("APP-1").LastAsync()).Detail);
        Assert.Equal("suzuki@example.ac.jp", Assert.Single(await audit.ReadAsync("APP-2").ToListAsync()).Actor);
    }
}

[Trait("Kind", "Storage")]
public sealed class DocumentStoreTests
{
    [Fact]
    public async Task Saves_and_opens_the_same_bytes_with_their_sha256()
    {
        var storage = await (await Azurite.SharedAsync()).NewStorageAsync();
        var documents = new DocumentStore(storage);
        var bytes = "%PDF-1.7\n"u8.ToArray().Concat(RandomNumberGenerator.GetBytes(300_000)).ToArray();

        StoredBlob saved;
        using (var upload = new MemoryStream(bytes))
        {
            saved = await documents.SaveAsync("APP-1", "DOC-1", upload, "application/pdf");
        }

        Assert.Equal(bytes.LongLength, saved.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), saved.Sha256);

        await using var opened = await documents.OpenAsync("APP-1", "DOC-1");
        using var read = new MemoryStream();
        await opened.CopyToAsync(read);
        Assert.Equal(bytes, read.ToArray());

        var properties = await storage.Documents.GetBlobClient("APP-1/DOC-1").GetPropertiesAsync();
        Assert.Equal("application/pdf", properties.Value.ContentType);
        Assert.Equal(bytes.LongLength, properties.Value.ContentLength);
    }

    [Fact]
    public async Task Documents_of_different_applications_do_not_mix()
    {
        var documents = new DocumentStore(await (await Azurite.SharedAsync()).NewStorageAsync());
        using (var first = new MemoryStream("%PDF-first"u8.ToArray()))
        {
            await documents.SaveAsync("APP-1", "DOC-1", first, "application/pdf");
        }

        using (var second = new MemoryStream("%PDF-second"u8.ToArray()))
        {
            await documents.SaveAsync("APP-2", "DOC-1", second, "application/pdf");
        }

        await using var opened = await documents.OpenAsync("APP-1", "DOC-1");
        using var reader = new StreamReader(opened);
        Assert.Equal("%PDF-first", await reader.ReadToEndAsync());
    }
}
