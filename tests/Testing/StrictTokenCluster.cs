using OscpFleet.Oscp.Configuration;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Testing;

/// <summary>
/// The vector peer cluster whose CP wants, at its token URL, HTTP Basic only, the scope <see cref="Scope"/> and the
/// static <c>fp-id</c> / <c>apikey</c> headers; <see cref="VectorPeerCluster.PeerId"/> is configured for exactly that.
/// A second peer, <see cref="BodyPeerId"/>, is the same CP and client configured identically except that it sends its
/// credentials in the form body: the CP refuses it.
/// </summary>
public class StrictTokenCluster : VectorPeerCluster
{
    /// <summary>The peer that presents its credentials the wrong way (in the body).</summary>
    public const string BodyPeerId = "vector_body";

    /// <summary>The scope the CP requires and the peers ask for.</summary>
    public const string Scope = "oscp fp:FP_TEST";

    private readonly string bodyPeerSecretHash = SecretHash.Compute(Secret());

    /// <inheritdoc />
    protected override IDictionary<string, string?> Configuration
    {
        get
        {
            var settings = base.Configuration;
            settings[$"Oscp:Peers:{PeerId}:TokenAuthStyle"] = "basic";
            settings[$"Oscp:Peers:{PeerId}:TokenScope"] = Scope;
            settings[$"Oscp:Peers:{PeerId}:TokenRequestHeaders"] = "true";
            var prefix = $"Oscp:Peers:{PeerId}:";
            foreach (var (key, value) in settings.Where(s => s.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            {
                if (!key.StartsWith(prefix + "Inbound:", StringComparison.Ordinal))
                    settings[$"Oscp:Peers:{BodyPeerId}:{key[prefix.Length..]}"] = value;
            }
            settings[$"Oscp:Peers:{BodyPeerId}:TokenAuthStyle"] = "body";
            settings[$"Oscp:Peers:{BodyPeerId}:Inbound:ClientId"] = "vector_b";
            settings[$"Oscp:Peers:{BodyPeerId}:Inbound:ClientSecretHashes:0"] = bodyPeerSecretHash;
            return settings;
        }
    }

    /// <inheritdoc />
    protected override void ConfigureSimulator(CpSimulatorOptions options)
    {
        options.TokenAuthStyle = CpSimulatorOptions.BasicTokenAuthStyle;
        options.RequiredTokenScope = Scope;
        options.RequireHeadersOnTokenRequest = true;
    }
}
