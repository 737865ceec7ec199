using System.Text.Json.Serialization;

namespace OscpFleet.Simulator.Cp;

/// <summary>OAuth bodies are snake_case (<c>access_token</c>), unlike the control API.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(TokenError))]
internal sealed partial class TokenJson : JsonSerializerContext;
