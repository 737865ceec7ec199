using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using OscpFleet.Hosting;

namespace OscpFleet.Integration.Security;

/// <summary>
/// A cluster whose silos and gateways speak mutual TLS (<c>Cluster:Tls</c>) with certificates made here: a private CA
/// the cluster trusts, a certificate it issued for the cluster, and a rogue CA's certificate.
/// </summary>
public sealed class TlsCluster : FleetCluster
{
    private const string Password = "pfx-password-of-this-test-run";
    private readonly string folder = Directory.CreateTempSubdirectory("oscpfleet-tls-").FullName;

    public TlsCluster()
    {
        using var ca = Authority("OscpFleet test cluster CA");
        using var rogueCa = Authority("Rogue CA");
        TrustedCaPath = Write("cluster-ca.cer", ca.Export(X509ContentType.Cert));
        ClusterCertificatePath = Write("cluster.pfx", Issue("oscpfleet-cluster", ca).Export(X509ContentType.Pkcs12, Password));
        RogueCertificatePath = Write("rogue.pfx", Issue("oscpfleet-cluster", rogueCa).Export(X509ContentType.Pkcs12, Password));
    }

    public string TrustedCaPath { get; }

    public string ClusterCertificatePath { get; }

    public string RogueCertificatePath { get; }

    /// <summary>Two silos, so silo-to-silo traffic is over TLS too.</summary>
    protected override int InitialSilos => 2;

    protected override IDictionary<string, string?> Configuration => new Dictionary<string, string?>
    {
        ["Cluster:Tls:Enabled"] = "true",
        ["Cluster:Tls:CertificatePath"] = ClusterCertificatePath,
        ["Cluster:Tls:CertificatePassword"] = Password,
        ["Cluster:Tls:TrustedCertificatePaths:0"] = TrustedCaPath,
    };

    /// <summary>TLS settings for a client of this cluster that presents <paramref name="certificatePath"/>.</summary>
    public ClusterTlsOptions TlsWith(string certificatePath) => new()
    {
        Enabled = true,
        CertificatePath = certificatePath,
        CertificatePassword = Password,
        TrustedCertificatePaths = [TrustedCaPath],
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    // A self-signed CA certificate, with its private key.
    private static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(2));
    }

    private static X509Certificate2 Issue(string name, X509Certificate2 authority)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddMinutes(-30), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }
}

/// <summary>Mutual TLS on the Orleans ports: the cluster's own processes connect; a client without a trusted certificate cannot.</summary>
public sealed class ClusterTlsTests(TlsCluster cluster) : IClassFixture<TlsCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Silos_and_a_gateway_with_the_clusters_certificate_form_one_cluster_over_tls()
    {
        await using var gateway = await cluster.StartGatewayAsync();

        using var ready = await gateway.Http.GetAsync("/readyz");
        var hosts = await gateway.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);

        var body = await ready.Content.ReadAsStringAsync();
        Assert.True(ready.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("Healthy", JsonDocument.Parse(body).RootElement.GetProperty("checks").GetProperty("cluster").GetProperty("status").GetString());
        Assert.Equal(2, hosts.Count);
    }

    [Fact]
    public async Task A_client_presenting_a_certificate_the_cluster_does_not_trust_cannot_connect()
    {
        var failure = await ConnectAsync(cluster.TlsWith(cluster.RogueCertificatePath));

        Assert.NotNull(failure);
    }

    [Fact]
    public async Task A_client_without_tls_cannot_connect()
    {
        var failure = await ConnectAsync(new ClusterTlsOptions());

        Assert.NotNull(failure);
    }

    [Fact]
    public async Task A_client_with_the_clusters_certificate_connects_so_the_refusals_above_are_about_the_certificate()
    {
        var failure = await ConnectAsync(cluster.TlsWith(cluster.ClusterCertificatePath));

        Assert.Null(failure);
    }

    [Fact]
    public void Tls_settings_that_are_on_but_unusable_name_every_key_and_never_the_password()
    {
        var missing = new ClusterTlsOptions { Enabled = true, CertificatePath = "/nonexistent/cluster.pfx", TrustedCertificatePaths = ["/nonexistent/ca.cer"] };
        var wrongPassword = cluster.TlsWith(cluster.ClusterCertificatePath);
        wrongPassword.CertificatePassword = "not-the-password";
        var notACertificate = cluster.TlsWith(cluster.ClusterCertificatePath);
        notACertificate.TrustedCertificatePaths = [cluster.ClusterCertificatePath + ".missing"];

        Assert.Equal(
        [
            "Cluster:Tls:CertificatePath: no such file",
            "Cluster:Tls:TrustedCertificatePaths:0: is not a readable certificate file (PEM or DER)",
        ], missing.Validate());
        Assert.Equal(["Cluster:Tls:CertificatePath: is not a PKCS#12 file with a private key that opens with Cluster:Tls:CertificatePassword"], wrongPassword.Validate());
        Assert.Equal(["Cluster:Tls:TrustedCertificatePaths:0: is not a readable certificate file (PEM or DER)"], notACertificate.Validate());
        Assert.Equal(
        [
            "Cluster:Tls:CertificatePath: is required when Cluster:Tls:Enabled is true",
            "Cluster:Tls:TrustedCertificatePaths: at least one certificate to trust is required when Cluster:Tls:Enabled is true",
        ], new ClusterTlsOptions { Enabled = true }.Validate());
        Assert.Empty(new ClusterTlsOptions().Validate());
    }

    // An Orleans client that gives up on its first failed attempt: the exception that stopped it, or null when it connected.
    private async Task<Exception?> ConnectAsync(ClusterTlsOptions tls)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Test", DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ClusterId;
            });
            client.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(cluster.Storage.ConnectionString));
            client.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
            client.UseClusterTls(tls);
        });
        using var host = builder.Build();
        var start = host.StartAsync();
        try
        {
            await start.WaitAsync(Patience);
            // Connected: prove it with a call, then leave.
            await host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(Patience);
            await host.StopAsync();
            return null;
        }
        catch (TimeoutException e) when (!start.IsCompleted)
        {
            throw new TimeoutException($"the client neither connected nor failed within {Patience}", e);
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
