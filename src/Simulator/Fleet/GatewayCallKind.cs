namespace OscpFleet.Simulator.Fleet;

/// <summary>The calls the simulated CSMS makes to OscpFleet.</summary>
public enum GatewayCallKind
{
    /// <summary><c>PUT /api/v1/sites/{groupId}</c> (operator token).</summary>
    Onboard,

    /// <summary><c>POST /api/v1/sites/{groupId}/limits/{version}/applied</c> (csms token).</summary>
    Applied,

    /// <summary><c>POST /api/v1/meter-values</c> (csms token).</summary>
    MeterValues,
}
