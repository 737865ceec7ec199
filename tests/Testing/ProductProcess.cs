using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace OscpFleet.Testing;

/// <summary>
/// One published silo or gateway (<see cref="PublishedImage"/>) run as its own operating-system process, the way its
/// container runs it: the Dockerfile's entry point, working directory (the publish folder) and environment, plus the
/// settings a pod gets as environment variables (<c>Section__Key</c>). Nothing of the test's own environment is inherited
/// but PATH and the .NET root. Its output is kept (the last lines) for failure messages.
/// </summary>
public sealed class ProductProcess : IAsyncDisposable
{
    private const int KeptLines = 400;
    private bool disposed;
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();
    private StreamWriter? log;
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ProductProcess(string name, Process process, int httpPort)
    {
        Name = name;
        this.process = process;
        HttpPort = httpPort;
    }

    /// <summary>A name of the harness's choosing (<c>silo-1</c>, <c>gateway-2</c>); also the silo's Orleans name.</summary>
    public string Name { get; }

    /// <summary>The port its HTTP endpoints listen on (loopback).</summary>
    public int HttpPort { get; }

    /// <summary>Its HTTP address.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}");

    /// <summary>The operating-system process id.</summary>
    public int Id => process.Id;

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>Completes when the host logs "Application started" (a silo has joined the cluster, a gateway's client is connected).</summary>
    public Task Started => started.Task;

    /// <summary>Completes with the exit code when the process ends.</summary>
    public Task<int> Exited => exited.Task;

    /// <summary>The last lines it wrote (stdout and stderr), for failure messages.</summary>
    public string Tail => $"--- last output of {Name} (pid {process.Id}) ---\n" + string.Join('\n', output);

    /// <summary>Starts <paramref name="image"/> with <paramref name="settings"/> (configuration keys with ':') as its environment.</summary>
    public static ProductProcess Start(PublishedImage image, string name, int httpPort, IReadOnlyDictionary<string, string?> settings, string workRoot)
    {
        var home = Directory.CreateDirectory(Path.Combine(workRoot, name, "home")).FullName;
        var start = new ProcessStartInfo(image.EntryPoint[0])
        {
            // The image's WORKDIR holds the published app; here that is the publish folder.
            WorkingDirectory = image.PublishDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in image.EntryPoint.Skip(1)) start.ArgumentList.Add(arg);
        start.Environment.Clear();
        foreach (var variable in new[] { "PATH", "DOTNET_ROOT" })
        {
            if (Environment.GetEnvironmentVariable(variable) is { } value) start.Environment[variable] = value;
        }
        start.Environment["HOME"] = home;
        foreach (var (key, value) in image.Environment) start.Environment[key] = value;
        // The container port (8080) is a free loopback port here: these processes share one address.
        start.Environment["ASPNETCORE_HTTP_PORTS"] = httpPort.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings)
        {
            if (value is not null) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var instance = new ProductProcess(name, Process.Start(start) ?? throw new InvalidOperationException($"{name}: could not start {image.EntryPoint[0]}"), httpPort);
        // For diagnosis: OSCPFLEET_PROCESS_LOG_DIR keeps every line of every process (<name>.log), not only the last ones.
        if (Environment.GetEnvironmentVariable("OSCPFLEET_PROCESS_LOG_DIR") is { Length: > 0 } logs)
        {
            instance.log = new StreamWriter(Path.Combine(Directory.CreateDirectory(logs).FullName, name + ".log"), append: true) { AutoFlush = true };
        }
        instance.Watch();
        return instance;
    }

    private void Watch()
    {
        void Line(string? line)
        {
            if (line is null) return;
            if (log is { } file)
            {
                lock (file)
                {
                    try { file.WriteLine(line); } catch (ObjectDisposedException) { }
                }
            }
            output.Enqueue(line);
            while (output.Count > KeptLines) output.TryDequeue(out _);
            if (line.Contains("Application started", StringComparison.Ordinal)) started.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            started.TrySetException(new InvalidOperationException($"{Name} exited with {process.ExitCode} before it started\n{Tail}"));
            exited.TrySetResult(process.ExitCode);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (process.HasExited) exited.TrySetResult(process.ExitCode);
    }

    /// <summary>Waits for <see cref="Started"/>, failing with the process's last lines.</summary>
    public async Task WaitStartedAsync(TimeSpan timeout)
    {
        try
        {
            await Started.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} did not start within {timeout}\n{Tail}");
        }
    }

    /// <summary>A crash: SIGKILL, nothing written, no goodbye to the cluster. Returns once the process is gone.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited) process.Kill();
        await Exited.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// What Kubernetes does to stop a pod: SIGTERM, then up to <paramref name="grace"/> before a SIGKILL (which fails the
    /// call). Returns the exit code.
    /// </summary>
    public async Task<int> TerminateAsync(TimeSpan grace)
    {
        if (!process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }
            try
            {
                await Exited.WaitAsync(grace);
            }
            catch (TimeoutException)
            {
                process.Kill();
                throw new TimeoutException($"{Name} did not stop within {grace} of SIGTERM\n{Tail}");
            }
        }
        return await Exited;
    }

    /// <summary>An HTTP client for its endpoints.</summary>
    public HttpClient Http() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (disposed) return;
        disposed = true;
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        process.Dispose();
        if (log is { } file) lock (file) file.Dispose();
    }
}
