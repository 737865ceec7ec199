using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace OscpFleet.Simulator.Cp;

/// <summary>
/// The credentials the FP presents: the bearer tokens the simulator issued at <c>/token</c> (vector; opaque random
/// strings that expire by the simulator's clock, so a test expires them by advancing a fake clock), or the one
/// static token of a plain OSCP CP.
/// </summary>
internal sealed class CpTokens(CpSimulatorOptions options, [FromKeyedServices(SimulatorClock.Key)] TimeProvider time, CpRegistration registration)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private volatile bool _refusing;

    /// <summary>True while <c>/token</c> answers 401 to everyone.</summary>
    public bool Refusing
    {
        get => _refusing;
        set => _refusing = value;
    }

    /// <summary>The lifetime of a new token.</summary>
    public TimeSpan Lifetime => TimeSpan.FromSeconds(options.TokenLifetimeSeconds);

    /// <summary>True when the client id and secret are the configured ones (compared in constant time).</summary>
    public bool AreValidCredentials(string? clientId, string? clientSecret) =>
        clientId is not null && clientSecret is not null
        // '&', not '&&': both comparisons always run, so the timing does not tell which one was wrong.
        && (FixedTimeEquals(clientId, options.ClientId!) & FixedTimeEquals(clientSecret, options.ClientSecret!));

    /// <summary>
    /// oscp: true when <paramref name="token"/> is the configured <c>InboundToken</c> or, with Register, the token the
    /// simulator issued to the FP (compared in constant time).
    /// </summary>
    public bool IsInboundToken(string token) =>
        registration.Enabled ? registration.IsInboundToken(token) : options.InboundToken is { } expected && FixedTimeEquals(token, expected);

    /// <summary>Issues a new token valid for <see cref="Lifetime"/>.</summary>
    public string Issue()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _expiries[token] = time.GetUtcNow() + Lifetime;
        return token;
    }

    /// <summary>True when the simulator issued the token and it has not expired.</summary>
    public bool IsValid(string token) =>
        _expiries.TryGetValue(token, out var expiry) && time.GetUtcNow() < expiry;

    /// <summary>Forgets every token: the FP's next call gets 401 and must fetch a new one.</summary>
    public void RevokeAll() => _expiries.Clear();

    private static bool FixedTimeEquals(string actual, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(actual)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
