using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace OscpFleet.Gateway.WebConsole;

/// <summary>
/// The operator web console: static files (HTML, CSS, ES modules and the vendored chart library) compiled into the
/// gateway assembly and served at <c>/console/</c>. The pages are public; every datum they show comes from the operator
/// API with the token the sign-in page obtained. Served on the operator port when one is configured (the port split keeps
/// everything but <c>/oscp</c> there).
/// </summary>
public static class ConsoleEndpoints
{
    /// <summary>Where the console is served.</summary>
    public const string BasePath = "/console";

    /// <summary>
    /// No inline script or style, nothing from another origin; the API is same-origin. uPlot sizes its elements through
    /// the CSSOM (<c>element.style</c>), which <c>style-src 'self'</c> allows.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private const string ResourcePrefix = "console/";
    private static readonly Lazy<FrozenDictionary<string, ConsoleAsset>> Assets = new(LoadAssets);

    /// <summary>Maps <c>/console</c> (a redirect to <c>/console/</c>) and the console's files.</summary>
    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder endpoints)
    {
        // Routing ignores a trailing slash: "/console/" arrives here too, and is the page itself.
        endpoints.MapMethods(BasePath, [HttpMethods.Get, HttpMethods.Head], (HttpContext context) =>
            context.Request.Path.Value?.EndsWith('/') == true
                ? Serve(null, context)
                : Results.Redirect(BasePath + "/" + context.Request.QueryString, permanent: true))
            .AllowAnonymous()
            .ExcludeFromDescription();
        // Public by design: the files hold no data; every datum comes from the operator API with the user's token.
        endpoints.MapMethods(BasePath + "/{**file}", [HttpMethods.Get, HttpMethods.Head], Serve).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>The file names the console serves (relative to <c>/console/</c>).</summary>
    public static IReadOnlyCollection<string> Files => Assets.Value.Keys;

    private static IResult Serve(string? file, HttpContext context)
    {
        var name = string.IsNullOrEmpty(file) ? "index.html" : file;
        if (!Assets.Value.TryGetValue(name, out var asset))
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "not found", detail: $"the console has no file '{name}'");
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        // The vendored library carries its version in its name: cache it for a year. Our own files change with every
        // release under the same name: the browser revalidates each use (a 304 when unchanged).
        headers.CacheControl = asset.Immutable ? "public, max-age=31536000, immutable" : "no-cache";
        headers.ETag = asset.ETag;
        var ifNoneMatch = context.Request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0 && EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
            && tags.Any(t => t.Tag == asset.ETag || t.Tag == "*"))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(asset.Content, asset.ContentType);
    }

    private static FrozenDictionary<string, ConsoleAsset> LoadAssets()
    {
        var assembly = typeof(ConsoleEndpoints).Assembly;
        var assets = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var name = resource[ResourcePrefix.Length..].Replace('\\', '/');
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 16)) + "\"";
            assets[name] = new ConsoleAsset(content, ContentTypeOf(name), etag, name.StartsWith("vendor/", StringComparison.Ordinal) && !name.EndsWith(".txt", StringComparison.Ordinal));
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        _ => "text/plain; charset=utf-8",
    };

    private sealed record ConsoleAsset(byte[] Content, string ContentType, string ETag, bool Immutable);
}
