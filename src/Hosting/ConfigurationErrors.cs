using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OscpFleet.Hosting;

/// <summary>Binds an options class to its section and fails start-up with every problem, each naming its key.</summary>
public static class ConfigurationErrors
{
    /// <summary>Bind <typeparamref name="T"/> to <paramref name="section"/>, validate it with <paramref name="validate"/> at start-up.</summary>
    public static IServiceCollection AddValidatedOptions<T>(
        this IServiceCollection services, IConfiguration configuration, string section, Func<T, IReadOnlyList<string>> validate)
        where T : class
    {
        services.AddOptions<T>()
            .Bind(configuration.GetSection(section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new DelegatingValidator<T>(validate));
        return services;
    }

    /// <summary>
    /// Runs <paramref name="run"/>; an invalid configuration ends the process with exit code 2 and one line per problem
    /// (no stack trace, no values: only key names and reasons).
    /// </summary>
    public static async Task<int> ExitOnInvalidAsync(Func<Task> run)
    {
        try
        {
            await run();
            return 0;
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync("OscpFleet cannot start: the configuration is invalid.");
            foreach (var failure in e.Failures)
            {
                await Console.Error.WriteLineAsync("  " + failure);
            }
            return 2;
        }
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
