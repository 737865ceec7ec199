using System.Net.Http.Headers;
using System.Text;
using Polly.Timeout;

namespace OscpFleet.Oscp.Client;

/// <summary>
/// One POST (or, for Register, PUT/DELETE) of an OSCP body through the client's pipeline (resilience, then <see cref="OscpRequestIdHandler"/>):
/// builds the request with the peer's static headers, correlation id and auth, and reads the answer.
/// </summary>
internal static class OscpPost
{
    public static async Task<OscpAnswer> SendAsync(
        HttpClient http,
        OscpPeerEndpoint peer,
        HttpMethod method,
        Uri url,
        byte[]? body,
        string? correlationId,
        AuthenticationHeaderValue authorization,
        Action<string>? onAttempt,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        if (onAttempt is not null) request.Options.Set(OscpRequestIdHandler.AttemptObserver, onAttempt);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(OscpHeaders.JsonMediaType);
        }

        foreach (var (name, value) in peer.Headers)
        {
            if (!OscpHeaders.IsReserved(name) && !request.Headers.TryAddWithoutValidation(name, value) && request.Content is not null)
            {
                // A content header (e.g. Content-Language) belongs on the content.
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (!string.IsNullOrEmpty(correlationId))
        {
            request.Headers.TryAddWithoutValidation(OscpHeaders.CorrelationId, correlationId);
        }

        request.Headers.Authorization = authorization;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var text = response.IsSuccessStatusCode ? null : await ReadTruncatedAsync(response.Content, cancellationToken).ConfigureAwait(false);
            return new OscpAnswer(status, RequestIdOf(request), text, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TimeoutRejectedException e)
        {
            return new OscpAnswer(null, RequestIdOf(request), null, $"timed out: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            return new OscpAnswer(null, RequestIdOf(request), null, "timed out");
        }
        catch (HttpRequestException e)
        {
            return new OscpAnswer(null, RequestIdOf(request), null, $"transport error: {e.Message}");
        }
    }

    private static string RequestIdOf(HttpRequestMessage request) =>
        request.Headers.TryGetValues(OscpHeaders.RequestId, out var values) ? values.LastOrDefault() ?? "" : "";

    // Reads at most MaxResponseBodyLength characters: a CP's error page can be large and only its start is useful.
    private static async Task<string?> ReadTruncatedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var buffer = new char[OscpSendResult.MaxResponseBodyLength];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = await reader.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
            {
                read += n;
            }

            return read == 0 ? null : new string(buffer, 0, read);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            // The status is what decides; a body cut off mid-way is not worth failing over.
            return null;
        }
    }
}
