using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans;
using Orleans.Connections.Security;
using Orleans.Hosting;

namespace OscpFleet.Hosting;

/// <summary>
/// Mutual TLS on the Orleans connections (<see cref="ClusterTlsOptions"/>): without it, anyone who reaches a silo's
/// ports can call grains directly and skip every HTTP control.
/// </summary>
public static class ClusterTls
{
    /// <summary>Turns TLS on for a silo (its silo-to-silo and gateway ports) when <paramref name="options"/> enable it.</summary>
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, ClusterTlsOptions options) =>
        Usable(options) ? silo.UseTls(tls => Configure(tls, options)) : silo;

    /// <summary>Turns TLS on for an Orleans client (the gateway) when <paramref name="options"/> enable it.</summary>
    public static IClientBuilder UseClusterTls(this IClientBuilder client, ClusterTlsOptions options) =>
        Usable(options) ? client.UseTls(tls => Configure(tls, options)) : client;

    // Orleans is wired before start-up validation runs: settings that are on but invalid wire nothing here, and
    // validation then stops the process (exit code 2) naming the key, before Orleans listens or connects.
    private static bool Usable(ClusterTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Enabled && options.Validate().Count == 0;
    }

    /// <summary>
    /// Both sides present the certificate and require the other's; a peer's certificate must chain to a trusted one.
    /// Host names are not checked: silos reach each other by IP address, and the trust list is the cluster's own.
    /// </summary>
    public static void Configure(TlsOptions tls, ClusterTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(tls);
        ArgumentNullException.ThrowIfNull(options);
        // Start-up validation has refused a missing or unreadable file before Orleans starts.
        tls.LocalCertificate = TryLoadCertificate(options)
            ?? throw new InvalidOperationException($"{ClusterTlsOptions.Section}:CertificatePath: cannot be loaded");
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        var trusted = new X509Certificate2Collection();
        foreach (var path in options.TrustedCertificatePaths)
        {
            if (TryLoadTrusted(path) is { } certificate) trusted.Add(certificate);
        }
        tls.RemoteCertificateValidation = (certificate, _, _) => ChainsTo(certificate, trusted);
    }

    /// <summary>True when <paramref name="certificate"/> chains to one of <paramref name="trusted"/> (and nothing else).</summary>
    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2Collection trusted)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(trusted);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    /// <summary>The process's certificate with its private key; null when the file or password does not open it.</summary>
    public static X509Certificate2? TryLoadCertificate(ClusterTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath!, options.CertificatePassword);
            return certificate.HasPrivateKey ? certificate : null;
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A certificate to trust (PEM or DER); null when the file does not hold one.</summary>
    public static X509Certificate2? TryLoadTrusted(string path)
    {
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
