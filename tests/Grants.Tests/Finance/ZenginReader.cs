using System.Globalization;
using System.Text;

namespace Grants.Tests.Finance;

/// <summary>A data record of a Zengin transfer file as read back.</summary>
public sealed record ZenginTransfer(string BankCode, string BranchCode, string AccountType, string AccountNumber, string PayeeName, long Amount, string NewCode);

/// <summary>A whole Zengin file as read back.</summary>
public sealed record ZenginTransferFile(
    string TypeCode, string CompanyCode, string CompanyName, string TransferDate, string BankCode, string BranchCode, string AccountType, string AccountNumber,
    IReadOnlyList<ZenginTransfer> Transfers, int TrailerCount, long TrailerTotal);

/// <summary>
/// Reads a 全銀 総合振込 file independently of the code that wrote it: splits on CR LF, checks that every record is 120
/// bytes of Shift_JIS single-byte characters, and slices fields at the byte positions of shared/ZENGIN.md.
/// </summary>
public static class ZenginReader
{
    static readonly Encoding ShiftJis = CreateShiftJis();

    public static ZenginTransferFile Read(byte[] file)
    {
        Assert.True(file.Length % 122 == 0, $"{file.Length} bytes is not a whole number of 120-byte records with CR LF.");
        var records = new List<byte[]>();
        for (var offset = 0; offset < file.Length; offset += 122)
        {
            Assert.Equal((byte)'\r', file[offset + 120]);
            Assert.Equal((byte)'\n', file[offset + 121]);
            var record = file[offset..(offset + 120)];
            Assert.DoesNotContain((byte)'\r', record);
            Assert.DoesNotContain((byte)'\n', record);
            Assert.Equal(120, ShiftJis.GetString(record).Length);
            records.Add(record);
        }

        Assert.True(records.Count >= 3);
        var header = records[0];
        Assert.Equal("1", Field(header, 1, 1));
        Assert.Equal("0", Field(header, 4, 1));
        Assert.Equal(new string(' ', 17), Field(header, 104, 17));

        var transfers = new List<ZenginTransfer>();
        foreach (var data in records.Skip(1).Take(records.Count - 3))
        {
            Assert.Equal("2", Field(data, 1, 1));
            Assert.Equal("0000", Field(data, 39, 4));
            Assert.Equal(new string(' ', 9), Field(data, 112, 9));
            transfers.Add(new ZenginTransfer(
                Digits(data, 2, 4), Digits(data, 21, 3), Digits(data, 43, 1), Digits(data, 44, 7), Field(data, 51, 30).TrimEnd(' '),
                long.Parse(Digits(data, 81, 10), CultureInfo.InvariantCulture), Digits(data, 91, 1)));
        }

        var trailer = records[^2];
        Assert.Equal("8", Field(trailer, 1, 1));
        Assert.Equal(new string(' ', 101), Field(trailer, 20, 101));
        var end = records[^1];
        Assert.Equal("9", Field(end, 1, 1));
        Assert.Equal(new string(' ', 119), Field(end, 2, 119));

        return new ZenginTransferFile(
            Digits(header, 2, 2), Digits(header, 5, 10), Field(header, 15, 40).TrimEnd(' '), Digits(header, 55, 4), Digits(header, 59, 4), Digits(header, 78, 3),
            Digits(header, 96, 1), Digits(header, 97, 7), transfers,
            int.Parse(Digits(trailer, 2, 6), CultureInfo.InvariantCulture), long.Parse(Digits(trailer, 8, 12), CultureInfo.InvariantCulture));
    }

    /// <summary>The field at 1-based byte position <paramref name="position"/>, <paramref name="length"/> bytes long.</summary>
    static string Field(byte[] record, int position, int length) => ShiftJis.GetString(record, position - 1, length);

    static string Digits(byte[] record, int position, int length)
    {
        var text = Field(record, position, length);
        Assert.True(text.All(char.IsAsciiDigit), $"'{text}' at {position} is not {length} digits.");
        return text;
    }

    static Encoding CreateShiftJis()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("shift_jis", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }
}
