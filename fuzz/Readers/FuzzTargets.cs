using System.Text;
using Microsoft.AspNetCore.Http;
using OscpFleet.Gateway.Api;
using OscpFleet.Gateway.Auth;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Fuzz;

/// <summary>
/// One target per reader of outside bytes. A target hands the input to the reader exactly as the gateway would and
/// lets any exception escape: a reader must answer every input with a value or a list of problems, never throw.
/// </summary>
public static class FuzzTargets
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    // Lazy: instrumented code may run only inside Fuzzer.OutOfProcess.Run, once afl's coverage map is attached (a type
    // initializer that ran product code before it would write to a map that does not exist yet).
    private static readonly Lazy<OscpOptions> OscpSettings = new(() => new()
    {
        Peers = { ["plain_cp"] = new PeerOptions { Profile = PeerProfile.Oscp }, ["vector_test"] = new PeerOptions { Profile = PeerProfile.Vector } },
    });

    private static readonly Lazy<CsmsOptions> CsmsSettings = new(() => new() { Endpoints = { ["main"] = new CsmsEndpointOptions { Url = "https://csms.example/limits" } } });

    private static OscpOptions Oscp => OscpSettings.Value;

    private static CsmsOptions Csms => CsmsSettings.Value;

    /// <summary>Every target by name (the name is the corpus folder under fuzz/corpus).</summary>
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["oscp-forecast"] = body => Read<UpdateGroupCapacityForecast>(body),
        ["oscp-handshake"] = body => Read<Handshake>(body),
        ["oscp-heartbeat"] = body => Read<Heartbeat>(body),
        ["oscp-register"] = body => Read<Register>(body),
        ["site"] = body =>
        {
            var (site, _) = SiteRequestReader.ReadSite(body);
            if (site is not null) SiteRequestValidation.Validate(site, "S1", "", Oscp, Csms);
        },
        ["import-json"] = body =>
        {
            var (rows, _) = SiteRequestReader.ReadImport(body);
            foreach (var row in rows ?? []) SiteRequestValidation.Validate(row, row.GroupId ?? "", "[0].", Oscp, Csms);
        },
        ["import-csv"] = body =>
        {
            // As the import endpoint does: only UTF-8 reaches the parser.
            if (!System.Text.Unicode.Utf8.IsValid(body)) return;
            var (rows, _) = SitesEndpoints.ParseCsv(Encoding.UTF8.GetString(body).TrimStart('\uFEFF'));
            foreach (var row in rows ?? []) SiteRequestValidation.Validate(row, row.GroupId ?? "", "[0].", Oscp, Csms);
        },
        ["meter-values"] = body => MeterValuesValidation.ValidateSite("S1", body, Now),
        ["meter-values-fleet"] = body => MeterValuesValidation.ValidateFleet(body, Now),
        ["capacity-request"] = body => CapacityRequestValidation.Validate("S1", body, Now),
        ["compliance-error"] = body => ComplianceErrorValidation.Validate("S1", body),
        ["token-form"] = TokenForm,
        ["rfc3339"] = body => Rfc3339.TryParse(Encoding.UTF8.GetString(body), out _),
    };

    private static void Read<T>(byte[] body)
        where T : class
    {
        OscpValidator.TryRead<T>(body, PeerProfile.Oscp, out _, out _);
        OscpValidator.TryRead<T>(body, PeerProfile.Vector, out _, out _);
    }

    // The first line is the Authorization header (empty: none), the rest the form body.
    private static void TokenForm(byte[] input)
    {
        var newline = Array.IndexOf(input, (byte)'\n');
        var header = newline < 0 ? "" : Encoding.Latin1.GetString(input, 0, newline);
        var body = newline < 0 ? input : input[(newline + 1)..];
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        if (header.Length > 0) context.Request.Headers.Authorization = header;
        TokenRequestReader.ReadAsync(context.Request, CancellationToken.None).GetAwaiter().GetResult();
    }
}
