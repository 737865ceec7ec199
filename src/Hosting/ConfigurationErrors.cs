using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace OscpFleet.Hosting;

/// <summary>
/// Binds an options class to its section with an <see cref="IValidateOptions{TOptions}"/> checked at start-up
/// (<c>ValidateOnStart</c>), and turns the host's validation failure into exit code 2 with one line per problem.
/// </summary>
public static class ConfigurationErrors
{
    /// <summary>The exit code of a process refused by its configuration.</summary>
    public const int InvalidConfigurationExitCode = 2;

    /// <summary>
    /// Bind <typeparamref name="T"/> to <paramref name="section"/> and validate it with <paramref name="validate"/> when
    /// the host starts, before any hosted service (Kestrel, Orleans) does. Each problem names its key, never its value.
    /// </summary>
    public static IServiceCollection AddValidatedOptions<T>(
        this IServiceCollection services, IConfiguration configuration, string section, Func<T, IReadOnlyList<string>> validate)
        where T : class
    {
        services.AddOptions<T>()
            .Bind(configuration.GetSection(section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new DelegatingValidator<T>(validate));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ValidateFirst>());
        return services;
    }

    /// <summary>
    /// The problems of a start-up validation failure: the host throws an <see cref="OptionsValidationException"/> when one
    /// options class is invalid and an <see cref="AggregateException"/> of them when several are. Empty for any other error.
    /// </summary>
    public static IReadOnlyList<string> Failures(Exception exception) => exception switch
    {
        OptionsValidationException e => [.. e.Failures],
        AggregateException { InnerExceptions: var inner } when inner.All(e => e is OptionsValidationException) =>
            [.. inner.SelectMany(e => ((OptionsValidationException)e).Failures)],
        _ => [],
    };

    /// <summary>
    /// Builds the host with <paramref name="build"/> and runs it; an invalid configuration ends the process with exit code 2
    /// and one line per problem on standard error (no stack trace, no values: only key names and reasons).
    /// </summary>
    /// <remarks>
    /// The <c>ValidateOnStart</c> validators run here once before the host starts: the host would report the same
    /// failure, but only after logging it as "Hosting failed to start" with a stack trace.
    /// </remarks>
    public static async Task<int> ExitOnInvalidAsync(Func<IHost> build)
    {
        try
        {
            var host = build();
            host.Services.GetService<IStartupValidator>()?.Validate();
            await host.RunAsync();
            return 0;
        }
        catch (Exception e) when (Failures(e).Count > 0)
        {
            await Console.Error.WriteLineAsync("OscpFleet cannot start: the configuration is invalid.");
            foreach (var failure in Failures(e))
            {
                await Console.Error.WriteLineAsync("  " + failure);
            }
            return InvalidConfigurationExitCode;
        }
    }

    /// <summary>
    /// The host makes every hosted service before it runs the <c>ValidateOnStart</c> validators, and Orleans checks its
    /// own options (and opens table clients) while its hosted service is made. Registered ahead of Orleans, this one runs
    /// the same validators when it is made, so an invalid configuration is reported in full before anything else fails.
    /// </summary>
    private sealed class ValidateFirst : IHostedService
    {
        public ValidateFirst(IStartupValidator validator) => validator.Validate();

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class DelegatingValidator<T>(Func<T, IReadOnlyList<string>> validate) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var errors = validate(options);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
