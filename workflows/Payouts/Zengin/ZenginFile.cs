using System.Buffers;
using System.Globalization;
using System.Text;
using Grants.Workflows.BankAccounts;

namespace Grants.Workflows.Payouts.Zengin;

/// <summary>Something in a batch or in the originator settings that a Zengin file cannot carry.</summary>
public sealed record ZenginProblem(string Subject, string Message);

/// <summary>
/// Writes a batch as a 全銀協 総合振込 (general transfer) file, as laid out in shared/ZENGIN.md: 120-byte records —
/// header (1), one data record (2) per payout, trailer (8) with their count and total, end (9) — in Shift_JIS,
/// half-width only, CR LF after each record. A batch's records are checked once when it is created
/// (<see cref="CheckItem"/>, <see cref="FitsTrailer"/>), or by <see cref="FindProblemsAsync"/> reading it whole, so a
/// file is only ever written when every record can be; an unmappable character makes the encoder throw, never write <c>?</c>.
/// </summary>
public static class ZenginFile
{
    public const int RecordLength = 120;
    public const long MaxAmount = 9_999_999_999;
    public const long MaxTotal = 999_999_999_999;
    public const int MaxRecords = 999_999;

    const string TypeCode = "21";
    const int BufferSize = 64 * 1024;
    static readonly byte[] LineEnd = "\r\n"u8.ToArray();

    /// <summary>Shift_JIS (code page 932) that throws on any character it cannot encode or decode.</summary>
    public static Encoding ShiftJis { get; } = CreateShiftJis();

    /// <summary>Checks the originator settings; problems name the setting to fix.</summary>
    public static IReadOnlyList<ZenginProblem> CheckOriginator(ZenginOptions options)
    {
        var problems = new List<ZenginProblem>();
        void Need(bool ok, string setting, string message)
        {
            if (!ok)
            {
                problems.Add(new ZenginProblem($"{ZenginOptions.Section}:{setting}", message));
            }
        }

        Need(BankAccountRules.IsDigits(options.CompanyCode, 10), nameof(options.CompanyCode), "the originator code is 10 digits assigned by the bank");
        Need(BankAccountRules.IsDigits(options.BankCode, 4), nameof(options.BankCode), "the originating bank code is 4 digits");
        Need(BankAccountRules.IsDigits(options.BranchCode, 3), nameof(options.BranchCode), "the originating branch code is 3 digits");
        Need(BankAccountRules.IsDigits(options.AccountNumber, 7), nameof(options.AccountNumber), "the originating account number is 7 digits");
        Need(options.AccountType is "ordinary" or "current", nameof(options.AccountType), "the originating account type is ordinary or current");
        Need(!string.IsNullOrWhiteSpace(options.CompanyNameKana), nameof(options.CompanyNameKana), "the originator name in kana is required");
        foreach (var (setting, value, length) in new[]
        {
            (nameof(options.CompanyNameKana), options.CompanyNameKana, 40),
            (nameof(options.BankNameKana), options.BankNameKana, 15),
            (nameof(options.BranchNameKana), options.BranchNameKana, 15),
        })
        {
            if (!ZenginText.TryConvert(value, out var halfWidth, out var bad))
            {
                Need(false, setting, "cannot be written half-width: " + string.Join(", ", bad.Select(ZenginText.Describe)));
            }
            else
            {
                Need(halfWidth.Length <= length, setting, $"at most {length} half-width characters");
            }
        }

        return problems;
    }

    /// <summary>Everything about one payout that a data record cannot carry; empty when it can be written.</summary>
    public static IEnumerable<ZenginProblem> CheckItem(BatchItem item)
    {
        var subject = $"{item.Payout.Id} ({item.Payout.PayeeId})";
        if (item.Bank is null)
        {
            yield return new ZenginProblem(subject, "no bank account was on file when the batch was created");
        }
        else
        {
            foreach (var problem in BankAccountRules.Problems(item.Bank))
            {
                yield return new ZenginProblem(subject, problem);
            }
        }

        if (!item.Payout.Amount.IsPositive || item.Payout.Amount.Value > MaxAmount)
        {
            yield return new ZenginProblem(subject, $"the amount {item.Payout.Amount} is not between ¥1 and ¥{MaxAmount:#,0}");
        }
    }

    /// <summary>
    /// Reads the whole batch and returns what stops it from being written (at most <paramref name="limit"/> problems),
    /// before a single byte of the file exists. Memory stays flat: items are streamed, only problems are kept.
    /// </summary>
    public static async Task<IReadOnlyList<ZenginProblem>> FindProblemsAsync(IAsyncEnumerable<BatchItem> items, ZenginOptions options, int limit = 1000, CancellationToken cancellationToken = default)
    {
        var problems = CheckOriginator(options).ToList();
        var count = 0L;
        var total = 0L;
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            count++;
            total += item.Payout.Amount.Value;
            foreach (var problem in CheckItem(item))
            {
                if (problems.Count < limit)
                {
                    problems.Add(problem);
                }
            }
        }

        if (count > MaxRecords)
        {
            problems.Add(new ZenginProblem("batch", $"{count} payouts; a file carries at most {MaxRecords:#,0}"));
        }

        if (total > MaxTotal)
        {
            problems.Add(new ZenginProblem("batch", $"the total ¥{total:#,0} exceeds the trailer's 12 digits"));
        }

        return problems;
    }

    /// <summary>Whether a batch's count and total fit the trailer record.</summary>
    public static bool FitsTrailer(long count, long total) => count <= MaxRecords && total <= MaxTotal;

    /// <summary>Writes the file of a checked batch (see above): a problem here throws midway instead.</summary>
    public static async Task WriteAsync(PayoutBatch batch, IAsyncEnumerable<BatchItem> items, ZenginOptions options, Stream output, CancellationToken cancellationToken = default)
    {
        using var writer = new RecordWriter(output);
        var date = batch.FileTransferDate;
        writer.Start('1')
            .Text(TypeCode, 2)
            .Text("0", 1)
            .Digits(options.CompanyCode, 10)
            .Kana(options.CompanyNameKana, 40)
            .Text(date.ToString("MMdd", CultureInfo.InvariantCulture), 4)
            .Digits(options.BankCode, 4)
            .Kana(options.BankNameKana, 15)
            .Digits(options.BranchCode, 3)
            .Kana(options.BranchNameKana, 15)
            .Text(options.AccountType == "current" ? "2" : "1", 1)
            .Digits(options.AccountNumber, 7)
            .Text("", 17);
        await writer.EndAsync(cancellationToken);

        var count = 0;
        var total = 0L;
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            var bank = item.Bank ?? throw new InvalidOperationException($"{item.Payout.Id} has no bank account.");
            writer.Start('2')
                .Digits(bank.BankCode, 4)
                .Text("", 15)
                .Digits(bank.BranchCode, 3)
                .Text("", 15)
                .Text("0000", 4)
                .Text(BankAccountRules.ZenginTypeCodes[bank.AccountType].ToString(), 1)
                .Digits(bank.AccountNumber, 7)
                .Kana(bank.HolderKana, 30)
                .Number(item.Payout.Amount.Value, 10)
                .Text("0", 1)
                .Number(0, 10)
                .Number(0, 10)
                .Text("", 1)
                .Text("", 1)
                .Text("", 7);
            await writer.EndAsync(cancellationToken);
            count++;
            total += item.Payout.Amount.Value;
        }

        writer.Start('8').Number(count, 6).Number(total, 12).Text("", 101);
        await writer.EndAsync(cancellationToken);
        writer.Start('9').Text("", 119);
        await writer.EndAsync(cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }

    static Encoding CreateShiftJis()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    /// <summary>Fills one 120-character record field by field, encodes it, and buffers whole records for the stream.</summary>
    sealed class RecordWriter(Stream output) : IDisposable
    {
        readonly byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        readonly char[] record = new char[RecordLength];
        int used;
        int position;

        public RecordWriter Start(char division)
        {
            position = 0;
            record[position++] = division;
            return this;
        }

        /// <summary>An N field given as digits already checked: right-aligned, zero-padded.</summary>
        public RecordWriter Digits(string digits, int length) => Text(digits.PadLeft(length, '0'), length);

        public RecordWriter Number(long value, int length) => Digits(value.ToString(CultureInfo.InvariantCulture), length);

        /// <summary>A C field: converted to half-width, left-aligned, space-padded.</summary>
        public RecordWriter Kana(string text, int length)
        {
            if (!ZenginText.TryConvert(text, out var halfWidth, out var bad))
            {
                throw new InvalidOperationException("Not writable half-width: " + string.Join(", ", bad));
            }

            return Text(halfWidth, length);
        }

        public RecordWriter Text(string text, int length)
        {
            if (text.Length > length)
            {
                throw new InvalidOperationException($"'{text}' is longer than its {length}-character field.");
            }

            text.CopyTo(record.AsSpan(position));
            record.AsSpan(position + text.Length, length - text.Length).Fill(' ');
            position += length;
            return this;
        }

        public async ValueTask EndAsync(CancellationToken cancellationToken)
        {
            if (position != RecordLength)
            {
                throw new InvalidOperationException($"A record of {position} characters; every record is {RecordLength}.");
            }

            if (used + RecordLength + LineEnd.Length > buffer.Length)
            {
                await FlushAsync(cancellationToken);
            }

            var bytes = ShiftJis.GetBytes(record, 0, RecordLength, buffer, used);
            if (bytes != RecordLength)
            {
                throw new InvalidOperationException($"A record encoded to {bytes} bytes; only half-width characters belong in a Zengin file.");
            }

            used += bytes;
            LineEnd.CopyTo(buffer, used);
            used += LineEnd.Length;
        }

        public async ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            await output.WriteAsync(buffer.AsMemory(0, used), cancellationToken);
            used = 0;
        }

        public void Dispose() => ArrayPool<byte>.Shared.Return(buffer);
    }
}
