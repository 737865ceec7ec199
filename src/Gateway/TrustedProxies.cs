using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace OscpFleet.Gateway;

/// <summary>Applies forwarded headers from the proxies <see cref="TrustedProxyOptions"/> trusts, and only from them.</summary>
public static class TrustedProxies
{
    /// <summary>
    /// Adds the forwarded-headers middleware when <c>Gateway:ForwardedHeaders</c> trusts a proxy; must come first in the
    /// pipeline. Entries that do not parse are skipped here: start-up validation refuses them before anything listens.
    /// </summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app, IConfiguration configuration)
    {
        var settings = configuration.GetSection(TrustedProxyOptions.Section).Get<TrustedProxyOptions>() ?? new();
        if (!settings.Enabled) return app;
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = settings.ForwardLimit,
        };
        // The defaults trust loopback; only what is configured is trusted.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in settings.KnownProxies)
        {
            if (IPAddress.TryParse(proxy, out var address)) options.KnownProxies.Add(address);
        }
        foreach (var network in settings.KnownNetworks)
        {
            if (System.Net.IPNetwork.TryParse(network, out var parsed)) options.KnownIPNetworks.Add(parsed);
        }
        return app.UseForwardedHeaders(options);
    }
}
