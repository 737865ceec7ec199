using Microsoft.Extensions.Options;

namespace OscpFleet.Simulator.Fleet;

/// <summary>
/// Builds the fleet simulator ("fleet mode"): a CSMS with simulated chargers that onboards its sites at an
/// OscpFleet gateway, receives and verifies limit webhooks, applies them, confirms them, reports meter values,
/// and serves the <c>/sim/fleet</c> control API.
/// </summary>
public static class FleetSimulator
{
    /// <summary>
    /// The simulator application for in-process use (tests, benchmarks). <paramref name="configure"/> runs before the
    /// simulator is wired (logging, a <see cref="SimulatorClock.Key"/> clock); <paramref name="time"/> is a shortcut
    /// for that clock. Resolve <see cref="CsmsSimulator"/> from <c>app.Services</c>.
    /// </summary>
    /// <exception cref="OptionsValidationException">The options are invalid; every failure names its key.</exception>
    public static WebApplication Build(FleetSimulatorOptions options, Action<WebApplicationBuilder>? configure = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Wire(WebApplication.CreateBuilder(), options, configure, time);
    }

    /// <summary>
    /// The simulator process: options from the <c>Simulator:Fleet</c> section of the usual configuration sources
    /// (appsettings.json, environment variables <c>Simulator__Fleet__…</c>, arguments <c>--Simulator:Fleet:…=…</c>).
    /// </summary>
    /// <exception cref="OptionsValidationException">The configuration is invalid; every failure names its key.</exception>
    public static WebApplication Build(string[] args)
    {
        // appsettings.json next to the binary, wherever the simulator is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var options = builder.Configuration.GetSection(FleetSimulatorOptions.Section).Get<FleetSimulatorOptions>() ?? new FleetSimulatorOptions();
        return Wire(builder, options, null, null);
    }

    private static WebApplication Wire(WebApplicationBuilder builder, FleetSimulatorOptions options, Action<WebApplicationBuilder>? configure, TimeProvider? time)
    {
        var errors = FleetSimulatorOptionsValidator.Validate(options);
        if (errors.Count > 0)
            throw new OptionsValidationException(FleetSimulatorOptions.Section, typeof(FleetSimulatorOptions), errors);

        builder.WebHost.UseUrls(options.ListenUrl);
        if (time is not null) builder.Services.AddKeyedSingleton(SimulatorClock.Key, time);
        configure?.Invoke(builder);
        builder.Services.AddFleetSimulator(options);
        var app = builder.Build();
        app.MapFleetSimulator(options);
        return app;
    }
}
