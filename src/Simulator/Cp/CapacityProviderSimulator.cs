using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>
/// Builds the capacity provider simulator ("CP mode"): a Vector-like CP with its own token endpoint, the CP
/// OSCP endpoints, its heartbeats and forecasts to the FP under test, and the <c>/sim</c> control API.
/// </summary>
public static class CapacityProviderSimulator
{
    /// <summary>
    /// The simulator application for in-process use (tests, benchmarks). <paramref name="configure"/> runs before the
    /// simulator is wired (logging, a <see cref="SimulatorClock.Key"/> clock, client options); <paramref name="time"/>
    /// is a shortcut for that clock. Resolve <see cref="CpSimulator"/> from <c>app.Services</c>.
    /// </summary>
    /// <exception cref="OptionsValidationException">The options are invalid; every failure names its key.</exception>
    public static WebApplication Build(CpSimulatorOptions options, Action<WebApplicationBuilder>? configure = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Wire(WebApplication.CreateBuilder(), options, configure, time);
    }

    /// <summary>
    /// The simulator process: options from the <c>Simulator:Cp</c> section of the usual configuration sources
    /// (appsettings.json, environment variables <c>Simulator__Cp__…</c>, arguments <c>--Simulator:Cp:…=…</c>).
    /// </summary>
    /// <exception cref="OptionsValidationException">The configuration is invalid; every failure names its key.</exception>
    public static WebApplication Build(string[] args)
    {
        // appsettings.json next to the binary, wherever the simulator is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        return Wire(builder, Bind(builder.Configuration.GetSection(CpSimulatorOptions.Section)), null, null);
    }

    // The binder throws on a value of the wrong type, with the value in its message (which could be a secret):
    // report the key only, like every other setting problem.
    private static CpSimulatorOptions Bind(IConfigurationSection section)
    {
        var profile = section[nameof(CpSimulatorOptions.Profile)];
        if (profile is not null && !Enum.TryParse<PeerProfile>(profile, ignoreCase: true, out _))
            throw Invalid($"{CpSimulatorOptions.Section}:{nameof(CpSimulatorOptions.Profile)}: must be vector or oscp");
        // The binder silently skips a list item it cannot convert: a misspelt kind would quietly ask for nothing.
        var kinds = section.GetSection(nameof(CpSimulatorOptions.RequiredMeasurementConfiguration)).GetChildren()
            .Where(c => !IsMeasurementConfiguration(c.Value))
            .Select(c => $"{c.Path}: must be CONTINUOUS or INTERMITTENT")
            .ToList();
        if (kinds.Count > 0)
            throw new OptionsValidationException(CpSimulatorOptions.Section, typeof(CpSimulatorOptions), kinds);
        try
        {
            return section.Get<CpSimulatorOptions>() ?? new CpSimulatorOptions();
        }
        catch (InvalidOperationException e)
        {
            var key = Regex.Match(e.Message, " at '(?<key>[^']+)' to type");
            throw Invalid(key.Success ? $"{key.Groups["key"].Value}: is not a valid value of its type" : $"{CpSimulatorOptions.Section}: a value is not valid for its type");
        }
    }

    private static bool IsMeasurementConfiguration(string? value) =>
        value is not null && !int.TryParse(value, out _) && Enum.TryParse<MeasurementConfiguration>(value, ignoreCase: true, out var kind) && Enum.IsDefined(kind);

    private static OptionsValidationException Invalid(string failure) =>
        new(CpSimulatorOptions.Section, typeof(CpSimulatorOptions), [failure]);

    private static WebApplication Wire(WebApplicationBuilder builder, CpSimulatorOptions options, Action<WebApplicationBuilder>? configure, TimeProvider? time)
    {
        var errors = CpSimulatorOptionsValidator.Validate(options);
        if (errors.Count > 0)
            throw new OptionsValidationException(CpSimulatorOptions.Section, typeof(CpSimulatorOptions), errors);

        builder.WebHost.UseUrls(options.ListenUrl);
        if (time is not null) builder.Services.AddKeyedSingleton(SimulatorClock.Key, time);
        configure?.Invoke(builder);
        builder.Services.AddCpSimulator(options);
        var app = builder.Build();
        app.MapCpSimulator();
        return app;
    }
}
