using System.Collections.Specialized;
using System.Web;

namespace OscpFleet.Oscp.Tests.Client;

/// <summary>A request as it reached the bottom of the pipeline (the wire), headers exactly as they would be sent.</summary>
internal sealed record RecordedRequest(string Method, string Url, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    public static async Task<RecordedRequest> CaptureAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in request.Headers.NonValidated)
        {
            headers.AddRange(values.Select(v => KeyValuePair.Create(name, v)));
        }

        var body = "";
        if (request.Content is { } content)
        {
            foreach (var (name, values) in content.Headers.NonValidated)
            {
                headers.AddRange(values.Select(v => KeyValuePair.Create(name, v)));
            }

            body = await content.ReadAsStringAsync(cancellationToken);
        }

        return new RecordedRequest(request.Method.Method, request.RequestUri!.AbsoluteUri, headers, body);
    }

    /// <summary>Every value of a header, whatever the casing of its name.</summary>
    public IReadOnlyList<string> Values(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToArray();

    /// <summary>The single value of a header; fails when it is absent or repeated.</summary>
    public string Single(string name) => Assert.Single(Values(name));

    public string RequestId => Single("X-Request-ID");

    public NameValueCollection Form => HttpUtility.ParseQueryString(Body);
}
