using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OscpFleet.Gateway.Auth;

/// <summary>
/// The bearer token handler: <see cref="JsonWebTokenHandler"/>, remembering the tokens it found valid so that a
/// client's next request with the same token skips the ES256 signature check (an OpenSSL verify, the largest single CPU
/// cost of a forecast at the gateway). A token is a fixed string: its signature, issuer, audience and type check out the
/// same every time against the same keys, so only the lifetime — which depends on the clock — is checked again on every
/// request, by the same <see cref="TokenValidationParameters.LifetimeValidator"/> (the product clock). A token that
/// failed is never remembered, and is checked in full every time.
/// </summary>
/// <remarks>
/// Remembered per set of validation keys (the same key instances in the same order; any other set checks in full), at most
/// <see cref="MaxRemembered"/> tokens (then forgotten all at once: a client simply pays one full check again), each
/// until its own expiry. Every request gets its own copy of the claims.
/// </remarks>
internal sealed class CachingTokenHandler : JsonWebTokenHandler
{
    /// <summary>The most tokens remembered at once.</summary>
    public const int MaxRemembered = 4096;

    private readonly ConcurrentDictionary<string, Valid> valid = new(StringComparer.Ordinal);

    private long hits;

    /// <summary>How many tokens are remembered now (for tests).</summary>
    internal int Remembered => valid.Count;

    /// <summary>How many validations were answered from memory (for tests).</summary>
    internal long Hits => Interlocked.Read(ref hits);

    /// <inheritdoc />
    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (token is not null && validationParameters is not null && valid.TryGetValue(token, out var known)
            && SameKeys(known.Keys, validationParameters.IssuerSigningKeys))
        {
            Interlocked.Increment(ref hits);
            try
            {
                if (validationParameters.LifetimeValidator is { } lifetime && !lifetime(known.NotBefore, known.Expires, known.Result.SecurityToken, validationParameters))
                    throw new SecurityTokenInvalidLifetimeException("The token's lifetime is not valid.");
            }
            catch (Exception e) when (e is SecurityTokenException)
            {
                valid.TryRemove(token, out _);
                return new TokenValidationResult { IsValid = false, Exception = e };
            }
            return Copy(known.Result);
        }

        var result = await base.ValidateTokenAsync(token!, validationParameters!);
        if (result.IsValid && result.SecurityToken is { } securityToken && result.ClaimsIdentity is not null && validationParameters!.LifetimeValidator is not null)
        {
            if (valid.Count >= MaxRemembered) valid.Clear();
            valid[token!] = new Valid(
                result,
                [.. validationParameters.IssuerSigningKeys ?? []],
                securityToken.ValidFrom == DateTime.MinValue ? null : securityToken.ValidFrom,
                securityToken.ValidTo == DateTime.MinValue ? null : securityToken.ValidTo);
            return Copy(result);
        }
        return result;
    }

    /// <summary>A result of its own for each request: the principal built from it may be changed by whoever handles the request.</summary>
    private static TokenValidationResult Copy(TokenValidationResult result) => new()
    {
        IsValid = true,
        ClaimsIdentity = result.ClaimsIdentity.Clone(),
        SecurityToken = result.SecurityToken,
        Issuer = result.Issuer,
        TokenType = result.TokenType,
        TokenContext = result.TokenContext,
    };

    /// <summary>
    /// The same validation keys, each the same instance: JwtBearer hands every request its own copy of the parameters,
    /// with the configured key objects in it.
    /// </summary>
    private static bool SameKeys(SecurityKey[] known, IEnumerable<SecurityKey>? current)
    {
        var i = 0;
        foreach (var key in current ?? [])
        {
            if (i >= known.Length || !ReferenceEquals(known[i], key)) return false;
            i++;
        }
        return i == known.Length;
    }

    private sealed record Valid(TokenValidationResult Result, SecurityKey[] Keys, DateTime? NotBefore, DateTime? Expires);
}
