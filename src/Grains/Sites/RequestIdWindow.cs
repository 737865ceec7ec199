using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// A site's most recent inbound request ids (<c>X-Request-ID</c>), oldest first, at most <see cref="Capacity"/>: a
/// forecast whose id is among them is a repeat. Ids compare as strings, ordinal. A UUID written the way CPs write it
/// (36 characters, lower-case hex, hyphens) is held as its 16 bytes instead of a 36-character string (~96 bytes); any
/// other id as its string. At the default capacity a site in steady state holds ~5 KB instead of ~21 KB. Stored as the
/// JSON array of strings it always was.
/// </summary>
[JsonConverter(typeof(RequestIdWindowJsonConverter))]
public sealed class RequestIdWindow : IReadOnlyCollection<string>
{
    private readonly List<Entry> entries = [];

    /// <summary>An empty window holding at most <paramref name="capacity"/> ids.</summary>
    public RequestIdWindow(int capacity = SiteState.RememberedRequestIds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>How many ids are kept; adding one more forgets the oldest.</summary>
    public int Capacity { get; }

    /// <inheritdoc />
    public int Count => entries.Count;

    /// <summary>True when <paramref name="requestId"/> is one of the ids kept.</summary>
    public bool Contains(string requestId)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        var wanted = Entry.Of(requestId);
        foreach (var entry in entries)
        {
            if (entry.Matches(wanted)) return true;
        }

        return false;
    }

    /// <summary>Keeps <paramref name="requestId"/> as the newest, forgetting the oldest when the window is full.</summary>
    public void Add(string requestId)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        if (entries.Count == Capacity) entries.RemoveAt(0);
        // Grown to the capacity and no further (a list would double past it).
        if (entries.Count == entries.Capacity) entries.Capacity = Math.Min(Math.Max(4, entries.Capacity * 2), Capacity);
        entries.Add(Entry.Of(requestId));
    }

    /// <summary>The ids, oldest first, as received.</summary>
    public IEnumerator<string> GetEnumerator()
    {
        foreach (var entry in entries) yield return entry.ToString();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>An id: a canonical UUID's value, or the string of any other.</summary>
    private readonly record struct Entry(Guid Uuid, string? Text)
    {
        private const int UuidLength = 36;

        public static Entry Of(string id) => IsCanonicalUuid(id, out var uuid) ? new(uuid, null) : new(default, id);

        public bool Matches(in Entry other) =>
            Text is null ? other.Text is null && Uuid == other.Uuid : string.Equals(Text, other.Text, StringComparison.Ordinal);

        public override string ToString() => Text ?? Uuid.ToString("D");

        // Only an id that reads back to the same string is held as a UUID: "ABC…" and "abc…" stay different ids.
        private static bool IsCanonicalUuid(string id, out Guid uuid)
        {
            uuid = default;
            if (id.Length != UuidLength || !Guid.TryParseExact(id, "D", out var parsed)) return false;
            Span<char> written = stackalloc char[UuidLength];
            if (!parsed.TryFormat(written, out var length, "D") || !written[..length].SequenceEqual(id)) return false;
            uuid = parsed;
            return true;
        }
    }
}

/// <summary>A <see cref="RequestIdWindow"/> as a JSON array of strings, oldest first (a longer array keeps its newest ids).</summary>
public sealed class RequestIdWindowJsonConverter : JsonConverter<RequestIdWindow>
{
    /// <inheritdoc />
    public override RequestIdWindow Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("request ids: expected an array of strings");
        var window = new RequestIdWindow();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException("request ids: expected an array of strings");
            window.Add(reader.GetString()!);
        }

        return window;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, RequestIdWindow value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var id in value) writer.WriteStringValue(id);
        writer.WriteEndArray();
    }
}
