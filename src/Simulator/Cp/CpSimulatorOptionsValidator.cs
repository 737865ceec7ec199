using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>Every problem in <see cref="CpSimulatorOptions"/>, each as <c>Simulator:Cp:&lt;key&gt;: reason</c>; values are never echoed.</summary>
public static class CpSimulatorOptionsValidator
{
    /// <summary>Checks the options; an empty list means they are usable.</summary>
    public static IReadOnlyList<string> Validate(CpSimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        RequireUrl(nameof(options.ListenUrl), options.ListenUrl, errors);
        RequireUrl(nameof(options.FpBaseUrl), options.FpBaseUrl, errors);
        switch (options.Profile)
        {
            case PeerProfile.Vector:
                RequireUrl(nameof(options.FpTokenUrl), options.FpTokenUrl, errors);
                Require(nameof(options.FpClientId), options.FpClientId, errors);
                Require(nameof(options.FpClientSecret), options.FpClientSecret, errors);
                Require(nameof(options.ClientId), options.ClientId, errors);
                Require(nameof(options.ClientSecret), options.ClientSecret, errors);
                Require(nameof(options.FpId), options.FpId, errors);
                Require(nameof(options.ApiKey), options.ApiKey, errors);
                if (options.TokenAuthStyle?.ToLowerInvariant() is not (CpSimulatorOptions.AnyTokenAuthStyle or CpSimulatorOptions.BasicTokenAuthStyle or CpSimulatorOptions.BodyTokenAuthStyle))
                    errors.Add($"{Key(nameof(options.TokenAuthStyle))}: must be any, basic or body");
                if (!string.IsNullOrEmpty(options.RequiredTokenScope) && !Identifiers.IsValidOAuthScope(options.RequiredTokenScope))
                    errors.Add($"{Key(nameof(options.RequiredTokenScope))}: must be scope tokens separated by single spaces (RFC 6749 §3.3)");
                break;
            case PeerProfile.Oscp:
                // The OAuth and static-header keys are Vector's: a plain OSCP CP ignores them (appsettings.json sets some).
                if (options.Register.Enabled)
                {
                    // The tokens come with Register; the bootstrap token is what starts it.
                    if (options.Register.Initiate)
                        Require($"{nameof(options.Register)}:{nameof(options.Register.BootstrapTokenFromFp)}", options.Register.BootstrapTokenFromFp, errors);
                    break;
                }

                Require(nameof(options.OutboundToken), options.OutboundToken, errors);
                Require(nameof(options.InboundToken), options.InboundToken, errors);
                break;
            default:
                errors.Add($"{Key(nameof(options.Profile))}: must be vector or oscp");
                break;
        }

        if (options.Profile == PeerProfile.Vector && options.Register.Enabled)
            errors.Add($"{Key(nameof(options.Register))}: Register is plain OSCP's; a vector CP uses OAuth (remove Register:Initiate and Register:BootstrapTokenForFp)");

        for (var i = 0; i < options.FpHeaders.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.FpHeaders[i].Name))
                errors.Add($"{Key(nameof(options.FpHeaders))}:{i}:Name: is required");
        }

        if (options.TokenLifetimeSeconds < 1)
            errors.Add($"{Key(nameof(options.TokenLifetimeSeconds))}: must be >= 1");
        if (options.RequiredHeartbeatIntervalSeconds < 0)
            errors.Add($"{Key(nameof(options.RequiredHeartbeatIntervalSeconds))}: must be >= 0 (0 asks for no heartbeats)");
        var configurations = new HashSet<MeasurementConfiguration>();
        for (var i = 0; i < options.RequiredMeasurementConfiguration.Count; i++)
        {
            var configuration = options.RequiredMeasurementConfiguration[i];
            // The binder turns a number into an enum value without checking it is one.
            if (!Enum.IsDefined(configuration))
                errors.Add($"{Key(nameof(options.RequiredMeasurementConfiguration))}:{i}: must be CONTINUOUS or INTERMITTENT");
            else if (!configurations.Add(configuration))
                errors.Add($"{Key(nameof(options.RequiredMeasurementConfiguration))}:{i}: appears twice (OSCP wants unique items)");
        }

        if (options.HeartbeatIntervalSeconds < 1)
            errors.Add($"{Key(nameof(options.HeartbeatIntervalSeconds))}: must be >= 1");
        if (options.HeartbeatEverySeconds is < 1)
            errors.Add($"{Key(nameof(options.HeartbeatEverySeconds))}: must be >= 1 when set");
        if (options.ForecastPeriodMinutes < 0)
            errors.Add($"{Key(nameof(options.ForecastPeriodMinutes))}: must be >= 0 (0 turns the schedule off)");
        if (options.CapacityKw < 0 || !double.IsFinite(options.CapacityKw))
            errors.Add($"{Key(nameof(options.CapacityKw))}: must be a number >= 0");
        if (options.ForecastBlockCount < 1)
            errors.Add($"{Key(nameof(options.ForecastBlockCount))}: must be >= 1");
        if (options.MaxRecords < 1)
            errors.Add($"{Key(nameof(options.MaxRecords))}: must be >= 1");
        for (var i = 0; i < options.Sites.Count; i++)
        {
            if (!Identifiers.IsValidGroupId(options.Sites[i]))
                errors.Add($"{Key(nameof(options.Sites))}:{i}: a group id is letters, digits, '_' and '-', 1-64 characters");
        }

        return errors;
    }

    private static string Key(string property) => $"{CpSimulatorOptions.Section}:{property}";

    private static void Require(string property, string? value, List<string> errors) => OptionChecks.Require(Key(property), value, errors);

    private static void RequireUrl(string property, string? value, List<string> errors) => OptionChecks.RequireUrl(Key(property), value, errors);
}
