using System.Text.Json;
using Grants.Workflows;
using Grants.Workflows.Applications;
using Grants.Workflows.Money;
using Grants.Workflows.Programs;

namespace Grants.Tests.Money;

[Trait("Kind", "Unit")]
public sealed class YenTests
{
    [Fact]
    public void Adds_subtracts_and_multiplies_whole_yen()
    {
        Assert.Equal(new Yen(350_000), new Yen(100_000) + new Yen(250_000));
        Assert.Equal(new Yen(-150_000), new Yen(100_000) - new Yen(250_000));
        Assert.Equal(new Yen(360_000), new Yen(120_000) * 3);
        Assert.Equal(Yen.Zero, new Yen(120_000) * 0);
        Assert.True(new Yen(1).IsPositive);
        Assert.False(Yen.Zero.IsPositive);
        Assert.True(new Yen(-1).IsNegative);
        Assert.False(Yen.Zero.IsNegative);
    }

    [Fact]
    public void Compares_by_amount()
    {
        var small = new Yen(99_999);
        var large = new Yen(100_000);

        Assert.True(small < large);
        Assert.True(large > small);
        Assert.True(small <= large);
        Assert.True(large >= small);
        Assert.True(large <= new Yen(100_000));
        Assert.True(large >= new Yen(100_000));
        Assert.False(large < new Yen(100_000));
        Assert.False(small > large);
        Assert.True(small.CompareTo(large) < 0);
        Assert.Equal(0, large.CompareTo(new Yen(100_000)));
        Assert.Equal([new Yen(-5), Yen.Zero, small, large], new[] { large, Yen.Zero, small, new Yen(-5) }.Order().ToArray());
    }

    [Fact]
    public void Sums_a_sequence_and_an_empty_sequence_is_zero()
    {
        Assert.Equal(new Yen(780_000), Yen.Sum([new Yen(100_000), new Yen(180_000), new Yen(500_000)]));
        Assert.Equal(Yen.Zero, Yen.Sum([]));
    }

    [Fact]
    public void Overflow_throws_instead_of_wrapping()
    {
        var max = new Yen(long.MaxValue);
        var min = new Yen(long.MinValue);

        Assert.Throws<OverflowException>(() => max + new Yen(1));
        Assert.Throws<OverflowException>(() => min - new Yen(1));
        Assert.Throws<OverflowException>(() => max * 2);
        Assert.Throws<OverflowException>(() => Yen.Sum([max, new Yen(1)]));
    }

    [Fact]
    public void Formats_as_yen_with_thousands_separators()
    {
        Assert.Equal("¥120,000", new Yen(120_000).ToString());
        Assert.Equal("¥0", Yen.Zero.ToString());
        Assert.Equal("¥1,234,567,890", new Yen(1_234_567_890).ToString());
    }

    [Fact]
    public void Json_writes_and_reads_a_plain_integer()
    {
        Assert.Equal("120000", JsonSerializer.Serialize(new Yen(120_000), GrantsJson.Options));
        Assert.Equal(new Yen(120_000), JsonSerializer.Deserialize<Yen>("120000", GrantsJson.Options));
        Assert.Equal(new Yen(long.MaxValue), JsonSerializer.Deserialize<Yen>(long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), GrantsJson.Options));

        var line = JsonSerializer.Deserialize<ExpenseLine>("""{"kind":"submissionFee","amount":80000,"description":"投稿料"}""", GrantsJson.Options)!;
        Assert.Equal(new Yen(80_000), line.Amount);
        Assert.Contains("\"amount\":80000", JsonSerializer.Serialize(line, GrantsJson.Options), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("0.01")]
    [InlineData("120000.5")]
    [InlineData("1e3")]
    [InlineData("\"120000\"")]
    [InlineData("\"¥120,000\"")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("99999999999999999999")]
    public void Json_refuses_fractions_strings_and_out_of_range_numbers(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Yen>(json, GrantsJson.Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ExpenseLine>(
            $$"""{"kind":"{{nameof(ExpenseKind.SubmissionFee)}}","amount":{{json}},"description":""}""", GrantsJson.Options));
    }
}
