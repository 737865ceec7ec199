using System.Text.Json;
using System.Text.Json.Serialization;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Json;

/// <summary>Reads a <see cref="HandshakeAcknowledge"/> wrapped, flat or empty; writes it wrapped, or <c>{}</c> without a behaviour.</summary>
internal sealed class HandshakeAcknowledgeJsonConverter : JsonConverter<HandshakeAcknowledge>
{
    public override HandshakeAcknowledge Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(RequiredBehaviourReader.ReadWrappedOrFlat(ref reader, options));

    public override void Write(Utf8JsonWriter writer, HandshakeAcknowledge value, JsonSerializerOptions options) =>
        RequiredBehaviourReader.WriteWrapped(writer, value.RequiredBehaviour, options);
}
