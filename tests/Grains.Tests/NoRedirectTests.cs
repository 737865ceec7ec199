using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OscpFleet.Grains.Sites;
using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Grains.Tests;

/// <summary>
/// Our outbound HTTP clients follow no redirect, over a real socket: a 302 from the CSMS (or a CP) is an answer, never a
/// signed limit document or a credential re-sent to wherever the 302 points.
/// </summary>
public sealed class NoRedirectTests : IAsyncDisposable
{
    private readonly RedirectingServer server = RedirectingServer.Start();

    [Fact]
    public async Task A_302_from_the_csms_is_a_failed_delivery_and_is_not_followed()
    {
        var services = new ServiceCollection();
        services.AddKeyedSingleton<TimeProvider>(FleetClock.Key, TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<SiteMetrics>();
        services.AddSingleton(sp => new OscpFleet.Grains.Outbound.OutboundPacer(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), () => 1));
        services.Configure<CsmsOptions>(o => o.Endpoints["main"] = new CsmsEndpointOptions { Url = server.Url + "hook", Secrets = [new string('s', 40)] });
        services.AddCsmsWebhookClient();
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<CsmsWebhookSender>().SendAsync("main", "{}"u8.ToArray());

        Assert.Equal(new CsmsWebhookSender.Result(false, "HTTP 302"), result);
        Assert.Equal(1, server.Redirected);
        Assert.Equal(0, server.Followed);
    }

    [Theory]
    [InlineData(OscpClientRegistration.TokenHttpClientName)]
    [InlineData(nameof(OscpClient))]
    public async Task The_oscp_clients_answer_a_302_as_it_is(string clientName)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOscpClient();
        await using var provider = services.BuildServiceProvider();
        using var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(clientName);

        using var response = await http.PostAsync(server.Url + "oscp", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(0, server.Followed);
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();

    /// <summary>Answers every request 302 to <c>/elsewhere</c>, and counts how many requests reach <c>/elsewhere</c>.</summary>
    private sealed class RedirectingServer : IAsyncDisposable
    {
        private readonly HttpListener listener = new();
        private readonly Task loop;
        private int redirected, followed;

        private RedirectingServer(string url)
        {
            Url = url;
            listener.Prefixes.Add(url);
            listener.Start();
            loop = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public int Redirected => Volatile.Read(ref redirected);

        public int Followed => Volatile.Read(ref followed);

        public static RedirectingServer Start()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return new RedirectingServer($"http://127.0.0.1:{port}/");
        }

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                if (context.Request.Url!.AbsolutePath == "/elsewhere")
                {
                    Interlocked.Increment(ref followed);
                    context.Response.StatusCode = 200;
                }
                else
                {
                    Interlocked.Increment(ref redirected);
                    context.Response.StatusCode = 302;
                    context.Response.RedirectLocation = Url + "elsewhere";
                }
                context.Response.Close();
            }
        }

        public async ValueTask DisposeAsync()
        {
            listener.Stop();
            listener.Close();
            await loop;
        }
    }
}
