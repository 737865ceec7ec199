using System.Diagnostics;
using k8s;
using k8s.Models;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Deploy;

/// <summary>
/// The kustomize overlays of deploy/k8s rendered by <c>kubectl kustomize</c> and read strictly into the Kubernetes API
/// models (an unknown field, a misspelt one or a wrong type fails), then each object's own required-field validation.
/// </summary>
public sealed class Manifests
{
    private static readonly Dictionary<string, Task<Manifests>> Rendered = [];

    private Manifests(string yaml, IReadOnlyList<object> objects)
    {
        Yaml = yaml;
        Objects = objects;
    }

    /// <summary>The rendered YAML.</summary>
    public string Yaml { get; }

    /// <summary>Every object, typed (<see cref="V1Deployment"/>, <see cref="V1Service"/>, …).</summary>
    public IReadOnlyList<object> Objects { get; }

    /// <summary>The overlays a platform engineer applies.</summary>
    public static TheoryData<string> Overlays => new() { "overlays/dev", "overlays/production" };

    /// <summary>Every object of kind <typeparamref name="T"/>.</summary>
    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    /// <summary>The Deployment named <paramref name="name"/>.</summary>
    public V1Deployment Deployment(string name) => All<V1Deployment>().Single(d => d.Metadata.Name == name);

    /// <summary>The Secret a volume names: generated names carry a hash suffix that kustomize also writes into the volume.</summary>
    public V1Secret? Secret(string name) => All<V1Secret>().SingleOrDefault(s => s.Metadata.Name == name);

    /// <summary>Renders <paramref name="path"/> (relative to deploy/k8s) once per test run.</summary>
    public static Task<Manifests> RenderAsync(string path)
    {
        lock (Rendered)
        {
            if (!Rendered.TryGetValue(path, out var task)) Rendered[path] = task = RenderOnceAsync(path);
            return task;
        }
    }

    private static async Task<Manifests> RenderOnceAsync(string path)
    {
        var directory = Path.Combine(RepositoryPaths.Root, "deploy", "k8s", path);
        var start = new ProcessStartInfo("kubectl") { ArgumentList = { "kustomize", directory }, RedirectStandardOutput = true, RedirectStandardError = true };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("kubectl is not installed: ./test.sh installs it (or see deploy/k8s/README.md)", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            if (process.ExitCode != 0) throw new InvalidOperationException($"kubectl kustomize {path} failed ({process.ExitCode}): {await error}");
            var yaml = await output;
            var objects = KubernetesYaml.LoadAllFromString(yaml, typeMap: null, strict: true);
            foreach (var o in objects)
            {
                // Where a generated model has its own Validate (required fields), run it too.
                o.GetType().GetMethod("Validate", Type.EmptyTypes)?.Invoke(o, null);
            }
            return new Manifests(yaml, objects);
        }
    }
}
