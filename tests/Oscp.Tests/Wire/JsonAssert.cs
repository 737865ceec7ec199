using System.Text.Json;

namespace OscpFleet.Oscp.Tests.Wire;

/// <summary>Semantic JSON comparison: property order and insignificant whitespace do not matter, numbers compare by value.</summary>
internal static class JsonAssert
{
    public static void Equivalent(string expected, string actual)
    {
        using var expectedDocument = JsonDocument.Parse(expected);
        using var actualDocument = JsonDocument.Parse(actual);
        Assert.True(
            JsonElement.DeepEquals(expectedDocument.RootElement, actualDocument.RootElement),
            $"JSON differs.{Environment.NewLine}expected: {Compact(expectedDocument)}{Environment.NewLine}actual:   {Compact(actualDocument)}");
    }

    private static string Compact(JsonDocument document) => JsonSerializer.Serialize(document.RootElement);
}
