using Microsoft.Extensions.Options;

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
        var options = builder.Configuration.GetSection(CpSimulatorOptions.Section).Get<CpSimulatorOptions>() ?? new CpSimulatorOptions();
        return Wire(builder, options, null, null);
    }

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
