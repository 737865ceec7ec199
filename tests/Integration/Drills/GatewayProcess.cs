using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Drills;

/// <summary>
/// The built gateway (<c>src/Gateway/bin/Release/net10.0/OscpFleet.Gateway.dll</c>) run as its own process on a free
/// loopback port, configured through its environment, so a drill can kill it like a crashed pod (SIGKILL). It runs on
/// the system clock (a process cannot share the test's fake one).
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private GatewayProcess(Process process, Uri address)
    {
        this.process = process;
        BaseAddress = address;
    }

    /// <summary>Where it listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The last lines it wrote, for failure messages.</summary>
    public string Tail => string.Join('\n', output.TakeLast(30));

    /// <summary>Starts a gateway with <paramref name="settings"/> (configuration keys) and returns once its <c>/readyz</c> answers 200.</summary>
    public static async Task<GatewayProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, TimeSpan timeout)
    {
        var directory = Path.Combine(RepositoryPaths.Root, "src", "Gateway", "bin", "Release", "net10.0");
        var dll = Path.Combine(directory, "OscpFleet.Gateway.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the solution (Release) first");
        var port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Test";
        start.Environment["ASPNETCORE_URLS"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var gateway = new GatewayProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) gateway.output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) gateway.output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Ready is the gateway's own signal: /readyz 200 once it serves and has joined the cluster.
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"the gateway process exited ({process.ExitCode}): {gateway.Tail}");
            try
            {
                using var ready = await http.GetAsync("/readyz");
                if (ready.IsSuccessStatusCode) return gateway;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                await gateway.DisposeAsync();
                throw new TimeoutException($"the gateway process was not ready within {timeout}: {gateway.Tail}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    /// <summary>Kills it at once (SIGKILL): no graceful shutdown, requests in flight get no answer.</summary>
    public async Task KillAsync()
    {
        if (process.HasExited) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }
}
