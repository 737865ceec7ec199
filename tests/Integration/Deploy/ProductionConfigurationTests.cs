using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OscpFleet.Gateway;
using OscpFleet.Hosting;
using OscpFleet.Silo;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Deploy;

// The production overlay's example configuration, with its placeholders filled in, plus exactly the secret files
// deploy/k8s/README.md tells the platform team to create for each process, passes that process's start-up validation:
// the per-process split of secrets is complete, and neither process needs the other's.
public sealed class ProductionConfigurationTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "k8s", "README.md"));

    public static TheoryData<string, string> Processes => new() { { "Silo", "oscpfleet-silo-secrets" }, { "Gateway", "oscpfleet-gateway-secrets" } };

    [Theory]
    [MemberData(nameof(Processes))]
    public async Task The_example_configuration_with_the_documented_secrets_of_one_process_starts_that_process(string process, string secret)
    {
        var keys = SecretKeys(secret);
        Assert.NotEmpty(keys);
        var settings = Settings();
        foreach (var key in keys) settings[key.Replace("__", ":", StringComparison.Ordinal)] = SecretValue(key);

        var failures = await ValidateAsync(process, settings);

        Assert.Empty(failures);
    }

    [Fact]
    public void The_gateway_is_given_no_cp_or_webhook_secret_and_the_silo_no_signing_key()
    {
        Assert.DoesNotContain(SecretKeys("oscpfleet-gateway-secrets"), k => k.Contains("__Peers__", StringComparison.Ordinal) || k.StartsWith("Csms__", StringComparison.Ordinal));
        Assert.DoesNotContain(SecretKeys("oscpfleet-silo-secrets"), k => k.StartsWith("Oscp__Tokens__", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_its_secrets_the_silo_refuses_to_start_naming_them()
    {
        var failures = await ValidateAsync("Silo", Settings());

        Assert.Contains("Oscp:Peers:vector_test:ClientSecret: is required", failures);
        Assert.Contains("Oscp:Peers:vector_test:Headers:1:Value: is required", failures);
        Assert.Contains("Csms:Endpoints:main:Secrets: at least one HMAC secret is required", failures);
    }

    // Each --from-literal/--from-file key of the README's "kubectl create secret generic <name>" command.
    private static List<string> SecretKeys(string secret)
    {
        var command = Regex.Match(Readme, $@"create secret generic {secret}((?:[^\n]*\\\n)*[^\n]*)");
        Assert.True(command.Success, $"deploy/k8s/README.md creates {secret}");
        return [.. Regex.Matches(command.Groups[1].Value, @"--from-(?:literal|file)=([A-Za-z0-9_]+)=").Select(m => m.Groups[1].Value)];
    }

    private static string SecretValue(string key)
    {
        if (!key.EndsWith("PrivateKeyPem", StringComparison.Ordinal)) return new string('s', 40);
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return ecdsa.ExportPkcs8PrivateKeyPem();
    }

    // The example's settings with each <placeholder> filled in: hashes with a well-formed one, the rest with a word.
    private static Dictionary<string, string?> Settings()
    {
        var json = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "k8s", "overlays", "production", "appsettings.Production.json"));
        json = Regex.Replace(json, "sha256:<[^>]*>", "sha256:" + new string('a', 64));
        json = Regex.Replace(json, "<[^>]*>", "example");
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();
        return configuration.AsEnumerable().Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value);
    }

    private static async Task<IReadOnlyList<string>> ValidateAsync(string process, Dictionary<string, string?> settings)
    {
        var options = new WebApplicationOptions { EnvironmentName = "Test", ContentRootPath = AppContext.BaseDirectory };
        void Configure(WebApplicationBuilder b) => b.Configuration.AddInMemoryCollection(settings);
        await using var app = process == "Silo" ? SiloHost.Build(options, Configure) : GatewayHost.Build(options, Configure);
        try
        {
            // What ConfigurationErrors.ExitOnInvalidAsync runs before the host starts; nothing listens, nothing is called.
            app.Services.GetService<IStartupValidator>()?.Validate();
            return [];
        }
        catch (Exception e)
        {
            return ConfigurationErrors.Failures(e) is { Count: > 0 } failures ? failures : throw new InvalidOperationException("not a validation failure", e);
        }
    }
}
