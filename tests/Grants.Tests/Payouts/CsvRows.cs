using System.Globalization;
using System.Text;
using CsvHelper;

namespace Grants.Tests.Payouts;

/// <summary>Reads a CSV file the API writes for Excel: it must start with a UTF-8 byte-order mark and be valid UTF-8.</summary>
public static class CsvRows
{
    public static List<string[]> Read(byte[] bytes)
    {
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        using var reader = new CsvReader(new StringReader(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes[3..])), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(reader.Parser.Record!);
        }

        return rows;
    }
}
