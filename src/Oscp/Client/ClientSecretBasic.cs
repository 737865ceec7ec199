using System.Net;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace OscpFleet.Oscp.Client;

/// <summary>
/// OAuth client authentication by HTTP Basic (RFC 6749 §2.3.1, <c>client_secret_basic</c>): the client id and the
/// secret are each <c>application/x-www-form-urlencoded</c>, joined by ':' and base64-encoded (not RFC 7617's raw
/// bytes, so a ':' or a non-ASCII character in the id survives). One reading and one writing for the gateway's token
/// endpoint and the simulator's.
/// </summary>
public static class ClientSecretBasic
{
    /// <summary>The scheme word of the <c>Authorization</c> header.</summary>
    public const string Scheme = "Basic";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The credentials part of <c>Authorization: Basic …</c> for <paramref name="clientId"/> and <paramref name="clientSecret"/>.</summary>
    public static string Encode(string clientId, string clientSecret)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        ArgumentNullException.ThrowIfNull(clientSecret);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(WebUtility.UrlEncode(clientId) + ":" + WebUtility.UrlEncode(clientSecret)));
    }

    /// <summary>
    /// Reads the client id and secret from the credentials part of a Basic header: false unless it is base64 of valid
    /// UTF-8 holding a non-empty id, a ':' and a non-empty secret.
    /// </summary>
    public static bool TryDecode(string credentials, out string clientId, out string clientSecret)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        clientId = clientSecret = "";
        var bytes = new byte[credentials.Length];
        if (!Convert.TryFromBase64String(credentials, bytes, out var length)) return false;
        string decoded;
        try
        {
            decoded = StrictUtf8.GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return false;
        var id = WebUtility.UrlDecode(decoded[..colon]);
        var secret = WebUtility.UrlDecode(decoded[(colon + 1)..]);
        if (id.Length == 0 || secret.Length == 0) return false;
        clientId = id;
        clientSecret = secret;
        return true;
    }

    /// <summary>True when the <c>Authorization</c> header uses the Basic scheme, whether or not its credentials are readable.</summary>
    public static bool IsUsed(StringValues authorization) => AuthorizationHeader.HasScheme(authorization, Scheme);

    /// <summary>
    /// Reads the client id and secret from an <c>Authorization</c> header (see <see cref="AuthorizationHeader.TryParse"/>
    /// and <see cref="TryDecode"/>); false for another scheme or unreadable credentials.
    /// </summary>
    public static bool TryRead(StringValues authorization, out string clientId, out string clientSecret)
    {
        clientId = clientSecret = "";
        return AuthorizationHeader.TryParse(authorization, out var scheme, out var credentials)
            && scheme.Equals(Scheme, StringComparison.OrdinalIgnoreCase)
            && TryDecode(credentials, out clientId, out clientSecret);
    }
}
