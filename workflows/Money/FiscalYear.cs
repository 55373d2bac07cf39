using System.Text.Json.Serialization;

namespace Grants.Workflows.Money;

/// <summary>A Japanese fiscal year (年度): FY2026 runs from 1 April 2026 to 31 March 2027, Japan time.</summary>
[JsonConverter(typeof(JsonNumberFiscalYearConverter))]
public readonly record struct FiscalYear(int Year)
{
    /// <summary>The fiscal year that contains an instant, judged by the calendar date in Japan.</summary>
    public static FiscalYear Of(DateTimeOffset instant)
    {
        var japan = JapanTime.Of(instant);
        return new FiscalYear(japan.Month >= 4 ? japan.Year : japan.Year - 1);
    }

    public static FiscalYear Of(DateTime utc) => Of(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    /// <summary>First day, in Japan.</summary>
    public DateOnly Start => new(Year, 4, 1);

    /// <summary>Last day, in Japan.</summary>
    public DateOnly End => new(Year + 1, 3, 31);

    public override string ToString() => $"FY{Year}";
}

/// <summary>Serialises a fiscal year as its starting calendar year, e.g. <c>2026</c>.</summary>
public sealed class JsonNumberFiscalYearConverter : JsonConverter<FiscalYear>
{
    public override FiscalYear Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
        => new(reader.GetInt32());

    public override void Write(System.Text.Json.Utf8JsonWriter writer, FiscalYear value, System.Text.Json.JsonSerializerOptions options)
        => writer.WriteNumberValue(value.Year);
}
