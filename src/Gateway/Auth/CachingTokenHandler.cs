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
/// Remembered per signing-key set (a different set of validation keys checks in full), at most
/// <see cref="MaxRemembered"/> tokens (then forgotten all at once: a client simply pays one full check again), each
/// until its own expiry. Every request gets its own copy of the claims.
/// </remarks>
internal sealed class CachingTokenHandler : JsonWebTokenHandler
{
    /// <summary>The most tokens remembered at once.</summary>
    public const int MaxRemembered = 4096;

    private readonly ConcurrentDictionary<string, Valid> valid = new(StringComparer.Ordinal);

    /// <summary>How many tokens are remembered now (for tests).</summary>
    internal int Remembered => valid.Count;

    /// <inheritdoc />
    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (token is not null && validationParameters is not null && valid.TryGetValue(token, out var known)
            && ReferenceEquals(known.Keys, validationParameters.IssuerSigningKeys))
        {
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
                validationParameters.IssuerSigningKeys,
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

    private sealed record Valid(TokenValidationResult Result, IEnumerable<SecurityKey>? Keys, DateTime? NotBefore, DateTime? Expires);
}
