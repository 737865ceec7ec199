using k8s;
using k8s.Models;

namespace OscpFleet.Integration.Deploy;

// Policy over the rendered overlays: what a platform team's admission policies (Pod Security "restricted") and our own
// operating rules require. Each overlay is rendered by kubectl kustomize and read strictly into the API models.
public sealed class DeploymentManifestTests
{
    private const string Silo = "oscpfleet-silo";
    private const string Gateway = "oscpfleet-gateway";

    [Theory]
    [MemberData(nameof(Manifests.Overlays), MemberType = typeof(Manifests))]
    public async Task Every_overlay_renders_and_its_objects_fit_the_kubernetes_schemas(string overlay)
    {
        var manifests = await Manifests.RenderAsync(overlay);

        Assert.Contains(manifests.All<V1Deployment>(), d => d.Metadata.Name == Silo);
        Assert.Contains(manifests.All<V1Deployment>(), d => d.Metadata.Name == Gateway);
        var namespaced = manifests.Objects.Cast<IKubernetesObject<V1ObjectMeta>>().Where(o => o is not V1Namespace).ToList();
        Assert.NotEmpty(namespaced);
        var theNamespace = Assert.Single(manifests.All<V1Namespace>()).Metadata.Name;
        Assert.All(namespaced, o => Assert.True(o.Metadata.NamespaceProperty == theNamespace, $"{o.Kind} {o.Metadata.Name} is in namespace {theNamespace}"));
    }

    [Theory]
    [MemberData(nameof(Manifests.Overlays), MemberType = typeof(Manifests))]
    public async Task Every_container_runs_non_root_read_only_without_privileges_with_probes_and_resources(string overlay)
    {
        var manifests = await Manifests.RenderAsync(overlay);

        foreach (var deployment in manifests.All<V1Deployment>())
        {
            var pod = deployment.Spec.Template.Spec;
            var name = deployment.Metadata.Name;
            Assert.True(pod.SecurityContext?.RunAsNonRoot == true, $"{name}: runAsNonRoot");
            Assert.NotEqual(0, pod.SecurityContext?.RunAsUser ?? -1);
            Assert.Equal("RuntimeDefault", pod.SecurityContext?.SeccompProfile?.Type);
            Assert.False(pod.HostNetwork == true || pod.HostPID == true || pod.HostIPC == true, $"{name}: host namespaces");
            foreach (var container in pod.Containers.Concat(pod.InitContainers ?? []))
            {
                var where = $"{name}/{container.Name}";
                var security = container.SecurityContext;
                Assert.True(security?.AllowPrivilegeEscalation == false, $"{where}: allowPrivilegeEscalation false");
                Assert.True(security?.ReadOnlyRootFilesystem == true, $"{where}: readOnlyRootFilesystem");
                Assert.True(security?.Privileged != true, $"{where}: not privileged");
                Assert.Equal(["ALL"], security?.Capabilities?.Drop ?? []);
                Assert.Empty(security?.Capabilities?.Add ?? []);
                Assert.True(container.StartupProbe is not null && container.LivenessProbe is not null && container.ReadinessProbe is not null, $"{where}: startup, liveness and readiness probes");
                Assert.True(container.Resources?.Requests?.ContainsKey("cpu") == true && container.Resources.Requests.ContainsKey("memory"), $"{where}: cpu and memory requests");
                Assert.True(container.Resources?.Limits?.ContainsKey("memory") == true, $"{where}: a memory limit");
                // A read-only root needs a writable /tmp, and only an emptyDir there.
                var tmp = Assert.Single(container.VolumeMounts ?? [], m => m.MountPath == "/tmp");
                Assert.NotNull(Assert.Single(pod.Volumes, v => v.Name == tmp.Name).EmptyDir);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Manifests.Overlays), MemberType = typeof(Manifests))]
    public async Task Each_oscpfleet_deployment_has_a_disruption_budget_selecting_exactly_its_pods(string overlay)
    {
        var manifests = await Manifests.RenderAsync(overlay);
        var deployments = manifests.All<V1Deployment>().ToList();

        foreach (var name in new[] { Silo, Gateway })
        {
            var deployment = deployments.Single(d => d.Metadata.Name == name);
            var budget = Assert.Single(manifests.All<V1PodDisruptionBudget>(), b => Selects(b.Spec.Selector, deployment.Spec.Template.Metadata.Labels));
            Assert.Equal(deployment.Spec.Selector.MatchLabels, budget.Spec.Selector.MatchLabels);
            Assert.True(budget.Spec.MaxUnavailable is not null || budget.Spec.MinAvailable is not null, $"{budget.Metadata.Name}: a limit");
        }
        foreach (var budget in manifests.All<V1PodDisruptionBudget>())
        {
            Assert.Single(deployments, d => Selects(budget.Spec.Selector, d.Spec.Template.Metadata.Labels));
        }
    }

    [Theory]
    [MemberData(nameof(Manifests.Overlays), MemberType = typeof(Manifests))]
    public async Task The_orleans_ports_are_reachable_only_from_silo_and_gateway_pods(string overlay)
    {
        var manifests = await Manifests.RenderAsync(overlay);
        var silo = manifests.Deployment(Silo);
        var gatewayLabels = manifests.Deployment(Gateway).Spec.Template.Metadata.Labels;
        var siloLabels = silo.Spec.Template.Metadata.Labels;
        var orleansPorts = silo.Spec.Template.Spec.Containers.Single().Ports.Where(p => p.ContainerPort is 11111 or 30000).ToList();
        Assert.Equal(2, orleansPorts.Count);

        var policies = manifests.All<V1NetworkPolicy>().Where(p => Selects(p.Spec.PodSelector, siloLabels)).ToList();
        Assert.NotEmpty(policies);
        Assert.All(policies, p => Assert.Contains("Ingress", p.Spec.PolicyTypes));
        var opening = policies.SelectMany(p => p.Spec.Ingress ?? [])
            .Where(rule => rule.Ports is null || rule.Ports.Any(port => port.Port?.Value is "11111" or "30000" or "silo" or "orleans-gateway"))
            .ToList();
        var rule = Assert.Single(opening);
        Assert.Equal(["11111", "30000"], rule.Ports.Select(p => p.Port.Value).Order());
        Assert.NotNull(rule.FromProperty);
        Assert.All(rule.FromProperty, peer =>
        {
            Assert.Null(peer.IpBlock);
            Assert.Null(peer.NamespaceSelector);
            Assert.True(Selects(peer.PodSelector, siloLabels) || Selects(peer.PodSelector, gatewayLabels), "only silo or gateway pods");
            Assert.False(peer.PodSelector.MatchLabels is null or { Count: 0 } && peer.PodSelector.MatchExpressions is null, "not every pod");
        });
        Assert.Contains(rule.FromProperty, peer => Selects(peer.PodSelector, siloLabels));
        Assert.Contains(rule.FromProperty, peer => Selects(peer.PodSelector, gatewayLabels));
    }

    [Theory]
    [MemberData(nameof(Manifests.Overlays), MemberType = typeof(Manifests))]
    public async Task The_operator_api_and_metrics_have_their_own_port_service_and_policy(string overlay)
    {
        var manifests = await Manifests.RenderAsync(overlay);
        var gateway = manifests.Deployment(Gateway);
        var container = gateway.Spec.Template.Spec.Containers.Single();
        var operatorPort = Assert.Single(container.Ports, p => p.Name == "operator").ContainerPort;
        var oscpPort = Assert.Single(container.Ports, p => p.Name == "http").ContainerPort;

        Assert.NotEqual(oscpPort, operatorPort);
        Assert.Equal(operatorPort.ToString(System.Globalization.CultureInfo.InvariantCulture), Env(container, "Gateway__OperatorPort"));
        var services = manifests.All<V1Service>().Where(s => Selects(s.Spec.Selector, gateway.Spec.Template.Metadata.Labels)).ToList();
        Assert.Equal(["http"], services.Single(s => s.Metadata.Name == "oscpfleet-gateway").Spec.Ports.Select(p => p.TargetPort.Value));
        Assert.Equal(["operator"], services.Single(s => s.Metadata.Name == "oscpfleet-operator").Spec.Ports.Select(p => p.TargetPort.Value));
        var policy = Assert.Single(manifests.All<V1NetworkPolicy>(), p => Selects(p.Spec.PodSelector, gateway.Spec.Template.Metadata.Labels));
        var operatorRule = Assert.Single(policy.Spec.Ingress, r => r.Ports?.Any(p => p.Port.Value == "8081") == true);
        Assert.NotEmpty(operatorRule.FromProperty ?? []);
        Assert.All(policy.Spec.Ingress, r => Assert.NotNull(r.Ports));
    }

    [Theory]
    [MemberData(nameof(Manifests.Overlays), MemberType = typeof(Manifests))]
    public async Task Secrets_are_files_per_process_and_the_gateway_has_no_api_token_mounted(string overlay)
    {
        var manifests = await Manifests.RenderAsync(overlay);

        foreach (var (name, secret) in new[] { (Silo, "oscpfleet-silo-secrets"), (Gateway, "oscpfleet-gateway-secrets") })
        {
            var pod = manifests.Deployment(name).Spec.Template.Spec;
            var container = pod.Containers.Single();
            // The process's own Secret (production also mounts the cluster TLS Secret, tested below).
            var secretVolume = Assert.Single(pod.Volumes, v => v.Secret is not null && v.Secret.SecretName.StartsWith(secret, StringComparison.Ordinal));
            Assert.StartsWith(secret, secretVolume.Secret.SecretName, StringComparison.Ordinal);
            var mount = Assert.Single(container.VolumeMounts, m => m.Name == secretVolume.Name);
            Assert.True(mount.ReadOnlyProperty == true, $"{name}: secrets mounted read-only");
            Assert.Equal(mount.MountPath, Env(container, "Secrets__Directory"));
            // No secret reaches a process through its environment (visible in the pod spec and to every child process).
            Assert.DoesNotContain(container.EnvFrom ?? [], e => e.SecretRef is not null);
            Assert.DoesNotContain(container.Env ?? [], e => e.ValueFrom?.SecretKeyRef is not null);
        }
        Assert.False(manifests.Deployment(Gateway).Spec.Template.Spec.AutomountServiceAccountToken ?? true);
        Assert.False(manifests.All<V1ServiceAccount>().Single(a => a.Metadata.Name == Gateway).AutomountServiceAccountToken ?? true);
    }

    [Fact]
    public async Task Production_turns_on_cluster_tls_in_silos_and_gateways_with_the_certificate_secret_mounted_read_only()
    {
        var manifests = await Manifests.RenderAsync("overlays/production");

        foreach (var name in new[] { Silo, Gateway })
        {
            var pod = manifests.Deployment(name).Spec.Template.Spec;
            var container = pod.Containers.Single();
            Assert.Equal("true", Env(container, "Cluster__Tls__Enabled"));
            var tls = Assert.Single(pod.Volumes, v => v.Secret?.SecretName == "oscpfleet-cluster-tls");
            var mount = Assert.Single(container.VolumeMounts, m => m.Name == tls.Name);
            Assert.True(mount.ReadOnlyProperty == true, $"{name}: the cluster certificate is mounted read-only");
            Assert.Null(mount.SubPath);
            // The certificate and the CA come from the mounted Secret (cert-manager's keystore.p12 and ca.crt)...
            Assert.Equal($"{mount.MountPath}/keystore.p12", Env(container, "Cluster__Tls__CertificatePath"));
            Assert.Equal($"{mount.MountPath}/ca.crt", Env(container, "Cluster__Tls__TrustedCertificatePaths__0"));
            // ...and the keystore password like every other secret: a file of the process's own Secret, never the environment.
            Assert.DoesNotContain(container.Env, e => e.Name == "Cluster__Tls__CertificatePassword");
        }
    }

    [Fact]
    public async Task The_dev_overlay_stays_plaintext_between_silos_and_gateways()
    {
        var manifests = await Manifests.RenderAsync("overlays/dev");

        foreach (var name in new[] { Silo, Gateway })
        {
            var container = manifests.Deployment(name).Spec.Template.Spec.Containers.Single();
            Assert.DoesNotContain(container.Env ?? [], e => e.Name.StartsWith("Cluster__Tls__", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task In_the_dev_overlay_the_gateway_gets_no_cp_or_webhook_secret_and_the_silo_no_signing_key()
    {
        var manifests = await Manifests.RenderAsync("overlays/dev");
        var gatewaySecret = manifests.Secret(SecretName(manifests, Gateway))!;
        var siloSecret = manifests.Secret(SecretName(manifests, Silo))!;

        Assert.Contains("Storage__TableConnectionString", gatewaySecret.Data.Keys);
        Assert.Contains("Oscp__Tokens__SigningKeys__0__PrivateKeyPem", gatewaySecret.Data.Keys);
        Assert.DoesNotContain(gatewaySecret.Data.Keys, k =>
            k.Contains("ClientSecret", StringComparison.Ordinal) || k.StartsWith("Csms__", StringComparison.Ordinal) || k.Contains("__Headers__", StringComparison.Ordinal)
            || k.Contains("Token", StringComparison.Ordinal) && !k.StartsWith("Oscp__Tokens__", StringComparison.Ordinal) || k.Contains("EncryptionKeys", StringComparison.Ordinal));
        Assert.Contains("Csms__Endpoints__main__Secrets__0", siloSecret.Data.Keys);
        Assert.DoesNotContain(siloSecret.Data.Keys, k => k.StartsWith("Oscp__Tokens__SigningKeys", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Manifests.Overlays), MemberType = typeof(Manifests))]
    public async Task A_stopping_pod_drains_and_shuts_down_within_its_grace_period_and_a_joining_silo_gets_a_startup_probe(string overlay)
    {
        var manifests = await Manifests.RenderAsync(overlay);

        foreach (var name in new[] { Silo, Gateway })
        {
            var pod = manifests.Deployment(name).Spec.Template.Spec;
            var container = pod.Containers.Single();
            var preStop = container.Lifecycle?.PreStop?.Sleep?.Seconds ?? 0;
            var shutdown = long.Parse(Env(container, "ShutdownTimeoutSeconds")!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(preStop > 0, $"{name}: a preStop pause so the Services stop routing before the process stops");
            Assert.True(preStop + shutdown < pod.TerminationGracePeriodSeconds, $"{name}: preStop {preStop} s + shutdown {shutdown} s must end before the grace period {pod.TerminationGracePeriodSeconds} s");
            var startup = container.StartupProbe;
            Assert.True(startup.PeriodSeconds * startup.FailureThreshold >= (name == Silo ? 120 : 30), $"{name}: the startup probe allows a slow join");
            Assert.Equal(2, pod.TopologySpreadConstraints.Count);
            Assert.Equal(["kubernetes.io/hostname", "topology.kubernetes.io/zone"], pod.TopologySpreadConstraints.Select(c => c.TopologyKey).Order());
            Assert.All(pod.TopologySpreadConstraints, c => Assert.True(Selects(c.LabelSelector, manifests.Deployment(name).Spec.Template.Metadata.Labels)));
        }
        var silo = manifests.Deployment(Silo).Spec.Template.Spec.Containers.Single();
        Assert.Equal("metadata.name", silo.Env.Single(e => e.Name == "POD_NAME").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.namespace", silo.Env.Single(e => e.Name == "POD_NAMESPACE").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("0", manifests.Deployment(Silo).Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
    }

    [Fact]
    public async Task Production_runs_three_silos_and_autoscaled_gateways_on_tagged_images_without_azurite()
    {
        var manifests = await Manifests.RenderAsync("overlays/production");

        Assert.Equal(3, manifests.Deployment(Silo).Spec.Replicas);
        var autoscaler = Assert.Single(manifests.All<V2HorizontalPodAutoscaler>());
        Assert.Equal(("Deployment", Gateway), (autoscaler.Spec.ScaleTargetRef.Kind, autoscaler.Spec.ScaleTargetRef.Name));
        Assert.True(autoscaler.Spec.MinReplicas >= 2, "at least two gateways");
        Assert.DoesNotContain(manifests.All<V1Deployment>(), d => d.Metadata.Name.Contains("azurite", StringComparison.Ordinal));
        Assert.DoesNotContain("azurite", manifests.Yaml, StringComparison.OrdinalIgnoreCase);
        foreach (var deployment in manifests.All<V1Deployment>())
        {
            var image = deployment.Spec.Template.Spec.Containers.Single().Image;
            Assert.Matches(@"^[\w.-]+(/[\w.-]+)+:[\w.-]+$", image);
            Assert.DoesNotContain(":latest", image, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Dev_runs_one_silo_one_gateway_and_azurite_in_its_namespace()
    {
        var manifests = await Manifests.RenderAsync("overlays/dev");

        Assert.Equal(1, manifests.Deployment(Silo).Spec.Replicas);
        Assert.Equal(1, manifests.Deployment(Gateway).Spec.Replicas);
        Assert.NotNull(manifests.Deployment("azurite"));
        var service = Assert.Single(manifests.All<V1Service>(), s => s.Metadata.Name == "azurite");
        Assert.Equal(10002, service.Spec.Ports.Single().Port);
        Assert.All(manifests.Objects.Cast<IKubernetesObject<V1ObjectMeta>>().Where(o => o is not V1Namespace), o => Assert.Equal("oscpfleet-dev", o.Metadata.NamespaceProperty));
        Assert.Equal("restricted", manifests.All<V1Namespace>().Single().Metadata.Labels["pod-security.kubernetes.io/enforce"]);
    }

    private static string? Env(V1Container container, string name) => container.Env?.SingleOrDefault(e => e.Name == name)?.Value;

    private static string SecretName(Manifests manifests, string deployment) =>
        manifests.Deployment(deployment).Spec.Template.Spec.Volumes.Single(v => v.Secret is not null).Secret.SecretName;

    private static bool Selects(V1LabelSelector? selector, IDictionary<string, string>? labels) =>
        selector?.MatchLabels is { Count: > 0 } wanted && labels is not null && wanted.All(w => labels.TryGetValue(w.Key, out var v) && v == w.Value);

    private static bool Selects(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && labels is not null && selector.All(w => labels.TryGetValue(w.Key, out var v) && v == w.Value);
}
