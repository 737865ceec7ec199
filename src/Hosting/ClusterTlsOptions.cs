namespace OscpFleet.Hosting;

/// <summary>
/// The <c>Cluster:Tls</c> section: mutual TLS on the Orleans ports (silo to silo, gateway to silo). Off unless
/// <see cref="Enabled"/>; then every silo and gateway presents <see cref="CertificatePath"/> and accepts only a peer
/// whose certificate chains to one of <see cref="TrustedCertificatePaths"/> (a private CA, or the peers' own
/// self-signed certificates). Every process of a cluster must agree: a process without TLS cannot join one with it.
/// </summary>
public sealed class ClusterTlsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Cluster:Tls";

    /// <summary>True turns TLS with mutual authentication on.</summary>
    public bool Enabled { get; set; }

    /// <summary>This process's certificate with its private key: a PKCS#12 (<c>.pfx</c>) file.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/> (a secret: from the environment or a mounted secret).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// Certificates (PEM or DER files) a peer's certificate must chain to: the CA that issues the cluster's
    /// certificates, or each peer certificate itself. Several during a rotation.
    /// </summary>
    public List<string> TrustedCertificatePaths { get; set; } = [];

    /// <summary>Every problem, naming the key, never a value.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enabled) return errors;
        if (string.IsNullOrWhiteSpace(CertificatePath))
            errors.Add($"{Section}:CertificatePath: is required when {Section}:Enabled is true");
        else if (!File.Exists(CertificatePath))
            errors.Add($"{Section}:CertificatePath: no such file");
        else if (ClusterTls.TryLoadCertificate(this) is null)
            errors.Add($"{Section}:CertificatePath: is not a PKCS#12 file with a private key that opens with {Section}:CertificatePassword");
        if (TrustedCertificatePaths.Count == 0)
            errors.Add($"{Section}:TrustedCertificatePaths: at least one certificate to trust is required when {Section}:Enabled is true");
        for (var i = 0; i < TrustedCertificatePaths.Count; i++)
        {
            if (ClusterTls.TryLoadTrusted(TrustedCertificatePaths[i]) is null)
                errors.Add($"{Section}:TrustedCertificatePaths:{i}: is not a readable certificate file (PEM or DER)");
        }
        return errors;
    }
}
