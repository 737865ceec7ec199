using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace OscpFleet.Oscp.Json;

/// <summary>
/// The common case of an inbound body, recognised without allocating: every property name and string value is valid
/// UTF-8 with no escape sequence, and no object gives a name twice. Such a body holds nothing that
/// <see cref="UnreadableText"/> or <see cref="DuplicateProperties"/> (ordinal names) would report, so the validator
/// skips those two walks, which build a location string for every node. Anything else — an escape, bytes that are not
/// UTF-8, an object of more than <see cref="MaxMembers"/> names — is "not plain" and gets the full walks, which say what
/// and where.
/// </summary>
public static class PlainJson
{
    /// <summary>Objects with more names are not compared name by name here (no OSCP object comes close).</summary>
    public const int MaxMembers = 32;

    /// <summary>True when <paramref name="element"/> is plain as described on <see cref="PlainJson"/>.</summary>
    public static bool IsPlain(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var count = 0;
                foreach (var member in element.EnumerateObject())
                {
                    if (++count > MaxMembers) return false;
                    var name = JsonMarshal.GetRawUtf8PropertyName(member);
                    if (!IsPlainText(name)) return false;
                    var earlier = 0;
                    foreach (var other in element.EnumerateObject())
                    {
                        if (++earlier == count) break;
                        if (name.SequenceEqual(JsonMarshal.GetRawUtf8PropertyName(other))) return false;
                    }

                    if (!IsPlain(member.Value)) return false;
                }

                return true;

            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!IsPlain(item)) return false;
                }

                return true;

            case JsonValueKind.String:
                return IsPlainText(JsonMarshal.GetRawUtf8Value(element));

            default:
                return true;
        }
    }

    private static bool IsPlainText(ReadOnlySpan<byte> raw) => !raw.Contains((byte)'\\') && Utf8.IsValid(raw);
}
