using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using OscpFleet.Integration.Doe;

namespace OscpFleet.Integration.Campaign;

/// <summary>The credentials and clock the generator builds valid samples with.</summary>
internal sealed record CampaignCallers(string PeerToken, string OperatorToken, string CsmsToken, DateTimeOffset Now);

/// <summary>
/// Makes request <c>index</c> of a campaign from <c>seed</c> alone (so any one request can be rebuilt): picks an
/// endpoint class by weight, builds the valid request a legitimate caller would send to a campaign site, then mutates
/// its body, path, query and headers. Real sites are never named (no hostile value contains their ids).
/// </summary>
internal sealed class HostileRequestGenerator(CampaignCallers callers)
{
    private static readonly string[] PathSegments =
    [
        "%20", "%20%09", "%00", "..", "%2E%2E", "CAMP_1%2F..", "CAMP_9/../CAMP_1", "a%2Fb", new string('a', 3000), "%CE%A3%CE%99",
        "%F0%9F%98%80", "CAMP_1%20", "camp_1", "CAMP_1;x=1", "%C3%28", "%ED%A0%80", "%FF", "%", "%ZZ", "CAMP_1%3Fq", "CAMP_1%23f", "~", "-",
        "_", "$", "CON", new string('a', 64), new string('a', 65), "%252e%252e", "CAMP_1%0D%0AX-Injected:%201", "CAMP_9",
    ];

    private static readonly (string Class, int Weight)[] Weights =
    [
        ("OSCP update_group_capacity_forecast", 18),
        ("OSCP heartbeat", 4),
        ("OSCP handshake_acknowledge", 4),
        ("OSCP register", 1),
        ("operator PUT site", 12),
        ("operator import (JSON)", 7),
        ("CSV import", 8),
        ("operator/CSMS capacity-requests", 6),
        ("operator/CSMS compliance-errors", 6),
        ("operator reads (paths and queries)", 7),
        ("CSMS meter-values (one site)", 8),
        ("CSMS meter-values (fleet)", 6),
        ("CSMS applied", 3),
        ("token form", 10),
    ];

    /// <summary>Every endpoint class, in the order figures are reported.</summary>
    public static IEnumerable<string> Classes => Weights.Select(c => c.Class);

    /// <summary>Request <paramref name="index"/> of the campaign seeded with <paramref name="seed"/>.</summary>
    public HostileRequest Create(int seed, int index)
    {
        var random = new Random(unchecked((seed * 1_000_003) + index));
        var roll = random.Next(Weights.Sum(c => c.Weight));
        var chosen = Weights.First(c => (roll -= c.Weight) < 0).Class;
        var request = chosen switch
        {
            "OSCP update_group_capacity_forecast" => Oscp(random, chosen, "update_group_capacity_forecast",
                Forecasts.Body(Site(random), Period(), 120, 100.5, 0, 80)),
            "OSCP heartbeat" => Oscp(random, chosen, "heartbeat", $$"""{"offline_mode_at":"{{Time(callers.Now.AddMinutes(5))}}"}"""),
            "OSCP handshake_acknowledge" => Acknowledge(random, chosen),
            "OSCP register" => Oscp(random, chosen, "register",
                $$"""{"token":"{{new string('t', 40)}}","version_url":[{"version":"2.0","base_url":"http://127.0.0.1:1/oscp/cp/2.0"}]}"""),
            "operator PUT site" => Api(random, chosen, "PUT", "/api/v1/sites/{groupId}", CampaignFixture.SiteBody("plain_cp"), callers.OperatorToken),
            "operator import (JSON)" => Api(random, chosen, "POST", "/api/v1/sites:import", ImportBody(random), callers.OperatorToken),
            "CSV import" => Csv(random, chosen),
            "operator/CSMS capacity-requests" => Api(random, chosen, "POST", "/api/v1/sites/{groupId}/capacity-requests",
                $$"""{"type":"CONSUMPTION","blocks":[{"from":"{{Time(Period().AddMinutes(15))}}","to":"{{Time(Period().AddMinutes(30))}}","kw":180.5},{"from":"{{Time(Period().AddMinutes(30))}}","to":"{{Time(Period().AddMinutes(45))}}","kw":150}]}""",
                random.Next(2) == 0 ? callers.OperatorToken : callers.CsmsToken, idempotency: true),
            "operator/CSMS compliance-errors" => Api(random, chosen, "POST", "/api/v1/sites/{groupId}/compliance-errors",
                $$"""{"message":"charger CS-001 does not accept profiles","from":"{{Time(Period())}}","to":"{{Time(Period().AddMinutes(30))}}"}""",
                random.Next(2) == 0 ? callers.OperatorToken : callers.CsmsToken, idempotency: true),
            "operator reads (paths and queries)" => Read(random, chosen),
            "CSMS meter-values (one site)" => Api(random, chosen, "POST", "/api/v1/sites/{groupId}/meter-values",
                $$"""{"samples":[{{Sample(random)}},{{Sample(random)}}]}""", callers.CsmsToken),
            "CSMS meter-values (fleet)" => Api(random, chosen, "POST", "/api/v1/meter-values",
                $$"""{"sites":[{"groupId":"{{Site(random)}}","samples":[{{Sample(random)}}]},{"groupId":"{{Site(random)}}","samples":[{{Sample(random)}}]}]}""", callers.CsmsToken),
            "CSMS applied" => Applied(random, chosen),
            _ => Token(random, chosen),
        };
        MutateHeaders(random, request);
        // Bodies over the gateway's limit (Oscp:MaxBodyBytes, 1 MiB) are refused with 413 while the client may still be
        // sending, which ends the connection by design; the campaign is about readers, so it stays under the limit.
        if (request.Body is { Length: > MaxBody } body)
        {
            request.Body = body[..MaxBody];
            request.Mutations.Add($"cut from {body.Length} bytes to the {MaxBody}-byte limit");
        }
        return request;
    }

    private const int MaxBody = 1_048_576;

    private HostileRequest Oscp(Random random, string endpointClass, string message, string sample)
    {
        var request = new HostileRequest
        {
            EndpointClass = endpointClass,
            Route = $"POST /oscp/fp/2.0/{message}",
            Method = message == "register" && random.Next(2) == 0 ? "PUT" : "POST",
            PathAndQuery = $"/oscp/fp/2.0/{message}",
            ContentType = SampleBodies.Json,
            Authorization = new AuthenticationHeaderValue("Token", callers.PeerToken),
        };
        request.Headers.Add(("X-Request-ID", RequestId(random)));
        request.Body = MutateJson(random, sample, request);
        return request;
    }

    private HostileRequest Acknowledge(Random random, string endpointClass)
    {
        var request = Oscp(random, endpointClass, "handshake_acknowledge", """{"required_behaviour":{"heartbeat_interval":30,"measurement_configuration":["CONTINUOUS"]}}""");
        // A correlation id that matches no handshake of ours: the reader runs, nothing can be acknowledged.
        request.Headers.Add(("X-Correlation-ID", random.Next(3) == 0 ? random.Pick(HostileValues.Strings) : RequestId(random)));
        return request;
    }

    private HostileRequest Api(Random random, string endpointClass, string method, string pattern, string sample, string token, bool idempotency = false)
    {
        var request = new HostileRequest
        {
            EndpointClass = endpointClass,
            Route = $"{method} {pattern}",
            Method = method,
            PathAndQuery = pattern.Replace("{groupId}", PathSite(random, out var mutatedPath), StringComparison.Ordinal),
            ContentType = SampleBodies.Json,
            Authorization = new AuthenticationHeaderValue("Bearer", token),
        };
        if (mutatedPath is not null) request.Mutations.Add(mutatedPath);
        if (idempotency && random.Next(3) == 0)
        {
            var key = random.Next(3) switch { 0 => random.Pick(HostileValues.Strings), 1 => new string('k', random.Pick(new[] { 255, 256, 10000 })), _ => RequestId(random) };
            request.Headers.Add(("Idempotency-Key", key));
            request.Mutations.Add($"Idempotency-Key of {key.Length} chars");
        }
        request.Body = MutateJson(random, sample, request);
        return request;
    }

    private HostileRequest Csv(Random random, string endpointClass)
    {
        var request = new HostileRequest
        {
            EndpointClass = endpointClass,
            Route = "POST /api/v1/sites:import",
            Method = "POST",
            PathAndQuery = "/api/v1/sites:import",
            ContentType = random.Next(4) == 0 ? random.Pick(new[] { "text/csv; charset=utf-8", "text/csv; charset=latin1", "text/plain", "TEXT/CSV" }) : "text/csv",
            Authorization = new AuthenticationHeaderValue("Bearer", callers.OperatorToken),
        };
        string[] header = ["groupId", "peerId", "assetId", "timeZone", "maxImportKw", "csms", "baseDoeKw"];
        var rows = new List<string[]> { header };
        for (var i = random.Next(1, 4); i > 0; i--) rows.Add([Site(random), "plain_cp", "ASSET_1", "Pacific/Auckland", "400", "main", "150"]);
        for (var n = 1 + random.Next(3); n > 0 && rows.Count > 1; n--)
        {
            var row = rows[random.Next(rows.Count)];
            if (row.Length == 0) continue;
            switch (random.Next(8))
            {
                case 0 or 1 or 2:
                    var column = random.Next(row.Length);
                    var value = random.Next(3) switch
                    {
                        0 => random.Pick(HostileValues.RawTokens),
                        1 => random.Pick(HostileValues.Strings),
                        _ => HostileValues.Long(random, random.Pick(new[] { 65, 1000, 100000 })),
                    };
                    row[column] = random.Next(4) == 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
                    request.Mutations.Add($"row {rows.IndexOf(row)} column {column} = {(value.Length > 40 ? value.Length + " chars" : value)}");
                    break;
                case 3:
                    var shorter = row[..random.Next(1, row.Length)];
                    rows[rows.IndexOf(row)] = shorter;
                    request.Mutations.Add($"row {rows.IndexOf(shorter)} with {shorter.Length} columns");
                    break;
                case 4:
                    rows[rows.IndexOf(row)] = [.. row, "extra", "\"unterminated"];
                    request.Mutations.Add("two more columns, one an unterminated quote");
                    break;
                case 5:
                    var copies = random.Pick(new[] { 100, 5000 });
                    for (var i = 0; i < copies; i++) rows.Add(rows[^1]);
                    request.Mutations.Add($"last row {copies} more times");
                    break;
                case 6:
                    rows.RemoveAt(0);
                    request.Mutations.Add("no header row");
                    break;
                default:
                    (rows[0][0], rows[0][^1]) = (rows[0][^1], rows[0][0]);
                    request.Mutations.Add("header columns swapped");
                    break;
            }
        }
        var newline = random.Pick(new[] { "\n", "\r\n", "\r", "\n\n" });
        var separator = random.Next(10) == 0 ? ";" : ",";
        var text = string.Join(newline, rows.Select(r => string.Join(separator, r))) + (random.Next(2) == 0 ? newline : "");
        var bytes = Encoding.UTF8.GetBytes(text);
        if (random.Next(4) == 0)
        {
            var bad = random.Pick(HostileValues.InvalidUtf8);
            var at = random.Next(bytes.Length);
            bytes = [.. bytes[..at], .. bad, .. bytes[at..]];
            request.Mutations.Add($"insert {Convert.ToHexString(bad)} at {at}");
        }
        else if (random.Next(8) == 0)
        {
            bytes = [0xEF, 0xBB, 0xBF, .. bytes];
            request.Mutations.Add("BOM");
        }
        request.Body = bytes;
        return request;
    }

    private HostileRequest Read(Random random, string endpointClass)
    {
        string[] queries =
        [
            "", "?limit=-1", "?limit=0", "?limit=99999999999", "?limit=1e3", "?limit=abc", "?cursor=garbage", "?cursor=%FF%FE", "?cursor=" + new string('A', 5000),
            "?state=%00", "?state=disabled&state=forecast", "?peerId=" + new string('p', 300), "?peerId=%C3%28", "?peerId=no_such_peer&limit=1",
            "?cursor=eyJ0IjoiYSJ9", "?cursor=" + Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"pk\":\"REAL\",\"rk\":\"../\"}")),
        ];
        var path = random.Next(5) switch
        {
            0 => "/api/v1/sites" + random.Pick(queries),
            1 => "/api/v1/sites/{groupId}/limits?at=" + Uri.EscapeDataString(random.Pick(HostileValues.Times)) + (random.Next(4) == 0 ? "&at=2026-11-26T12:00:00Z" : ""),
            2 => "/api/v1/sites/{groupId}" + random.Pick(new[] { "", "/outbox", "/history?from=x&to=y", "/limits" }),
            3 => "/api/v1/peers/" + random.Pick(new[] { "plain_cp", "%20", "a%2Fb", new string('p', 3000), "%C3%28", "vector_test%00", "..", "no_such_peer" }),
            _ => random.Pick(new[] { "/api/v1/sites/", "/api/v1//sites", "/api/v1/sites/CAMP_1/limits/", "/API/V1/SITES", "/api/v1/sites/CAMP_1/limits/1/applied/x", "/oscp/fp/2.0/../../api/v1/sites", "/%2e%2e/api/v1/sites" }),
        };
        var request = new HostileRequest
        {
            EndpointClass = endpointClass,
            Route = "GET " + path,
            Method = random.Next(10) == 0 ? random.Pick(new[] { "PATCH", "OPTIONS", "TRACE", "DELETE" }) : "GET",
            PathAndQuery = path.Replace("{groupId}", PathSite(random, out var mutated), StringComparison.Ordinal),
            Authorization = new AuthenticationHeaderValue("Bearer", random.Next(2) == 0 ? callers.OperatorToken : callers.CsmsToken),
        };
        // DELETE disables a site: only ever a campaign site (PathSite never yields a real one).
        var target = request.PathAndQuery;
        // At most 120 characters, never half a surrogate pair (the campaign's report is written as UTF-8).
        var cut = target.Length <= 120 ? target.Length : char.IsHighSurrogate(target[119]) ? 119 : 120;
        request.Mutations.Add($"{request.Method} {target[..cut]}");
        if (mutated is not null) request.Mutations.Add(mutated);
        return request;
    }

    private HostileRequest Applied(Random random, string endpointClass)
    {
        var version = random.Pick(new[] { "1", "0", "-1", "99999999999999999999", "9223372036854775807", "1.5", "1e3", "%D9%A3", "+1", "01", "%20", "1%00" });
        var request = new HostileRequest
        {
            EndpointClass = endpointClass,
            Route = "POST /api/v1/sites/{groupId}/limits/{version}/applied",
            Method = "POST",
            PathAndQuery = $"/api/v1/sites/{PathSite(random, out var mutated)}/limits/{version}/applied",
            Authorization = new AuthenticationHeaderValue("Bearer", callers.CsmsToken),
        };
        request.Mutations.Add($"version {version}");
        if (mutated is not null) request.Mutations.Add(mutated);
        if (random.Next(3) == 0)
        {
            request.ContentType = random.Pick(HostileValues.ContentTypes);
            request.Body = Encoding.UTF8.GetBytes(random.Pick(new[] { "{}", "x", "{\"version\":2}", HostileValues.Nested(5000, false) }));
            request.Mutations.Add("a body where none belongs");
        }
        return request;
    }

    private HostileRequest Token(Random random, string endpointClass)
    {
        var fields = new List<(string Name, string Value)>
        {
            ("grant_type", "client_credentials"), ("client_id", random.Next(2) == 0 ? "ops_console" : "csms_main"), ("client_secret", "not-the-secret-" + RequestId(random)),
        };
        if (random.Next(3) == 0) fields.Add(("scope", "operator"));
        var request = new HostileRequest
        {
            EndpointClass = endpointClass,
            Route = "POST /oauth/token",
            Method = "POST",
            PathAndQuery = "/oauth/token",
            ContentType = SampleBodies.Form,
            IsTokenRequest = true,
        };
        for (var n = 1 + random.Next(3); n > 0; n--)
        {
            var i = random.Next(fields.Count);
            switch (random.Next(7))
            {
                case 0 or 1:
                    var value = random.Next(2) == 0 ? random.Pick(HostileValues.Strings) : HostileValues.Long(random, random.Pick(new[] { 129, 5000, 65536 }));
                    fields[i] = (fields[i].Name, value);
                    request.Mutations.Add($"{fields[i].Name} = {(value.Length > 40 ? value.Length + " chars" : value)}");
                    break;
                case 2:
                    request.Mutations.Add($"without {fields[i].Name}");
                    fields.RemoveAt(i);
                    break;
                case 3:
                    fields.Add((fields[i].Name, "second-" + fields[i].Value));
                    request.Mutations.Add($"{fields[i].Name} twice");
                    break;
                case 4:
                    fields.Add((random.Pick(HostileValues.Keys), "x"));
                    request.Mutations.Add("an unknown field");
                    break;
                case 5:
                    var basic = random.Pick(new[] { "Basic", "basic", "Basic  ", "Bearer" }) + " " + random.Pick(new[]
                    {
                        "", "!!!", "Og==", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops_console")), Convert.ToBase64String(Encoding.UTF8.GetBytes("%ZZ:%C3%28")),
                        Convert.ToBase64String(Encoding.UTF8.GetBytes("ops_console:" + new string('s', 5000))), Convert.ToBase64String([0xFF, 0x3A, 0xFE]),
                    });
                    request.Headers.Add(("Authorization", basic));
                    request.Mutations.Add($"Authorization '{(basic.Length > 40 ? basic[..40] + "…" : basic)}'");
                    break;
                default:
                    request.ContentType = random.Pick(HostileValues.ContentTypes);
                    request.Mutations.Add($"Content-Type '{request.ContentType}'");
                    break;
            }
        }
        var form = string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Name)}={Escape(f.Value)}"));
        var bytes = Encoding.UTF8.GetBytes(form);
        switch (random.Next(6))
        {
            case 0:
                var raw = random.Pick(new[] { "%", "%Z", "%ZZ", "%C3%28", "%ED%A0%80", "%FF%FE", "&&&", "=", "==&=", "+%2B+", "\0" });
                bytes = [.. bytes, .. Encoding.UTF8.GetBytes("&client_secret" + raw)];
                request.Mutations.Add($"raw '{raw}'");
                break;
            case 1:
                var bad = random.Pick(HostileValues.InvalidUtf8);
                var at = random.Next(bytes.Length);
                bytes = [.. bytes[..at], .. bad, .. bytes[at..]];
                request.Mutations.Add($"insert {Convert.ToHexString(bad)} at {at}");
                break;
            case 2:
                bytes = Encoding.UTF8.GetBytes("{\"grant_type\":\"client_credentials\",\"client_id\":\"ops_console\"}");
                request.Mutations.Add("a JSON body");
                break;
        }
        request.Body = bytes;
        return request;

        static string Escape(string value) => value.Any(char.IsSurrogate) ? value : Uri.EscapeDataString(value);
    }

    private byte[] MutateJson(Random random, string sample, HostileRequest request)
    {
        if (random.Next(10) == 0)
        {
            request.Mutations.Add("body unchanged");
            return Encoding.UTF8.GetBytes(sample);
        }
        return new JsonMutator(random).Mutate(sample, request.Mutations);
    }

    private static void MutateHeaders(Random random, HostileRequest request)
    {
        if (random.Next(10) == 0 && !request.IsTokenRequest)
        {
            request.ContentType = random.Pick(HostileValues.ContentTypes);
            request.Mutations.Add($"Content-Type '{request.ContentType}'");
        }
        if (random.Next(15) == 0)
        {
            var requestIds = request.Headers.Where(h => h.Name == "X-Request-ID").ToList();
            switch (random.Next(4))
            {
                case 0:
                    request.Headers.RemoveAll(h => h.Name == "X-Request-ID");
                    request.Mutations.Add("no X-Request-ID");
                    break;
                case 1:
                    request.Headers.Add(("X-Request-ID", "second-" + random.Next()));
                    request.Mutations.Add("X-Request-ID twice");
                    break;
                case 2:
                    request.Headers.RemoveAll(h => h.Name == "X-Request-ID");
                    request.Headers.Add(("X-Request-ID", random.Next(2) == 0 ? new string('r', random.Pick(new[] { 128, 129, 8000 })) : random.Pick(HostileValues.Strings)));
                    request.Mutations.Add("odd X-Request-ID");
                    break;
                default:
                    request.Headers.Add(("X-Request-ID", ""));
                    request.Mutations.Add("an empty X-Request-ID too");
                    break;
            }
        }
        if (random.Next(30) == 0 && request.Authorization is { } authorization)
        {
            request.Headers.Add(("Authorization", authorization.ToString()));
            request.Mutations.Add("Authorization twice");
        }
    }

    private string ImportBody(Random random)
    {
        var sites = Enumerable.Range(0, random.Next(1, 3)).Select(_ =>
            CampaignFixture.SiteBody("plain_cp").Replace("{\"peerId\"", $"{{\"groupId\":\"{Site(random)}\",\"peerId\"", StringComparison.Ordinal));
        return $"[{string.Join(',', sites)}]";
    }

    /// <summary>A campaign site for the path; one time in six a hostile segment instead (named in <paramref name="mutation"/>).</summary>
    private static string PathSite(Random random, out string? mutation)
    {
        if (random.Next(6) != 0)
        {
            mutation = null;
            return Site(random);
        }
        var segment = random.Pick(PathSegments);
        mutation = $"path group id '{(segment.Length > 40 ? segment.Length + " chars" : segment)}'";
        return segment;
    }

    private static string Site(Random random) => random.Pick(CampaignFixture.CampaignSites);

    private string Sample(Random random) =>
        $$"""{"chargerId":"CS-00{{random.Next(1, 3)}}","at":"{{Time(callers.Now.AddSeconds(-random.Next(1, 600)))}}","energyWh":{{1_000_000 + random.Next(1000)}},"powerW":{{random.Next(100_000)}}}""";

    private static string RequestId(Random random) => new Guid(Enumerable.Range(0, 16).Select(_ => (byte)random.Next(256)).ToArray()).ToString();

    private DateTimeOffset Period() => new(callers.Now.UtcTicks - (callers.Now.UtcTicks % TimeSpan.FromMinutes(15).Ticks), TimeSpan.Zero);

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
