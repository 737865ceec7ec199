using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OscpFleet.Grains.Sites;

/// <summary>Registers <see cref="CsmsWebhookSender"/> and its HttpClient.</summary>
public static class CsmsWebhookRegistration
{
    /// <summary>Seconds one webhook attempt may take.</summary>
    public const int TimeoutSeconds = 10;

    /// <summary>
    /// The sender and its HttpClient, which follows no redirect: a 3xx from the CSMS is a failed delivery (retried and
    /// reported like any other), never a signed limit document re-posted to wherever the answer points.
    /// </summary>
    public static IHttpClientBuilder AddCsmsWebhookClient(this IServiceCollection services)
    {
        services.TryAddSingleton<CsmsWebhookSender>();
        return services.AddHttpClient(CsmsWebhookSender.HttpClientName, static c => c.Timeout = TimeSpan.FromSeconds(TimeoutSeconds))
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false });
    }
}
