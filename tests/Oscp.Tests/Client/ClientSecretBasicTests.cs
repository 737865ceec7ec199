using System.Text;
using Microsoft.Extensions.Primitives;
using OscpFleet.Oscp.Client;

namespace OscpFleet.Oscp.Tests.Client;

public sealed class ClientSecretBasicTests
{
    [Theory]
    [InlineData("fleet", "s3cret")]
    [InlineData("id:with colon", "p+a/s=s&w ord")]
    [InlineData("ünïcode", "秘密")]
    public void Encode_then_TryDecode_gives_back_the_id_and_the_secret(string id, string secret)
    {
        Assert.True(ClientSecretBasic.TryDecode(ClientSecretBasic.Encode(id, secret), out var readId, out var readSecret));
        Assert.Equal((id, secret), (readId, readSecret));
    }

    [Fact]
    public void Encode_form_urlencodes_each_part_before_joining_them()
    {
        var joined = Encoding.UTF8.GetString(Convert.FromBase64String(ClientSecretBasic.Encode("a:b", "c d+")));
        Assert.Equal("a%3Ab:c+d%2B", joined);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("bm8tY29sb24=")] // "no-colon"
    [InlineData("OnNlY3JldA==")] // ":secret"
    [InlineData("aWQ6")] // "id:"
    [InlineData("/w==")] // a lone 0xFF: not UTF-8
    public void TryDecode_refuses_what_is_not_an_id_a_colon_and_a_secret(string credentials)
    {
        Assert.False(ClientSecretBasic.TryDecode(credentials, out var id, out var secret));
        Assert.Equal(("", ""), (id, secret));
    }

    [Fact]
    public void TryRead_takes_the_scheme_in_any_case_and_only_one_header()
    {
        var encoded = ClientSecretBasic.Encode("fleet", "s3cret");
        Assert.True(ClientSecretBasic.TryRead(new StringValues("basic  " + encoded + " "), out var id, out var secret));
        Assert.Equal(("fleet", "s3cret"), (id, secret));
        Assert.False(ClientSecretBasic.TryRead(new StringValues(["Basic " + encoded, "Basic " + encoded]), out _, out _));
        Assert.False(ClientSecretBasic.TryRead(new StringValues("Bearer " + encoded), out _, out _));
        Assert.False(ClientSecretBasic.TryRead(StringValues.Empty, out _, out _));
    }

    [Fact]
    public void IsUsed_says_Basic_even_when_the_credentials_are_unreadable()
    {
        Assert.True(ClientSecretBasic.IsUsed(new StringValues("Basic bm8tY29sb24=")));
        Assert.False(ClientSecretBasic.IsUsed(new StringValues("Bearer abc")));
        Assert.False(ClientSecretBasic.IsUsed(new StringValues("Basic")));
    }

    [Theory]
    [InlineData("Bearer abc", true, "Bearer", "abc")]
    [InlineData("  Token   t-1  ", true, "Token", "t-1")]
    [InlineData("Bearer", false, "", "")]
    [InlineData("Bearer   ", false, "", "")]
    [InlineData("", false, "", "")]
    public void AuthorizationHeader_splits_the_scheme_from_the_credentials(string header, bool ok, string scheme, string credentials)
    {
        Assert.Equal(ok, AuthorizationHeader.TryParse(new StringValues(header), out var readScheme, out var readCredentials));
        if (ok) Assert.Equal((scheme, credentials), (readScheme, readCredentials));
    }

    [Fact]
    public void AuthorizationHeader_refuses_two_headers_and_compares_the_scheme_ignoring_case()
    {
        Assert.False(AuthorizationHeader.TryParse(new StringValues(["Bearer a", "Bearer b"]), out _, out _));
        Assert.True(AuthorizationHeader.HasScheme(new StringValues("bEaReR x"), "Bearer"));
        Assert.False(AuthorizationHeader.HasScheme(new StringValues("Token x"), "Bearer"));
    }
}
