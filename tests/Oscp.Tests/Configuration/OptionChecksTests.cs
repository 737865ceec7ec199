using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Oscp.Tests.Configuration;

public sealed class OptionChecksTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Require_names_the_key_of_a_missing_value(string? value)
    {
        var errors = new List<string>();
        OptionChecks.Require("A:B", value, errors);
        Assert.Equal(["A:B: is required"], errors);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("https://fleet.example.test/prefix/")]
    public void RequireUrl_takes_an_absolute_http_or_https_url(string value)
    {
        var errors = new List<string>();
        OptionChecks.Require("A:Url", value, errors);
        OptionChecks.RequireUrl("A:Url", value, errors);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(null, "A:Url: is required")]
    [InlineData("/relative", "A:Url: must be an absolute http(s) URL")]
    [InlineData("ftp://secret-host/x", "A:Url: must be an absolute http(s) URL")]
    public void RequireUrl_names_the_key_and_never_the_value(string? value, string expected)
    {
        var errors = new List<string>();
        OptionChecks.RequireUrl("A:Url", value, errors);
        Assert.Equal([expected], errors);
    }
}
