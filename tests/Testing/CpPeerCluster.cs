using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Testing;

/// <summary>
/// The start-up every one-peer deployment shares (<see cref="OscpPeerCluster"/>, <see cref="VectorPeerCluster"/>,
/// <see cref="RegisteringPeerCluster"/>): Azurite, then the CP simulator on the cluster's fake clock, then a gateway on a
/// port fixed ahead (the simulator must know it) serving HTTP before any silo, then one silo, until the gateway has
/// joined the cluster. What each deployment configures, and how it brings the connection up, stays in the subclass.
/// </summary>
public abstract class CpPeerCluster : FleetCluster
{
    /// <summary>How long start-up waits for a signal before failing.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The gateway's fixed port (the simulator's <c>FpBaseUrl</c>).</summary>
    protected readonly int gatewayPort = FreePort.Next();

    private WebApplication? simulatorApp;

    /// <summary>How long tests wait for an explicit signal before failing.</summary>
    public static TimeSpan Timeout => Patience;

    /// <summary>The CP simulator.</summary>
    public CpSimulator Simulator => simulatorApp?.Services.GetRequiredService<CpSimulator>() ?? throw new InvalidOperationException("not started");

    /// <summary>The gateway.</summary>
    public GatewayInstance Gateway { get; private set; } = null!;

    /// <inheritdoc />
    protected override int InitialSilos => 0;

    /// <summary>
    /// Starts the CP simulator with <paramref name="options"/>, runs <paramref name="beforeFleetStarts"/>, then the
    /// gateway (HTTP first, so the CP's acknowledge of our start-up handshake finds it) and one silo, and returns once the
    /// gateway has joined the cluster.
    /// </summary>
    protected async Task StartSimulatorAndFleetAsync(CpSimulatorOptions options, Action<CpSimulator>? beforeFleetStarts = null)
    {
        simulatorApp = CapacityProviderSimulator.Build(options, builder => builder.Logging.ClearProviders(), Clock);
        await simulatorApp.StartAsync();
        beforeFleetStarts?.Invoke(Simulator);
        Gateway = await StartGatewayAsync(overrides: null, waitForCluster: false, port: gatewayPort);
        await StartSiloAsync();
        await Gateway.Started.WaitAsync(Patience);
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (simulatorApp is not null) await simulatorApp.DisposeAsync();
    }

    /// <summary>A random secret of at least 32 characters.</summary>
    protected static string Secret() => TestSecrets.New();

    /// <summary>A fresh P-256 private key (PKCS#8 PEM), to sign our gateway's tokens.</summary>
    protected static string CreateSigningKey() => TestSecrets.SigningKeyPem();
}
