using System.Diagnostics;

namespace OscpFleet.Testing;

/// <summary>
/// The Azure Storage emulator's Table service on a free loopback port, in memory, owned by the test run.
/// Tests that need storage start it; it is never skipped: a missing install fails loudly with the fix.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process process;
    private bool disposed;

    private Azurite(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    /// <summary>The table port.</summary>
    public int Port { get; }

    /// <summary>A connection string for the well-known development account on this instance.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    private static readonly object SharedGate = new();
    private static Task<Azurite>? shared;

    /// <summary>True for the instance of <see cref="SharedAsync"/>: disposing it does nothing, the process's exit stops it.</summary>
    public bool IsShared { get; private set; }

    /// <summary>
    /// One in-memory instance for the whole test process, started on first use and stopped when the process exits.
    /// Clusters keep apart in it by their own cluster and service ids (membership, grain state, reminders and the record
    /// tables are all partitioned by them), so a fixture saves an emulator start and stop. A fixture that stops storage
    /// or reads rows of another deployment's partitions needs its own (<see cref="StartAsync"/>).
    /// A failed start is not kept: the next caller tries again.
    /// </summary>
    public static Task<Azurite> SharedAsync()
    {
        lock (SharedGate)
        {
            if (shared is null || shared.IsFaulted || shared.IsCanceled || (shared.IsCompletedSuccessfully && shared.Result.process.HasExited))
            {
                shared = StartSharedAsync();
            }
            return shared;
        }
    }

    private static async Task<Azurite> StartSharedAsync()
    {
        var instance = await StartAsync();
        instance.IsShared = true;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                if (!instance.process.HasExited) instance.process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        };
        return instance;
    }

    /// <summary>The repository's fixes to the emulator (<c>patches/azurite+*.patch</c>), each by the function it adds.</summary>
    private static readonly (string Marker, string Name)[] Fixes =
    [
        ("function findEntity(", "key lookup"),
        ("function replaceEntity(", "row replace"),
        ("function requiredPartitionKey(", "partition query"),
    ];

    /// <summary>
    /// The installed emulator's version and which of the repository's fixes it carries (<c>patches/azurite+*.patch</c>,
    /// applied by <c>npm ci</c>): without them a point read, an update and a partition's query each walk the whole
    /// table, and the benchmarks slow down with the fleet's size. Printed by the benchmarks.
    /// </summary>
    public static string Describe()
    {
        var package = Path.Combine(RepositoryPaths.Root, "node_modules", "azurite", "package.json");
        var store = Path.Combine(RepositoryPaths.Root, "node_modules", "azurite", "dist", "src", "table", "persistence", "LokiTableMetadataStore.js");
        if (!File.Exists(package) || !File.Exists(store)) return "Azurite not installed";
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(package));
        var version = json.RootElement.GetProperty("version").GetString();
        var source = File.ReadAllText(store);
        var missing = Fixes.Where(f => !source.Contains(f.Marker, StringComparison.Ordinal)).Select(f => f.Name).ToList();
        return missing.Count == 0
            ? $"Azurite {version} (patched: {string.Join(", ", Fixes.Select(f => f.Name))})"
            : $"Azurite {version} (NOT patched: {string.Join(", ", missing)} missing; run npm ci)";
    }

    /// <summary>Starts an instance and returns once it says it is listening.</summary>
    /// <param name="port">A fixed port (to restart on the same one), or a free one.</param>
    /// <param name="location">A folder to keep the data in across restarts; in memory when null.</param>
    public static async Task<Azurite> StartAsync(int? port = null, string? location = null)
    {
        var main = Path.Combine(RepositoryPaths.Root, "node_modules", "azurite", "dist", "src", "table", "main.js");
        if (!File.Exists(main))
            throw new InvalidOperationException($"Azurite is not installed ({main} missing): run ./test.sh, or 'npm ci' in {RepositoryPaths.Root}.");
        var tablePort = port ?? FreePort.Next();
        var start = new ProcessStartInfo("node")
        {
            // --silent: no access log line per request (it cost the emulator and this process a line of text per request).
            ArgumentList = { "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--silent", "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A diagnostic aid: node's own options for the emulator (for example "--cpu-prof --cpu-prof-dir=/tmp/prof"), split on spaces.
        string[] nodeOptions = [.. Environment.GetEnvironmentVariable("OSCPFLEET_AZURITE_NODE_ARGS")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [], main];
        for (var i = 0; i < nodeOptions.Length; i++) start.ArgumentList.Insert(i, nodeOptions[i]);
        if (location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(location);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            output.Enqueue(e.Data);
            if (e.Data.Contains("successfully started", StringComparison.OrdinalIgnoreCase)) listening.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"Azurite exited: {string.Join('\n', output)}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Azurite did not report listening on port {tablePort} within {StartTimeout}: {string.Join('\n', output)}");
        }
        return new Azurite(process, tablePort);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (IsShared || disposed) return;
        disposed = true;
        if (!process.HasExited)
        {
            // SIGINT first: Azurite then saves what it keeps on disk (SIGTERM or a kill would lose the last seconds).
            using (var term = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        process.Dispose();
    }
}
