using OscpFleet.Oscp.Limits;

namespace OscpFleet.Oscp.Tests.Limits;

public sealed class BaseDoeValidationTests
{
    private const string Auckland = "Pacific/Auckland";

    private static BaseDoeEntry E(string from, double kw) => new(from, kw);

    private static IReadOnlyList<string> Validate(string? timeZone, params BaseDoeEntry?[] entries) =>
        BaseDoeProfile.Validate(entries, timeZone);

    [Fact]
    public void The_contract_example_is_valid()
    {
        var problems = Validate(Auckland, E("00:00", 150), E("07:00", 80), E("21:00", 150));

        Assert.Empty(problems);
    }

    [Fact]
    public void A_profile_needs_at_least_one_entry()
    {
        Assert.Equal(["baseDoe: at least one entry"], BaseDoeProfile.Validate([], Auckland));
        Assert.Equal(["baseDoe: at least one entry"], BaseDoeProfile.Validate(null, Auckland));
    }

    [Theory]
    [InlineData("7:00")]
    [InlineData("24:00")]
    [InlineData("12:60")]
    [InlineData("12:00:00")]
    [InlineData("12.00")]
    [InlineData(" 12:00")]
    [InlineData("12:00\n")]
    [InlineData("")]
    [InlineData("１２:００")]
    public void From_must_be_HH_mm(string from)
    {
        var problems = Validate(Auckland, E("00:00", 150), E(from, 80));

        Assert.Equal(["baseDoe[1].from: must be HH:mm"], problems);
    }

    [Theory]
    [InlineData("00:00")]
    [InlineData("23:59")]
    [InlineData("09:05")]
    public void Every_minute_of_the_day_is_a_valid_from(string from) =>
        Assert.Empty(Validate(Auckland, E(from, 10)));

    [Fact]
    public void A_missing_from_or_entry_is_reported_with_its_index()
    {
        var problems = Validate(Auckland, E("00:00", 150), null, E(null!, 80));

        Assert.Equal(["baseDoe[1]: is required", "baseDoe[2].from: must be HH:mm"], problems);
    }

    [Fact]
    public void Kw_must_not_be_negative()
    {
        var problems = Validate(Auckland, E("00:00", 150), E("07:00", 80), E("21:00", -1));

        Assert.Equal(["baseDoe[2].kw: must be >= 0"], problems);
    }

    [Fact]
    public void Kw_must_be_a_finite_number()
    {
        var problems = Validate(Auckland, E("00:00", double.NaN), E("07:00", double.PositiveInfinity));

        Assert.Equal(["baseDoe[0].kw: must be >= 0", "baseDoe[1].kw: must be a finite number"], problems);
    }

    [Fact]
    public void Zero_kw_is_allowed()
    {
        Assert.Empty(Validate(Auckland, E("00:00", 0)));
    }

    [Fact]
    public void A_duplicate_from_names_the_entry_it_repeats()
    {
        var problems = Validate(Auckland, E("07:00", 150), E("00:00", 80), E("07:00", 60));

        Assert.Equal(["baseDoe[2].from: duplicates baseDoe[0].from '07:00'"], problems);
    }

    [Fact]
    public void An_unknown_time_zone_is_named()
    {
        var problems = Validate("Pacific/Atlantis", E("00:00", 150));

        Assert.Single(problems);
        Assert.StartsWith("timeZone: unknown time zone 'Pacific/Atlantis'", problems[0]);
    }

    [Theory]
    [InlineData("New Zealand Standard Time")]
    [InlineData("../../etc/passwd")]
    [InlineData("/usr/share/zoneinfo/UTC")]
    [InlineData("Pacific/../Pacific/Auckland")]
    [InlineData("Local")]
    public void Only_IANA_time_zone_ids_are_accepted(string timeZone)
    {
        var problems = Validate(timeZone, E("00:00", 150));

        Assert.Single(problems);
        Assert.StartsWith("timeZone: unknown time zone", problems[0]);
    }

    [Theory]
    [InlineData("Pacific/Auckland")]
    [InlineData("Europe/London")]
    [InlineData("America/Argentina/Buenos_Aires")]
    [InlineData("Etc/GMT-12")]
    [InlineData("UTC")]
    public void IANA_ids_are_accepted(string timeZone) => Assert.Empty(Validate(timeZone, E("00:00", 150)));

    [Fact]
    public void A_missing_time_zone_is_required()
    {
        Assert.Equal(["timeZone: is required"], Validate(null, E("00:00", 150)));
        Assert.Equal(["timeZone: is required"], Validate("", E("00:00", 150)));
    }

    [Fact]
    public void A_very_long_time_zone_is_shortened_in_the_message()
    {
        var problems = Validate(new string('x', 500), E("00:00", 150));

        Assert.True(problems[0].Length < 150, problems[0]);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var problems = Validate("Nowhere/Special", E("25:00", -5), E("07:00", 80), E("07:00", 80));

        Assert.Equal(
            [
                "baseDoe[0].from: must be HH:mm",
                "baseDoe[0].kw: must be >= 0",
                "baseDoe[2].from: duplicates baseDoe[1].from '07:00'",
                "timeZone: unknown time zone 'Nowhere/Special' (an IANA id such as Pacific/Auckland)",
            ],
            problems);
    }

    [Fact]
    public void Constructing_an_invalid_profile_throws_with_every_problem()
    {
        var error = Assert.Throws<ArgumentException>(() => new BaseDoeProfile([E("7", -1)], "Nowhere/Special"));

        Assert.Contains("baseDoe[0].from: must be HH:mm", error.Message);
        Assert.Contains("baseDoe[0].kw: must be >= 0", error.Message);
        Assert.Contains("timeZone: unknown time zone 'Nowhere/Special'", error.Message);
    }
}
