using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace OscpFleet.Integration.Campaign;

/// <summary>
/// Structure-aware mutations of a valid JSON body: values replaced by hostile tokens, properties removed, added,
/// renamed or repeated, values wrapped, arrays multiplied, deep nesting; then, sometimes, damage to the bytes
/// (truncation, bytes that are not UTF-8, other encodings, trailing garbage). Raw tokens that a JSON tree cannot hold
/// (NaN, 1e400, duplicate names) travel as marker strings and are substituted in the serialized text.
/// </summary>
internal sealed class JsonMutator(Random random)
{
    private readonly Dictionary<string, string> raw = new(StringComparer.Ordinal);

    /// <summary>The mutated body, with what was done appended to <paramref name="log"/>.</summary>
    public byte[] Mutate(string sample, List<string> log)
    {
        JsonNode? root = JsonNode.Parse(sample);
        var count = 1 + (random.Next(4) == 0 ? random.Next(1, 4) : 0);
        for (var i = 0; i < count; i++) root = MutateTree(root, log);
        var text = root?.ToJsonString() ?? "null";
        foreach (var (marker, token) in raw) text = text.Replace(HostileValues.Quote(marker), token, StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(text);
        return random.Next(4) == 0 ? MutateBytes(bytes, log) : bytes;
    }

    private JsonNode? MutateTree(JsonNode? root, List<string> log)
    {
        var nodes = new List<(JsonNode? Parent, string? Key, int Index, JsonNode? Node, string Path)>();
        Collect(null, null, -1, root, "$", nodes);
        var (parent, key, index, node, path) = random.Pick(nodes);
        switch (random.Next(10))
        {
            case 0 or 1 or 2:
                var (value, what) = HostileValue();
                log.Add($"{path} = {what}");
                return Replace(root, parent, key, index, value);
            case 3 when parent is JsonObject obj:
                log.Add($"remove {path}");
                obj.Remove(key!);
                return root;
            case 3 when parent is JsonArray array:
                log.Add($"remove {path}");
                array.RemoveAt(index);
                return root;
            case 4 when node is JsonObject target:
                var (extra, extraWhat) = HostileValue();
                var name = random.Next(2) == 0 ? random.Pick(HostileValues.Keys) : "unknown_" + random.Next(100);
                log.Add($"add {path}.{Printable(name)} = {extraWhat}");
                target[Unique(target, name)] = extra;
                return root;
            case 5 when parent is JsonObject owner:
                // The same name twice: the second copy is a marker key replaced after serialization.
                var (twin, twinWhat) = HostileValue();
                var marker = Marker(HostileValues.Quote(key!));
                owner[marker] = twin;
                log.Add($"duplicate {path} = {twinWhat}");
                return root;
            case 6 when parent is JsonObject renamed:
                var newName = Unique(renamed, random.Pick(HostileValues.Keys));
                log.Add($"rename {path} to '{Printable(newName)}'");
                var moved = renamed[key!];
                renamed.Remove(key!);
                renamed[newName] = moved;
                return root;
            case 7:
                log.Add($"wrap {path} in {(random.Next(2) == 0 ? "an array" : "an object")}");
                var copy = node?.DeepClone();
                return Replace(root, parent, key, index, random.Next(2) == 0 ? new JsonArray(copy) : new JsonObject { ["value"] = copy });
            case 8 when node is JsonArray list && list.Count > 0:
                var times = random.Pick(new[] { 2, 10, 100, 1000 });
                log.Add($"repeat {path}[0] {times} times");
                var first = list[0];
                for (var i = 1; i < times; i++) list.Add(first?.DeepClone());
                return root;
            default:
                var depth = random.Pick(new[] { 31, 32, 33, 64, 1000, 20000 });
                var objects = random.Next(2) == 0;
                log.Add($"{path} = nested {(objects ? "objects" : "arrays")} {depth} deep");
                return Replace(root, parent, key, index, JsonValue.Create(Marker(HostileValues.Nested(depth, objects))));
        }
    }

    private (JsonNode? Value, string What) HostileValue()
    {
        switch (random.Next(6))
        {
            case 0 or 1:
                var token = random.Pick(HostileValues.RawTokens);
                return (JsonValue.Create(Marker(token)), token);
            case 2:
                var text = random.Pick(HostileValues.Strings);
                return (JsonValue.Create(text), $"\"{Printable(text)}\"");
            case 3:
                var time = random.Pick(HostileValues.Times);
                return (JsonValue.Create(time), $"\"{Printable(time)}\"");
            case 4:
                var length = random.Pick(new[] { 65, 129, 1000, 65536 });
                return (JsonValue.Create(HostileValues.Long(random, length)), $"a {length}-unit string");
            default:
                var number = random.Next(3) switch
                {
                    0 => random.NextDouble() * Math.Pow(10, random.Next(-20, 20)),
                    1 => -random.Next(),
                    _ => random.Next(),
                };
                return (JsonValue.Create(number), number.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    private byte[] MutateBytes(byte[] bytes, List<string> log)
    {
        var at = bytes.Length == 0 ? 0 : random.Next(bytes.Length);
        switch (random.Next(8))
        {
            case 0:
                log.Add($"truncate at {at}");
                return bytes[..at];
            case 1:
                var bad = random.Pick(HostileValues.InvalidUtf8);
                log.Add($"insert {Convert.ToHexString(bad)} at {at}");
                return [.. bytes[..at], .. bad, .. bytes[at..]];
            case 2:
                // Inside a string: right after a quote.
                var quote = Array.IndexOf(bytes, (byte)'"', at);
                if (quote < 0) quote = Array.IndexOf(bytes, (byte)'"');
                var inside = random.Pick(HostileValues.InvalidUtf8);
                log.Add($"insert {Convert.ToHexString(inside)} inside the string at {quote + 1}");
                return quote < 0 ? bytes : [.. bytes[..(quote + 1)], .. inside, .. bytes[(quote + 1)..]];
            case 3:
                log.Add("BOM twice");
                return [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. bytes];
            case 4:
                var utf16 = random.Next(2) == 0;
                log.Add(utf16 ? "as UTF-16LE with BOM" : "as UTF-32");
                var text = Encoding.UTF8.GetString(bytes);
                return utf16 ? [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(text)] : Encoding.UTF32.GetBytes(text);
            case 5:
                var tail = random.Pick(new[] { "}", ",", "\0", "{}", " // comment", "/* c */", "{\"a\":1}", "\n\n\n", "]" });
                log.Add($"append '{Printable(tail)}'");
                return [.. bytes, .. Encoding.UTF8.GetBytes(tail)];
            case 6:
                var whole = random.Pick(new[] { "", " ", "null", "[]", "0", "\"s\"", "true", "[{}]", "{", "\0" });
                log.Add($"whole body '{Printable(whole)}'");
                return Encoding.UTF8.GetBytes(whole);
            default:
                if (bytes.Length == 0) return bytes;
                var flipped = (byte[])bytes.Clone();
                flipped[at] ^= (byte)(1 << random.Next(8));
                log.Add($"flip a bit of byte {at}");
                return flipped;
        }
    }

    private string Marker(string token)
    {
        var marker = $"@@raw{raw.Count}@@";
        raw[marker] = token;
        return marker;
    }

    private static JsonNode? Replace(JsonNode? root, JsonNode? parent, string? key, int index, JsonNode? value)
    {
        switch (parent)
        {
            case JsonObject obj: obj[key!] = value; return root;
            case JsonArray array: array[index] = value; return root;
            default: return value;
        }
    }

    private static void Collect(JsonNode? parent, string? key, int index, JsonNode? node, string path, List<(JsonNode?, string?, int, JsonNode?, string)> nodes)
    {
        nodes.Add((parent, key, index, node, path));
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList()) Collect(obj, name, -1, child, $"{path}.{name}", nodes);
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++) Collect(array, null, i, array[i], $"{path}[{i}]", nodes);
                break;
        }
    }

    private static string Unique(JsonObject target, string name)
    {
        var candidate = name;
        for (var i = 2; target.ContainsKey(candidate); i++) candidate = name + i.ToString(CultureInfo.InvariantCulture);
        return candidate;
    }

    private static string Printable(string text) =>
        text.Length > 40 ? $"{text.Length} chars" : string.Concat(text.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
