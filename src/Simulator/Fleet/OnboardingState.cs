namespace OscpFleet.Simulator.Fleet;

/// <summary>Where a site's onboarding at the gateway stands.</summary>
public enum OnboardingState
{
    /// <summary>Not asked (onboarding off, or not yet started).</summary>
    NotStarted,

    /// <summary>Being sent or retried.</summary>
    Pending,

    /// <summary>The gateway answered 2xx.</summary>
    Onboarded,

    /// <summary>The gateway refused the body (a 4xx other than 401, 408 or 429); not retried.</summary>
    Rejected,
}
