using System.Text;
using OscpFleet.Gateway.Api;

namespace OscpFleet.Gateway.Tests.Api;

public sealed class ComplianceErrorValidationTests
{
    private static ReadOnlyMemory<byte> Json(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void A_valid_report_gives_the_message_and_the_period_in_utc()
    {
        var (report, errors) = ComplianceErrorValidation.Validate("BUS_AUK_1", Json("""
            {"message":"charger CS-002 ignores its profile","from":"2026-11-27T01:00:00+13:00","to":"2026-11-26T12:15:00Z"}
            """));

        Assert.Empty(errors);
        Assert.Equal(new ComplianceErrorReport("charger CS-002 ignores its profile",
            new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 26, 12, 15, 0, TimeSpan.Zero)), report);
        Assert.Equal(TimeSpan.Zero, report!.From.Offset);
    }

    [Fact]
    public void Every_problem_is_named_at_once()
    {
        var (report, errors) = ComplianceErrorValidation.Validate("", Json("""
            {"message":"   ","from":"2026-11-26T13:00:00Z","to":"2026-11-26T13:00:00Z","groupId":"S1"}
            """));

        Assert.Null(report);
        Assert.Equal(
        [
            "groupId: must be letters, digits, '_' and '-', 1-64 characters",
            "groupId: unknown field; the body is {\"message\",\"from\",\"to\"}",
            "message: must not be blank",
            "to: must be later than from",
        ], errors);
    }

    [Theory]
    [InlineData("{}", new[] { "message: is required", "from: is required", "to: is required" })]
    [InlineData("""{"message":5,"from":"yesterday","to":"2026-11-26 12:00:00Z"}""", new[] { "message: must be a string", "from: must be an RFC 3339 date-time with an offset", "to: must be an RFC 3339 date-time with an offset" })]
    [InlineData("""{"message":"x","from":"2026-11-26T13:00:00Z","to":"2026-11-26T12:00:00Z"}""", new[] { "to: must be later than from" })]
    [InlineData("[]", new[] { "body: must be a JSON object" })]
    public void Message_from_and_to_are_required_and_checked(string body, string[] expected)
    {
        var (report, errors) = ComplianceErrorValidation.Validate("S1", Json(body));

        Assert.Null(report);
        Assert.Equal(expected, errors);
    }

    [Fact]
    public void A_message_of_500_characters_is_accepted_and_501_refused()
    {
        static string Body(int length) => $$"""{"message":"{{new string('m', length)}}","from":"2026-11-26T12:00:00Z","to":"2026-11-26T12:15:00Z"}""";

        var (report, none) = ComplianceErrorValidation.Validate("S1", Json(Body(500)));
        var (_, errors) = ComplianceErrorValidation.Validate("S1", Json(Body(501)));

        Assert.Empty(none);
        Assert.Equal(500, report!.Message.Length);
        Assert.Equal(["message: must be at most 500 characters (got 501)"], errors);
    }

    [Fact]
    public void Malformed_json_is_refused_naming_the_position()
    {
        var (_, errors) = ComplianceErrorValidation.Validate("S1", Json("{\"message\":\"x\"\n\"from\":1}"));

        Assert.StartsWith("body: is not valid JSON at line 2, byte 1: ", Assert.Single(errors), StringComparison.Ordinal);
    }
}
