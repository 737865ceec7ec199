using Microsoft.Extensions.Options;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Gateway.Auth;

/// <summary>Says at start-up which csms clients act on every site (<c>Oscp:Clients:&lt;id&gt;:Csms</c> is <c>*</c>), so a fleet-wide CSMS credential is never a surprise.</summary>
internal sealed partial class CsmsBindingAudit(IOptions<OscpOptions> options, ILogger<CsmsBindingAudit> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (clientId, client) in options.Value.Clients)
        {
            if (client.Csms == ApiClientOptions.EveryCsms && client.Scopes.Contains(ApiClientOptions.CsmsScope))
                LogEveryCsms(clientId);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning, Message = "Client {ClientId} has the csms scope and Csms '*': it may act on the sites of every CSMS")]
    private partial void LogEveryCsms(string clientId);
}
