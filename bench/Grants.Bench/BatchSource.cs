using System.Runtime.CompilerServices;
using Grants.Workflows.Money;
using Grants.Workflows.Payouts;
using Grants.Workflows.Payouts.Zengin;
using Grants.Workflows.People;

namespace Grants.Bench;

/// <summary>A batch of any size, made up on the fly so the source itself holds nothing in memory.</summary>
public static class BatchSource
{
    public static readonly ZenginOptions Originator = new()
    {
        CompanyCode = "1234567890",
        CompanyNameKana = "ザイリヨウカガクケンキユウシヨ",
        BankCode = "0009",
        BranchCode = "100",
        AccountType = "ordinary",
        AccountNumber = "7654321",
    };

    static readonly string[] Names = ["タナカ ハナコ", "スズキ イチロウ", "ガッコウ ショウコ", "パーシー ヴィンセント", "NGUYEN THI LAN"];

    public static PayoutBatch Batch(int count) =>
        new($"B-BENCH-{count}", new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero), "finance@example.ac.jp", count, new Yen(Enumerable.Range(0, count).Sum(i => Amount(i))))
        {
            TransferDate = new DateOnly(2026, 6, 25),
        };

    public static BatchItem Item(int i)
    {
        var applicationId = $"APP-{i:D7}";
        var payout = new Payout(
            Payout.IdFor(applicationId), applicationId, $"payee{i % 5000}@example.ac.jp", "田中 花子", Names[i % Names.Length], "director-discretionary", "DIR-001",
            new FiscalYear(2026), new Yen(Amount(i)), PayoutStatus.Batched, new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero), $"B-BENCH");
        return new BatchItem(payout, new BankAccount("0001", "001", i % 3 == 0 ? "savings" : "ordinary", (i % 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture), Names[i % Names.Length]));
    }

    public static long Amount(int i) => 10_000 + (i % 500) * 1_000;

    public static async IAsyncEnumerable<BatchItem> ItemsAsync(int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Item(i);
        }

        await Task.CompletedTask;
    }
}

/// <summary>A write-only stream that only counts, so the benchmark measures the writer and not a destination.</summary>
public sealed class CountingStream : Stream
{
    public long Written { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => Written;

    public override long Position { get => Written; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Written += count;

    public override void Write(ReadOnlySpan<byte> buffer) => Written += buffer.Length;

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Written += buffer.Length;
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Written += count;
        return Task.CompletedTask;
    }
}
