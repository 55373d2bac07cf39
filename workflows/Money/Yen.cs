using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grants.Workflows.Money;

/// <summary>An amount of money in whole Japanese yen; never fractional, never a floating-point number.</summary>
[JsonConverter(typeof(YenJsonConverter))]
public readonly record struct Yen(long Value) : IComparable<Yen>
{
    /// <summary>No money.</summary>
    public static readonly Yen Zero = new(0);

    public bool IsPositive => Value > 0;

    public bool IsNegative => Value < 0;

    public static Yen operator +(Yen a, Yen b) => new(checked(a.Value + b.Value));

    public static Yen operator -(Yen a, Yen b) => new(checked(a.Value - b.Value));

    public static Yen operator *(Yen a, int times) => new(checked(a.Value * times));

    public static bool operator <(Yen a, Yen b) => a.Value < b.Value;

    public static bool operator >(Yen a, Yen b) => a.Value > b.Value;

    public static bool operator <=(Yen a, Yen b) => a.Value <= b.Value;

    public static bool operator >=(Yen a, Yen b) => a.Value >= b.Value;

    public static Yen Sum(IEnumerable<Yen> amounts) => amounts.Aggregate(Zero, (total, next) => total + next);

    public int CompareTo(Yen other) => Value.CompareTo(other.Value);

    /// <summary>Formats as Japanese accounting text, e.g. <c>¥120,000</c>.</summary>
    public override string ToString() => "¥" + Value.ToString("#,0", CultureInfo.InvariantCulture);
}

/// <summary>Writes <see cref="Yen"/> as a plain JSON integer and refuses fractions on reading.</summary>
public sealed class YenJsonConverter : JsonConverter<Yen>
{
    public override Yen Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var value))
        {
            throw new JsonException("An amount must be a whole number of yen.");
        }

        return new Yen(value);
    }

    public override void Write(Utf8JsonWriter writer, Yen value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Value);
}
