using System.Text.Json;
using Grants.Workflows;
using Grants.Workflows.Money;

namespace Grants.Tests.Money;

[Trait("Kind", "Unit")]
public sealed class FiscalYearTests
{
    [Fact]
    public void April_begins_at_midnight_Japan_time_which_is_15_00_UTC_the_day_before()
    {
        Assert.Equal(new FiscalYear(2027), FiscalYear.Of(new DateTimeOffset(2027, 3, 31, 15, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new FiscalYear(2026), FiscalYear.Of(new DateTimeOffset(2027, 3, 31, 14, 59, 0, TimeSpan.Zero)));
        Assert.Equal(new FiscalYear(2026), FiscalYear.Of(new DateTimeOffset(2027, 3, 31, 14, 59, 59, 999, TimeSpan.Zero)));
    }

    [Fact]
    public void The_same_instant_gives_the_same_year_whatever_offset_it_is_written_in()
    {
        var instant = new DateTimeOffset(2027, 4, 1, 0, 0, 0, TimeSpan.FromHours(9));
        Assert.Equal(new FiscalYear(2027), FiscalYear.Of(instant));
        Assert.Equal(new FiscalYear(2027), FiscalYear.Of(instant.ToOffset(TimeSpan.FromHours(-8))));
        Assert.Equal(new FiscalYear(2026), FiscalYear.Of(instant.AddTicks(-1).ToOffset(TimeSpan.FromHours(2))));
    }

    [Fact]
    public void Utc_DateTime_overload_agrees_with_the_offset_one()
    {
        Assert.Equal(new FiscalYear(2027), FiscalYear.Of(new DateTime(2027, 3, 31, 15, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(new FiscalYear(2026), FiscalYear.Of(new DateTime(2027, 3, 31, 14, 59, 0, DateTimeKind.Utc)));
        Assert.Equal(new FiscalYear(2026), FiscalYear.Of(new DateTime(2027, 3, 31, 14, 59, 0, DateTimeKind.Unspecified)));
    }

    [Fact]
    public void January_to_March_belong_to_the_previous_fiscal_year()
    {
        Assert.Equal(new FiscalYear(2025), FiscalYear.Of(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.FromHours(9))));
        Assert.Equal(new FiscalYear(2026), FiscalYear.Of(new DateTimeOffset(2026, 12, 31, 23, 0, 0, TimeSpan.FromHours(9))));
    }

    [Fact]
    public void Start_and_end_are_1_April_and_31_March_of_the_next_year()
    {
        var year = new FiscalYear(2026);
        Assert.Equal(new DateOnly(2026, 4, 1), year.Start);
        Assert.Equal(new DateOnly(2027, 3, 31), year.End);
        Assert.Equal("FY2026", year.ToString());

        var japan = TimeSpan.FromHours(9);
        Assert.Equal(year, FiscalYear.Of(new DateTimeOffset(year.Start.ToDateTime(TimeOnly.MinValue), japan)));
        Assert.Equal(year, FiscalYear.Of(new DateTimeOffset(year.End.ToDateTime(TimeOnly.MaxValue), japan)));
        Assert.Equal(new FiscalYear(2027), FiscalYear.Of(new DateTimeOffset(year.End.AddDays(1).ToDateTime(TimeOnly.MinValue), japan)));
    }

    [Fact]
    public void Json_is_the_starting_calendar_year()
    {
        Assert.Equal("2026", JsonSerializer.Serialize(new FiscalYear(2026), GrantsJson.Options));
        Assert.Equal(new FiscalYear(2026), JsonSerializer.Deserialize<FiscalYear>("2026", GrantsJson.Options));
    }
}
