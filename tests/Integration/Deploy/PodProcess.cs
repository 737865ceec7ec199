using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using k8s.Models;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Deploy;

/// <summary>
/// One pod of a rendered Deployment run as a local process of the published app: the image's entry point and
/// environment (from its Dockerfile), the container's args and env, its ConfigMap and Secret volumes written as files and
/// its emptyDirs as folders under the pod's own root. What a machine cannot give like a cluster is mapped, and only that:
/// the pod's name, namespace and IP (downward API: a name of the test's choosing, the namespace, 127.0.0.1), each
/// container port to a free local port (pods have their own addresses; these processes share one), and the paths mounted
/// into the container to folders of this pod. Nothing of the test's own environment is inherited but PATH and the .NET root.
/// </summary>
public sealed partial class PodProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PodProcess(string name, string root, Process process, IReadOnlyDictionary<int, int> ports, long gracePeriodSeconds)
    {
        Name = name;
        Root = root;
        this.process = process;
        Ports = ports;
        GracePeriod = TimeSpan.FromSeconds(gracePeriodSeconds);
    }

    /// <summary>The pod's name.</summary>
    public string Name { get; }

    /// <summary>The folder standing for the pod's filesystem (mounts, home, the working directory).</summary>
    public string Root { get; }

    /// <summary>Container port → local port.</summary>
    public IReadOnlyDictionary<int, int> Ports { get; }

    /// <summary>The Deployment's terminationGracePeriodSeconds.</summary>
    public TimeSpan GracePeriod { get; }

    /// <summary>Completes when the host logs that it has started (for a silo: it has joined the cluster).</summary>
    public Task Started => started.Task;

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string Tail => string.Join('\n', output.TakeLast(40));

    /// <summary>A client for the container port <paramref name="containerPort"/>.</summary>
    public HttpClient Http(int containerPort) => new() { BaseAddress = new Uri($"http://127.0.0.1:{Ports[containerPort]}"), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Starts pod <paramref name="podName"/> of <paramref name="deploymentName"/> from <paramref name="manifests"/>.</summary>
    /// <param name="manifests">The rendered overlay.</param>
    /// <param name="deploymentName">The Deployment whose pod template is run.</param>
    /// <param name="podName">The pod's name (downward API <c>metadata.name</c>).</param>
    /// <param name="image">The image's build: its Dockerfile and the published app.</param>
    /// <param name="workRoot">The folder that holds each pod's root.</param>
    /// <param name="secretOverrides">Secret files to replace (the storage connection string pointed at the test's Azurite).</param>
    public static PodProcess Start(Manifests manifests, string deploymentName, string podName, PublishedImage image, string workRoot,
        IReadOnlyDictionary<string, string> secretOverrides)
    {
        var deployment = manifests.Deployment(deploymentName);
        var pod = deployment.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);
        var root = Directory.CreateDirectory(Path.Combine(workRoot, podName)).FullName;
        var ports = container.Ports.ToDictionary(p => p.ContainerPort, _ => OscpFleet.Testing.FreePort.Next());
        string Local(string containerPath) => Path.Combine(root, containerPath.TrimStart('/'));

        // The image's working directory holds the published app (linked, not copied) plus whatever is mounted into it.
        var workDir = Directory.CreateDirectory(Local(image.WorkingDirectory)).FullName;
        foreach (var file in Directory.EnumerateFiles(image.PublishDirectory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(workDir, Path.GetRelativePath(image.PublishDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.CreateSymbolicLink(target, file);
        }
        var mounts = new Dictionary<string, string>();
        foreach (var mount in container.VolumeMounts ?? [])
        {
            var volume = pod.Volumes.Single(v => v.Name == mount.Name);
            var local = Local(mount.MountPath);
            mounts[mount.MountPath] = local;
            IDictionary<string, byte[]> files;
            if (volume.ConfigMap is not null)
                files = manifests.All<V1ConfigMap>().Single(c => c.Metadata.Name == volume.ConfigMap.Name).Data.ToDictionary(d => d.Key, d => Encoding.UTF8.GetBytes(d.Value));
            else if (volume.Secret is not null)
                files = manifests.Secret(volume.Secret.SecretName)?.Data
                    ?? throw new InvalidOperationException($"{deploymentName}: Secret {volume.Secret.SecretName} is not in the rendered overlay");
            else if (volume.EmptyDir is not null)
                files = new Dictionary<string, byte[]>();
            else
                throw new NotSupportedException($"{deploymentName}: volume {volume.Name} is neither a ConfigMap, a Secret nor an emptyDir");
            if (mount.SubPath is { Length: > 0 } subPath)
            {
                File.Delete(local);   // a published file of the same name is replaced by the mount, as in the container
                File.WriteAllBytes(local, files[subPath]);
                continue;
            }
            Directory.CreateDirectory(local);
            foreach (var (key, content) in files)
            {
                File.WriteAllBytes(Path.Combine(local, key), secretOverrides.TryGetValue(key, out var replaced) ? Encoding.UTF8.GetBytes(replaced) : content);
            }
        }

        var start = new ProcessStartInfo(image.EntryPoint[0])
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in image.EntryPoint.Skip(1)) start.ArgumentList.Add(arg);
        foreach (var arg in container.Args ?? []) start.ArgumentList.Add(MapPorts(arg, ports));
        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "DOTNET_ROOT" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value) start.Environment[name] = value;
        }
        start.Environment["HOME"] = Directory.CreateDirectory(Local("/home/app")).FullName;
        foreach (var (name, value) in image.Environment) start.Environment[name] = MapPorts(value, ports);
        foreach (var env in container.Env ?? [])
        {
            start.Environment[env.Name] = env.ValueFrom?.FieldRef?.FieldPath switch
            {
                null when env.ValueFrom is null => MapPaths(MapPorts(env.Value ?? "", ports), mounts),
                "metadata.name" => podName,
                "metadata.namespace" => deployment.Metadata.NamespaceProperty,
                "status.podIP" => "127.0.0.1",
                var other => throw new NotSupportedException($"{deploymentName}: env {env.Name} comes from {other ?? "a source"} this test cannot give"),
            };
        }
        if (mounts.TryGetValue("/tmp", out var tmp)) start.Environment["TMPDIR"] = tmp;
        // The Orleans ports are the code's defaults (11111, 30000), not set by the Deployment: one address, so move them.
        if (ports.TryGetValue(11111, out var siloPort)) start.Environment["Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        if (ports.TryGetValue(30000, out var gatewayPort)) start.Environment["Cluster__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);

        var instance = new PodProcess(podName, root, Process.Start(start)!, ports, pod.TerminationGracePeriodSeconds ?? 30);
        instance.Watch();
        return instance;
    }

    private void Watch()
    {
        void Line(string? line)
        {
            if (line is null) return;
            output.Enqueue(line);
            while (output.Count > 400) output.TryDequeue(out _);
            if (line.Contains("Application started", StringComparison.Ordinal)) started.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => started.TrySetException(new InvalidOperationException($"{Name} exited with {process.ExitCode}:\n{Tail}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
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
            throw new TimeoutException($"{Name} did not start within {timeout}:\n{Tail}");
        }
    }

    /// <summary>What Kubernetes does to stop a pod: SIGTERM, then its grace period before a kill. Returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        if (!process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(GracePeriod);
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{Name} did not stop within its grace period {GracePeriod}:\n{Tail}");
            }
        }
        return process.ExitCode;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    // A value that is a container port ("8081"), or URLs with one ("http://0.0.0.0:8080"): the local port on loopback.
    private static string MapPorts(string value, IReadOnlyDictionary<int, int> ports)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && ports.TryGetValue(port, out var mapped))
            return mapped.ToString(CultureInfo.InvariantCulture);
        return UrlPattern().Replace(value, m =>
            ports.TryGetValue(int.Parse(m.Groups["port"].Value, CultureInfo.InvariantCulture), out var local) ? $"{m.Groups["scheme"].Value}://127.0.0.1:{local}" : m.Value);
    }

    private static string MapPaths(string value, IReadOnlyDictionary<string, string> mounts) =>
        mounts.TryGetValue(value, out var local) ? local : value;

    [GeneratedRegex(@"(?<scheme>https?)://[^/:;\s]+:(?<port>\d+)")]
    private static partial Regex UrlPattern();
}
