using System.Text.Json;
using System.Text.Json.Serialization;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Json;

/// <summary>Reads a <see cref="Handshake"/> wrapped or flat (no behaviour at all reads as an empty one); writes it wrapped.</summary>
internal sealed class HandshakeJsonConverter : JsonConverter<Handshake>
{
    public override Handshake Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(RequiredBehaviourReader.ReadWrappedOrFlat(ref reader, options) ?? new RequiredBehaviour());

    public override void Write(Utf8JsonWriter writer, Handshake value, JsonSerializerOptions options) =>
        RequiredBehaviourReader.WriteWrapped(writer, value.RequiredBehaviour ?? new RequiredBehaviour(), options);
}
