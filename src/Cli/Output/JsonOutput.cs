using System.Text.Encodings.Web;
using System.Text.Json;

namespace OscpFleet.Cli.Output;

/// <summary>JSON as the API sent it, indented.</summary>
public static class JsonOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="value"/> indented, then a newline.</summary>
    public static void Write(TextWriter output, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(value.ValueKind == JsonValueKind.Undefined ? "null" : JsonSerializer.Serialize(value, Indented));
    }
}
