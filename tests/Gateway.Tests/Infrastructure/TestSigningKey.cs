using System.Security.Cryptography;

namespace OscpFleet.Gateway.Tests;

/// <summary>A fresh P-256 key as configured under <c>Oscp:Tokens:SigningKeys</c>.</summary>
internal sealed record TestSigningKey(string Kid, string PrivateKeyPem)
{
    public static TestSigningKey Create(string kid)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new TestSigningKey(kid, ecdsa.ExportPkcs8PrivateKeyPem());
    }

    // Never print the private key in a test failure message.
    public override string ToString() => $"TestSigningKey {{ Kid = {Kid} }}";
}
