using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Simulator.Fleet;

/// <summary>Every problem in <see cref="FleetSimulatorOptions"/>, each as <c>Simulator:Fleet:&lt;key&gt;: reason</c>; values are never echoed.</summary>
public static class FleetSimulatorOptionsValidator
{
    /// <summary>Checks the options; an empty list means they are usable.</summary>
    public static IReadOnlyList<string> Validate(FleetSimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        RequireUrl(nameof(options.ListenUrl), options.ListenUrl, errors);
        RequireUrl(nameof(options.FleetBaseUrl), options.FleetBaseUrl, errors);
        // Onboarding is the only operator call: without it the operator client is not needed.
        if (options.OnboardSites)
        {
            Require(nameof(options.OperatorClientId), options.OperatorClientId, errors);
            Require(nameof(options.OperatorClientSecret), options.OperatorClientSecret, errors);
        }

        Require(nameof(options.CsmsClientId), options.CsmsClientId, errors);
        Require(nameof(options.CsmsClientSecret), options.CsmsClientSecret, errors);
        if (string.IsNullOrWhiteSpace(options.WebhookPath) || !options.WebhookPath.StartsWith('/') || options.WebhookPath.StartsWith("/sim/", StringComparison.Ordinal))
            errors.Add($"{Key(nameof(options.WebhookPath))}: must be a path starting with '/' outside /sim/");
        if (options.WebhookSecrets.Count == 0)
            errors.Add($"{Key(nameof(options.WebhookSecrets))}: at least one secret is required");
        for (var i = 0; i < options.WebhookSecrets.Count; i++)
            Require($"{nameof(options.WebhookSecrets)}:{i}", options.WebhookSecrets[i], errors);
        AtLeast(nameof(options.TimestampToleranceSeconds), options.TimestampToleranceSeconds, 1, errors);
        AtLeast(nameof(options.ConfirmDelaySeconds), options.ConfirmDelaySeconds, 0, errors);
        AtLeast(nameof(options.MeterIntervalSeconds), options.MeterIntervalSeconds, 0, errors);
        AtLeast(nameof(options.MaxRecords), options.MaxRecords, 1, errors);
        AtLeast(nameof(options.MaxPendingSamplesPerCharger), options.MaxPendingSamplesPerCharger, 1, errors);
        if (options.Sites.Count == 0)
            errors.Add($"{Key(nameof(options.Sites))}: at least one site is required");
        var groupIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Sites.Count; i++)
        {
            var site = options.Sites[i];
            if (site.GroupId is { } groupId && !groupIds.Add(groupId))
                errors.Add($"{Key(nameof(options.Sites))}:{i}:GroupId: appears twice");
            ValidateSite($"{Key(nameof(options.Sites))}:{i}", site, errors);
        }

        return errors;
    }

    private static void ValidateSite(string key, FleetSiteOptions site, List<string> errors)
    {
        if (!Identifiers.IsValidGroupId(site.GroupId))
            errors.Add($"{key}:GroupId: a group id is letters, digits, '_' and '-', 1-64 characters");
        if (!Identifiers.IsValidPeerId(site.PeerId))
            errors.Add($"{key}:PeerId: a peer id is letters, digits and '_', 1-32 characters");
        if (string.IsNullOrWhiteSpace(site.TimeZone))
            errors.Add($"{key}:TimeZone: is required");
        if (!Identifiers.IsValidPeerId(site.Csms))
            errors.Add($"{key}:Csms: an endpoint name is letters, digits and '_', 1-32 characters");
        NonNegative($"{key}:BaseDoeKw", site.BaseDoeKw, errors);
        if (site.MaxImportKw is { } max && (!double.IsFinite(max) || max <= 0))
            errors.Add($"{key}:MaxImportKw: must be a number > 0");
        if (site.NominalVoltage is <= 0)
            errors.Add($"{key}:NominalVoltage: must be > 0");
        if (site.Phases is not (null or 1 or 3))
            errors.Add($"{key}:Phases: must be 1 or 3");
        if (site.Chargers.Count == 0)
            errors.Add($"{key}:Chargers: at least one charger is required");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var j = 0; j < site.Chargers.Count; j++)
        {
            var charger = site.Chargers[j];
            if (string.IsNullOrWhiteSpace(charger.Id))
                errors.Add($"{key}:Chargers:{j}:Id: is required");
            else if (!ids.Add(charger.Id))
                errors.Add($"{key}:Chargers:{j}:Id: appears twice in the site");
            if (!double.IsFinite(charger.RatedKw) || charger.RatedKw <= 0)
                errors.Add($"{key}:Chargers:{j}:RatedKw: must be a number > 0");
            NonNegative($"{key}:Chargers:{j}:DemandKw", charger.DemandKw, errors);
        }
    }

    private static string Key(string property) => $"{FleetSimulatorOptions.Section}:{property}";

    private static void NonNegative(string key, double? value, List<string> errors)
    {
        if (value is { } v && (!double.IsFinite(v) || v < 0))
            errors.Add($"{key}: must be a number >= 0");
    }

    private static void AtLeast(string property, int value, int minimum, List<string> errors)
    {
        if (value < minimum)
            errors.Add($"{Key(property)}: must be >= {minimum}");
    }

    private static void Require(string property, string? value, List<string> errors) => OptionChecks.Require(Key(property), value, errors);

    private static void RequireUrl(string property, string? value, List<string> errors) => OptionChecks.RequireUrl(Key(property), value, errors);
}
